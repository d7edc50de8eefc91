"""事業・会議: 元に戻す of an addition and やり直し of a deletion take the record away only as the step
left it: when another PC changed it in between, they are refused naming who, when and what, and
nothing changes — while this PC's own steps around them (edits undone and redone, the deletion
undone and redone) still go through. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import getpass
import socket
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pytest

from app.services.projects import operations as ops
from app.services.projects.meetings import MeetingData, get_meeting, list_meetings, update_meeting
from app.services.projects.projects import ProjectData, get_project, list_projects, update_project
from app.services.records import EditConflict
from tests.projects.conftest import FY2025

WHO = f"{getpass.getuser()}さん（{socket.gethostname()}）が"  # the change log's actor: the OS user and the PC


@dataclass(frozen=True)
class Kind:
    """事業 or 会議 as these tests handle them: added, read, changed (by another PC: `update`; here:
    `edit`, an undoable step) and deleted, with the values the lists show."""

    what: str  # as the refusal names it
    add: Callable[[Any], Any]  # db → the addition step (applied by the test)
    added_id: Callable[[Any], int | None]
    read: Callable[[Any, int], Any]
    update: Callable[..., Any]
    edit: Callable[..., Any]
    delete: Callable[[Any, int], Any]
    shown: Callable[[Any], dict[str, object]]
    theirs: dict[str, object]  # another PC's change
    told: str  # and how the refusal shows it
    ours: dict[str, object]  # this PC's edit


PROJECT = Kind(
    "事業", lambda db: ops.AddProject(db, FY2025, ProjectData(name="夏祭り", item_code="1-2", budget=80_000)),
    lambda step: step.project_id, get_project, update_project, ops.edit_project,
    lambda db, project_id: ops.DeleteProject(db, project_id, "夏祭り"),
    lambda db: {p.name: p.data.budget for p in list_projects(db, FY2025)},
    {"budget": 90_000}, "・予算額: 80,000円 → 90,000円", {"budget": 85_000},
)
MEETING = Kind(
    "会議・話し合い", lambda db: ops.AddMeeting(db, FY2025, MeetingData(
        held_on=date(2025, 7, 1), kind="ワークショップ", title="防災ワークショップ", attendees=15)),
    lambda step: step.meeting_id, get_meeting, update_meeting, ops.edit_meeting, ops.DeleteMeeting,
    lambda db: {m.data.title: m.data.attendees for m in list_meetings(db, FY2025)},
    {"attendees": 18}, "・出席者数: 15 → 18", {"attendees": 16},
)
KINDS = pytest.mark.parametrize("kind", [PROJECT, MEETING], ids=["事業", "会議"])


def _added(db, kind: Kind) -> tuple[Any, int]:
    added = kind.add(db)
    added.apply()
    record_id = kind.added_id(added)
    assert record_id is not None
    return added, record_id


def _on_another_pc(db, kind: Kind, record_id: int) -> None:
    theirs = kind.read(db, record_id)
    kind.update(db, record_id, replace(theirs.data, **kind.theirs), expected_version=theirs.version)


def _theirs_stay(db, kind: Kind, record_id: int) -> bool:
    data = kind.read(db, record_id).data
    return all(getattr(data, name) == value for name, value in kind.theirs.items())


def _edit(db, kind: Kind, record_id: int):
    shown = kind.read(db, record_id)
    edit = kind.edit(db, record_id, shown.data, replace(shown.data, **kind.ours), shown.version)
    edit.apply()
    return edit


@KINDS
def test_undoing_an_addition_after_another_pc_changed_it_is_refused_and_it_stays(db, kind: Kind) -> None:
    added, record_id = _added(db, kind)
    before = kind.shown(db)
    _on_another_pc(db, kind, record_id)
    with pytest.raises(EditConflict) as refused:
        added.revert()
    message = str(refused.value)
    assert message.startswith(f"この{kind.what}の記録は、開いた後に{WHO}") and kind.told in message
    assert kind.shown(db) != before and _theirs_stay(db, kind, record_id)


@KINDS
def test_an_addition_and_edit_undone_and_redone_here_are_not_refused(db, kind: Kind) -> None:
    added, record_id = _added(db, kind)
    edit = _edit(db, kind, record_id)
    edited = kind.shown(db)
    edit.revert()  # 元に戻す ×2
    added.revert()
    assert kind.shown(db) == {}
    added.apply()  # やり直し ×2: back at the version it went with, so the edit still finds its own
    edit.apply()
    assert kind.shown(db) == edited
    edit.revert()
    added.revert()
    assert kind.shown(db) == {}


@KINDS
def test_redoing_a_deletion_after_another_pc_changed_it_is_refused(db, kind: Kind) -> None:
    _, record_id = _added(db, kind)
    deletion = kind.delete(db, record_id)
    deletion.apply()
    deletion.revert()  # 元に戻す; another PC changes it
    _on_another_pc(db, kind, record_id)
    with pytest.raises(EditConflict) as refused:
        deletion.apply()  # やり直し
    assert str(refused.value).startswith(f"この{kind.what}の記録は、開いた後に{WHO}") and kind.told in str(refused.value)
    assert _theirs_stay(db, kind, record_id)  # not deleted


@KINDS
def test_a_deletion_is_redone_after_this_pcs_own_steps(db, kind: Kind) -> None:
    _, record_id = _added(db, kind)
    edit = _edit(db, kind, record_id)
    deletion = kind.delete(db, record_id)
    deletion.apply()
    deletion.revert()  # 元に戻す ×2, やり直し ×2
    edit.revert()
    edit.apply()
    deletion.apply()
    assert kind.shown(db) == {}
    deletion.revert()  # delete → undo → redo once more
    deletion.apply()
    assert kind.shown(db) == {}
