"""Qt's own buttons and menus speak Japanese in the window (not Yes / No / Cancel)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from app.ui.translations import install_qt_translations


@pytest.fixture
def japanese_qt(qapp):
    translators = install_qt_translations(qapp)
    yield translators
    for translator in translators:
        QApplication.removeTranslator(translator)


def test_message_box_buttons_are_japanese(qtbot, japanese_qt) -> None:
    assert japanese_qt, "qtbase_ja.qm ships with PySide6 and must load"
    box = QMessageBox(QMessageBox.Icon.Question, "削除", "削除しますか？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    assert "はい" in box.button(QMessageBox.StandardButton.Yes).text()
    assert "いいえ" in box.button(QMessageBox.StandardButton.No).text()


def test_dialog_close_and_cancel_buttons_are_japanese(qtbot, japanese_qt) -> None:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert "閉じる" in buttons.button(QDialogButtonBox.StandardButton.Close).text()
    assert "キャンセル" in buttons.button(QDialogButtonBox.StandardButton.Cancel).text()
