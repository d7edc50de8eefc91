"""事業・会議: 元に戻す of an addition and やり直し of a deletion take the record away only as the step
left it: when another PC changed it in between, they are refused naming who, when and what, and
nothing changes — while this PC's own steps around them (edits undone and redone, the deletion
undone and redone) still go through. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import getpass
import socket
from dataclasses import replace
from datetime import date

import pytest

from app.services.projects import operations as ops
from app.services.projects.meetings import MeetingData, get_meeting, list_meetings, update_meeting
from app.services.projects.projects import ProjectData, get_project, list_projects, update_project
from app.services.records import EditConflict
from tests.projects.conftest import FY2025

WHO = f"{getpass.getuser()}さん（{socket.gethostname()}）が"  # the change log's actor: the OS user and the PC
FESTIVAL = ProjectData(name="夏祭り", item_code="1-2", budget=80_000)
WORKSHOP = MeetingData(held_on=date(2025, 7, 1), kind="ワークショップ", title="防災ワークショップ", attendees=15)


def _projects(db) -> dict[str, int]:
    return {p.name: p.data.budget for p in list_projects(db, FY2025)}


def _meetings(db) -> dict[str, int | None]:
    return {m.data.title: m.data.attendees for m in list_meetings(db, FY2025)}


# --- 事業 ----------------------------------------------------------------------------------------


def test_undoing_a_projects_addition_after_another_pc_changed_it_is_refused_and_it_stays(db) -> None:
    added = ops.AddProject(db, FY2025, FESTIVAL)
    added.apply()
    assert added.project_id is not None
    theirs = get_project(db, added.project_id)  # another PC raises the budget
    update_project(db, theirs.id, replace(theirs.data, budget=90_000), expected_version=theirs.version)
    with pytest.raises(EditConflict) as refused:
        added.revert()
    message = str(refused.value)
    assert message.startswith(f"この事業の記録は、開いた後に{WHO}") and "・予算額: 80,000円 → 90,000円" in message
    assert _projects(db) == {"夏祭り": 90_000}


def test_a_projects_addition_and_edit_undone_and_redone_here_are_not_refused(db) -> None:
    added = ops.AddProject(db, FY2025, FESTIVAL)
    added.apply()
    assert added.project_id is not None
    shown = get_project(db, added.project_id)
    edit = ops.edit_project(db, shown.id, shown.data, replace(shown.data, budget=85_000), shown.version)
    edit.apply()
    edit.revert()  # 元に戻す ×2
    added.revert()
    assert _projects(db) == {}
    added.apply()  # やり直し ×2: back at the version it went with, so the edit still finds its own
    edit.apply()
    assert _projects(db) == {"夏祭り": 85_000}
    edit.revert()
    added.revert()
    assert _projects(db) == {}


def test_redoing_a_projects_deletion_after_another_pc_changed_it_is_refused(db) -> None:
    project_id = ops.AddProject(db, FY2025, FESTIVAL)
    project_id.apply()
    assert project_id.project_id is not None
    deletion = ops.DeleteProject(db, project_id.project_id, "夏祭り")
    deletion.apply()
    deletion.revert()  # 元に戻す; another PC renames it
    theirs = get_project(db, project_id.project_id)
    update_project(db, theirs.id, replace(theirs.data, name="夏まつり"), expected_version=theirs.version)
    with pytest.raises(EditConflict) as refused:
        deletion.apply()  # やり直し
    assert "・事業名: 夏祭り → 夏まつり" in str(refused.value)
    assert _projects(db) == {"夏まつり": 80_000}


def test_a_projects_deletion_is_redone_after_this_pcs_own_steps(db) -> None:
    added = ops.AddProject(db, FY2025, FESTIVAL)
    added.apply()
    assert added.project_id is not None
    shown = get_project(db, added.project_id)
    edit = ops.edit_project(db, shown.id, shown.data, replace(shown.data, budget=85_000), shown.version)
    edit.apply()
    deletion = ops.DeleteProject(db, shown.id, "夏祭り")
    deletion.apply()
    deletion.revert()  # 元に戻す ×2, やり直し ×2
    edit.revert()
    edit.apply()
    deletion.apply()
    assert _projects(db) == {}
    deletion.revert()
    deletion.apply()
    assert _projects(db) == {}


# --- 会議 ----------------------------------------------------------------------------------------


def test_undoing_a_meetings_addition_after_another_pc_changed_it_is_refused_and_it_stays(db) -> None:
    added = ops.AddMeeting(db, FY2025, WORKSHOP)
    added.apply()
    assert added.meeting_id is not None
    theirs = get_meeting(db, added.meeting_id)  # another PC corrects the 出席者数
    update_meeting(db, theirs.id, replace(theirs.data, attendees=18), expected_version=theirs.version)
    with pytest.raises(EditConflict) as refused:
        added.revert()
    message = str(refused.value)
    assert message.startswith(f"この会議・話し合いの記録は、開いた後に{WHO}") and "・出席者数: 15 → 18" in message
    assert _meetings(db) == {"防災ワークショップ": 18}


def test_a_meetings_addition_and_edit_undone_and_redone_here_are_not_refused(db) -> None:
    added = ops.AddMeeting(db, FY2025, WORKSHOP)
    added.apply()
    assert added.meeting_id is not None
    shown = get_meeting(db, added.meeting_id)
    edit = ops.edit_meeting(db, shown.id, shown.data, replace(shown.data, attendees=16), shown.version)
    edit.apply()
    edit.revert()  # 元に戻す ×2
    added.revert()
    assert _meetings(db) == {}
    added.apply()  # やり直し ×2
    edit.apply()
    assert _meetings(db) == {"防災ワークショップ": 16}
    edit.revert()
    added.revert()
    assert _meetings(db) == {}


def test_redoing_a_meetings_deletion_after_another_pc_changed_it_is_refused(db) -> None:
    added = ops.AddMeeting(db, FY2025, WORKSHOP)
    added.apply()
    assert added.meeting_id is not None
    deletion = ops.DeleteMeeting(db, added.meeting_id)
    deletion.apply()
    deletion.revert()  # 元に戻す; another PC writes the 議事録
    theirs = get_meeting(db, added.meeting_id)
    update_meeting(db, theirs.id, replace(theirs.data, minutes="避難経路を確認した"), expected_version=theirs.version)
    with pytest.raises(EditConflict) as refused:
        deletion.apply()  # やり直し
    assert str(refused.value).startswith(f"この会議・話し合いの記録は、開いた後に{WHO}")
    assert get_meeting(db, added.meeting_id).data.minutes == "避難経路を確認した"


def test_a_meetings_deletion_is_redone_after_this_pcs_own_steps(db) -> None:
    added = ops.AddMeeting(db, FY2025, WORKSHOP)
    added.apply()
    assert added.meeting_id is not None
    shown = get_meeting(db, added.meeting_id)
    edit = ops.edit_meeting(db, shown.id, shown.data, replace(shown.data, attendees=16), shown.version)
    edit.apply()
    deletion = ops.DeleteMeeting(db, shown.id)
    deletion.apply()
    deletion.revert()  # 元に戻す ×2, やり直し ×2
    edit.revert()
    edit.apply()
    deletion.apply()
    assert _meetings(db) == {}
    deletion.revert()
    deletion.apply()
    assert _meetings(db) == {}
