"""Answering modal dialogs in GUI tests, as the user would click them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


def answer_message_box(button: QMessageBox.StandardButton, seen: list[str] | None = None) -> None:
    """Click `button` on the next message box that opens; its text is appended to `seen`."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)  # not open yet
            return
        if seen is not None:
            seen.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, click)


def in_dialog(marker: str, actions: Callable[[QWidget], None]) -> None:
    """Run `actions(dialog)` on the next modal dialog that has a child named `marker`."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.findChild(QWidget, marker) is None:
            QTimer.singleShot(20, act)
            return
        actions(dialog)

    QTimer.singleShot(0, act)
