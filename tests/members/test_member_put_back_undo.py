"""A member put back by 元に戻す (the undo of its deletion) keeps counting from the version it had, so
undoing the change made before the deletion is not taken for another PC's change; a redo of a
deletion over another PC's change since is refused with who and what."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.services.members.committees import CommitteeInfo, list_committees, remove_committee, save_committee
from app.services.members.officers import Term, get_term, list_office_posts, remove_term, save_term
from app.services.members.people import Member, list_people, remove_person, save_person
from app.services.records import EditConflict
from app.services.undo import DeleteRecord, SaveRecord


def test_undoing_a_change_after_undoing_the_members_deletion(db) -> None:
    shown = save_person(db, Member(name="見本 太郎", address="一関市大手町1-1")).value
    change = SaveRecord("個人会員の変更", shown, replace(shown, address="一関市山目2-2"),
                        lambda m: save_person(db, m), lambda i, as_left: remove_person(db, i, expected=as_left))
    change.apply()
    assert change.stored is not None
    deletion = DeleteRecord("個人会員の削除", change.stored, lambda m: save_person(db, m),
                            lambda i, as_left: remove_person(db, i, expected=as_left))
    deletion.apply()
    deletion.revert()  # 元に戻す: the member is back
    change.revert()  # 元に戻す: the change before the deletion
    assert [(p.name, p.address) for p in list_people(db)] == [("見本 太郎", "一関市大手町1-1")]
    change.apply()  # やり直す
    assert [p.address for p in list_people(db)] == ["一関市山目2-2"]


def test_redoing_a_change_after_the_members_addition_was_undone_and_redone(db) -> None:
    added = SaveRecord("個人会員の追加", None, Member(name="見本 花子"), lambda m: save_person(db, m),
                       lambda i, as_left: remove_person(db, i, expected=as_left))
    added.apply()
    assert added.stored is not None
    change = SaveRecord("個人会員の変更", added.stored, replace(added.stored, address="一関市山目2-2"),
                        lambda m: save_person(db, m), lambda i, as_left: remove_person(db, i, expected=as_left))
    change.apply()
    change.revert()  # 元に戻す ×2: the change, then the addition
    added.revert()
    assert list_people(db) == []
    added.apply()  # やり直す ×2: the member again, then the change
    change.apply()
    assert [(p.name, p.address) for p in list_people(db)] == [("見本 花子", "一関市山目2-2")]


def test_redoing_a_terms_or_committees_deletion_after_another_pc_changed_it_is_refused(db) -> None:
    person = save_person(db, Member(name="見本 太郎")).value
    term = save_term(db, Term(post_id=list_office_posts(db)[0].id, person_id=person.id,
                              start_on=date(2025, 4, 1))).value
    committee = save_committee(db, CommitteeInfo(name="広報部会")).value
    for record, save, remove, theirs, shown in (
        (term, save_term, remove_term, lambda r: replace(r, note="再任"), "・備考: （空欄） → 再任"),
        (committee, save_committee, remove_committee, lambda r: replace(r, name="広報・文化部会"),
         "・部会名: 広報部会 → 広報・文化部会"),
    ):
        deletion = DeleteRecord("削除", record, lambda r, save=save: save(db, r),
                                lambda i, as_left, remove=remove: remove(db, i, expected=as_left))
        deletion.apply()
        deletion.revert()  # 元に戻す; then another PC changes it
        stored = get_term(db, record.id) if record is term else next(c for c in list_committees(db))
        save(db, theirs(stored))
        with pytest.raises(EditConflict, match=shown):
            deletion.apply()  # やり直し
    assert get_term(db, term.id).note == "再任" and [c.name for c in list_committees(db)] == ["広報・文化部会"]


def test_undoing_a_committees_addition_after_another_pc_gave_it_members_is_refused(db) -> None:
    # the members are part of the 部会: undoing its adding would have deleted 山田 太郎's seat too
    from app.services.members.committees import CommitteeSeat

    person = save_person(db, Member(name="山田 太郎")).value
    added = SaveRecord("部会の追加", None, CommitteeInfo(name="広報部会"), lambda c: save_committee(db, c),
                       lambda i, as_left: remove_committee(db, i, expected=as_left))
    added.apply()
    stored = list_committees(db)[0]
    save_committee(db, replace(stored, seats=(CommitteeSeat(None, person.id),)))  # another PC
    with pytest.raises(EditConflict):
        added.revert()
    assert [(c.name, [s.person_id for s in c.seats]) for c in list_committees(db)] == [("広報部会", [person.id])]

