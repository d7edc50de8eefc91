"""A member put back by 元に戻す (the undo of its deletion) keeps counting from the version it had, so
undoing the change made before the deletion is not taken for another PC's change."""

from __future__ import annotations

from dataclasses import replace

from app.services.members.people import Member, list_people, remove_person, save_person
from app.services.undo import DeleteRecord, SaveRecord


def test_undoing_a_change_after_undoing_the_members_deletion(db) -> None:
    shown = save_person(db, Member(name="見本 太郎", address="一関市大手町1-1")).value
    change = SaveRecord("個人会員の変更", shown, replace(shown, address="一関市山目2-2"),
                        lambda m: save_person(db, m), lambda i, _as_left: remove_person(db, i))
    change.apply()
    assert change.stored is not None
    deletion = DeleteRecord("個人会員の削除", change.stored, lambda m: save_person(db, m),
                            lambda i, _as_left: remove_person(db, i))
    deletion.apply()
    deletion.revert()  # 元に戻す: the member is back
    change.revert()  # 元に戻す: the change before the deletion
    assert [(p.name, p.address) for p in list_people(db)] == [("見本 太郎", "一関市大手町1-1")]
    change.apply()  # やり直す
    assert [p.address for p in list_people(db)] == ["一関市山目2-2"]


def test_redoing_a_change_after_the_members_addition_was_undone_and_redone(db) -> None:
    added = SaveRecord("個人会員の追加", None, Member(name="見本 花子"), lambda m: save_person(db, m),
                       lambda i, _as_left: remove_person(db, i))
    added.apply()
    assert added.stored is not None
    change = SaveRecord("個人会員の変更", added.stored, replace(added.stored, address="一関市山目2-2"),
                        lambda m: save_person(db, m), lambda i, _as_left: remove_person(db, i))
    change.apply()
    change.revert()  # 元に戻す ×2: the change, then the addition
    added.revert()
    assert list_people(db) == []
    added.apply()  # やり直す ×2: the member again, then the change
    change.apply()
    assert [(p.name, p.address) for p in list_people(db)] == [("見本 花子", "一関市山目2-2")]
