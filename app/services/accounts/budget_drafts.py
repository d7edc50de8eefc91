"""予算（案）: next year's draft budget, beside this year's budget (前年度予算額) and the change (増減).

Made with the plan (make_next_plan) from this year's budget in force; the 前年度繰越金 line is
prefilled with this year's 決算見込み, the money the year will hand on: per 費目 the larger of its
budget and what was received or spent so far (a budget is expected to be used up, a figure beyond
it has happened), 収入 − 支出. Staff correct it in the draft.
The draft stays apart from the budget versions: approval (approve_plan) makes it the year's
当初予算 through save_budget.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_text
from app.services.accounts.analysis import budget_vs_actual
from app.services.accounts.books import resolve_book
from app.services.accounts.budgets import BudgetBalance, clean_amounts, current_budget
from app.services.accounts.categories import list_categories
from app.services.accounts.common import EXPENSE, INCOME
from app.services.changes import BUDGETS, Changes, Result
from app.storage.database import Database
from app.storage.models import BudgetDraftLine

DRAFT_LABEL = "予算（案）"
OUTLOOK_NOTE = "決算見込み"


@dataclass(frozen=True)
class DraftLine:
    category_id: int
    direction: str  # INCOME | EXPENSE
    name: str
    amount: int  # 予算額（案）
    previous_budget: int  # 前年度予算額 (the budget in force of the year before)
    note: str

    @property
    def change(self) -> int:
        """増減 = 予算額（案） − 前年度予算額."""
        return self.amount - self.previous_budget


@dataclass(frozen=True)
class BudgetDraft:
    year: FiscalYear
    lines: tuple[DraftLine, ...]  # income categories, then expense, in the staff's order

    def balance(self) -> BudgetBalance:
        income = sum(ln.amount for ln in self.lines if ln.direction == INCOME)
        expense = sum(ln.amount for ln in self.lines if ln.direction == EXPENSE)
        return BudgetBalance(DRAFT_LABEL, income, expense)


def _stored(db: Database, year: FiscalYear) -> dict[int, BudgetDraftLine]:
    with db.session() as session:
        rows = session.scalars(select(BudgetDraftLine).where(BudgetDraftLine.year == year.year))
        return {r.category_id: r for r in rows}


def budget_draft(db: Database, year: FiscalYear) -> BudgetDraft | None:
    """The draft budget of `year`; None when none was made (or it was approved)."""
    stored = _stored(db, year)
    if not stored:
        return None
    previous = current_budget(db, year.previous())
    before = previous.amounts if previous else {}
    lines = tuple(
        DraftLine(c.id, c.kind, c.name, stored[c.id].amount if c.id in stored else 0, before.get(c.id, 0),
                  stored[c.id].note if c.id in stored else "")
        for c in list_categories(db)
        if c.id in stored or before.get(c.id) or not c.retired
    )  # fmt: skip
    return BudgetDraft(year, lines)


def settlement_outlook(db: Database, year: FiscalYear) -> int:
    """決算見込み of the year's balance (see the module's doc)."""
    rows = budget_vs_actual(db, year)
    return sum((max(r.budget, r.actual) if r.kind == INCOME else -max(r.budget, r.actual)) for r in rows)


def make_budget_draft(db: Database, year: FiscalYear) -> Result[int]:
    """The following year's draft from `year`'s budget in force (and 決算見込み for 前年度繰越金);
    returns the number of lines. Nothing is made when `year` has no budget."""
    following = year.next()
    budget = current_budget(db, year)
    if budget is None:
        return Result(0, Changes())
    amounts = dict(budget.amounts)
    notes = dict(budget.notes)
    outlook = settlement_outlook(db, year)
    for c in list_categories(db, INCOME):
        if c.is_carry_forward and outlook > 0:
            amounts[c.id], notes[c.id] = outlook, f"{year.label}の{OUTLOOK_NOTE}"
    return save_budget_draft(db, following, amounts, notes)


def save_budget_draft(
    db: Database, year: FiscalYear, amounts: Mapping[int, object], notes: Mapping[int, str] | None = None
) -> Result[int]:
    """Write the draft's lines (replacing the ones given); whole yen ≥ 0, named by category."""
    notes = notes or {}
    with db.session.begin() as session:
        clean = clean_amounts(session, resolve_book(session).id, amounts)  # the first 会計's, as the 予算 tab
        stored = {r.category_id: r for r in
                  session.scalars(select(BudgetDraftLine).where(BudgetDraftLine.year == year.year))}
        for category_id, amount in clean.items():
            row = stored.get(category_id)
            if row is None:
                row = BudgetDraftLine(year=year.year, category_id=category_id)
                session.add(row)
            row.amount = amount
            if category_id in notes:
                row.note = normalize_text(notes[category_id])
            elif row.note is None:
                row.note = ""
        session.flush()
        return Result(len(clean), Changes.of(BUDGETS))


def discard_budget_draft(db: Database, year: FiscalYear) -> Changes:
    """Remove the draft's lines (once approved they live on as the 当初予算)."""
    with db.session.begin() as session:
        for row in session.scalars(select(BudgetDraftLine).where(BudgetDraftLine.year == year.year)):
            session.delete(row)
    return Changes.of(BUDGETS)
