"""Fixtures for the 管理費 tests: category ids by name, and a quick way to book entries."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.fiscal_year import FiscalYear
from app.services.accounts.categories import list_categories
from app.services.accounts.ledger import EntryInput, add_entry
from tests.ui.conftest import open_window  # noqa: F401 (the window fixture, for test_accounts_window)

FY = FiscalYear(2025)


@pytest.fixture
def cats(db) -> dict[str, int]:
    return {c.name: c.id for c in list_categories(db)}


@pytest.fixture
def book(db, cats):
    """book(date, "光熱水費", 1200) books an entry; the direction follows the category."""
    kinds = {c.id: c.kind for c in list_categories(db)}

    def _book(d: date, category: str, amount, year: FiscalYear = FY, **kw):
        cid = cats[category]
        return add_entry(db, year, EntryInput(d, kinds[cid], cid, amount, **kw)).value

    return _book
