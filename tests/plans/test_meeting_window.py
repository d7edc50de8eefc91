"""The 総会 in the 会議 list, clicked through as staff would: its 会場 is typed and shown, the
approval form starts from it, and the approved plan names the record (and the record the pack)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QMessageBox, QPushButton, QTableView, QTabWidget

from app.services.projects.plans import make_next_plan, plan_status
from tests.helpers.qt_dialogs import answer, when_modal
from tests.helpers.qt_typing import replace_text
from tests.plans.conftest import FY2025, FY2026
from tests.plans.test_plan_window import _choose
from tests.projects.test_ui import _click_row, _open_section


def _column(table: QTableView, header: str) -> list[str]:
    model = table.model()
    column = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == header)
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_the_general_meetings_place_is_typed_listed_and_starts_the_approval(
        qtbot, open_window, officers_db, db_path) -> None:
    db, _ = officers_db
    make_next_plan(db, FY2025)
    window = open_window(db_path, date(2026, 4, 10))
    _open_section(qtbot, window, "事業・会議")
    tabs = next(t for t in window.findChildren(QTabWidget) if t.tabText(1) == "会議・話し合い")
    qtbot.mouseClick(tabs.tabBar(), Qt.MouseButton.LeftButton, pos=tabs.tabBar().tabRect(1).center())
    table = window.findChild(QTableView, "meetings_table")

    def record(dialog: QDialog) -> None:
        _choose(qtbot, dialog.findChild(QComboBox, "field_kind"), "総会")
        for name, text in (("held_on", "2026/5/16"), ("title", "通常総会"), ("place", "ひばり野市民センター 大ホール")):
            replace_text(qtbot, dialog.findChild(QLineEdit, f"field_{name}"), text)
        qtbot.mouseClick(dialog.findChild(QPushButton, "entry_save"), Qt.MouseButton.LeftButton)

    when_modal(record)
    qtbot.mouseClick(window.findChild(QPushButton, "meetings_add"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "通常総会" in _column(table, "会議名"))
    places = dict(zip(_column(table, "会議名"), _column(table, "会場"), strict=True))
    assert places["通常総会"] == "ひばり野市民センター 大ホール"

    # the approval form starts from the 総会 in the list: its day and place are filled in
    shown: dict[str, str] = {}

    def approve(dialog: QDialog) -> None:
        shown.update({n: dialog.findChild(QLineEdit, f"field_{n}").text() for n in ("approved_on", "place")})
        qtbot.mouseClick(dialog.findChild(QPushButton, "entry_save"), Qt.MouseButton.LeftButton)

    seen: list[str] = []
    when_modal(approve)
    when_modal(answer("OK", seen), QMessageBox)
    qtbot.mouseClick(window.findChild(QPushButton, "plan_approve"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen))
    assert shown == {"approved_on": "2026/5/16", "place": "ひばり野市民センター 大ホール"}
    status = plan_status(db, FY2026)
    assert status.approved_on == date(2026, 5, 16) and status.meeting_place == "ひばり野市民センター 大ホール"
    qtbot.waitUntil(lambda: "令和7年度の議案書（令和8年度の計画を承認）" in _column(table, "総会資料"))
    _click_row(qtbot, table, "2026/05/16")
    assert window.findChild(QPushButton, "meetings_pack").isEnabled()


def test_deleting_a_meeting_asks_first(qtbot, open_window, year_db, db_path) -> None:
    window = open_window(db_path, date(2025, 10, 1))
    _open_section(qtbot, window, "事業・会議")
    table = window.findChild(QTableView, "meetings_table")
    before = table.model().rowCount()
    _click_row(qtbot, table, "2025/05/10")
    seen: list[str] = []
    when_modal(answer("No", seen), QMessageBox)
    qtbot.mouseClick(window.findChild(QPushButton, "meetings_delete"), Qt.MouseButton.LeftButton)
    assert seen and "2025/05/10 の会議「" in seen[0] and "元に戻す" in seen[0]
    assert table.model().rowCount() == before
