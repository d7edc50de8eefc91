"""Long work off the GUI thread, with a progress dialog the user can cancel.

    result = run_with_progress(parent, "取り込み中…", lambda progress: service(..., progress))

`work` gets a Progress; it calls `progress.update(done, total, text)` now and then. If the user
cancels, the next update raises Cancelled and run_with_progress returns None. Any other exception
is re-raised in the GUI thread, where the caller shows it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")


class Cancelled(Exception):
    """Raised inside the work when the user pressed キャンセル."""


class Progress(QObject):
    changed = Signal(int, int, str)

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def update(self, done: int, total: int, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self.changed.emit(done, total, text)  # queued to the dialog in the GUI thread


class _Worker(QThread):
    def __init__(self, work: Callable[[Progress], object], progress: Progress):
        super().__init__()
        self.work, self.progress = work, progress
        self.result: object = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.work(self.progress)
        except BaseException as exc:  # handed to the GUI thread
            self.error = exc


def run_with_progress(
    parent: QWidget | None, title: str, work: Callable[[Progress], T], *, show_after_ms: int = 300
) -> T | None:
    progress = Progress()
    dialog = QProgressDialog(title, "キャンセル", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(show_after_ms)  # short work finishes without a flashing dialog
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(progress.cancel)

    def show_progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        if text:
            dialog.setLabelText(text)

    progress.changed.connect(show_progress, Qt.ConnectionType.QueuedConnection)
    worker = _Worker(work, progress)
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    # No automatic collection while the worker runs: it would run in whichever thread allocates,
    # and garbage holding a Qt object freed in the worker crashes the program (app.ui.gui_collector).
    collecting = gc.isenabled()
    gc.disable()
    try:
        worker.start()
        loop.exec()
        worker.wait()
    finally:
        if collecting:
            gc.enable()
    dialog.close()
    dialog.deleteLater()
    if isinstance(worker.error, Cancelled):
        return None
    if worker.error is not None:
        raise worker.error
    return worker.result  # type: ignore[return-value]
