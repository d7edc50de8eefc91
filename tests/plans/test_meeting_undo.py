"""Deleting a meeting and 元に戻す in the window: the 総会 comes back whole — its 議案 and 議決,
委任状, 議事録 and the link of the plan it approved."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QPlainTextEdit, QPushButton, QTableView

from app.services.projects.meetings import MeetingData, list_meetings, update_meeting
from app.services.projects.motions import Motion, list_motions, save_motions
from app.services.projects.plans import plan_status, record_approved_plan
from tests.helpers.qt_dialogs import answer
from tests.plans.conftest import FY2025
from tests.plans.test_plan_window import _when_modal
from tests.projects.test_ui import _click_row, _open_section

MOTIONS = [Motion("第1号議案 令和6年度事業報告について", "承認"), Motion("第2号議案 令和6年度決算報告について", "継続")]


def _rows(table: QTableView) -> list[str]:
    return [table.model().index(r, 0).data() for r in range(table.model().rowCount())]


def test_undoing_a_meetings_deletion_brings_back_its_motions(qtbot, open_window, year_db, db_path) -> None:
    db, _ = year_db
    general = next(m for m in list_meetings(db, FY2025) if m.data.kind == "総会")
    update_meeting(db, general.id, MeetingData(**{**general.data.__dict__, "attendees": 48, "proxies": 30,
                                                  "minutes": "全議案を審議した。"}))
    save_motions(db, general.id, MOTIONS)
    record_approved_plan(db, FY2025, date(2025, 5, 10), "ひばり野市民センター", general.id)

    window = open_window(db_path, date(2025, 10, 1))
    _open_section(qtbot, window, "事業・会議")
    table = window.findChild(QTableView, "meetings_table")
    _click_row(qtbot, table, "2025/05/10")
    asked: list[str] = []
    _when_modal(qtbot, answer("Yes", asked), QMessageBox)
    qtbot.mouseClick(window.findChild(QPushButton, "meetings_delete"), Qt.MouseButton.LeftButton)
    assert asked and "議案と議決・議事録ごと削除しますか" in asked[0]
    assert "2025/05/10" not in _rows(table)
    assert plan_status(db, FY2025).meeting_id is None

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # 元に戻す
    assert "2025/05/10" in _rows(table)
    assert list_motions(db, general.id) == MOTIONS
    back = next(m for m in list_meetings(db, FY2025) if m.id == general.id).data
    assert (back.attendees, back.proxies, back.minutes) == (48, 30, "全議案を審議した。")
    assert plan_status(db, FY2025).meeting_id == general.id

    # the 議案と議決 dialog of the meeting shows them again, as staff would check
    shown: list[str] = []

    def read(dialog: QDialog) -> None:
        shown.append(dialog.findChild(QPlainTextEdit, "field_motions").toPlainText())
        dialog.reject()

    _click_row(qtbot, table, "2025/05/10")
    _when_modal(qtbot, read)
    qtbot.mouseClick(window.findChild(QPushButton, "meetings_motions"), Qt.MouseButton.LeftButton)
    assert shown == ["第1号議案 令和6年度事業報告について 承認\n第2号議案 令和6年度決算報告について 継続"]
