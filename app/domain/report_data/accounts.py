"""Data of the 管理費 reports: 収支予算書 (budget), 収支決算書 (settlement) and 現金出納簿 (ledger)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from app.domain.fiscal_year import FiscalYear
from app.domain.report_data import ReportBody


@dataclass(frozen=True)
class AccountsHeading:
    """What every 管理費 report prints above its table."""

    year: FiscalYear
    made_on: date  # 作成日
    body: ReportBody | None
    stamp_boxes: tuple[str, ...]  # the 印 boxes the office chose in the settings


@dataclass(frozen=True)
class StatementLine:
    """One 費目 of the year: its budget (the version in force) and what was received or spent."""

    category_id: int
    direction: str  # app.domain.directions.INCOME | EXPENSE
    name: str
    budget: int
    actual: int
    note: str  # 備考 from the budget line
    over_budget: bool  # an expense beyond its budget


@dataclass(frozen=True)
class SettlementReportData:
    heading: AccountsHeading
    lines: tuple[StatementLine, ...]


@dataclass(frozen=True)
class BudgetVersionLine:
    label: str  # 当初予算, 第1号補正予算 …
    adopted_on: date | None
    amounts: Mapping[int, int]  # category id → yen


@dataclass(frozen=True)
class BudgetReportData:
    heading: AccountsHeading
    lines: tuple[StatementLine, ...]  # this year's
    versions: tuple[BudgetVersionLine, ...]  # 当初予算 first, the one in force last
    previous_actual: Mapping[int, int]  # category id → the previous year's 決算額


@dataclass(frozen=True)
class LedgerLine:
    entry_date: date
    voucher_no: int
    direction: str
    category: str
    description: str
    counterparty: str
    payment_method: str
    income: int  # 0 for an expense
    expense: int  # 0 for an income
    balance: int  # after this line
    project: str  # the 事業 an expense counts towards ("" when none)


@dataclass(frozen=True)
class LedgerReportData:
    heading: AccountsHeading
    lines: tuple[LedgerLine, ...]  # in date order
