"""The 予算（案） and 議案と議決 forms when another PC saved first: the form stays open with what was
typed and says who changed what; 保存する again overwrites on purpose."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QPushButton, QTableView

from app.services.projects.meetings import list_meetings
from app.services.projects.motions import Motion, list_motions, save_motions
from app.services.projects.plan_drafts import save_budget_draft
from app.services.projects.plans import make_next_plan
from tests.helpers.qt_typing import type_text
from tests.plans.conftest import FY2025, FY2026
from tests.plans.test_draft_conflicts import _amounts
from tests.plans.test_plan_window import _when_modal
from tests.projects.test_edit_conflicts import _edit_and_collide
from tests.projects.test_ui import _click_row, _open_section


def test_the_budget_draft_form_keeps_the_typing_when_another_pc_saved_first(
        qtbot, open_window, officers_db, cats, db_path) -> None:
    db, _ids = officers_db
    make_next_plan(db, FY2025)
    window = open_window(db_path, date(2026, 4, 10))
    _open_section(qtbot, window, "事業・会議")
    assert window.ctx.fiscal_year == FY2026

    def elsewhere(other_pc) -> None:
        save_budget_draft(other_pc, FY2026, {**_amounts(other_pc), cats["会費"]: 300_000})

    seen: list[str] = []
    _when_modal(qtbot, _edit_and_collide(qtbot, db_path, f"c{cats['事業費']}", "450,000", elsewhere, seen))
    qtbot.mouseClick(window.findChild(QPushButton, "plan_budget"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=15_000)
    message, typed, closed = seen
    assert "この令和8年度の予算（案）は、開いた後に" in message and "会費: 200,000円 → 300,000円" in message
    assert typed == "450,000" and closed == "closed"
    stored = _amounts(window.ctx.db)
    assert stored[cats["事業費"]] == 450_000 and stored[cats["会費"]] == 200_000  # the form's, on purpose


def test_the_motions_form_keeps_the_typing_when_another_pc_saved_first(qtbot, open_window, year_db, db_path) -> None:
    db, _ids = year_db
    meeting = next(m for m in list_meetings(db, FY2025) if m.data.held_on == date(2025, 6, 1))
    save_motions(db, meeting.id, [Motion("第1号議案 事業報告について")])
    window = open_window(db_path, date(2025, 10, 1))
    _open_section(qtbot, window, "事業・会議")
    _click_row(qtbot, window.findChild(QTableView, "meetings_table"), "2025/06/01")
    seen: list[str] = []

    def act(dialog: QDialog) -> None:
        try:
            edit = dialog.findChild(QPlainTextEdit, "field_motions")
            edit.moveCursor(edit.textCursor().MoveOperation.End)
            type_text(qtbot, edit, " 承認")
            save_motions(db, meeting.id, [Motion("第1号議案 事業報告について", "継続")])  # the other PC
            save = dialog.findChild(QPushButton, "entry_save")
            qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
            seen.append("\n".join(label.text() for label in dialog.findChildren(QLabel) if "開いた後に" in label.text()))
            seen.append(edit.toPlainText() if dialog.isVisible() else "（閉じた）")
            qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
            seen.append("open" if dialog.isVisible() else "closed")
        finally:
            if dialog.isVisible():
                dialog.reject()

    _when_modal(qtbot, act)
    qtbot.mouseClick(window.findChild(QPushButton, "meetings_motions"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=15_000)
    message, typed, closed = seen
    assert "この会議の議案と議決は、開いた後に" in message
    assert "1件目: 第1号議案 事業報告について（議決前） → 第1号議案 事業報告について（継続）" in message
    assert typed == "第1号議案 事業報告について 承認" and closed == "closed"
    assert list_motions(db, meeting.id) == [Motion("第1号議案 事業報告について", "承認")]
