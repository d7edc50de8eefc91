"""Typing Japanese in GUI tests the way a user does: through the input method.

QTest.keyClicks only knows ASCII keys (Qt asserts on kana/kanji), so text outside ASCII is
committed as an input-method event — what an IME sends when the user confirms a conversion.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type `text` into `widget` at the cursor: ASCII as key presses, the rest as IME commits."""
    widget.setFocus()
    run = ""
    for ch in text:
        if ch.isascii():
            run += ch
            continue
        if run:
            qtbot.keyClicks(widget, run)
            run = ""
        event = QInputMethodEvent()
        event.setCommitString(ch)
        QApplication.sendEvent(widget, event)
    if run:
        qtbot.keyClicks(widget, run)


def replace_text(qtbot, widget: QWidget, text: str) -> None:
    """Select everything in a line edit (Ctrl+A) and type over it."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if not text:
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
        return
    type_text(qtbot, widget, text)
