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
def test_settlement_of_another_book_with_kou_subtotals_recalculates(demo, db_target, tmp_path) -> None:
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
    assert main(["export", "settlement", "--db", str(db_target), "--year", "2026", "--format", "xlsx",
                 "--out", str(path), "--book", "一般会計"]) == 0
    ws = load_workbook(recalculated(path, tmp_path / "out"), data_only=True)["収支決算書"]
    rows = _labels(ws)
    lines = {x.name: x for x in statement_lines(demo, CURRENT, book_id=general)}
    assert ws.cell(rows["行事費"], 3).value == lines["行事費"].actual == 7_000
    assert ws.cell(rows["支出合計"], 3).value == lines["支出"].actual
    assert ws.cell(rows["次年度繰越金"], 3).value == lines["収入"].actual - lines["支出"].actual


def test_audit_report_names_the_auditors_in_office_with_stamps(demo, db_target, tmp_path) -> None:
    path = tmp_path / "audit.pdf"
    assert main(["export", "audit", "--db", str(db_target), "--year", "2025", "--format", "pdf",
                 "--out", str(path), "--stamps"]) == 0
    text = _pdf_text(path)
    auditors = [t.person_name for t in officers_as_of(demo, CLOSED.end) if t.post_name == "監事"]
    assert auditors and all(name in text for name in auditors)
    assert "適正に処理されていることを認めます" in text and "監査報告書" in text and "会長" in text


@pytest.mark.libreoffice
def test_assets_with_a_fund_and_fixtures_recalculates_to_the_apps_totals(demo, tmp_path) -> None:
    """The fund's purpose and target year and the 備品 (bought by the year end, not disposed of)
    are printed; LibreOffice's 積立金・基金計, 合計 and 備品計 equal the app's."""
    from openpyxl import load_workbook

    from app.services.accounts.books import AccountInput, add_account
    from app.services.accounts.closing import close_year, reopen_year
    from app.services.accounts.equipment import EquipmentInfo, save_equipment
    from app.services.accounts.report_data import assets_report_data
    from tests.helpers.libreoffice import recalculated

    book = find_book(demo, None)  # the first 会計; its closed year is reopened to take the fund's opening
    reopen_year(demo, CLOSED, "基金の登録漏れ", book_id=book.id)
    add_account(demo, AccountInput("防災備蓄基金", "fund", purpose="避難所の備蓄品", target_year=2028),
                book_id=book.id, opening="45,000", year=CLOSED)
    close_year(demo, CLOSED, "再承認", book_id=book.id, backup=False, confirm_warnings=True)
    for name, bought, amount, disposed in (("草刈機", date(2023, 6, 1), 98_000, None),
                                           ("発電機", date(2025, 9, 10), 132_000, None),
                                           ("古いテント", date(2015, 5, 1), 40_000, date(2025, 4, 30)),
                                           ("新しい長机", date(2026, 5, 1), 60_000, None)):
        save_equipment(demo, EquipmentInfo(None, None, name, bought, amount, "倉庫", disposed))
    data = assets_report_data(demo, CLOSED)
    path = export_report(demo, "assets", CLOSED, "xlsx", tmp_path / "in" / "assets.xlsx")
    ws = load_workbook(recalculated(path, tmp_path / "out"), data_only=True)["財産目録"]
    rows = _labels(ws)
    fund = rows["防災備蓄基金"]
    assert "避難所の備蓄品" in ws.cell(fund, 2).value and ws.cell(fund, 4).value == "目標 2028年度"
    assert ws.cell(fund, 3).value == 45_000
    assert ws.cell(rows["積立金・基金計"], 3).value == sum(f.balance for f in data.funds)
    assert ws.cell(rows["合計（次年度繰越金）"], 3).value == data.book_balance
    # only what was held at the year end: the tent went in April, the desks came the next year
    assert "古いテント" not in rows and "新しい長机" not in rows
    assert ws.cell(rows["備品計"], 3).value == 98_000 + 132_000 == sum(e.amount for e in data.equipment)


@pytest.mark.libreoffice
def test_audit_report_xlsx_recalculates_to_the_settlement(demo, db_target, tmp_path) -> None:
    from openpyxl import load_workbook

    from tests.helpers.libreoffice import recalculated

    path = tmp_path / "in" / "audit.xlsx"
    assert main(["export", "audit", "--db", str(db_target), "--year", "2025", "--format", "xlsx",
                 "--out", str(path)]) == 0
    ws = load_workbook(recalculated(path, tmp_path / "out"), data_only=True)["監査報告"]
    rows = _labels(ws)
    heads = {x.kind: x.actual for x in statement_lines(demo, CLOSED) if x.depth == 1}
    assert ws.cell(rows["収入合計"], 2).value == heads["income"]
    assert ws.cell(rows["支出合計"], 2).value == heads["expense"]
    assert ws.cell(rows["次年度繰越金"], 2).value == heads["income"] - heads["expense"] > 0
    assert any("監事" in label for label in rows)
