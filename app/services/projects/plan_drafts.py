"""Saving the 予算（案） against what its form showed: several PCs prepare the 総会 at once, and a
draft someone else saved since the form was filled is refused (who, when, which amounts), not
overwritten. The draft itself is kept by app.services.accounts.budget_drafts."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from app.domain.fiscal_year import FiscalYear
from app.domain.money import format_yen
from app.services.accounts import budget_drafts
from app.services.changes import Result
from app.services.reading import write_together
from app.services.records import latest_change, values_conflict
from app.storage.database import Database
from app.storage.models import BudgetDraftLine, Category, YearPlan


def save_budget_draft(db: Database, year: FiscalYear, amounts: Mapping[int, int], *,
                      expected: Mapping[int, int] | None = None) -> Result[int]:
    """Write the draft's amounts (費目 id → yen). `expected`: the amounts as the form showed them —
    refused (EditConflict naming who changed which 費目 and when; its `current` holds the amounts
    stored now) when another PC or window saved the draft since. Nothing is stored then."""
    with write_together(db) as view, view.session() as session:
        # FOR UPDATE (PostgreSQL): two PCs saving the year's draft take turns, each sees the other's
        session.get(YearPlan, year.year, with_for_update=True)
        if expected is not None:
            rows = list(session.scalars(select(BudgetDraftLine).where(BudgetDraftLine.year == year.year,
                                                                      BudgetDraftLine.category_id.in_(list(expected)))))
            stored = {r.category_id: r.amount for r in rows}
            changed = sorted(k for k in expected if stored.get(k, 0) != expected[k])
            if changed:
                names = dict(session.execute(select(Category.id, Category.name)
                                             .where(Category.id.in_(changed))).all())
                lines = [f"・{names.get(k, k)}: {format_yen(expected[k])} → {format_yen(stored.get(k, 0))}"
                         for k in changed]
                last = latest_change(session, BudgetDraftLine.__tablename__, ids=[r.id for r in rows],
                                     owner=("year", year.year))
                raise values_conflict(f"{year.label}の予算（案）", last,
                                      lines, {k: stored.get(k, 0) for k in expected})
        return budget_drafts.save_budget_draft(view, year, amounts)
