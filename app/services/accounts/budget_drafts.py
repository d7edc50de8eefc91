"""予算（案）: next year's draft budget of each 会計, beside this year's budget (前年度予算額) and the
change (増減).

Made with the plan (make_next_plan) from this year's budget in force, one draft per 会計 that has a
budget (a draft line belongs to its 費目's 会計); the 前年度繰越金 line is
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
from sqlalchemy.orm import Session

from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_text
from app.services.accounts.analysis import BudgetActual, budget_vs_actual
from app.services.accounts.books import BookInfo, list_books, resolve_book
from app.services.accounts.budgets import BudgetBalance, clean_amounts, current_budget
from app.services.accounts.categories import list_categories
from app.services.accounts.common import EXPENSE, INCOME
from app.services.changes import BUDGETS, Changes, Result
from app.storage.database import Database
from app.storage.models import BudgetDraftLine, Category

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
    book_id: int = 0
    book_name: str = ""  # the 会計 (its name heads the draft when the body keeps several)

    @property
    def label(self) -> str:
        """「予算（案）」, or 「特別会計の予算（案）」 for a 会計 named."""
        return f"{self.book_name}の{DRAFT_LABEL}" if self.book_name else DRAFT_LABEL

    def balance(self) -> BudgetBalance:
        income = sum(ln.amount for ln in self.lines if ln.direction == INCOME)
        expense = sum(ln.amount for ln in self.lines if ln.direction == EXPENSE)
        return BudgetBalance(self.label, income, expense)


def _stored(db: Database, year: FiscalYear, book_id: int) -> dict[int, BudgetDraftLine]:
    with db.session() as session:
        rows = session.scalars(select(BudgetDraftLine).join(Category, Category.id == BudgetDraftLine.category_id)
                               .where(BudgetDraftLine.year == year.year, Category.book_id == book_id))
        return {r.category_id: r for r in rows}


def _draft(db: Database, year: FiscalYear, book: BookInfo, named: bool) -> BudgetDraft | None:
    stored = _stored(db, year, book.id)
    if not stored:
        return None
    previous = current_budget(db, year.previous(), book_id=book.id)
    before = previous.amounts if previous else {}
    lines = tuple(
        DraftLine(c.id, c.kind, c.name, stored[c.id].amount if c.id in stored else 0, before.get(c.id, 0),
                  stored[c.id].note if c.id in stored else "")
        for c in list_categories(db, book_id=book.id)
        if c.id in stored or before.get(c.id) or not c.retired
    )  # fmt: skip
    return BudgetDraft(year, lines, book.id, book.name if named else "")


def budget_drafts(db: Database, year: FiscalYear) -> list[BudgetDraft]:
    """The draft budget of each 会計 of `year` that has one, in the 会計's order (empty when none
    was made, or they were approved). With several 会計 each draft carries its 会計's name."""
    books = list_books(db)
    drafts = (_draft(db, year, b, len(books) > 1) for b in books)
    return [d for d in drafts if d is not None]


def budget_draft(db: Database, year: FiscalYear, *, book_id: int | None = None) -> BudgetDraft | None:
    """The draft budget of `year` for the 会計 (default: the first); None when none was made."""
    books = list_books(db)
    with db.session() as session:
        book = resolve_book(session, book_id)
    return _draft(db, year, next(b for b in books if b.id == book.id), len(books) > 1)


def outlook_by_category(db: Database, year: FiscalYear, *, book_id: int | None = None) -> dict[int, int]:
    """決算見込み of each 費目 of the 会計 for the year: the larger of its budget and what was received
    or spent so far (see the module's doc). The 予算（案） form shows it beside each line."""
    return {r.category_id: _outlook(r) for r in budget_vs_actual(db, year, book_id=book_id)}


def settlement_outlook(db: Database, year: FiscalYear, *, book_id: int | None = None) -> int:
    """決算見込み of the 会計's balance for the year: 収入 − 支出 of the 費目's 決算見込み."""
    return sum(_outlook(r) if r.kind == INCOME else -_outlook(r) for r in budget_vs_actual(db, year, book_id=book_id))


def _outlook(row: BudgetActual) -> int:
    return max(row.budget, row.actual)  # a budget is expected to be used up; a figure beyond it has happened


def make_budget_draft(db: Database, year: FiscalYear) -> Result[int]:
    """The following year's draft of each 会計 from `year`'s budget in force (and 決算見込み for
    前年度繰越金); returns the number of lines. Nothing is made for a 会計 without a budget."""
    made, changes = 0, Changes()
    for book in list_books(db):
        budget = current_budget(db, year, book_id=book.id)
        if budget is None:
            continue
        amounts = dict(budget.amounts)
        notes = dict(budget.notes)
        outlook = settlement_outlook(db, year, book_id=book.id)
        for c in list_categories(db, INCOME, book_id=book.id):
            if c.is_carry_forward and outlook > 0:
                amounts[c.id], notes[c.id] = outlook, f"{year.label}の{OUTLOOK_NOTE}"
        saved = save_budget_draft(db, year.next(), amounts, notes, book_id=book.id)
        made, changes = made + saved.value, changes | saved.changes
    return Result(made, changes)


def save_budget_draft(
    db: Database, year: FiscalYear, amounts: Mapping[int, object], notes: Mapping[int, str] | None = None,
    *, book_id: int | None = None,
) -> Result[int]:
    """Write draft lines (replacing the ones given); whole yen ≥ 0, named by category. The 費目 must
    be the 会計's (`book_id`), or, without it, each line goes to its own 費目's 会計 (the window saves
    the drafts of every 会計 at once)."""
    notes = notes or {}
    with db.session.begin() as session:
        clean: dict[int, int] = {}
        for book, part in _by_book(session, amounts, book_id).items():
            clean |= clean_amounts(session, book, part)
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


def _by_book(session: Session, amounts: Mapping[int, object], book_id: int | None) -> dict[int, dict[int, object]]:
    if book_id is not None:
        return {resolve_book(session, book_id).id: dict(amounts)}
    books = dict(session.execute(select(Category.id, Category.book_id).where(Category.id.in_(list(amounts)))).all())
    first = resolve_book(session).id  # an unknown 費目 is refused by the first 会計's check
    groups: dict[int, dict[int, object]] = {}
    for category_id, value in amounts.items():
        groups.setdefault(books.get(category_id, first), {})[category_id] = value
    return groups


def discard_budget_draft(db: Database, year: FiscalYear) -> Changes:
    """Remove the draft's lines (once approved they live on as the 当初予算)."""
    with db.session.begin() as session:
        for row in session.scalars(select(BudgetDraftLine).where(BudgetDraftLine.year == year.year)):
            session.delete(row)
    return Changes.of(BUDGETS)
