"""What the submission consists of: one sheet (and one PDF) per part, in the order city hall expects.

A part is either a report kind of the registry (app.services.reports.KINDS, built as the 公表用
version: what goes to city hall leaves out phone, address and e-mail), or a report the submission
has on its own: its data gathered by app.services.submission.report_data (with the figures the
submission collected), shaped by app.reports.submission.

Arrows: services → app.reports (the Report model, the pure shaping functions and the writers) is
allowed here and in app.services.reports; app/reports never imports app.services or app.storage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Generic, TypeVar

from app.domain.fiscal_year import FiscalYear
from app.domain.report_data import ReportOptions
from app.domain.submission_format import SHEETS
from app.reports import facility as facility_reports
from app.reports import submission as submission_reports
from app.reports.model import Report
from app.services.reports import KINDS, build_report
from app.services.submission.figures import Figure
from app.services.submission.report_data import (
    overview_report_data,
    submission_results_data,
    submission_usage_data,
)
from app.storage.database import Database

D = TypeVar("D")


@dataclass(frozen=True)
class OwnReport(Generic[D]):
    gather: Callable[[Database, FiscalYear, list[Figure]], D]
    shape: Callable[[D], Report]


@dataclass(frozen=True)
class Part:
    sheet: str  # sheet name in the workbook, and the word in the PDF's file name
    kind: str | None = None  # a report kind of the registry, built 公表用
    own: OwnReport[Any] | None = None  # a report only the submission has
    needs: str = ""  # the area that provides it, for the checklist's message
    tables: tuple[str, ...] = ()  # only these tables of the report (all when empty)

    @property
    def available(self) -> bool:
        return (self.kind in KINDS) if self.kind else self.own is not None

    def build(self, db: Database, year: FiscalYear, figures: list[Figure], today: date | None = None) -> Report:
        if self.kind:
            options = None
            if KINDS[self.kind].options:  # the 会計 the city funds (提出対象)
                from app.services.accounts.books import submission_book

                options = ReportOptions(book=submission_book(db).name)
            report = build_report(db, self.kind, year, "public", today, options=options)
            # a part is one report; only the 総会資料 (never a part of the submission) is a Pack
            assert isinstance(report, Report)
            if self.tables:
                report = replace(report, tables=[t for t in report.tables if t.name in self.tables])
            return report
        assert self.own is not None
        return self.own.shape(self.own.gather(db, year, figures))


PARTS: tuple[Part, ...] = (
    Part("団体概要", own=OwnReport(overview_report_data, submission_reports.overview_report), needs="団体情報"),
    # the organisations only: individuals are counted on 団体概要, not listed for the city
    Part("構成団体", kind="members", needs="名簿", tables=("構成団体",)),
    Part("役員", kind="officers", needs="名簿"),
    Part("収支予算書", kind="budget", needs="管理費"),
    Part("収支決算書", kind="settlement", needs="管理費", tables=("収支決算書",)),
    Part("事業実績", own=OwnReport(submission_results_data, submission_reports.results_report), needs="事業・会議"),
    Part("自己評価", kind="evaluation", needs="自己評価"),
    # 利用件数・利用者数・稼働率 per room; city hall totals the 合計 row per centre
    Part("施設利用", own=OwnReport(submission_usage_data, facility_reports.submission_usage_report), needs="施設"),
)
assert tuple(p.sheet for p in PARTS) == SHEETS  # the format and the parts must not drift apart
