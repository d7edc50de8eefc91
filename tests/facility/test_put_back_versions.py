"""Rooms and 利用団体 put back by 元に戻す (the undo of a room's deletion, the redo of a user's addition,
the undo of a merge) keep counting from the version they went with, as 会員 and 記帳 do: the undo and
redo steps around them find their own saves instead of 「…さんが変更しました」, while a change made on
another PC in between is still refused naming who and when. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import getpass
import socket
from dataclasses import replace

import pytest

from app.services.facility.operations import MergeUsers, delete_room_op, save_room_op, save_user_op
from app.services.facility.rooms import list_rooms, room_record, save_room
from app.services.facility.users import UserData, UserRecord, list_users, save_user, user_record
from app.services.records import EditConflict

WHO = f"{getpass.getuser()}さん（{socket.gethostname()}）が"  # the change log's actor: the OS user and the PC


def _room(db, room_id: int) -> tuple[str, int | None, int]:
    r = room_record(db, room_id)
    return r.data.name, r.data.capacity, r.data.fee_per_slot


def _users(db) -> dict[str, tuple[int, str]]:
    return {u.name: (u.id, u.data.contact_person) for u in list_users(db)}


def test_undoing_a_rooms_change_after_undoing_its_deletion(db, rooms) -> None:
    shown = room_record(db, rooms["和室"])
    change = save_room_op(db, shown, replace(shown, data=replace(shown.data, name="大広間", fee_per_slot=800)))
    change.apply()
    deletion = delete_room_op(db, rooms["和室"])
    deletion.apply()
    deletion.revert()  # 元に戻す: the room is back, in its place
    change.revert()  # 元に戻す: the change before the deletion
    assert _room(db, rooms["和室"]) == ("和室", 20, 600)
    assert [r.name for r in list_rooms(db)] == ["会議室1", "和室", "調理実習室"]
    change.apply()  # やり直し ×2
    deletion.apply()
    assert "大広間" not in [r.name for r in list_rooms(db, include_retired=True)]
    deletion.revert()
    assert _room(db, rooms["和室"]) == ("大広間", 20, 800)


def test_a_room_deleted_put_back_edited_and_its_edit_undone_and_redone(db, rooms) -> None:
    deletion = delete_room_op(db, rooms["和室"])
    deletion.apply()
    deletion.revert()
    shown = room_record(db, rooms["和室"])
    change = save_room_op(db, shown, replace(shown, data=replace(shown.data, capacity=24)))
    change.apply()
    change.revert()
    assert _room(db, rooms["和室"]) == ("和室", 20, 600)
    change.apply()
    assert _room(db, rooms["和室"]) == ("和室", 24, 600)


def test_a_change_made_on_another_pc_after_the_put_back_is_still_refused_with_who_and_when(db, rooms) -> None:
    shown = room_record(db, rooms["和室"])
    change = save_room_op(db, shown, replace(shown, data=replace(shown.data, fee_per_slot=800)))
    change.apply()
    deletion = delete_room_op(db, rooms["和室"])
    deletion.apply()
    deletion.revert()
    theirs = room_record(db, rooms["和室"])  # another PC reads the room put back, and changes it
    save_room(db, replace(theirs, data=replace(theirs.data, capacity=30)))
    with pytest.raises(EditConflict) as refused:
        change.revert()
    message = str(refused.value)
    assert message.startswith(f"この部屋の記録は、開いた後に{WHO}") and "年" in message and "月" in message
    assert "・定員: 20 → 30" in message
    assert _room(db, rooms["和室"]) == ("和室", 30, 800)  # nothing of theirs undone


def test_redoing_a_users_change_after_its_addition_was_undone_and_redone(db) -> None:
    added = save_user_op(db, None, UserRecord(None, UserData("書道クラブ")))
    added.apply()
    assert added.stored is not None
    change = save_user_op(db, added.stored, replace(added.stored, data=replace(added.stored.data,
                                                                               contact_person="佐藤")))
    change.apply()
    change.revert()  # 元に戻す ×2: the change, then the addition
    added.revert()
    assert "書道クラブ" not in _users(db)
    added.apply()  # やり直し ×2: the user again under its id, then the change
    change.apply()
    assert _users(db)["書道クラブ"] == (added.stored.id, "佐藤")
    change.revert()
    assert _users(db)["書道クラブ"] == (added.stored.id, "")


def test_a_users_redo_over_another_pcs_change_is_refused_with_who_and_when(db) -> None:
    added = save_user_op(db, None, UserRecord(None, UserData("書道クラブ")))
    added.apply()
    assert added.stored is not None
    change = save_user_op(db, added.stored, replace(added.stored, data=replace(added.stored.data, phone="0191-21-2111")))
    change.apply()
    change.revert()
    added.revert()
    added.apply()
    theirs = user_record(next(u for u in list_users(db) if u.name == "書道クラブ"))
    save_user(db, replace(theirs, data=replace(theirs.data, contact_person="高橋")))  # another PC
    with pytest.raises(EditConflict) as refused:
        change.apply()
    message = str(refused.value)
    assert message.startswith(f"この利用団体の記録は、開いた後に{WHO}") and "・連絡担当者: （空欄） → 高橋" in message
    assert _users(db)["書道クラブ"] == (added.stored.id, "高橋")


def test_undoing_a_users_change_after_undoing_its_merge(db, users) -> None:
    from app.services.facility.users import add_user

    other, _ = add_user(db, UserData("囲碁"))
    shown = user_record(other)
    change = save_user_op(db, shown, replace(shown, data=replace(shown.data, contact_person="菅原")))
    change.apply()
    merge = MergeUsers(db, users["囲碁の会"], [other.id], "囲碁の会")
    merge.apply()
    merge.revert()  # 元に戻す ×2: the merge, then the change before it
    change.revert()
    assert _users(db)["囲碁"] == (other.id, "")


def test_undoing_a_users_addition_is_refused_when_another_pc_edited_it_since(db) -> None:
    added = save_user_op(db, None, UserRecord(None, UserData("書道クラブ")))
    added.apply()
    theirs = user_record(next(u for u in list_users(db) if u.name == "書道クラブ"))
    save_user(db, replace(theirs, data=replace(theirs.data, contact_person="高橋")))  # another PC
    with pytest.raises(EditConflict, match=f"開いた後に{WHO}"):
        added.revert()
    assert "書道クラブ" in _users(db)  # their 利用団体 stays
