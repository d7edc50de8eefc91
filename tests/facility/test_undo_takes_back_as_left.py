"""元に戻す of a room's 追加 and やり直し of its 削除 take the record away only as the step
left it: when another PC changed it in between, they are refused naming who, when and what, and
nothing changes — while this PC's own steps around them (changes undone and redone, the deletion
undone and redone) still go through. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import getpass
import socket
from dataclasses import replace

import pytest

from app.services.facility.operations import delete_room_op, save_room_op
from app.services.facility.rooms import RoomData, RoomRecord, list_rooms, room_record, save_room
from app.services.records import EditConflict

WHO = f"{getpass.getuser()}さん（{socket.gethostname()}）が"  # the change log's actor: the OS user and the PC


def _rooms(db) -> dict[str, int | None]:
    return {r.name: r.data.capacity for r in list_rooms(db, include_retired=True)}


def _library(db):
    added = save_room_op(db, None, RoomRecord(None, RoomData("図書室", 12, ("午前", "午後"), 300)))
    added.apply()
    assert added.stored is not None and added.stored.id is not None
    return added, added.stored.id


def test_undoing_a_rooms_addition_after_another_pc_changed_it_is_refused_and_the_room_stays(db) -> None:
    added, room_id = _library(db)
    theirs = room_record(db, room_id)  # another PC reads the new room and changes it
    save_room(db, replace(theirs, data=replace(theirs.data, capacity=30)))
    with pytest.raises(EditConflict) as refused:
        added.revert()
    message = str(refused.value)
    assert message.startswith(f"この部屋の記録は、開いた後に{WHO}") and "年" in message
    assert "・定員: 12 → 30" in message
    assert _rooms(db)["図書室"] == 30  # their room, as they left it


def test_undoing_a_rooms_addition_after_this_pcs_own_change_was_undone_and_redone(db) -> None:
    added, room_id = _library(db)
    change = save_room_op(db, added.stored, replace(added.stored, data=replace(added.stored.data, capacity=16)))
    change.apply()
    change.revert()  # 元に戻す ×2: the change (the version counts on), then the addition
    added.revert()
    assert "図書室" not in _rooms(db)
    added.apply()  # やり直し ×2, and back again
    change.apply()
    assert _rooms(db)["図書室"] == 16
    change.revert()
    added.revert()
    assert "図書室" not in _rooms(db)


def test_redoing_a_rooms_deletion_after_another_pc_changed_it_is_refused(db, rooms) -> None:
    deletion = delete_room_op(db, rooms["和室"])
    deletion.apply()
    deletion.revert()  # 元に戻す: the room is back; another PC changes it
    theirs = room_record(db, rooms["和室"])
    save_room(db, replace(theirs, data=replace(theirs.data, name="大広間")))
    with pytest.raises(EditConflict) as refused:
        deletion.apply()  # やり直し
    message = str(refused.value)
    assert message.startswith(f"この部屋の記録は、開いた後に{WHO}") and "・部屋名: 和室 → 大広間" in message
    assert "大広間" in _rooms(db)  # nothing deleted


def test_a_rooms_deletion_is_redone_after_this_pcs_earlier_change_was_undone_and_redone(db, rooms) -> None:
    shown = room_record(db, rooms["和室"])
    change = save_room_op(db, shown, replace(shown, data=replace(shown.data, capacity=24)))
    change.apply()
    deletion = delete_room_op(db, rooms["和室"])
    deletion.apply()
    deletion.revert()
    change.revert()
    change.apply()
    deletion.apply()  # the room as the deletion took it: no refusal
    assert "和室" not in _rooms(db)
