"""Python's cycle collector runs on the GUI thread only, while the window is open.

CPython collects in whichever thread happens to allocate when a threshold is crossed. If that is a
worker thread (an import's preview in app.ui.tasks, the lock's heartbeat) and the garbage holds a Qt
object made on the GUI thread, Qt deletes it from the wrong thread and the program crashes (seen: a
segmentation fault "Garbage-collecting" inside an import preview's worker). So the window turns
automatic collection off and collects from a timer on the GUI thread, at the thresholds Python
itself would use — the approach PyQt and PySide users take for this.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadCollector(QObject):
    """While alive (and started), cycles are collected on the GUI thread, every `interval_ms`."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = 500) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_if_due)

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()  # allocations are still counted; only the automatic collection stops
        self._timer.start()

    def stop(self) -> None:
        """Hand collection back to Python (as it was before start)."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

    def collect_if_due(self) -> None:
        """The oldest generation whose count passed its threshold, as CPython would choose it."""
        counts = gc.get_count()
        if counts[0] <= self._thresholds[0]:
            return
        generation = 0
        if counts[1] > self._thresholds[1]:
            generation = 1
            if counts[2] > self._thresholds[2]:
                generation = 2
        gc.collect(generation)
