"""An empty list says what to do to fill it; a search that hides every row says so instead."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from app.cli import main as kyodo
from tests.helpers.qt_typing import replace_text, type_text


def _section(qtbot, window, number: int) -> None:
    qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)


def _hint(window, table: str) -> QLabel:
    return window.findChild(QLabel, f"{table}_empty_hint")


def test_new_office_lists_say_how_to_start(qtbot, open_window, db_path) -> None:
    window = open_window(db_path)
    _section(qtbot, window, 2)  # 名簿
    hint = _hint(window, "organisations_table")
    assert hint.isVisible() and "「Excelから取り込む…」" in hint.text() and "「追加…」" in hint.text()
    _section(qtbot, window, 4)  # 事業・会議
    assert "「追加…」で事業を登録" in _hint(window, "projects_table").text()

    _section(qtbot, window, 3)  # 管理費: the hint goes once the first entry is booked
    hint = _hint(window, "ledger_table")
    assert hint.isVisible() and "Enter で記帳" in hint.text()
    type_text(qtbot, window.findChild(QLineEdit, "entry_category"), "会費")
    replace_text(qtbot, window.findChild(QLineEdit, "entry_amount"), "3000")
    qtbot.mouseClick(window.findChild(QPushButton, "entry_save"), Qt.MouseButton.LeftButton)
    assert not hint.isVisible()


def test_a_search_that_finds_nothing_says_so(qtbot, open_window, tmp_path) -> None:
    path = tmp_path / "demo.sqlite"
    assert kyodo(["demo", "--db", str(path)]) == 0
    window = open_window(path)
    _section(qtbot, window, 2)
    hint = _hint(window, "organisations_table")
    assert not hint.isVisible()
    type_text(qtbot, window.findChild(QLineEdit, "organisations_search"), "該当なしの名前")
    assert hint.isVisible() and hint.text().startswith("条件に合う行はありません")
