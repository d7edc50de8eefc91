"""The data of the 管理費 reports, each gathered in one read transaction
(app.domain.report_data.accounts): the settlement used to read the profile four times."""

from __future__ import annotations

from datetime import date

from app.domain.fiscal_year import FiscalYear
from app.domain.report_data.accounts import (
    AccountsHeading,
    BudgetReportData,
    BudgetVersionLine,
    LedgerLine,
    LedgerReportData,
    SettlementReportData,
    StatementLine,
)
from app.services.accounts.analysis import budget_vs_actual
from app.services.accounts.budgets import list_budget_versions
from app.services.accounts.ledger import ledger_rows
from app.services.profile import report_body
from app.services.reading import read_snapshot
from app.services.settings import PRINT_STAMP_BOXES, read_setting
from app.storage.database import Database


def stamp_boxes(db: Database) -> tuple[str, ...]:
    """The 印 boxes the office chose in the settings (会長, 会計, 監事); none when empty."""
    return tuple(read_setting(db, PRINT_STAMP_BOXES))


def _heading(view: Database, year: FiscalYear, today: date | None) -> AccountsHeading:
    return AccountsHeading(year, today or date.today(), report_body(view), stamp_boxes(view))


def _statement(view: Database, year: FiscalYear) -> tuple[StatementLine, ...]:
    return tuple(
        StatementLine(r.category_id, r.kind, r.name, r.budget, r.actual, r.note, r.over_budget)
        for r in budget_vs_actual(view, year)
    )


def settlement_report_data(db: Database, year: FiscalYear, today: date | None = None) -> SettlementReportData:
    with read_snapshot(db) as view:
        return SettlementReportData(_heading(view, year, today), _statement(view, year))


def budget_report_data(db: Database, year: FiscalYear, today: date | None = None) -> BudgetReportData:
    with read_snapshot(db) as view:
        versions = tuple(BudgetVersionLine(v.label, v.adopted_on, dict(v.amounts))
                         for v in list_budget_versions(view, year))
        previous = {r.category_id: r.actual for r in budget_vs_actual(view, year.previous())}
        return BudgetReportData(_heading(view, year, today), _statement(view, year), versions, previous)


def ledger_report_data(db: Database, year: FiscalYear, today: date | None = None) -> LedgerReportData:
    with read_snapshot(db) as view:
        lines = tuple(
            LedgerLine(
                entry_date=r.entry.entry_date, voucher_no=r.entry.voucher_no, direction=r.entry.direction,
                category=r.entry.category_name, description=r.entry.description,
                counterparty=r.entry.counterparty, payment_method=r.entry.payment_method,
                income=r.entry.income, expense=r.entry.expense, balance=r.balance, project=r.entry.project_name,
            )
            for r in ledger_rows(view, year)
        )  # fmt: skip
        return LedgerReportData(_heading(view, year, today), lines)
