"""Which fiscal years the office works in, and which one is selected."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.domain.fiscal_year import FiscalYear
from app.domain.input_bounds import check_fiscal_year_bounds
from app.domain.validation import Problem, ValidationError
from app.services.changes import YEARS, Changes
from app.services.settings import SELECTED_FISCAL_YEAR, read_setting, write_setting
from app.storage.database import Database
from app.storage.models import FiscalYearRecord


def list_fiscal_years(db: Database) -> list[FiscalYear]:
    with db.session() as session:
        years = session.scalars(select(FiscalYearRecord.year).order_by(FiscalYearRecord.year)).all()
    return [FiscalYear(y) for y in years]


def check_new_year(year: FiscalYear) -> None:
    """A ValidationError for a 年度 no date of which could be entered (2173年度 is a slip)."""
    problems: list[Problem] = []
    check_fiscal_year_bounds(year, problems)
    if problems:
        raise ValidationError(problems)


def add_fiscal_year(db: Database, year: FiscalYear) -> Changes:
    check_new_year(year)
    with db.session.begin() as session:
        if session.get(FiscalYearRecord, year.year) is None:
            session.add(FiscalYearRecord(year=year.year))
            return Changes.of(YEARS, year.year)
    return Changes()


def ensure_current_year(db: Database, today: date | None = None) -> FiscalYear:
    """Make sure the fiscal year containing today is registered (a new office starts there)."""
    current = FiscalYear.of(today or date.today())
    add_fiscal_year(db, current)
    return current


def selected_fiscal_year(db: Database, today: date | None = None) -> FiscalYear:
    """The year the user last chose, or the current fiscal year."""
    stored = read_setting(db, SELECTED_FISCAL_YEAR)
    years = list_fiscal_years(db)
    if stored is not None and FiscalYear(stored) in years:
        return FiscalYear(stored)
    current = FiscalYear.of(today or date.today())
    if current in years or not years:
        return current
    return years[-1]


def select_fiscal_year(db: Database, year: FiscalYear) -> None:
    write_setting(db, SELECTED_FISCAL_YEAR, year.year)
