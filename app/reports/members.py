"""名簿 reports: the member list (構成団体 + 個人会員) and the officer list (役員 + 部会) of a fiscal year.

Profile "public" (公表用) leaves out phone, postal code, address, e-mail and notes everywhere,
individuals who did not consent to being listed, and the names of 代表者 who did not consent
(「（非公表）」). The full member workbook is also the import
format: its headers are the importer's (the 個人会員 sheet is known by its 氏名 header), so
export → import is a round trip.

Pure shaping: the data comes from app.services.members.report_data.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.domain.fiscal_year import FiscalYear
from app.domain.report_data import ReportBody
from app.domain.report_data.members import MembersReportData, OfficersReportData
from app.domain.wareki import format_wareki
from app.reports.model import Column, Report, Table

FORMAT_VERSION = "1"
PRIVATE_KEYS = frozenset(
    {"phone", "postal_code", "address", "email", "note", "listing_consent", "representative_consent"}
)
NOT_PUBLISHED = "（非公表）"  # a 代表者 who did not consent, on public lists

ORGANISATION_COLUMNS = [
    Column("kind", "区分", "text", 14),
    Column("name", "名称", "text", 22),
    Column("furigana", "ふりがな", "text", 22),
    Column("representative", "代表者", "text", 12),
    Column("representative_consent", "代表者名の公表の同意", "text", 10),
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


def _add(table: Table, **values: Any) -> None:
    """Add a row with the values of the table's columns (the public profile has fewer)."""
    # empty text is an empty cell, so that a sheet read back gives the same blanks
    table.add({c.key: (None if values[c.key] == "" else values[c.key]) for c in table.columns})


def _metadata(kind: str, year: FiscalYear, profile: str) -> dict[str, str]:
    return {"format_version": FORMAT_VERSION, "kind": kind, "fiscal_year": str(year.year), "profile": profile}


def _title(year: FiscalYear, name: str, full: bool) -> str:
    return f"{year.label} {name}" + ("" if full else "（公表用）")


def _title_lines(body: ReportBody | None, year: FiscalYear, today: date) -> list[str]:
    name = body.name if body and body.name else "（団体名未設定）"
    return [name, f"{year.label_full}", f"作成日 {format_wareki(today)}"]


def members_report(data: MembersReportData, profile: str = "full") -> Report:
    full = profile == "full"
    year = data.year
    organisations = Table("構成団体", _columns(ORGANISATION_COLUMNS, profile), caption="構成団体")
    for o in data.organisations:
        # a 代表者 is named on public lists only with consent (the name is a person's, not the group's)
        shown = o.representative if full or o.representative_consent or not o.representative else NOT_PUBLISHED
        _add(
            organisations,
            kind=o.kind, name=o.name, furigana=o.furigana, representative=shown,
            representative_consent="はい" if o.representative_consent else "いいえ", phone=o.phone, postal_code=o.postal_code, address=o.address, households=o.households,
            member_count=o.member_count, joined_on=o.joined_on, left_on=o.left_on, note=o.note,
        )  # fmt: skip
    people = Table("個人会員", _columns(PERSON_COLUMNS, profile), caption="個人会員（個人として参加する人）")
    for p in data.people:
        if not full and not p.listing_consent:
            continue  # 名簿掲載の同意 is what allows a person to appear on a public list
        _add(
            people,
            name=p.name, furigana=p.furigana, organisation=p.organisation,
            phone=p.phone, postal_code=p.postal_code, address=p.address, email=p.email,
            joined_on=p.joined_on, left_on=p.left_on, listing_consent="はい" if p.listing_consent else "いいえ",
            note=p.note,
        )  # fmt: skip
    return Report(
        title=_title(year, "会員名簿", full),
        tables=[organisations, people],
        subtitle_lines=_title_lines(data.body, year, data.made_on),
        landscape=True,
        contains_personal_data=full,
        metadata=_metadata("members", year, profile),
        meta_sheet=True,
    )


def officers_report(data: OfficersReportData, profile: str = "full") -> Report:
    """役員 in office at some time during the year (from the term history) and the 部会."""
    full = profile == "full"
    year = data.year
    officers = Table("役員", _columns(OFFICER_COLUMNS, profile), caption="役員")
    for o in data.officers:
        _add(
            officers,
            post=o.post, name=o.name, furigana=o.furigana, organisation=o.organisation,
            start_on=o.start_on, end_on=o.end_on, phone=o.phone, address=o.address,
        )  # fmt: skip
    committees = Table("部会", COMMITTEE_COLUMNS, caption="部会")
    for c in data.committees:
        # a person sitting on a committee appears on a public list only with consent
        seats = [s for s in c.seats if full or s.listing_consent]
        _add(committees, name=c.name, chair=c.chair, members="、".join(s.name for s in seats))
    return Report(
        title=_title(year, "役員名簿", full),
        tables=[officers, committees],
        subtitle_lines=_title_lines(data.body, year, data.made_on),
        landscape=full,
        contains_personal_data=full,
        metadata=_metadata("officers", year, profile),
    )
