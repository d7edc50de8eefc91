"""予算対比 and monthly totals: what was budgeted, what was spent, month by month."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import case, extract, func, select

from app.domain.fiscal_year import FiscalYear
from app.services.accounts.books import book_account_ids
from app.services.accounts.budgets import current_budget
from app.services.accounts.categories import CategoryInfo, list_categories
from app.services.accounts.common import DIRECTION_LABELS, EXPENSE, REFUND
from app.storage.database import Database
from app.storage.models import BudgetMove, LedgerEntry, SettlementNote

SETTLEMENT_PERIOD_LABEL = "出納整理期間"


@dataclass(frozen=True)
class BudgetActual:
    category_id: int
    kind: str
    name: str
    budget: int  # 予算額 (the version in force, after 流用 and 予備費充用)
    actual: int  # 執行額 / 決算額 (refunds netted)
    note: str = ""  # 備考 from the budget line
    moved: int = 0  # 流用・予備費充用 received (−: given), already in `budget`
    settlement_note: str = ""  # 備考 staff typed for the 収支決算書
    parent_id: int | None = None
    depth: int = 2

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


# what an entry adds to its 費目: a refund (戻入・戻出) counts against it
SIGNED_AMOUNT = case((LedgerEntry.kind == REFUND, -LedgerEntry.amount), else_=LedgerEntry.amount)


def actual_by_category(db: Database, year: FiscalYear, *, book_id: int | None = None) -> dict[int, int]:
    """決算額 per 目 of the 会計: refunds netted; transfers between 口座 (no 費目) never count."""
    with db.session() as session:
        accounts = book_account_ids(session, book_id)
        rows = session.execute(
            select(LedgerEntry.category_id, func.sum(SIGNED_AMOUNT))
            .where(LedgerEntry.year == year.year, LedgerEntry.category_id.is_not(None),
                   LedgerEntry.account_id.in_(accounts))
            .group_by(LedgerEntry.category_id)
        ).all()
    return {k: int(v) for k, v in rows}


def budget_moves_by_category(db: Database, year: FiscalYear, category_ids: set[int]) -> dict[int, int]:
    """Net 流用・予備費充用 per 目: received minus given."""
    moved: dict[int, int] = defaultdict(int)
    with db.session() as session:
        for m in session.scalars(select(BudgetMove).where(BudgetMove.year == year.year)):
            if m.from_category_id in category_ids:
                moved[m.from_category_id] -= m.amount
                moved[m.to_category_id] += m.amount
    return dict(moved)


def settlement_notes(db: Database, year: FiscalYear) -> dict[int, str]:
    with db.session() as session:
        return dict(session.execute(select(SettlementNote.category_id, SettlementNote.note)
                                    .where(SettlementNote.year == year.year)).all())


def budget_vs_actual(db: Database, year: FiscalYear, *, book_id: int | None = None) -> list[BudgetActual]:
    """The 会計's 目, income then expense, in tree order. Retired 目 appear only when the year has
    a budget or an entry for them."""
    budget = current_budget(db, year, book_id=book_id)
    amounts = budget.amounts if budget else {}
    notes = budget.notes if budget else {}
    actual = actual_by_category(db, year, book_id=book_id)
    categories = list_categories(db, book_id=book_id)
    moved = budget_moves_by_category(db, year, {c.id for c in categories})
    typed = settlement_notes(db, year)
    rows = []
    for c in categories:
        if c.retired and not amounts.get(c.id) and not actual.get(c.id) and not moved.get(c.id):
            continue
        rows.append(BudgetActual(c.id, c.kind, c.name, amounts.get(c.id, 0) + moved.get(c.id, 0),
                                 actual.get(c.id, 0), notes.get(c.id, ""), moved.get(c.id, 0),
                                 typed.get(c.id, ""), c.parent_id, c.depth))
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


def monthly_totals(db: Database, year: FiscalYear, *, book_id: int | None = None) -> list[MonthlyRow]:
    """Per category and month (4月 … 3月), from the database's own grouping (refunds netted)."""
    with db.session() as session:
        month = extract("month", LedgerEntry.entry_date)
        cal_year = extract("year", LedgerEntry.entry_date)
        rows = session.execute(
            select(LedgerEntry.category_id, cal_year, month, func.sum(SIGNED_AMOUNT))
            .where(LedgerEntry.year == year.year, LedgerEntry.category_id.is_not(None),
                   LedgerEntry.account_id.in_(book_account_ids(session, book_id)))
            .group_by(LedgerEntry.category_id, cal_year, month)
        ).all()
    index = {ym: i for i, ym in enumerate(year.months())}
    sums: dict[int, list[int]] = defaultdict(lambda: [0] * 13)
    for category_id, y, m, amount in rows:
        sums[category_id][index.get((int(y), int(m)), 12)] += int(amount)
    result = []
    for c in list_categories(db, book_id=book_id):
        values = sums.get(c.id)
        if values is None and c.retired:
            continue
        values = values or [0] * 13
        result.append(MonthlyRow(c.id, c.kind, c.name, values[:12], values[12], c.is_carry_forward))
    return result


def month_labels() -> list[str]:
    return [f"{m}月" for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]



@dataclass(frozen=True)
class StatementLine:
    """A line of the 予算対比 / 収支予算書 / 収支決算書: a 目 with its figures, or a 款・項 whose
    figures are the sums of the 目 under it (`child_ids`: the lines directly under it)."""

    category_id: int
    kind: str
    name: str
    depth: int  # 1 款, 2 項 (or a 目 directly under its 款), 3 目
    heading: bool
    budget: int
    actual: int
    moved: int = 0
    note: str = ""
    settlement_note: str = ""
    child_ids: tuple[int, ...] = ()
    over_budget: bool = False

    @property
    def level_label(self) -> str:
        return ("款" if self.depth == 1 else "項") if self.heading else "目"

    @property
    def remaining(self) -> int:
        return self.budget - self.actual


def statement_lines(db: Database, year: FiscalYear, *, book_id: int | None = None) -> list[StatementLine]:
    """The 会計's tree, 款 and 項 before the 目 under them with their subtotals (sums of their 目)."""
    rows = {r.category_id: r for r in budget_vs_actual(db, year, book_id=book_id)}
    tree = list_categories(db, book_id=book_id, include_headings=True)
    return lines_with_subtotals(rows, tree)


def lines_with_subtotals(rows: dict[int, BudgetActual], tree: list[CategoryInfo]) -> list[StatementLine]:
    """Pure: `tree` in pre-order (CategoryInfo with heading/depth/parent_id), `rows` the 目 figures.
    Headings with nothing under them shown are left out."""
    children: dict[int | None, list[CategoryInfo]] = defaultdict(list)
    for c in tree:
        children[c.parent_id].append(c)

    def build(c: CategoryInfo) -> list[StatementLine]:
        if not c.heading:
            r = rows.get(c.id)
            if r is None:
                return []
            return [StatementLine(c.id, c.kind, c.name, c.depth, False, r.budget, r.actual, r.moved, r.note,
                                  r.settlement_note, (), r.over_budget)]
        below: list[StatementLine] = []
        direct: list[StatementLine] = []
        for child in children.get(c.id, []):
            built = build(child)
            if built:
                direct.append(built[0])
                below += built
        if not below:
            return []
        head = StatementLine(c.id, c.kind, c.name, c.depth, True, sum(x.budget for x in direct),
                             sum(x.actual for x in direct), sum(x.moved for x in direct),
                             child_ids=tuple(x.category_id for x in direct))
        return [head, *below]

    ids = {c.id for c in tree}
    out: list[StatementLine] = []
    for c in tree:
        if c.parent_id is None or c.parent_id not in ids:
            out += build(c)
    return out
