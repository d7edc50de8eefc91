"""Undo and redo of a 事業 or 会議 edit name the version that edit stored: with nobody else in
between they go back and forth; when another PC or window saved the record after it, the undo
(or redo) is refused naming who changed what and when, and their change stays."""

from __future__ import annotations

import getpass
import socket
from dataclasses import replace

import pytest

from app.services.projects import operations as ops
from app.services.projects.meetings import list_meetings, update_meeting
from app.services.projects.projects import get_project, update_project
from app.services.records import EditConflict
from tests.projects.conftest import FY2025

WHO = f"{getpass.getuser()}さん（{socket.gethostname()}）が"  # the change log's actor: the OS user and the PC


def _meeting(db, meeting_id: int):
    return next(m for m in list_meetings(db, FY2025) if m.id == meeting_id)


def test_a_project_edit_undoes_and_redoes_over_its_own_save(year_db) -> None:
    db, ids = year_db
    shown = get_project(db, ids["watch"])
    edit = ops.edit_project(db, shown.id, shown.data, replace(shown.data, goal="見守りを広げる"), shown.version)
    edit.apply()
    edit.revert()
    assert get_project(db, shown.id).data.goal == ""
    edit.apply()  # やり直す
    assert get_project(db, shown.id).data.goal == "見守りを広げる"
    edit.revert()
    assert get_project(db, shown.id).data == shown.data


def test_undoing_a_project_edit_over_another_pcs_later_change_is_refused(year_db) -> None:
    db, ids = year_db
    shown = get_project(db, ids["watch"])
    edit = ops.edit_project(db, shown.id, shown.data, replace(shown.data, goal="見守りを広げる"), shown.version)
    edit.apply()
    later = get_project(db, shown.id)
    update_project(db, shown.id, replace(later.data, budget=70_000), expected_version=later.version)  # another PC
    with pytest.raises(EditConflict) as refused:
        edit.revert()
    message = str(refused.value)
    assert "この事業の記録は、開いた後に" in message and WHO in message and "予算額: 50,000円 → 70,000円" in message
    now = get_project(db, shown.id).data
    assert (now.goal, now.budget) == ("見守りを広げる", 70_000)  # theirs stays, and so does this edit


def test_redoing_a_project_edit_over_another_pcs_change_is_refused(year_db) -> None:
    db, ids = year_db
    shown = get_project(db, ids["watch"])
    edit = ops.edit_project(db, shown.id, shown.data, replace(shown.data, goal="見守りを広げる"), shown.version)
    edit.apply()
    edit.revert()
    undone = get_project(db, shown.id)
    update_project(db, shown.id, replace(undone.data, person_in_charge="架空 三郎"), expected_version=undone.version)
    with pytest.raises(EditConflict, match="担当者"):
        edit.apply()
    now = get_project(db, shown.id).data
    assert (now.goal, now.person_in_charge) == ("", "架空 三郎")


def test_undoing_a_meeting_edit_over_another_pcs_later_change_is_refused(year_db) -> None:
    db, _ids = year_db
    shown = next(m for m in list_meetings(db, FY2025) if m.data.kind == "部会")
    edit = ops.edit_meeting(db, shown.id, shown.data, replace(shown.data, title="福祉部会 第1回"), shown.version)
    edit.apply()
    edit.revert()
    assert _meeting(db, shown.id).data.title == shown.data.title
    edit.apply()
    later = _meeting(db, shown.id)
    update_meeting(db, shown.id, replace(later.data, attendees=30), expected_version=later.version)  # another PC
    with pytest.raises(EditConflict) as refused:
        edit.revert()
    message = str(refused.value)
    assert "この会議・話し合いの記録は、開いた後に" in message and WHO in message and "出席者数: 12 → 30" in message
    now = _meeting(db, shown.id).data
    assert (now.title, now.attendees) == ("福祉部会 第1回", 30)
