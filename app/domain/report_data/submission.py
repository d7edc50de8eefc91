"""Data of the 団体概要, the sheet only the submission has (事業実績 is in .projects)."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.fiscal_year import FiscalYear
from app.domain.report_data import ReportBody


@dataclass(frozen=True)
class FigureLine:
    group: str  # 名簿, 会議回数, 事業, 自己評価, 収支
    label: str  # 構成団体数, 総会, A（十分達成）…
    value: int


@dataclass(frozen=True)
class OverviewReportData:
    year: FiscalYear
    body: ReportBody | None
    figures: tuple[FigureLine, ...]  # the key figures city hall totals
