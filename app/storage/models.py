"""All models, imported in one place so that `Base.metadata` is complete for Alembic.

Each area of the application keeps its models in its own module; add the import here.
"""

from app.storage.base import Base
from app.storage.models_accounts import BudgetLine, BudgetVersion, Category, LedgerEntry, YearClosingEvent
from app.storage.models_core import Body, FiscalYearRecord, Setting

__all__ = [
    "Base",
    "Body",
    "BudgetLine",
    "BudgetVersion",
    "Category",
    "FiscalYearRecord",
    "LedgerEntry",
    "Setting",
    "YearClosingEvent",
]
