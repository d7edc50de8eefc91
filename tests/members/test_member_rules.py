"""Rules the 名簿 window used to apply itself, now the service's: who may be an officer in the year
being edited (not today), a term that starts after its person left, the 退会日 of the 退会 dialog."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.services.members.common import leaving_problems
from app.services.members.officers import Term, eligible_people, list_office_posts, save_term
from app.services.members.people import Member, remove_person, save_person
from app.services.undo import SaveRecord


def test_officers_are_offered_for_the_year_being_edited(db) -> None:
    stays = save_person(db, Member(name="在籍 一郎")).value
    left_in_2025 = save_person(db, Member(name="年度途中 花子", left_on=date(2025, 9, 30))).value
    left_before = save_person(db, Member(name="昔 次郎", left_on=date(2025, 3, 31))).value
    joins_later = save_person(db, Member(name="新人 三郎", joined_on=date(2026, 4, 1))).value
    names = {p.name for p in eligible_people(db, FiscalYear(2025))}
    assert names == {stays.name, left_in_2025.name}  # whatever today is
    assert {p.name for p in eligible_people(db, FiscalYear(2026))} == {stays.name, joins_later.name}
    assert left_before.name in {p.name for p in eligible_people(db, FiscalYear(2024))}  # an officer back then


def test_a_term_may_not_start_after_its_person_left(db) -> None:
    post = list_office_posts(db)[0].id
    person = save_person(db, Member(name="見本 花子", left_on=date(2025, 9, 30))).value
    assert save_term(db, Term(post_id=post, person_id=person.id, start_on=date(2025, 4, 1))).value.id
    with pytest.raises(ValidationError, match="見本 花子さんは2025/09/30に退会しているため"):
        save_term(db, Term(post_id=post, person_id=person.id, start_on=date(2025, 10, 1)))


def test_leaving_date_rule() -> None:
    assert [p.message for p in leaving_problems(date(2020, 4, 1), None)] == ["退会日を入力してください"]
    assert [p.message for p in leaving_problems(date(2020, 4, 1), date(2019, 1, 1))] == [
        "退会日が加入日より前になっています"]
    assert leaving_problems(None, date(2025, 1, 1)) == []


def test_undoing_an_add_and_redoing_it_keeps_the_id(db) -> None:
    operation = SaveRecord("個人会員の追加", None, Member(name="見本 太郎"), lambda m: save_person(db, m),
                           lambda i, as_left: remove_person(db, i, expected=as_left))
    operation.apply()
    first = operation.stored.id
    operation.revert()
    operation.apply()
    assert operation.stored.id == first
