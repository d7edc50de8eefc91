"""A window opened read-only (the file is in use on another PC) lets the user look, never type or save."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QPushButton, QTableView

from app.cli import main as kyodo
from app.services.fiscal_years import selected_fiscal_year
from app.storage.database import open_database


@pytest.fixture
def read_only_window(qtbot, tmp_path: Path):
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    path = tmp_path / "office.sqlite"
    assert kyodo(["demo", "--db", str(path)]) == 0
    db = open_database(path, read_only=True)
    window = MainWindow(AppContext(db, selected_fiscal_year(db), read_only=True))
    qtbot.addWidget(window)
    window.show()
    yield window
    db.close()


def test_profile_cannot_be_typed_into(qtbot, read_only_window) -> None:
    window = read_only_window
    name = window.findChild(QLineEdit, "profile_name")
    qtbot.keyClicks(name, "abc")  # (an input method gives a read-only field nothing either)
    assert name.text() == "みどり野地域協働体"
    assert not window.findChild(QComboBox, "profile_area").isEnabled()
    assert not window.findChild(QPushButton, "profile_save").isEnabled()
    assert "読み取り専用" in window.findChild(QLabel, "profile_state").text()
    assert "読み取り専用" in window.windowTitle()


def test_double_click_on_a_member_opens_no_edit_dialog(qtbot, read_only_window) -> None:
    window = read_only_window
    window.nav.setCurrentRow(1)
    table = window.findChild(QTableView, "organisations_table")
    qtbot.waitUntil(table.isVisible)
    opened: list[str] = []

    def close_any_dialog() -> None:  # if one opens, note it and close it so the test goes on
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            opened.append(dialog.windowTitle())
            dialog.reject()

    QTimer.singleShot(200, close_any_dialog)
    point = table.visualRect(table.model().index(0, 1)).center()
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point))
    qtbot.wait(300)
    assert opened == []
