"""A 総会's record in the 会議・話し合い list shows and prints the 総会資料 (議案書) put to it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QPushButton, QRadioButton, QTableView

from app.services.projects.approval import approve_plan
from app.services.projects.meetings import MeetingData, create_meeting
from app.services.projects.plans import make_next_plan
from tests.helpers.pdf_text import all_text, pdf_pages
from tests.helpers.qt_typing import type_text
from tests.plans.conftest import FY2025, FY2026
from tests.plans.test_plan_window import _answer, _when_modal
from tests.projects.test_ui import _click_row, _open_section


def _column(table: QTableView, header: str) -> dict[str, str]:
    """開催日 → the cell of `header`, as the list shows them."""
    model = table.model()
    column = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == header)
    return {model.index(r, 0).data(): model.index(r, column).data() or "" for r in range(model.rowCount())}


def test_the_general_meeting_shows_and_prints_its_pack(qtbot, open_window, budget_db, db_path, tmp_path: Path) -> None:
    db, _ = budget_db
    make_next_plan(db, FY2025)
    create_meeting(db, FY2026, MeetingData(held_on=date(2026, 5, 16), kind="総会", title="通常総会", attendees=40))
    create_meeting(db, FY2026, MeetingData(held_on=date(2026, 6, 2), kind="部会", committee="福祉部会"))
    approve_plan(db, FY2026, date(2026, 5, 16))  # links the 総会 of that day to the plan

    window = open_window(db_path, date(2026, 7, 1))
    _open_section(qtbot, window, "事業・会議")
    table = window.findChild(QTableView, "meetings_table")
    packs = _column(table, "総会資料")
    assert packs["2026/05/16"] == "令和7年度の議案書（令和8年度の計画を承認）"
    assert packs["2026/04/05"] == "" and packs["2026/06/02"] == ""
    button = window.findChild(QPushButton, "meetings_pack")
    _click_row(qtbot, table, "2026/06/02")
    assert not button.isEnabled()  # a 部会 has no 議案書
    _click_row(qtbot, table, "2026/05/16")
    assert button.isEnabled()

    out = tmp_path / "総会資料.pdf"
    seen: list[str] = []

    def export(dialog: QDialog) -> None:
        seen.append(dialog.windowTitle())
        qtbot.mouseClick(dialog.findChild(QRadioButton, "export_format_pdf"), Qt.MouseButton.LeftButton)
        path = dialog.findChild(QLineEdit, "export_path")
        path.clear()
        type_text(qtbot, path, str(out))
        _when_modal(qtbot, _answer("閉じる", seen), QMessageBox)
        qtbot.mouseClick(dialog.findChild(QPushButton, "export_ok"), Qt.MouseButton.LeftButton)

    _when_modal(qtbot, export)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 2 and out.exists(), timeout=20_000)
    assert seen[0].startswith(f"出力 — {FY2025.label}")  # the year the 総会 closed
    text = all_text(pdf_pages(out))
    assert "令和8年度 ひばり野地域協働体 通常総会 議案書" in text and "第1号議案 令和7年度 事業報告" in text
    assert "令和8年5月16日 総会で承認" in text
