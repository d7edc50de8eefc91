"""Answering modal dialogs in GUI tests, as the user would click them.

A modal window's exec() blocks the test, so the answer is scheduled before the click that opens it.
If the expected window never comes (the code under test stopped asking), the wait ends after
TIMEOUT seconds: whatever modal window is open instead is closed, so that the test goes on and
fails with the reason (pytest-qt reports the exception) rather than hanging the whole suite.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

TIMEOUT = 15.0  # seconds: far beyond any dialog's opening, even on a loaded machine


def _on_next_modal(wanted: Callable[[QWidget | None], bool], act: Callable[[Any], None], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT

    def attempt() -> None:
        widget = QApplication.activeModalWidget()
        if wanted(widget):
            act(widget)
            return
        if time.monotonic() < deadline:
            QTimer.singleShot(20, attempt)  # not open yet
            return
        if isinstance(widget, QDialog):
            widget.reject()  # hand control back to the test
        raise AssertionError(f"{what} が {TIMEOUT:.0f} 秒待っても開きませんでした"
                             f"（開いていたのは {type(widget).__name__ if widget else 'なし'}）")

    QTimer.singleShot(0, attempt)


def answer_message_box(button: QMessageBox.StandardButton, seen: list[str] | None = None) -> None:
    """Click `button` on the next message box that opens; its text is appended to `seen`."""

    def click(box: QMessageBox) -> None:
        if seen is not None:
            seen.append(box.text())
        box.button(button).click()

    _on_next_modal(lambda w: isinstance(w, QMessageBox), click, "メッセージ")


def in_dialog(marker: str, actions: Callable[[QWidget], None]) -> None:
    """Run `actions(dialog)` on the next modal dialog that has a child named `marker`."""
    _on_next_modal(lambda w: w is not None and w.findChild(QWidget, marker) is not None, actions,
                   f"「{marker}」のある画面")


def when_modal(act: Callable[[Any], None], kind: type = QDialog) -> None:
    """Run `act(widget)` on the next modal window of `kind` that opens (QDialog: not a message box)."""
    _on_next_modal(lambda w: isinstance(w, kind) and not (kind is QDialog and isinstance(w, QMessageBox)), act,
                   kind.__name__)


def answer(button_text: str, seen: list[str]) -> Callable[[QMessageBox], None]:
    """An act for when_modal: click the button labelled `button_text` (Yes, No, OK, 閉じる …), noting
    the box's text."""

    def act(box: QMessageBox) -> None:
        seen.append(box.text())
        next(b for b in box.buttons() if b.text().replace("&", "") == button_text).click()
    return act
