"""Privacy: exports say when they hold personal data (on the page and in the properties), and the
personal fields of a member who has left can be erased from the record, its history and the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.services.accounts.categories import list_categories
from app.services.accounts.ledger import EntryInput, add_entry
from app.services.history import ERASED_TEXT, history_for
from app.services.members.erasure import NAME_INITIALS, NAME_PLACEHOLDER, erase_personal_data
from app.services.members.kinds import list_member_kinds
from app.services.members.organisations import Organisation, get_organisation, save_organisation
from app.services.members.people import Member, get_person, save_person
from app.services.profile import Profile, save_profile
from app.services.reports import KINDS, build_report, export_report
from app.storage.database import Database
from app.storage.models import LedgerEntry, Person

FY = FiscalYear(2025)
PERSONAL_KINDS = {"members", "officers", "ledger", "evaluation", "pack"}
PHONE, EMAIL, ADDRESS, POSTAL = "090-9876-5432", "hanako.secret@example.jp", "岩手県一関市秘密町9-9", "029-9999"


def _cells(path: Path) -> list[str]:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_export_says_whether_it_holds_personal_data(db: Database, tmp_path: Path, kind: str) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    save_profile(db, Profile(name="試験地域協働体", chair_name="会長 太郎", phone="0191-00-0000"))
    for profile in ("full", "public"):
        personal = kind in PERSONAL_KINDS and profile == "full"
        assert build_report(db, kind, FY, profile).contains_personal_data is personal, (kind, profile)
        xlsx = export_report(db, kind, FY, "xlsx", tmp_path / f"{kind}_{profile}.xlsx", profile)
        first_sheet = load_workbook(xlsx).worksheets[0]
        assert (first_sheet["A2"].value == "個人情報を含みます") is personal
        assert ("個人情報を含みます" in (load_workbook(xlsx).properties.keywords or "")) is personal
        pdf = export_report(db, kind, FY, "pdf", tmp_path / f"{kind}_{profile}.pdf", profile)
        assert ("個人情報を含みます" in _pdf_text(pdf)) is personal
        assert ("個人情報を含みます" in (PdfReader(pdf).metadata.get("/Keywords") or "")) is personal


def test_public_ledger_leaves_out_the_counterparty(db: Database, tmp_path: Path) -> None:
    cid = next(c.id for c in list_categories(db) if c.name == "消耗品費")
    add_entry(db, FY, EntryInput(date(2025, 5, 1), "expense", cid, 800, "立替", counterparty="見本 花子"))
    full = _cells(export_report(db, "ledger", FY, "xlsx", tmp_path / "full.xlsx", "full"))
    public = _cells(export_report(db, "ledger", FY, "xlsx", tmp_path / "public.xlsx", "public"))
    assert "見本 花子" in full and "見本 花子" not in public


@pytest.fixture
def left_person(db: Database) -> int:
    save_profile(db, Profile(name="試験地域協働体"))
    kept = save_person(db, Member(name="見本 次郎", furigana="みほん じろう", phone="0191-11-1111")).value
    person = save_person(db, Member(name="秘密 花子", furigana="ひみつ はなこ", phone="090-0000-0000",
                                    joined_on=date(2020, 4, 1), note="子ども会の元会長")).value  # fmt: skip
    # edited twice, so the history holds old and new values of the personal fields
    person = save_person(db, Member(**{**person.__dict__, "phone": PHONE, "email": EMAIL, "address": ADDRESS,
                                       "postal_code": POSTAL})).value  # fmt: skip
    save_person(db, Member(**{**person.__dict__, "left_on": date(2025, 9, 30)}))
    assert kept.id != person.id
    return person.id


def _ledger_count(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(LedgerEntry))


def test_erasing_a_left_person_removes_the_values_from_record_history_exports_and_file(
    db: Database, db_path: Path, left_person: int, tmp_path: Path
) -> None:
    cid = next(c.id for c in list_categories(db) if c.name == "会費")
    add_entry(db, FY, EntryInput(date(2025, 5, 1), "income", cid, 1000, "会費 秘密 花子"))
    ledger_before = _ledger_count(db)
    before_export = _cells(export_report(db, "members", FY, "xlsx", tmp_path / "before.xlsx", "full"))
    assert PHONE in before_export and "秘密 花子" in before_export  # the year she left: still listed

    result = erase_personal_data(db, "person", left_person, NAME_PLACEHOLDER, today=date(2025, 10, 1))

    person = get_person(db, left_person)
    assert (person.name, person.furigana, person.phone, person.email, person.address, person.postal_code) == (
        "退会者", "", "", "", "", "")
    assert person.note == "子ども会の元会長" and person.left_on == date(2025, 9, 30)  # not asked to erase
    assert result.history_rows_blanked > 0 and "退会者" in result.message
    history = history_for(db, Person, left_person)
    shown = " ".join(f"{e.before} {e.after}" for e in history)
    for secret in (PHONE, EMAIL, ADDRESS, POSTAL, "090-0000-0000", "秘密 花子", "ひみつ はなこ"):
        assert secret not in shown
    phone_rows = [e for e in history if e.field == "電話"]
    assert phone_rows and all(e.erased and ERASED_TEXT in (e.before + e.after) for e in phone_rows)
    assert any(e.field == "退会日" and "令和7年9月30日" in e.after for e in history)  # the history itself stays
    after_export = _cells(export_report(db, "members", FY, "xlsx", tmp_path / "after.xlsx", "full"))
    assert not {PHONE, EMAIL, ADDRESS, "秘密 花子"} & set(after_export) and "退会者" in after_export
    assert _ledger_count(db) == ledger_before  # the accounts stay intact
    db.close()
    raw = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    for secret in (PHONE, EMAIL, ADDRESS):  # nowhere in the file, its -wal or free pages
        assert secret.encode("utf-8") not in raw, secret


def test_erasure_is_refused_for_members_still_active_and_changes_nothing(db: Database, left_person: int) -> None:
    active = save_person(db, Member(name="現役 一郎", furigana="げんえき いちろう", phone=PHONE)).value
    with pytest.raises(ValidationError, match="まだ退会していないため"):
        erase_personal_data(db, "person", active.id)
    with pytest.raises(ValidationError, match="退会日（令和7年9月30日）がまだ来ていない"):
        erase_personal_data(db, "person", left_person, today=date(2025, 9, 1))
    assert get_person(db, active.id).phone == PHONE and get_person(db, left_person).phone == PHONE
    assert all(not e.erased for e in history_for(db, Person, left_person))


def test_organisation_keeps_its_name_or_gets_initials_and_names_stay_distinct(db: Database) -> None:
    kind = next(k.id for k in list_member_kinds(db) if k.name == "老人クラブ")
    made = [
        save_organisation(db, Organisation(kind_id=kind, name=name, furigana=kana, representative="代表 秘子",
                                           phone="0191-22-2222", address=ADDRESS, left_on=date(2024, 3, 31))).value
        for name, kana in (("高田長寿会", "たかだ ちょうじゅかい"), ("田中長生会", "たなか ちょうせいかい"))
    ]  # fmt: skip
    kept = erase_personal_data(db, "organisation", made[0].id, erase_note=True)
    org = get_organisation(db, made[0].id)
    assert (org.name, org.representative, org.phone, org.address) == ("高田長寿会", "", "", "")
    assert kept.name_after == kept.name_before == "高田長寿会"
    first = erase_personal_data(db, "organisation", made[0].id, NAME_INITIALS)
    second = erase_personal_data(db, "organisation", made[1].id, NAME_INITIALS)
    assert first.name_after == "T.C." and second.name_after == "T.C.（2）"  # one 区分, two distinct names
