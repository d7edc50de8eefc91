"""予算対比 and monthly totals: what was budgeted, what was spent, month by month."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import extract, func, select

from app.domain.fiscal_year import FiscalYear
from app.services.accounts.budgets import current_budget
from app.services.accounts.categories import list_categories
from app.services.accounts.common import DIRECTION_LABELS, EXPENSE
from app.storage.database import Database
from app.storage.models import LedgerEntry

SETTLEMENT_PERIOD_LABEL = "出納整理期間"


@dataclass(frozen=True)
class BudgetActual:
    category_id: int
    kind: str
    name: str
    budget: int  # 予算額 (the version in force)
    actual: int  # 執行額 / 決算額
    note: str = ""  # 備考 from the budget line

    @property
    def remaining(self) -> int:
        """残額 = 予算額 − 執行額 (also the 差額 of the 収支決算書)."""
        return self.budget - self.actual

    @property
    def rate(self) -> float | None:
        """執行率 actual / budget; None when nothing was budgeted."""
        return self.actual / self.budget if self.budget else None

    @property
    def over_budget(self) -> bool:
        """An expense beyond its budget: the staff must explain it (or pass a 補正予算)."""
        return self.kind == EXPENSE and self.actual > self.budget

    @property
    def kind_label(self) -> str:
        return DIRECTION_LABELS[self.kind]


def actual_by_category(db: Database, year: FiscalYear) -> dict[int, int]:
    with db.session() as session:
        rows = session.execute(
            select(LedgerEntry.category_id, func.sum(LedgerEntry.amount))
            .where(LedgerEntry.year == year.year)
            .group_by(LedgerEntry.category_id)
        ).all()
    return {k: int(v) for k, v in rows}


def budget_vs_actual(db: Database, year: FiscalYear) -> list[BudgetActual]:
    """Income categories then expense categories, in the staff's order. Retired categories appear
    only when the year has a budget or an entry for them."""
    budget = current_budget(db, year)
    amounts = budget.amounts if budget else {}
    notes = budget.notes if budget else {}
    actual = actual_by_category(db, year)
    rows = []
    for c in list_categories(db):
        if c.retired and not amounts.get(c.id) and not actual.get(c.id):
            continue
        rows.append(BudgetActual(c.id, c.kind, c.name, amounts.get(c.id, 0), actual.get(c.id, 0), notes.get(c.id, "")))
    return rows


def totals(rows: list[BudgetActual], kind: str) -> tuple[int, int]:
    """(予算額, 執行額) summed over the rows of one kind."""
    part = [r for r in rows if r.kind == kind]
    return sum(r.budget for r in part), sum(r.actual for r in part)


@dataclass(frozen=True)
class MonthlyRow:
    category_id: int
    kind: str
    name: str
    months: list[int]  # April … March (12 values)
    settlement_period: int  # April–May of the next year, booked for this year
    carry_forward: bool = False  # 前年度繰越金: the year's opening balance, not money that came in that month

    @property
    def total(self) -> int:
        return sum(self.months) + self.settlement_period


def monthly_totals(db: Database, year: FiscalYear) -> list[MonthlyRow]:
    """Per category and month (4月 … 3月), from the database's own grouping."""
    with db.session() as session:
        month = extract("month", LedgerEntry.entry_date)
        cal_year = extract("year", LedgerEntry.entry_date)
        rows = session.execute(
            select(LedgerEntry.category_id, cal_year, month, func.sum(LedgerEntry.amount))
            .where(LedgerEntry.year == year.year)
            .group_by(LedgerEntry.category_id, cal_year, month)
        ).all()
    index = {ym: i for i, ym in enumerate(year.months())}
    sums: dict[int, list[int]] = defaultdict(lambda: [0] * 13)
    for category_id, y, m, amount in rows:
        sums[category_id][index.get((int(y), int(m)), 12)] += int(amount)
    result = []
    for c in list_categories(db):
        values = sums.get(c.id)
        if values is None and c.retired:
            continue
        values = values or [0] * 13
        result.append(MonthlyRow(c.id, c.kind, c.name, values[:12], values[12], c.is_carry_forward))
    return result


def month_labels() -> list[str]:
    return [f"{m}月" for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]

