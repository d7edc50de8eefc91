"""Optimistic versioning: two windows (or PCs) edit the same record — the second save is refused with
who changed it, when and what, nothing is overwritten; different records both land. Runs on SQLite
and, through scripts/test_postgres.sh, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import event, update

from app.domain.validation import ValidationError
from app.services.members.kinds import list_member_kinds
from app.services.members.organisations import (
    Organisation,
    get_organisation,
    remove_organisation,
    save_organisation,
)
from app.services.members.people import Member, get_person, save_person
from app.services.records import EditConflict
from app.services.undo import SaveRecord
from app.storage.database import Database, open_database
from app.storage.models import MemberOrganisation
from tests.postgres_support import on_postgres


@pytest.fixture
def other(db: Database) -> Iterator[Database]:
    """The same data opened a second time: another window, or another PC on the server."""
    if db.path is not None:
        second = open_database(db.path)
    else:
        from app.storage.postgres import postgres_engine

        second = Database(postgres_engine(db.engine.url.render_as_string(hide_password=False)))
    yield second
    second.close()


def _jichikai(db: Database) -> int:
    return next(k.id for k in list_member_kinds(db) if k.name == "自治会")


def _organisation(db: Database) -> Organisation:
    return save_organisation(db, Organisation(kind_id=_jichikai(db), name="青葉自治会", households=40)).value


def test_the_second_save_of_the_same_record_is_refused_with_who_when_and_their_change(db, other) -> None:
    mine = _organisation(db)
    theirs = get_organisation(other, mine.id)
    assert theirs == mine and mine.version == 1
    save_organisation(other, replace(theirs, phone="0191-21-1111", households=45))

    with pytest.raises(EditConflict) as refused:
        save_organisation(db, replace(mine, representative="青葉太郎"))
    message = str(refused.value)
    assert message.startswith("この構成団体の記録は、開いた後に") and "変更しました（保存していません）" in message
    assert "電話: （空欄） → 0191-21-1111" in message and "世帯数: 40 → 45" in message
    assert "年" in message and "月" in message  # when (日時)
    stored = get_organisation(db, mine.id)
    assert (stored.phone, stored.households, stored.representative) == ("0191-21-1111", 45, "")
    assert refused.value.current_version == stored.version == 2


def test_saving_again_with_the_version_shown_in_the_conflict_overwrites_on_purpose(db, other) -> None:
    mine = _organisation(db)
    save_organisation(other, replace(get_organisation(other, mine.id), households=45))
    with pytest.raises(EditConflict) as refused:
        save_organisation(db, replace(mine, households=50))
    saved = save_organisation(db, replace(mine, households=50, version=refused.value.current_version)).value
    assert get_organisation(other, mine.id).households == 50 and saved.version == 3


def test_changes_to_different_records_both_land(db, other) -> None:
    first = _organisation(db)
    second = save_organisation(db, Organisation(kind_id=_jichikai(db), name="坂下自治会")).value
    save_organisation(other, replace(get_organisation(other, second.id), households=10))
    save_organisation(db, replace(first, households=41))
    assert get_organisation(db, first.id).households == 41 and get_organisation(db, second.id).households == 10


def test_a_person_changed_elsewhere_is_refused_the_same_way(db, other) -> None:
    mine = save_person(db, Member(name="見本一郎", furigana="みほんいちろう")).value
    save_person(other, replace(get_person(other, mine.id), phone="090-0000-0000"))
    with pytest.raises(EditConflict, match="この個人会員の記録は"):
        save_person(db, replace(mine, address="一関市"))
    assert get_person(db, mine.id).address == ""


def test_undo_and_redo_of_ones_own_edit_work_but_not_over_someone_elses_change(db, other) -> None:
    before = _organisation(db)
    operation = SaveRecord("編集", before, replace(before, households=41),
                           lambda r: save_organisation(db, r), lambda i, as_left: remove_organisation(db, i, expected=as_left))  # fmt: skip
    operation.apply()
    operation.revert()
    assert get_organisation(db, before.id).households == 40
    operation.apply()  # redo
    assert get_organisation(db, before.id).households == 41
    save_organisation(other, replace(get_organisation(other, before.id), households=99))
    with pytest.raises(ValidationError, match="変更しました"):
        operation.revert()  # undo would throw the other person's change away
    assert get_organisation(db, before.id).households == 99


def test_a_save_that_loses_the_race_between_its_check_and_its_write_is_refused(db, other) -> None:
    """The other PC commits in the instant between this save's version check and its UPDATE: the
    UPDATE names the version it read and changes nothing (PostgreSQL; SQLite has one writer)."""
    if not on_postgres():
        pytest.skip("one writer at a time on SQLite: the other connection would wait")
    mine = _organisation(db)

    fired: list[bool] = []

    def other_pc_commits(session, _context, _instances) -> None:
        if fired:
            return
        fired.append(True)
        with other.engine.begin() as con:  # as another program would, without our ORM
            con.execute(update(MemberOrganisation.__table__).where(MemberOrganisation.id == mine.id)
                        .values(households=77, version=MemberOrganisation.version + 1))  # fmt: skip

    event.listen(db.session, "before_flush", other_pc_commits)
    try:
        with pytest.raises(EditConflict, match="別の画面またはパソコンで変更されました"):
            save_organisation(db, replace(mine, households=41))
    finally:
        event.remove(db.session, "before_flush", other_pc_commits)
    assert fired and get_organisation(db, mine.id).households == 77


def test_a_cash_book_correction_over_someone_elses_is_refused_and_undo_follows_its_own(db, other) -> None:
    from datetime import date

    from app.domain.fiscal_year import FiscalYear
    from app.services.accounts.categories import list_categories
    from app.services.accounts.ledger import EntryInput, add_entry, get_entry, update_entry
    from app.services.accounts.operations import UpdateEntry

    year = FiscalYear(2025)
    utility = next(c for c in list_categories(db) if c.name == "光熱水費")
    mine = add_entry(db, year, EntryInput(date(2025, 4, 3), "expense", utility.id, 1_000, "電気")).value
    assert mine.version == 1
    theirs = get_entry(other, mine.id)
    update_entry(other, mine.id, replace(theirs.as_input(year), amount=2_000))
    operation = UpdateEntry(db, mine, replace(mine.as_input(year), amount=1_500))
    with pytest.raises(EditConflict, match="金額: 1,000円 → 2,000円") as refused:
        operation.apply()
    assert "この現金出納簿の記録は" in str(refused.value) and get_entry(db, mine.id).amount == 2_000
    on_purpose = UpdateEntry(db, mine, replace(mine.as_input(year), amount=1_500, version=refused.value.current_version))
    on_purpose.apply()
    on_purpose.revert()  # undo puts back what the form showed (its own save is the one it undoes)
    assert get_entry(db, mine.id).amount == 1_000
    on_purpose.apply()  # redo
    assert get_entry(other, mine.id).amount == 1_500


def test_the_profile_saved_elsewhere_meanwhile_is_not_overwritten(db, other) -> None:
    from app.services.profile import Profile, SaveProfile, get_profile, save_profile

    save_profile(db, Profile(name="萩荘地域協働体", chair_name="山田一郎"))
    shown = get_profile(db)
    save_profile(other, replace(get_profile(other), chair_name="佐藤花子"))
    with pytest.raises(EditConflict, match="会長名: 山田一郎 → 佐藤花子"):
        SaveProfile(db, shown, replace(shown, phone="0191-21-0000")).apply()
    assert get_profile(db).chair_name == "佐藤花子" and get_profile(db).phone == ""


def test_officer_terms_and_committees_saved_elsewhere_meanwhile_are_not_overwritten(db, other) -> None:
    from datetime import date

    from app.services.members.committees import CommitteeInfo, CommitteeSeat, get_committee, save_committee
    from app.services.members.officers import Term, get_term, list_office_posts, save_term

    person = save_person(db, Member(name="見本一郎", furigana="みほんいちろう")).value
    second = save_person(db, Member(name="見本二郎", furigana="みほんじろう")).value
    post = list_office_posts(db)[0]
    term = save_term(db, Term(post_id=post.id, person_id=person.id, start_on=date(2025, 4, 1))).value
    save_term(other, replace(get_term(other, term.id), note="総会で再任"))
    with pytest.raises(EditConflict, match="の記録は、開いた後に"):
        save_term(db, replace(term, end_on=date(2026, 3, 31)))
    assert get_term(db, term.id).end_on is None

    committee = save_committee(db, CommitteeInfo(name="総務部会", furigana="そうむぶかい")).value
    theirs = get_committee(other, committee.id)
    save_committee(other, replace(theirs, seats=(CommitteeSeat(person_id=second.id),)))  # members only
    with pytest.raises(EditConflict):
        save_committee(db, replace(committee, note="月1回"))
    assert get_committee(db, committee.id).note == "" and len(get_committee(db, committee.id).seats) == 1
