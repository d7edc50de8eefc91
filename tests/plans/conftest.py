"""令和7年度 with two projects, five meetings and a balanced budget: the year the 総会 closes."""

from __future__ import annotations

import pytest

from app.domain.fiscal_year import FiscalYear
from app.services.accounts.budgets import save_budget
from app.services.accounts.categories import list_categories
from tests.projects.conftest import year_db  # noqa: F401 - the year of projects and meetings
from tests.ui.conftest import open_window  # noqa: F401 - the window fixture, for the GUI walk

FY2025 = FiscalYear(2025)
FY2026 = FiscalYear(2026)


@pytest.fixture
def cats(db) -> dict[str, int]:
    return {c.name: c.id for c in list_categories(db)}


@pytest.fixture
def budget_db(year_db, cats):  # noqa: F811 - the imported fixture
    """year_db with a 当初予算 for 令和7年度: 収入 1,000,000 = 支出 1,000,000."""
    db, ids = year_db
    save_budget(db, FY2025, {cats["指定管理料（市からの管理費）"]: 800_000, cats["会費"]: 200_000,
                             cats["光熱水費"]: 600_000, cats["事業費"]: 400_000})
    return db, ids
