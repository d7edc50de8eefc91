"""The treasurer's workbook with three sheets — 現金, 普通預金_ゆうちょ, 普通預金_A銀行 — brought in one
口座 at a time (`ledger import --account`): each transfer is booked once, from the first sheet that
names it, and recognised on the others (振替（対応済み）). Then each 口座's book is exported
(`export ledger --account`: 現金出納簿 / 預金出納帳, xlsx and PDF) and compared with the sheet it came
from, and the exported books read back into a new database give the same balances."""

from __future__ import annotations

import datetime as dt
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.cli import main
from app.domain.fiscal_year import FiscalYear
from app.services.accounts.analysis import budget_vs_actual, totals
from app.services.accounts.books import list_accounts
from app.services.accounts.common import EXPENSE, INCOME
from app.services.accounts.ledger import ledger_rows
from tests.postgres_support import open_target

FY = FiscalYear(2025)
HEADERS = ["日付", "費目", "摘要", "収入", "支出", "残高"]
YUCHO, A_BANK = "普通預金_ゆうちょ", "普通預金_A銀行"
SHEETS: dict[str, list[list]] = {
    "現金": [
        [None, "前年度繰越", None, None, None, 12_000],
        [date(2025, 4, 10), "会費", "構成団体会費", 90_000, None, 102_000],
        [date(2025, 4, 11), YUCHO, "預け入れ", None, 80_000, 22_000],
        [date(2025, 4, 20), "消耗品費", "コピー用紙", None, 5_000, 17_000],
        [date(2025, 5, 15), A_BANK, "引き出し", 30_000, None, 47_000],
    ],
    YUCHO: [
        [None, "前年度繰越", None, None, None, 500_000],
        [date(2025, 4, 11), "現金", "預け入れ", 80_000, None, 580_000],
        [date(2025, 5, 10), "指定管理料（市からの管理費）", "第1四半期", 2_450_000, None, 3_030_000],
        [date(2025, 6, 1), A_BANK, "口座間振替", None, 1_000_000, 2_030_000],
    ],
    A_BANK: [
        [None, "前年度繰越", None, None, None, 200_000],
        [date(2025, 5, 15), "現金", "引き出し", None, 30_000, 170_000],
        [date(2025, 6, 1), YUCHO, "口座間振替", 1_000_000, None, 1_170_000],
        [date(2025, 6, 30), "光熱水費", "電気料 6月分", None, 48_000, 1_122_000],
    ],
}
BALANCES = {"現金": 47_000, YUCHO: 2_030_000, A_BANK: 1_122_000}


def _workbook(path: Path) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in SHEETS.items():
        ws = wb.create_sheet(name)
        for row in (HEADERS, *rows):
            ws.append(row)
    wb.save(path)
    return path


def _new_database(path: Path | str) -> Path | str:
    assert main(["new", "--db", str(path), "--body", "みどり野地域協働体", "--year", "2025"]) == 0
    assert main(["account", "add", "--db", str(path), "--name", YUCHO, "--kind", "bank",
                 "--bank", "ゆうちょ銀行 八四八支店 普通 1234567"]) == 0
    assert main(["account", "add", "--db", str(path), "--name", A_BANK, "--kind", "bank",
                 "--bank", "A銀行 本店 普通 7654321"]) == 0
    return path


def _import(db: Path | str, file: Path, account: str, *extra: str) -> int:
    chosen = [] if account == "現金" else ["--account", account]
    return main(["ledger", "import", str(file), "--db", str(db), "--year", "2025", *chosen, *extra])


def _balances(path: Path | str) -> dict[str, int]:
    db = open_target(path)
    try:
        return {a.name: ledger_rows(db, FY, account_id=a.id)[-1].balance for a in list_accounts(db)}
    finally:
        db.close()


def _export(db: Path | str, account: str, out: Path, fmt: str = "xlsx") -> Path:
    assert main(["export", "ledger", "--db", str(db), "--year", "2025", "--format", fmt, "--out", str(out),
                 "--account", account]) == 0
    return out


def test_the_export_names_the_account(books, tmp_path: Path, capsys) -> None:
    db, _book = books
    capsys.readouterr()
    _export(db, YUCHO, tmp_path / "y.xlsx")
    assert f"令和7年度の出納簿（口座: {YUCHO}）を書き出しました" in capsys.readouterr().out


def _entry_rows(path: Path) -> tuple[str, list[str], list[tuple]]:
    """The exported book's title, its subtitles, and its entry lines as (date, 費目, 摘要, 収入, 支出)."""
    ws = load_workbook(path).worksheets[0]
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "日付")
    col = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    subtitles = [ws.cell(r, 1).value for r in range(2, header) if isinstance(ws.cell(r, 1).value, str)]
    lines = []
    for r in range(header + 1, ws.max_row + 1):
        when = ws.cell(r, 1).value
        if isinstance(when, dt.datetime):  # not a 月計 or 合計 row
            lines.append((when.date(), *(ws.cell(r, col[h]).value for h in ("費目", "摘要", "収入", "支出"))))
    return ws["A1"].value, subtitles, lines


@pytest.fixture
def books(tmp_path: Path, new_target, capsys) -> tuple[Path | str, Path]:
    """The three sheets imported one 口座 after the other; returns (database, workbook)."""
    db, book = _new_database(new_target("books.sqlite")), _workbook(tmp_path / "出納帳.xlsx")
    assert _import(db, book, "現金", "--sheet", "現金") == 0
    assert _import(db, book, YUCHO, "--sheet", YUCHO) == 0
    assert _import(db, book, A_BANK, "--sheet", A_BANK, "--dry-run") == 0
    out = capsys.readouterr().out
    # both transfers on the third sheet were booked from the first two
    assert "振替（対応済み）: 2行（3・4行目）" in out
    assert "口座「普通預金_A銀行」の開始残高（前年度繰越金）200,000円" in out
    assert _import(db, book, A_BANK, "--sheet", A_BANK) == 0
    return db, book


def test_three_sheets_imported_book_each_transfer_once(books) -> None:
    db, _book = books
    assert _balances(db) == BALANCES
    data = open_target(db)
    try:
        rows = budget_vs_actual(data, FY)
        # no transfer is income or expense; the three openings are 前年度繰越金
        assert totals(rows, INCOME)[1] == 12_000 + 500_000 + 200_000 + 90_000 + 2_450_000
        assert totals(rows, EXPENSE)[1] == 5_000 + 48_000
        transfers = {r.entry.transfer_id for a in list_accounts(data) for r in ledger_rows(data, FY, account_id=a.id)
                     if r.entry.is_transfer}
        assert len(transfers) == 3
    finally:
        data.close()


@pytest.mark.parametrize("account", ["現金", YUCHO, A_BANK])
def test_each_accounts_exported_book_equals_its_sheet(books, tmp_path: Path, account: str) -> None:
    db, _book = books
    title, subtitles, lines = _entry_rows(_export(db, account, tmp_path / f"{account}.xlsx"))
    form = "現金出納簿" if account == "現金" else "預金出納帳"
    assert title == f"令和7年度 みどり野地域協働体 {form}"
    sheet = SHEETS[account]
    opening = sheet[0][5]
    assert lines[0] == (date(2025, 4, 1), "前年度繰越金", "前年度より繰越", opening, None)
    expected = [(r[0], r[1], r[2], r[3], r[4]) for r in sheet[1:]]
    assert lines[1:] == expected  # a transfer's 費目 is the other 口座, as on the sheet
    assert opening + sum(x[3] or 0 for x in expected) - sum(x[4] or 0 for x in expected) == BALANCES[account]
    if account == YUCHO:  # the passbook's number is masked on paper
        assert any("ゆうちょ銀行 八四八支店 普通 ****567" in s for s in subtitles)
        assert not any("1234567" in s for s in subtitles)


def test_the_bank_book_as_pdf(books, tmp_path: Path) -> None:
    from tests.accounts.test_statement_notes import _pdf_text

    db, _book = books
    text = _pdf_text(_export(db, A_BANK, tmp_path / "a.pdf", "pdf"))
    for words in ("預金出納帳", f"口座: {A_BANK}（A銀行 本店 普通 ****321）", "口座間振替", "電気料 6月分",
                  "1,122,000"):
        assert words in text
    assert "構成団体会費" not in text and "7654321" not in text  # the cash book's lines are not in it


def test_the_exported_books_read_back_into_a_new_database(books, new_target, tmp_path: Path) -> None:
    db, _book = books
    exported = {a: _export(db, a, tmp_path / f"{a}.xlsx") for a in BALANCES}
    fresh = _new_database(new_target("fresh.sqlite"))
    for account, file in exported.items():
        assert _import(fresh, file, account) == 0
    assert _balances(fresh) == BALANCES


@pytest.mark.libreoffice
def test_the_bank_books_balance_recalculates_to_the_apps(books, tmp_path: Path) -> None:
    from tests.helpers.libreoffice import recalculated

    db, _book = books
    path = recalculated(_export(db, YUCHO, tmp_path / "in" / "yucho.xlsx"), tmp_path / "out")
    ws = load_workbook(path, data_only=True).worksheets[0]
    totals_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "合計")
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "日付")
    col = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    assert ws.cell(totals_row, col["残高"]).value == BALANCES[YUCHO]
    assert ws.cell(totals_row, col["収入"]).value == 500_000 + 80_000 + 2_450_000
