"""名簿 services: validation messages, leaving, officers from the term history, committees, kinds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.services.members.committees import CommitteeInfo, CommitteeSeat, list_committees, save_committee
from app.services.members.furigana import suggest_furigana
from app.services.members.kinds import add_member_kind, list_member_kinds
from app.services.members.officers import (
    Term,
    change_officer,
    list_office_posts,
    officers_as_of,
    officers_of_year,
    remove_term,
    save_term,
)
from app.services.members.organisations import (
    Organisation,
    list_organisations,
    record_leaving,
    remove_organisation,
    save_organisation,
)
from app.services.members.people import Member, list_people, record_person_leaving, remove_person, save_person
from app.storage.database import Database
from tests.members.conftest import kind_id


def test_kinds_are_seeded_from_the_domain_list_and_editable(db: Database) -> None:
    kinds = list_member_kinds(db)
    assert [k.name for k in kinds][:3] == ["自治会", "民区", "集落公民館組織"]
    assert [k.name for k in kinds if k.counts_households] == ["自治会", "民区"]
    assert len(kinds) == 19
    added = add_member_kind(db, "ｽﾎﾟｰﾂ少年団", counts_households=False).value
    assert added.name == "スポーツ少年団" and list_member_kinds(db)[-1] == added
    with pytest.raises(ValidationError, match="既にあります"):
        add_member_kind(db, "自治会")


def test_organisation_messages_name_each_field(db: Database) -> None:
    bad = Organisation(kind_id=kind_id(db, "老人クラブ"), name="", furigana="寿", phone="12-34",
                       households=10, joined_on=date(2025, 4, 1), left_on=date(2024, 4, 1))  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        save_organisation(db, bad)
    error = caught.value
    assert error.for_field("name") == ["名称を入力してください"]
    assert error.for_field("furigana") == ["ふりがなはひらがなかカタカナで入力してください"]
    assert error.for_field("phone")[0].startswith("「12-34」: 電話番号は")
    assert error.for_field("households")[0].startswith("世帯数は自治会・民区など")
    assert error.for_field("left_on") == ["退会日が加入日より前になっています"]
    assert list_organisations(db) == []


def test_same_name_in_the_same_kind_is_refused(db: Database) -> None:
    jichikai = kind_id(db, "自治会")
    save_organisation(db, Organisation(kind_id=jichikai, name="上野原自治会"))
    with pytest.raises(ValidationError, match="既に登録されています"):
        save_organisation(db, Organisation(kind_id=jichikai, name="上野原　自治会"))


def test_leaving_is_a_date_and_old_years_still_list_the_member(small_register: Database) -> None:
    from app.services.members.report_data import members_report_data

    db = small_register
    org = next(o for o in list_organisations(db) if o.name == "寿会")
    record_leaving(db, org.id, date(2025, 9, 30))
    assert any(o.name == "寿会" and o.left_on == date(2025, 9, 30) for o in list_organisations(db))
    names = lambda year: [o.name for o in members_report_data(db, FiscalYear(year)).organisations]  # noqa: E731
    assert "寿会" in names(2025)  # a member for half of that year
    assert "寿会" not in names(2026)


def test_a_member_or_term_gone_meanwhile_is_named_with_its_id(small_register: Database) -> None:
    """Deleted on another PC (or undone) between the list and the click: the message says which record."""
    db = small_register
    org = save_organisation(db, Organisation(kind_id=kind_id(db, "自治会"), name="新町自治会")).value
    person = save_person(db, Member(name="消 えた")).value
    posts = {p.name: p.id for p in list_office_posts(db)}
    term = save_term(db, Term(post_id=posts["会計"], person_id=person.id, start_on=date(2025, 4, 1))).value
    remove_term(db, term.id)
    remove_person(db, person.id)
    remove_organisation(db, org.id)
    with pytest.raises(ValidationError, match=rf"^構成団体（ID {org.id}）が見つかりません（削除された可能性があります）$"):
        record_leaving(db, org.id, date(2025, 9, 30))
    with pytest.raises(ValidationError, match=rf"^個人会員（ID {person.id}）が見つかりません"):
        record_person_leaving(db, person.id, date(2025, 9, 30))
    with pytest.raises(ValidationError, match=rf"^任期（ID {term.id}）が見つかりません"):
        change_officer(db, term.id, person.id, date(2025, 10, 1))


def test_officers_of_any_date_come_from_the_history(small_register: Database) -> None:
    db = small_register
    posts = {p.name: p.id for p in list_office_posts(db)}
    assert list(posts) == ["会長", "副会長", "事務局長", "会計", "監事", "理事", "部会長"]
    ichiro, hanako = (p.id for p in list_people(db))
    term = save_term(db, Term(post_id=posts["会長"], person_id=ichiro, start_on=date(2024, 4, 1))).value
    ended, new = change_officer(db, term.id, hanako, date(2025, 4, 1)).value
    assert ended.end_on == date(2025, 3, 31) and new.start_on == date(2025, 4, 1)
    assert [t.person_name for t in officers_as_of(db, date(2025, 3, 31))] == ["髙橋 一郎"]
    assert [t.person_name for t in officers_as_of(db, date(2025, 4, 1))] == ["山﨑 花子"]
    assert [t.person_name for t in officers_of_year(db, FiscalYear(2024))] == ["髙橋 一郎"]
    with pytest.raises(ValidationError, match="期間が重なっています"):
        save_term(db, Term(post_id=posts["会長"], person_id=hanako, start_on=date(2025, 10, 1)))
    with pytest.raises(ValidationError, match="任期終了が任期開始より前"):
        save_term(db, Term(post_id=posts["会計"], person_id=hanako, start_on=date(2025, 4, 1), end_on=date(2025, 1, 1)))


def test_committee_members_are_organisations_or_people(small_register: Database) -> None:
    db = small_register
    org = list_organisations(db)[0]
    person = list_people(db)[0]
    saved = save_committee(db, CommitteeInfo(name="福祉部会", furigana="フクシブカイ", chair_id=person.id,
                                             seats=(CommitteeSeat(organisation_id=org.id),
                                                    CommitteeSeat(person_id=person.id),
                                                    CommitteeSeat(person_id=person.id)))).value  # fmt: skip
    assert saved.furigana == "ふくしぶかい" and saved.chair_name == person.name
    assert [s.name for s in saved.seats] == [org.name, person.name]  # the duplicate is dropped
    save_committee(db, replace(saved, seats=()))
    assert list_committees(db)[0].seats == ()


def test_person_contact_fields_are_normalised(db: Database) -> None:
    saved = save_person(db, Member(name="見本　太郎", furigana="ﾐﾎﾝ ﾀﾛｳ", phone="０９０（１２３４）５６７８",
                                   postal_code="〒０２９０００１", email="Taro@EXAMPLE.jp")).value  # fmt: skip
    assert (saved.name, saved.furigana) == ("見本 太郎", "みほん たろう")
    assert (saved.phone, saved.postal_code, saved.email) == ("090-1234-5678", "029-0001", "Taro@example.jp")


def test_furigana_suggestion_only_when_every_kanji_is_known() -> None:
    assert suggest_furigana("上野自治会") == "うえのじちかい"
    assert suggest_furigana("髙橋 太郎") == ""  # a wrong reading would misplace the name in 五十音 order
    assert suggest_furigana("") == ""
