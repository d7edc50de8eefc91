"""休館日: the days the centre is closed (年末年始, a weekly 休館日, others staff add); no open slots."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_text
from app.domain.validation import ValidationError
from app.services.changes import Changes
from app.services.records import latest_change, values_conflict
from app.storage.database import Database
from app.storage.models import ClosedDay

CLOSED_DAYS = "closed_days"
WEEKDAYS = "月火水木金土日"
OPEN_TEXT = "開館日"  # a day that is not a 休館日, in a conflict message


def closed_days(session: Session, first: date, last: date) -> dict[date, str]:
    rows = session.scalars(select(ClosedDay).where(ClosedDay.day >= first, ClosedDay.day <= last))
    return {r.day: r.reason for r in rows}


def list_closed_days(db: Database, year: FiscalYear) -> dict[date, str]:
    return closed_days_between(db, year.start, year.end)


def closed_days_between(db: Database, first: date, last: date) -> dict[date, str]:
    with db.session() as session:
        return closed_days(session, first, last)


def _day_text(day: date) -> str:
    return f"{day.year}/{day.month}/{day.day}（{WEEKDAYS[day.weekday()]}）"


def _refuse_changed_since(session: Session, days: Iterable[date], typed: Mapping[date, str | None],
                          shown: Mapping[date, str] | None) -> None:
    """Refuse (EditConflict: who changed which days and when, their reasons) when another PC or
    window changed any of `days` since the screen showed `shown` (day → reason; a day not in it was
    shown open) — unless it already is what this save makes it (`typed`; None: open)."""
    if shown is None:
        return
    stored = {r.day: r.reason for r in session.scalars(select(ClosedDay).where(ClosedDay.day.in_(list(days))))}
    changed = [d for d in sorted(set(days)) if stored.get(d) != shown.get(d) and stored.get(d) != typed.get(d)]
    if not changed:
        return
    lines = [f"・{_day_text(d)}: {shown.get(d) or OPEN_TEXT} → {stored.get(d) or OPEN_TEXT}" for d in changed]
    last = latest_change(session, ClosedDay.__tablename__, ids=[d.isoformat() for d in changed])
    raise values_conflict("休館日", last, lines, {d: stored.get(d) for d in changed})


def set_closed(db: Database, days: dict[date, str], *, shown: Mapping[date, str] | None = None) -> Changes:
    """Mark days closed (a new reason replaces the old); one transaction. `shown`: the 休館日 as the
    screen showed them (day → reason) — refused (EditConflict, who changed which day and when) when
    another PC or window changed one of `days` since; None: not checked."""
    with db.session.begin() as session:
        clean: dict[date, str] = {}
        for day, reason in days.items():
            reason = normalize_text(reason) or "休館日"
            if len(reason) > 100:
                raise ValidationError("休館日の理由は100文字以内で入力してください")
            clean[day] = reason
        _refuse_changed_since(session, clean, dict(clean), shown)
        for day, reason in clean.items():
            row = session.get(ClosedDay, day)
            if row is None:
                session.add(ClosedDay(day=day, reason=reason))
            else:
                row.reason = reason
        return Changes.of(CLOSED_DAYS)


def set_open(db: Database, days: list[date], *, shown: Mapping[date, str] | None = None) -> Changes:
    """The days are open again. `shown`: as for set_closed (a day another PC closed or gave another
    reason since the screen showed it is not opened unseen)."""
    with db.session.begin() as session:
        _refuse_changed_since(session, days, {}, shown)
        for row in session.scalars(select(ClosedDay).where(ClosedDay.day.in_(days))):
            session.delete(row)  # through the ORM: the change log records each day
        return Changes.of(CLOSED_DAYS)


def new_year_holidays(year: FiscalYear) -> dict[date, str]:
    """年末年始 of the fiscal year: 12月29日 … 1月3日."""
    first = date(year.year, 12, 29)
    return {first + timedelta(days=i): "年末年始" for i in range(6)}


def weekly_closed(year: FiscalYear, weekday: int) -> dict[date, str]:
    """Every given weekday of the fiscal year (0 = 月曜) as 休館日."""
    if not 0 <= weekday <= 6:
        raise ValidationError("曜日は月〜日のどれかを選んでください")
    day = year.start + timedelta(days=(weekday - year.start.weekday()) % 7)
    days: dict[date, str] = {}
    while day <= year.end:
        days[day] = f"休館日（{WEEKDAYS[weekday]}曜）"
        day += timedelta(days=7)
    return days
