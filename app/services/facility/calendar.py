"""休館日: the days the centre is closed (年末年始, a weekly 休館日, others staff add); no open slots."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_text
from app.domain.validation import ValidationError
from app.services.changes import Changes
from app.storage.database import Database
from app.storage.models import ClosedDay

CLOSED_DAYS = "closed_days"
WEEKDAYS = "月火水木金土日"


def closed_days(session: Session, first: date, last: date) -> dict[date, str]:
    rows = session.scalars(select(ClosedDay).where(ClosedDay.day >= first, ClosedDay.day <= last))
    return {r.day: r.reason for r in rows}


def list_closed_days(db: Database, year: FiscalYear) -> dict[date, str]:
    return closed_days_between(db, year.start, year.end)


def closed_days_between(db: Database, first: date, last: date) -> dict[date, str]:
    with db.session() as session:
        return closed_days(session, first, last)


def set_closed(db: Database, days: dict[date, str]) -> Changes:
    """Mark days closed (a new reason replaces the old); one transaction."""
    with db.session.begin() as session:
        for day, reason in days.items():
            reason = normalize_text(reason) or "休館日"
            if len(reason) > 100:
                raise ValidationError("休館日の理由は100文字以内で入力してください")
            row = session.get(ClosedDay, day)
            if row is None:
                session.add(ClosedDay(day=day, reason=reason))
            else:
                row.reason = reason
        return Changes.of(CLOSED_DAYS)


def set_open(db: Database, days: list[date]) -> Changes:
    with db.session.begin() as session:
        session.execute(delete(ClosedDay).where(ClosedDay.day.in_(days)))
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
