"""The data of the 名簿 reports, gathered in one read transaction (app.domain.report_data.members)."""

from __future__ import annotations

from datetime import date

from app.domain.fiscal_year import FiscalYear
from app.domain.member_fields import active_during
from app.domain.report_data.members import (
    CommitteeLine,
    CommitteeSeatLine,
    MembersReportData,
    OfficerLine,
    OfficersReportData,
    OrganisationLine,
    PersonLine,
)
from app.services.members.committees import list_committees
from app.services.members.officers import officers_of_year
from app.services.members.organisations import list_organisations
from app.services.members.people import Member, list_people
from app.services.profile import report_body
from app.services.reading import read_snapshot
from app.storage.database import Database


def _during(m: Member, year: FiscalYear) -> bool:
    return active_during(m.joined_on, m.left_on, year.start, year.end)


def members_report_data(db: Database, year: FiscalYear, today: date | None = None) -> MembersReportData:
    with read_snapshot(db) as view:
        body = report_body(view)
        organisations = tuple(
            OrganisationLine(
                kind=o.kind_name, name=o.name, furigana=o.furigana, representative=o.representative,
                phone=o.phone, postal_code=o.postal_code, address=o.address, households=o.households,
                member_count=o.member_count, joined_on=o.joined_on, left_on=o.left_on, note=o.note,
                representative_consent=o.representative_consent,
            )
            for o in list_organisations(view)
            if active_during(o.joined_on, o.left_on, year.start, year.end)
        )  # fmt: skip
        people = tuple(
            PersonLine(
                name=p.name, furigana=p.furigana, organisation=p.organisation_name, phone=p.phone,
                postal_code=p.postal_code, address=p.address, email=p.email, joined_on=p.joined_on,
                left_on=p.left_on, listing_consent=p.listing_consent, note=p.note,
            )
            for p in list_people(view)
            if _during(p, year)
        )  # fmt: skip
    return MembersReportData(year, today or date.today(), body, organisations, people)


def officers_report_data(db: Database, year: FiscalYear, today: date | None = None) -> OfficersReportData:
    with read_snapshot(db) as view:
        body = report_body(view)
        people = {p.id: p for p in list_people(view)}
        officers = []
        for term in officers_of_year(view, year):
            person = people[term.person_id]
            officers.append(OfficerLine(
                post=term.post_name, name=term.person_name, furigana=term.person_furigana,
                organisation=person.organisation_name, start_on=term.start_on, end_on=term.end_on,
                phone=person.phone, address=person.address,
            ))  # fmt: skip
        committees = []
        for c in list_committees(view):
            seats = []
            for s in c.seats:
                if s.person_id is None:
                    seats.append(CommitteeSeatLine(s.name, listing_consent=True))
                elif _during(person := people[s.person_id], year):
                    seats.append(CommitteeSeatLine(s.name, person.listing_consent))
            committees.append(CommitteeLine(c.name, c.chair_name, tuple(seats)))
    return OfficersReportData(year, today or date.today(), body, tuple(officers), tuple(committees))
