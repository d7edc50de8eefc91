"""The 自己評価's cost evidence and the submission's 事業実績 count the entries of the 会計 the city
funds (提出対象) alone; the 事業 itself still shows what was spent on it from every 会計."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook

from app.services.accounts.books import add_book, list_accounts, list_books, set_funded_book
from app.services.accounts.categories import add_category, list_categories
from app.services.accounts.ledger import EntryInput, add_entry
from app.services.projects.evaluation import evaluation_sheet
from app.services.projects.projects import get_project
from app.services.reports import export_report
from app.services.submission.report_data import submission_results_data
from tests.projects.conftest import FY2025


def _spend(db, project_id: int, amount: int, book_id: int | None = None) -> None:
    category = next(c for c in list_categories(db, "expense", book_id=book_id) if not c.is_carry_forward)
    cash = next(a.id for a in list_accounts(db, book_id) if a.kind == "cash")
    add_entry(db, FY2025, EntryInput(date(2025, 6, 1), "expense", category.id, amount, "見守り用品",
                                     project_id=project_id, account_id=cash))


def _evidence(db, project_id: int) -> list[str]:
    sheet = evaluation_sheet(db, FY2025)
    return next(pe for pe in sheet.projects if pe.project.id == project_id).evidence.lines("cost")


def test_only_the_funded_books_entries_are_the_evidence(year_db, tmp_path) -> None:
    db, ids = year_db
    watch = ids["watch"]  # budget 50,000
    general = list_books(db)[0].id
    special = add_book(db, "特別会計（積立金）").value.id
    add_category(db, "expense", "事業費", book_id=special)
    _spend(db, watch, 12_000, general)
    _spend(db, watch, 30_000, special)

    assert get_project(db, watch).settled_cost == 42_000  # the 事業 page: every 会計
    assert _evidence(db, watch) == ["予算額 50,000円 → 決算額 12,000円（出納簿）・執行率 24.0%"]
    ws = load_workbook(export_report(db, "evaluation", FY2025, "xlsx", tmp_path / "e.xlsx"))["事業評価"]
    assert any(r[0] == "見守り活動" and "決算額 12,000円" in (r[5] or "") for r in ws.iter_rows(values_only=True))
    results = submission_results_data(db, FY2025, [])
    assert next(p.settled_cost for p in results.projects if p.name == "見守り活動") == 12_000

    set_funded_book(db, special)  # the 特別会計 becomes the 提出対象
    assert _evidence(db, watch) == ["予算額 50,000円 → 決算額 30,000円（出納簿）・執行率 60.0%"]
    results = submission_results_data(db, FY2025, [])
    assert next(p.settled_cost for p in results.projects if p.name == "見守り活動") == 30_000
