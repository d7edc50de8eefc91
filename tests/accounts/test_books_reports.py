"""The 会計 forms as staff print them: per 会計 with 款・項 subtotals, the 次年度繰越金 by 口座, the
財産目録 whose total is the books' balance, the 監査報告書 with the 監事 in office; LibreOffice
recalculates each and its totals equal the app's."""

from __future__ import annotations

from datetime import date

import pytest

from app.cli import main
from app.domain.fiscal_year import FiscalYear
from app.services.accounts.analysis import statement_lines
from app.services.accounts.books import find_book, list_accounts
from app.services.accounts.categories import add_category, list_categories
from app.services.accounts.common import EXPENSE
from app.services.accounts.ledger import EntryInput, add_entry, ledger_rows
from app.services.demo.create import create_demo
from app.services.members.officers import officers_as_of
from app.services.reports import export_report

TODAY = date(2026, 11, 29)
CLOSED = FiscalYear(2025)
CURRENT = FiscalYear(2026)


@pytest.fixture
def demo(db):
    create_demo(db, "みどり野地域協働体", today=TODAY)
    return db


def _labels(ws) -> dict[str, int]:
    return {ws.cell(r, 1).value.strip(): r for r in range(1, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, str)}


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.mark.libreoffice
def test_assets_total_equals_the_accounts_and_the_settlement(demo, tmp_path) -> None:
    from openpyxl import load_workbook

    from tests.helpers.libreoffice import recalculated

    path = export_report(demo, "assets", CLOSED, "xlsx", tmp_path / "in" / "assets.xlsx")
    ws = load_workbook(recalculated(path, tmp_path / "out"), data_only=True)["財産目録"]
    rows = _labels(ws)
    balances = {a.name: ledger_rows(demo, CLOSED, account_id=a.id)[-1].balance for a in list_accounts(demo)}
    assert ws.cell(rows["普通預金_ゆうちょ"], 3).value == balances["普通預金_ゆうちょ"]
    assert "****567" in ws.cell(rows["普通預金_ゆうちょ"], 2).value and "1234567" not in ws.cell(
        rows["普通預金_ゆうちょ"], 2).value
    settled = sum(x.actual if x.kind == "income" else -x.actual for x in statement_lines(demo, CLOSED) if x.depth == 1)
    assert ws.cell(rows["合計（次年度繰越金）"], 3).value == sum(balances.values()) == settled


@pytest.mark.libreoffice
def test_settlement_of_another_book_with_kou_subtotals_recalculates(demo, tmp_path) -> None:
    from openpyxl import load_workbook

    from tests.helpers.libreoffice import recalculated

    general = find_book(demo, "一般会計").id
    kan = next(c for c in list_categories(demo, book_id=general, include_headings=True)
               if c.heading and c.kind == EXPENSE)
    kou = add_category(demo, EXPENSE, "行事費", heading=True, parent_id=kan.id).value
    a = add_category(demo, EXPENSE, "会場費", parent_id=kou.id).value
    cash = next(x.id for x in list_accounts(demo, general) if x.kind == "cash")
    add_entry(demo, CURRENT, EntryInput(date(2026, 5, 1), EXPENSE, a.id, 7_000, account_id=cash))
    path = tmp_path / "in" / "general.xlsx"
    assert main(["export", "settlement", "--db", str(demo.path), "--year", "2026", "--format", "xlsx",
                 "--out", str(path), "--book", "一般会計"]) == 0
    ws = load_workbook(recalculated(path, tmp_path / "out"), data_only=True)["収支決算書"]
    rows = _labels(ws)
    lines = {x.name: x for x in statement_lines(demo, CURRENT, book_id=general)}
    assert ws.cell(rows["行事費"], 3).value == lines["行事費"].actual == 7_000
    assert ws.cell(rows["支出合計"], 3).value == lines["支出"].actual
    assert ws.cell(rows["次年度繰越金"], 3).value == lines["収入"].actual - lines["支出"].actual


def test_audit_report_names_the_auditors_in_office_with_stamps(demo, tmp_path) -> None:
    path = tmp_path / "audit.pdf"
    assert main(["export", "audit", "--db", str(demo.path), "--year", "2025", "--format", "pdf",
                 "--out", str(path), "--stamps"]) == 0
    text = _pdf_text(path)
    auditors = [t.person_name for t in officers_as_of(demo, CLOSED.end) if t.post_name == "監事"]
    assert auditors and all(name in text for name in auditors)
    assert "適正に処理されていることを認めます" in text and "監査報告書" in text and "会長" in text
