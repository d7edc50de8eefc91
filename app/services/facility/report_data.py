"""The data of the 施設 reports, read in one transaction and handed to app/reports/facility.py:
施設利用状況（月報・年報） and the yearly 指定管理業務報告書."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.domain.facility import UsageComparison
from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_multiline
from app.domain.report_data.facility import (
    FacilityReportData,
    Heading,
    MoneyLine,
    OwnProject,
    TodayEntry,
    TodayListData,
    UsageReportData,
)
from app.domain.validation import ValidationError
from app.services.changes import Changes
from app.services.facility.usage import usage_table
from app.services.reading import read_snapshot
from app.services.records import latest_change, one_line, values_conflict
from app.storage.database import Database
from app.storage.models import Body, FacilityYearNote

NOTES = "facility_notes"
NOTE_MAX = 4000


def heading(session: Session, today: date | None = None) -> Heading:
    body = session.query(Body).first()
    return Heading(body.name if body else "（団体名未設定）", body.centre_name if body else "", today or date.today())


def usage_report_data(db: Database, fy: FiscalYear, month: int | None = None, today: date | None = None) -> UsageReportData:
    if month is not None and not 1 <= month <= 12:
        raise ValidationError(f"月は1〜12で指定してください（{month}）")
    with db.session() as session:
        usage = UsageComparison(usage_table(session, fy, month), usage_table(session, fy.previous(), month))
        return UsageReportData(heading(session, today), usage, month)


def facility_report_data(db: Database, fy: FiscalYear, today: date | None = None) -> FacilityReportData:
    from app.services.accounts.analysis import statement_lines
    from app.services.accounts.books import funded_book
    from app.services.projects.projects import list_projects

    with read_snapshot(db) as view, view.session() as session:  # one state of the office for the whole report
        usage = UsageComparison(usage_table(session, fy), usage_table(session, fy.previous()))
        head = heading(session, today)
        note = session.get(FacilityYearNote, fy.year)
        # the 指定管理 会計 the city funds (where the 施設使用料 go), not whichever 会計 comes first
        book_id = funded_book(session).id
        # the 目 with a budget or an amount, under their 款・項 with the sums (as the 収支決算書 shows them)
        lines = [x for x in statement_lines(view, fy, book_id=book_id) if x.budget or x.actual]
        kept = {x.category_id for x in lines}
        money = tuple(MoneyLine(x.kind, x.name, x.budget, x.actual, x.category_id, x.depth, x.heading,
                                tuple(c for c in x.child_ids if c in kept))
                      for x in lines)
        projects = tuple(
            OwnProject(p.name, _period(p.data.start_on, p.data.end_on), p.data.participants, p.settled_cost)
            for p in list_projects(view, fy)
        )
        maintenance, voices = (note.maintenance, note.voices) if note else ("", "")
    return FacilityReportData(head, usage, money, projects, maintenance, voices)


def _period(start: date | None, end: date | None) -> str:
    if start and end and start != end:
        return f"{start.month}/{start.day}〜{end.month}/{end.day}"
    d = start or end
    return f"{d.month}/{d.day}" if d else ""


def get_year_note(db: Database, fy: FiscalYear) -> tuple[str, str]:
    with db.session() as session:
        note = session.get(FacilityYearNote, fy.year)
        return (note.maintenance, note.voices) if note else ("", "")


NOTE_LABELS = ("施設の維持管理", "利用者の声")


def save_year_note(db: Database, fy: FiscalYear, maintenance: str, voices: str, *,
                   expected: tuple[str, str] | None = None) -> Changes:
    """The year's 施設の維持管理 and 利用者の声. `expected`: both as the form showed them — refused
    (EditConflict: who changed which and when, their text; its `current` is what is stored now) when
    another PC or window saved them since; None: not checked."""
    maintenance, voices = normalize_multiline(maintenance), normalize_multiline(voices)
    for label, text in zip(NOTE_LABELS, (maintenance, voices), strict=True):
        if len(text) > NOTE_MAX:
            raise ValidationError(f"{label}は{NOTE_MAX}文字以内で入力してください（{len(text)}文字）")
    with db.session.begin() as session:
        stored = session.get(FacilityYearNote, fy.year)
        current = (stored.maintenance, stored.voices) if stored is not None else ("", "")
        if expected is not None and current not in (tuple(normalize_multiline(t) for t in expected),
                                                    (maintenance, voices)):
            lines = [f"・{label}: {one_line(shown)} → {one_line(now)}"
                     for label, shown, now in zip(NOTE_LABELS, expected, current, strict=True)
                     if normalize_multiline(shown) != now]
            last = latest_change(session, FacilityYearNote.__tablename__, ids=[fy.year])
            raise values_conflict(f"{fy.label}の指定管理業務報告の記述", last, lines, current)
        note = stored or FacilityYearNote(year=fy.year)
        note.maintenance, note.voices = maintenance, voices
        session.add(note)
        return Changes.of(NOTES, fy.year)


def today_list_data(db: Database, day: date) -> TodayListData:
    from app.services.facility.bookings import bookings_between

    with db.session() as session:
        entries = tuple(
            TodayEntry(b.room_name, b.slot, b.user_name, b.purpose, b.expected_people, b.fee, b.status)
            for b in bookings_between(session, day, day, include_cancelled=False)
        )
        return TodayListData(heading(session, day), day, entries)
