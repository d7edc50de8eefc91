"""Key figures from 管理費: the settlement's totals (kept with each submission to show changes;
city hall reads the amounts per category from the 収支決算書 sheet and cross-checks these)."""

from __future__ import annotations

from app.domain.directions import EXPENSE, INCOME
from app.domain.fiscal_year import FiscalYear
from app.services.accounts.analysis import budget_vs_actual
from app.services.accounts.books import submission_book
from app.services.submission.figures import MONEY_GROUP, Figure
from app.storage.database import Database


def settlement_figures(db: Database, year: FiscalYear) -> list[Figure]:
    rows = budget_vs_actual(db, year, book_id=submission_book(db).id)  # the 会計 the city funds
    income = sum(r.actual for r in rows if r.kind == INCOME)
    expense = sum(r.actual for r in rows if r.kind == EXPENSE)
    return [
        Figure(MONEY_GROUP, "収入合計", income),
        Figure(MONEY_GROUP, "支出合計", expense),
        Figure(MONEY_GROUP, "次年度繰越金", income - expense),
    ]
