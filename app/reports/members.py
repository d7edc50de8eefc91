"""名簿 reports: the member list (構成団体 + 個人会員) and the officer list (役員 + 部会) of a fiscal year.

Profile "public" (公表用) leaves out phone, postal code, address, e-mail and notes everywhere, and
individuals who did not consent to being listed. The full member workbook is also the import
format: its headers are the importer's (the 個人会員 sheet is known by its 氏名 header), so
export → import is a round trip.
"""

from __future__ import annotations

from datetime import date

from app.domain.fiscal_year import FiscalYear
from app.domain.member_fields import active_during
from app.domain.wareki import format_wareki
from app.reports.model import Column, Report, Table
from app.services.members.committees import list_committees
from app.services.members.officers import officers_of_year
from app.services.members.organisations import list_organisations
from app.services.members.people import list_people
from app.services.profile import get_profile
from app.storage.database import Database

FORMAT_VERSION = "1"
PRIVATE_KEYS = frozenset({"phone", "postal_code", "address", "email", "note", "listing_consent"})

ORGANISATION_COLUMNS = [
    Column("kind", "区分", "text", 14),
    Column("name", "名称", "text", 22),
    Column("furigana", "ふりがな", "text", 22),
    Column("representative", "代表者", "text", 12),
    Column("phone", "電話", "text", 15),
    Column("postal_code", "郵便番号", "text", 10),
    Column("address", "住所", "text", 26),
    Column("households", "世帯数", "int", 7),
    Column("member_count", "会員数", "int", 7),
    Column("joined_on", "加入日", "date", 13),
    Column("left_on", "退会日", "date", 13),
    Column("note", "備考", "text", 20),
]
PERSON_COLUMNS = [
    Column("name", "氏名", "text", 16),
    Column("furigana", "ふりがな", "text", 20),
    Column("organisation", "所属団体", "text", 20),
    Column("phone", "電話", "text", 15),
    Column("postal_code", "郵便番号", "text", 10),
    Column("address", "住所", "text", 30),
    Column("email", "メール", "text", 24),
    Column("joined_on", "加入日", "date", 13),
    Column("left_on", "退会日", "date", 13),
    Column("listing_consent", "名簿掲載の同意", "text", 10),
    Column("note", "備考", "text", 20),
]
OFFICER_COLUMNS = [
    Column("post", "役職", "text", 12),
    Column("name", "氏名", "text", 16),
    Column("furigana", "ふりがな", "text", 20),
    Column("organisation", "所属団体", "text", 20),
    Column("start_on", "任期開始", "date", 13),
    Column("end_on", "任期終了", "date", 13),
    Column("phone", "電話", "text", 15),
    Column("address", "住所", "text", 30),
]
COMMITTEE_COLUMNS = [
    Column("name", "部会名", "text", 16),
    Column("chair", "部会長", "text", 14),
    Column("members", "構成員", "text", 60),
]


def _columns(columns: list[Column], profile: str) -> list[Column]:
    return [c for c in columns if profile == "full" or c.key not in PRIVATE_KEYS]


def _add(table: Table, **values) -> None:
    """Add a row with the values of the table's columns (the public profile has fewer)."""
    # empty text is an empty cell, so that a sheet read back gives the same blanks
    table.add({c.key: (None if values[c.key] == "" else values[c.key]) for c in table.columns})


def _metadata(kind: str, year: FiscalYear, profile: str) -> dict[str, str]:
    return {"format_version": FORMAT_VERSION, "kind": kind, "fiscal_year": str(year.year), "profile": profile}


def _title(year: FiscalYear, name: str, full: bool) -> str:
    return f"{year.label} {name}" + ("" if full else "（公表用）")


def _title_lines(db: Database, year: FiscalYear, today: date) -> list[str]:
    profile = get_profile(db)
    body = profile.name if profile and profile.name else "（団体名未設定）"
    return [body, f"{year.label_full}", f"作成日 {format_wareki(today)}"]


def build_members_report(
    db: Database, year: FiscalYear, profile: str = "full", today: date | None = None
) -> Report:
    today = today or date.today()
    full = profile == "full"
    organisations = Table("構成団体", _columns(ORGANISATION_COLUMNS, profile), caption="構成団体")
    for o in list_organisations(db):
        if active_during(o.joined_on, o.left_on, year.start, year.end):
            _add(
                organisations,
                kind=o.kind_name, name=o.name, furigana=o.furigana, representative=o.representative,
                phone=o.phone, postal_code=o.postal_code, address=o.address, households=o.households,
                member_count=o.member_count, joined_on=o.joined_on, left_on=o.left_on, note=o.note,
            )  # fmt: skip
    people = Table("個人会員", _columns(PERSON_COLUMNS, profile), caption="個人会員（個人として参加する人）")
    for p in list_people(db):
        if not active_during(p.joined_on, p.left_on, year.start, year.end):
            continue
        if not full and not p.listing_consent:
            continue  # 名簿掲載の同意 is what allows a person to appear on a public list
        _add(
            people,
            name=p.name, furigana=p.furigana, organisation=p.organisation_name,
            phone=p.phone, postal_code=p.postal_code, address=p.address, email=p.email,
            joined_on=p.joined_on, left_on=p.left_on, listing_consent="はい" if p.listing_consent else "いいえ",
            note=p.note,
        )  # fmt: skip
    return Report(
        title=_title(year, "会員名簿", full),
        tables=[organisations, people],
        subtitle_lines=_title_lines(db, year, today),
        landscape=True,
        contains_personal_data=full,
        metadata=_metadata("members", year, profile),
        meta_sheet=True,
    )


def build_officers_report(
    db: Database, year: FiscalYear, profile: str = "full", today: date | None = None
) -> Report:
    """役員 in office at some time during the year (from the term history) and the 部会."""
    today = today or date.today()
    full = profile == "full"
    people = {p.id: p for p in list_people(db)}
    officers = Table("役員", _columns(OFFICER_COLUMNS, profile), caption="役員")
    for term in officers_of_year(db, year):
        person = people[term.person_id]
        _add(
            officers,
            post=term.post_name, name=term.person_name, furigana=term.person_furigana,
            organisation=person.organisation_name, start_on=term.start_on, end_on=term.end_on,
            phone=person.phone, address=person.address,
        )  # fmt: skip
    committees = Table("部会", COMMITTEE_COLUMNS, caption="部会")
    for c in list_committees(db):
        seats = [s for s in c.seats if _listed(s, people, year, full)]
        _add(committees, name=c.name, chair=c.chair_name, members="、".join(s.name for s in seats))
    return Report(
        title=_title(year, "役員名簿", full),
        tables=[officers, committees],
        subtitle_lines=_title_lines(db, year, today),
        landscape=full,
        contains_personal_data=full,
        metadata=_metadata("officers", year, profile),
    )


def _listed(seat, people: dict, year: FiscalYear, full: bool) -> bool:
    """A committee member who is a person appears on a public list only with consent."""
    if seat.person_id is None:
        return True
    person = people[seat.person_id]
    return active_during(person.joined_on, person.left_on, year.start, year.end) and (
        full or person.listing_consent
    )
