"""Data of the 総会資料 (議案書): every part of the pack, gathered in one read transaction by
app.services.projects.pack_data and shaped by app.reports.pack.

The year is the one the 総会 closes (its 事業報告 and 決算報告); the plan, budget and officers are
for the year it opens (year.next()).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.fiscal_year import FiscalYear
from app.domain.pack_parts import DEFAULT_ORDER, PartChoice
from app.domain.report_data import ReportBody
from app.domain.report_data.projects import ResultsReportData


@dataclass(frozen=True)
class OfficerChangeLine:
    """役員改選（案）: one post whose term ends at the 総会, and who is proposed for it."""

    post: str
    current: str  # who holds it now ("" for a new post)
    proposed: str  # the candidate ("" while nobody is proposed)
    organisation: str  # the candidate's 所属団体
    phone: str  # personal contact data: left out of the public pack
    start_on: date | None
    end_on: date | None

    @property
    def change(self) -> str:
        """再任 / 新任 / 未定."""
        if not self.proposed:
            return "未定"
        return "再任" if self.proposed == self.current else "新任"


@dataclass(frozen=True)
class PlanLine:
    """事業計画（案）: one project of the coming year."""

    name: str
    plan_label: str
    committee: str
    goal: str
    target: str  # 「参加者数 40人」
    budget: int


@dataclass(frozen=True)
class BudgetPlanLine:
    """予算（案）: one 目 with this year's budget beside it, or a 款・項 whose figures are the sums of
    the lines directly under it (`child_ids`, by their `key`)."""

    direction: str  # INCOME | EXPENSE
    name: str
    amount: int  # 予算額（案）
    previous_budget: int  # 前年度予算額
    note: str
    key: int = 0  # the 費目's id
    depth: int = 1  # 1 款, 2 項 (or a 目 directly under its 款), 3 目
    heading: bool = False
    child_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class BookBudgetPlan:
    """予算（案） of one 会計."""

    book: str  # the 会計's name; "" when the body keeps one 会計 (nothing to tell apart)
    lines: tuple[BudgetPlanLine, ...]


@dataclass(frozen=True)
class BookSettlement:
    """決算報告 (and its 監査報告) of one 会計: the data of the 'settlement' report kind."""

    book: str  # "" when the body keeps one 会計
    data: Any


@dataclass(frozen=True)
class PackReportData:
    year: FiscalYear  # the year the 総会 closes
    made_on: date
    body: ReportBody | None
    meeting_on: date | None  # the 総会's date and place, for the cover
    meeting_place: str
    plan_approved_on: date | None  # None while the coming year's plan is 案
    results: ResultsReportData  # 第1号議案 事業報告
    meetings_by_kind: tuple[tuple[str, int], ...]
    settlements: tuple[BookSettlement, ...]  # 第2号議案 決算報告, one per 会計 (in the 会計's order)
    officers: tuple[OfficerChangeLine, ...]  # 第3号議案 役員改選（案）
    plan: tuple[PlanLine, ...]  # 第4号議案 事業計画（案）
    budgets: tuple[BookBudgetPlan, ...]  # 第5号議案 予算（案）, one per 会計 that has one
    parts: tuple[PartChoice, ...] = tuple(PartChoice(name) for name in DEFAULT_ORDER)  # the body's order and titles
    bylaws: str = ""  # 規約, printed after the 議案 when stored
