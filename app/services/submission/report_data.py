"""The data of the reports only the submission has: 団体概要, 事業実績 and 施設利用."""

from __future__ import annotations

from app.domain.fiscal_year import FiscalYear
from app.domain.report_data.facility import UsageReportData
from app.domain.report_data.projects import ResultsReportData
from app.domain.report_data.submission import FigureLine, OverviewReportData
from app.services.profile import report_body
from app.services.projects.report_data import results_report_data
from app.services.submission.figures import Figure
from app.storage.database import Database


def overview_report_data(db: Database, year: FiscalYear, figures: list[Figure]) -> OverviewReportData:
    """The profile, and the figures the submission collected (they also go into its fingerprint)."""
    return OverviewReportData(year, report_body(db), tuple(FigureLine(f.group, f.label, f.value) for f in figures))


def submission_results_data(db: Database, year: FiscalYear, figures: list[Figure]) -> ResultsReportData:
    """事業実績 as the city receives it: 決算額 from the 提出対象's entries (the 会計 it funds)."""
    from app.services.accounts.books import submission_book

    return results_report_data(db, year, book_id=submission_book(db).id)


def submission_usage_data(db: Database, year: FiscalYear, figures: list[Figure]) -> UsageReportData:
    from app.services.facility.report_data import usage_report_data

    return usage_report_data(db, year)
