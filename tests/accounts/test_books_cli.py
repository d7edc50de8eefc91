"""`kyodo book add`, `kyodo account add` and the treasurer's workbook (現金 / 普通預金_ゆうちょ sheets)
brought in with `ledger import --account`: transfers by 口座 name, recognised on the second sheet."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.cli import main
from app.domain.fiscal_year import FiscalYear
from app.services.accounts.analysis import budget_vs_actual, totals
from app.services.accounts.books import list_accounts, list_books
from app.services.accounts.common import EXPENSE, INCOME
from app.services.accounts.ledger import ledger_rows
from tests.postgres_support import open_target

FY = FiscalYear(2025)
HEADERS = ["日付", "費目", "摘要", "収入", "支出", "残高"]


@pytest.fixture
def db_file(new_target) -> Path | str:
    path = new_target("books.sqlite")
    open_target(path).close()
    return path


def _workbook(path: Path) -> Path:
    wb = Workbook()
    cash = wb.active
    cash.title = "現金"
    for row in (HEADERS, [None, "前年度繰越", None, None, None, 12_000],
                [date(2025, 4, 10), "会費", "構成団体会費", 90_000, None, 102_000],
                [date(2025, 4, 11), "普通預金_ゆうちょ", "預け入れ", None, 80_000, 22_000],
                [date(2025, 4, 20), "消耗品費", "コピー用紙", None, 5_000, 17_000]):
        cash.append(row)
    bank = wb.create_sheet("普通預金_ゆうちょ")
    for row in (HEADERS, [None, "前年度繰越", None, None, None, 500_000],
                [date(2025, 4, 11), "現金", "預け入れ", 80_000, None, 580_000],
                [date(2025, 5, 10), "指定管理料（市からの管理費）", "第1四半期", 2_450_000, None, 3_030_000]):
        bank.append(row)
    wb.save(path)
    return path


def _balances(path: Path | str) -> dict[str, int]:
    db = open_target(path)
    try:
        return {a.name: ledger_rows(db, FY, account_id=a.id)[-1].balance for a in list_accounts(db)}
    finally:
        db.close()


def test_book_and_account_add(db_file: Path | str, capsys) -> None:
    assert main(["book", "add", "--db", str(db_file), "--name", "特別会計（積立金）"]) == 0
    assert main(["account", "add", "--db", str(db_file), "--book", "特別会計（積立金）", "--name", "ゆうちょ",
                 "--kind", "bank", "--bank", "ゆうちょ銀行 八四八支店 普通 1234567",
                 "--opening", "300,000", "--year", "2025"]) == 0
    assert "開始残高 300,000円" in capsys.readouterr().out
    db = open_target(db_file)
    try:
        assert [b.name for b in list_books(db)] == ["一般会計", "特別会計(積立金)"]
        special = list_books(db)[1].id
        bank = next(a for a in list_accounts(db, special) if a.name == "ゆうちょ")
        assert (bank.bank_name, bank.branch, bank.account_type, bank.masked_number) == (
            "ゆうちょ銀行", "八四八支店", "普通", "****567")
        assert ledger_rows(db, FY, account_id=bank.id)[-1].balance == 300_000
    finally:
        db.close()
    assert main(["account", "add", "--db", str(db_file), "--name", "ゆうちょ", "--kind", "bank",
                 "--book", "ない会計"]) == 1
    assert "会計「ない会計」はありません" in capsys.readouterr().err
    assert main(["account", "add", "--db", str(db_file), "--name", "現金", "--kind", "cash"]) == 1
    assert "既にあります" in capsys.readouterr().err


def test_treasurers_workbook_round_trip_with_transfer(db_file: Path | str, tmp_path: Path, capsys) -> None:
    book = _workbook(tmp_path / "出納帳.xlsx")
    assert main(["account", "add", "--db", str(db_file), "--name", "普通預金_ゆうちょ", "--kind", "bank"]) == 0
    base = ["ledger", "import", str(book), "--db", str(db_file), "--year", "2025"]
    assert main([*base, "--sheet", "現金"]) == 0
    assert main([*base, "--sheet", "普通預金_ゆうちょ", "--account", "普通預金_ゆうちょ", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "シート『普通預金_ゆうちょ』: 新規 1件、更新 0件、変更なし 1件" in out
    assert "振替（対応済み）: 1行（3行目）" in out
    assert "口座「普通預金_ゆうちょ」の開始残高（前年度繰越金）500,000円を令和7年度の最初に記録します（2行目）" in out
    assert main([*base, "--sheet", "普通預金_ゆうちょ", "--account", "普通預金_ゆうちょ"]) == 0
    assert _balances(db_file) == {"現金": 17_000, "普通預金_ゆうちょ": 3_030_000}
    db = open_target(db_file)
    try:
        rows = budget_vs_actual(db, FY)
        # the transfer is in neither total; both opening balances are 前年度繰越金
        assert totals(rows, INCOME)[1] == 12_000 + 500_000 + 90_000 + 2_450_000
        assert totals(rows, EXPENSE)[1] == 5_000
    finally:
        db.close()
    # the same sheets again change nothing
    assert main([*base, "--sheet", "現金"]) == 0
    assert main([*base, "--sheet", "普通預金_ゆうちょ", "--account", "普通預金_ゆうちょ"]) == 0
    assert _balances(db_file) == {"現金": 17_000, "普通預金_ゆうちょ": 3_030_000}
