"""Data of the 名簿 reports: the member list (会員名簿) and the officer list (役員名簿) of a year.

The service keeps what belongs to the year (members during it, officers in office at some time in
it); the report leaves out for 公表用 what is private (contact data, people without consent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.fiscal_year import FiscalYear
from app.domain.report_data import ReportBody


@dataclass(frozen=True)
class OrganisationLine:
    kind: str
    name: str
    furigana: str
    representative: str
    phone: str
    postal_code: str
    address: str
    households: int | None
    member_count: int | None
    joined_on: date | None
    left_on: date | None
    note: str
    representative_consent: bool = False  # else public lists show 「（非公表）」 for the 代表者


@dataclass(frozen=True)
class PersonLine:
    name: str
    furigana: str
    organisation: str
    phone: str
    postal_code: str
    address: str
    email: str
    joined_on: date | None
    left_on: date | None
    listing_consent: bool  # 名簿掲載の同意: only then may a public list show the person
    note: str


@dataclass(frozen=True)
class MembersReportData:
    year: FiscalYear
    made_on: date
    body: ReportBody | None
    organisations: tuple[OrganisationLine, ...]  # members at some time during the year, in list order
    people: tuple[PersonLine, ...]


@dataclass(frozen=True)
class OfficerLine:
    post: str
    name: str
    furigana: str
    organisation: str
    start_on: date | None
    end_on: date | None
    phone: str
    address: str


@dataclass(frozen=True)
class CommitteeSeatLine:
    name: str
    listing_consent: bool  # always True for an organisation's seat


@dataclass(frozen=True)
class CommitteeLine:
    name: str
    chair: str
    seats: tuple[CommitteeSeatLine, ...]  # organisations, and people who are members during the year


@dataclass(frozen=True)
class OfficersReportData:
    year: FiscalYear
    made_on: date
    body: ReportBody | None
    officers: tuple[OfficerLine, ...]  # in office at some time during the year
    committees: tuple[CommitteeLine, ...]
