"""Two PCs edit the same 事業 or 会議: the second save is refused with who changed what and when,
the form stays open with everything typed, and 保存する again overwrites on purpose."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton, QTableView

from app.domain.validation import ValidationError
from app.services.projects.meetings import list_meetings, update_meeting
from app.services.projects.projects import get_project, update_project
from app.services.records import EditConflict
from app.storage.database import open_database
from tests.helpers.qt_typing import replace_text
from tests.plans.test_plan_window import _when_modal
from tests.projects.conftest import FY2025
from tests.projects.test_ui import _click_row, _open_section


def test_a_stale_version_is_refused_by_the_services_and_changes_nothing(year_db) -> None:
    db, ids = year_db
    project = get_project(db, ids["watch"])
    update_project(db, project.id, replace(project.data, budget=70_000))  # another window
    with pytest.raises(EditConflict, match="予算額: 50,000円 → 70,000円"):
        update_project(db, project.id, replace(project.data, goal="見守りを広げる"), expected_version=project.version)
    assert get_project(db, project.id).data.goal == "" and get_project(db, project.id).data.budget == 70_000
    meeting = list_meetings(db, FY2025)[0]
    update_meeting(db, meeting.id, replace(meeting.data, attendees=30))
    with pytest.raises(ValidationError, match="出席者数: 12 → 30"):
        update_meeting(db, meeting.id, replace(meeting.data, title="変更"), expected_version=meeting.version)


def _edit_and_collide(qtbot, db_path, field: str, typed: str, change_elsewhere, seen: list[str]):
    """In the dialog: type, let another PC save the same record, press 保存する (refused: the message
    and the typed text are noted), then 保存する again (overwrites)."""

    def act(dialog: QDialog) -> None:
        try:
            edit = dialog.findChild(QLineEdit, f"field_{field}")
            replace_text(qtbot, edit, typed)
            other_pc = open_database(db_path)
            change_elsewhere(other_pc)
            other_pc.close()
            save = dialog.findChild(QPushButton, "entry_save")
            qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
            seen.append("\n".join(label.text() for label in dialog.findChildren(QLabel) if "開いた後に" in label.text()))
            seen.append(edit.text() if dialog.isVisible() else "（閉じた）")
            qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # having read it: overwrite on purpose
            seen.append("open" if dialog.isVisible() else "closed")
        finally:  # a failure above must not leave the dialog waiting for a click
            if dialog.isVisible():
                dialog.reject()
    return act


def test_the_project_form_refuses_saving_over_another_pcs_change(qtbot, open_window, year_db, db_path) -> None:
    _db, ids = year_db
    window = open_window(db_path, date(2025, 10, 1))
    _open_section(qtbot, window, "事業・会議")
    table = window.findChild(QTableView, "projects_table")
    _click_row(qtbot, table, "見守り活動")

    def elsewhere(other_pc) -> None:
        project = get_project(other_pc, ids["watch"])
        update_project(other_pc, project.id, replace(project.data, budget=70_000))

    seen: list[str] = []
    _when_modal(qtbot, _edit_and_collide(qtbot, db_path, "name", "見守り活動・毎月訪問", elsewhere, seen))
    qtbot.mouseClick(window.findChild(QPushButton, "projects_edit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=15_000)
    message, typed, closed = seen
    assert "この事業の記録は、開いた後に" in message and "予算額: 50,000円 → 70,000円" in message
    assert "保存していません" in message and typed == "見守り活動・毎月訪問" and closed == "closed"
    saved = get_project(window.ctx.db, ids["watch"]).data
    assert saved.name == "見守り活動・毎月訪問" and saved.budget == 50_000  # overwritten with the form's, on purpose


def test_the_meeting_form_refuses_saving_over_another_pcs_change(qtbot, open_window, year_db, db_path) -> None:
    window = open_window(db_path, date(2025, 10, 1))
    _open_section(qtbot, window, "事業・会議")
    table = window.findChild(QTableView, "meetings_table")
    _click_row(qtbot, table, "2025/06/01")
    meeting_id = next(m.id for m in list_meetings(window.ctx.db, FY2025) if m.data.held_on == date(2025, 6, 1))

    def elsewhere(other_pc) -> None:
        meeting = next(m for m in list_meetings(other_pc, FY2025) if m.id == meeting_id)
        update_meeting(other_pc, meeting_id, replace(meeting.data, attendees=30))

    seen: list[str] = []
    _when_modal(qtbot, _edit_and_collide(qtbot, db_path, "title", "福祉部会 第1回", elsewhere, seen))
    qtbot.mouseClick(window.findChild(QPushButton, "meetings_edit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=15_000)
    message, typed, closed = seen
    assert "この会議・話し合いの記録は、開いた後に" in message and "出席者数: 12 → 30" in message
    assert typed == "福祉部会 第1回" and closed == "closed"
    saved = next(m for m in list_meetings(window.ctx.db, FY2025) if m.id == meeting_id).data
    assert saved.title == "福祉部会 第1回" and saved.attendees == 12


def test_the_evaluation_refuses_saving_over_another_pcs_text_and_grade(qtbot, open_window, year_db, db_path) -> None:
    from PySide6.QtWidgets import QMessageBox, QPlainTextEdit

    from app.services.projects.evaluation import get_evaluation, set_evaluation_text, set_grade
    from tests.helpers.qt_typing import type_text
    from tests.plans.test_plan_window import _answer

    window = open_window(db_path, date(2025, 10, 1))
    _open_section(qtbot, window, "自己評価")
    _click_row(qtbot, window.findChild(QTableView, "evaluation_targets"), "団体全体（協働の行動基準）")
    outcome = window.findChild(QPlainTextEdit, "body_outcome")
    type_text(qtbot, outcome, "見守りが広がった")

    other_pc = open_database(db_path)  # meanwhile, on another PC
    set_evaluation_text(other_pc, FY2025, None, "outcome", "交流の場が増えた")
    seen: list[str] = []
    _when_modal(qtbot, _answer("OK", seen), QMessageBox)
    window.findChild(QLineEdit, "grade_conduct_2").setFocus()  # leaving the text saves it: refused
    qtbot.waitUntil(lambda: bool(seen))
    assert "この自己評価の記録は、開いた後に" in seen[0] and "・成果: （空欄） → 交流の場が増えた" in seen[0]
    assert "この欄をもう一度離れると" in seen[0]
    assert outcome.toPlainText() == "見守りが広がった"  # what was typed stays
    assert get_evaluation(other_pc, FY2025).outcome == "交流の場が増えた"  # theirs is not overwritten

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # the message box hands the keyboard back
    outcome.setFocus()
    window.findChild(QLineEdit, "grade_conduct_2").setFocus()  # leaving it again: overwrite on purpose
    qtbot.waitUntil(lambda: get_evaluation(other_pc, FY2025).outcome == "見守りが広がった")

    set_grade(other_pc, FY2025, None, "conduct_3", "B")  # and a grade, after the panel last read
    seen.clear()
    grade = window.findChild(QLineEdit, "grade_conduct_3")  # the panel still shows it ungraded
    _when_modal(qtbot, _answer("OK", seen), QMessageBox)
    qtbot.mouseClick(grade, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(grade, "a")
    qtbot.waitUntil(lambda: bool(seen))
    assert "この評価の記録は、開いた後に" in seen[0] and "・評価:  → B 概ね達成" in seen[0] and "criterion_id" not in seen[0]
    assert get_evaluation(other_pc, FY2025).entry("conduct_3").grade == "B"
    other_pc.close()
