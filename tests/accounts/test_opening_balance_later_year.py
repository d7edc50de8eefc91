"""A treasurer's sheet for a later year starts with 前年度繰越 too: it is checked against the balance
that closing the year before carried into that 口座 — equal is said and skipped, different is a
warning (never an entry); and `kyodo book add --funded-by-city` makes the new 会計 the 提出対象."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.cli import main
from app.domain.fiscal_year import FiscalYear
from app.services.accounts.books import list_accounts, list_books, submission_book
from app.services.accounts.closing import close_year
from app.services.accounts.ledger import ledger_rows
from tests.postgres_support import open_target

FIRST, LATER = FiscalYear(2025), FiscalYear(2026)
HEADERS = ["日付", "費目", "摘要", "収入", "支出", "残高"]
YUCHO = "普通預金_ゆうちょ"


def _sheet(path: Path, rows: dict[str, list[list]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, lines in rows.items():
        ws = wb.create_sheet(name)
        for line in (HEADERS, *lines):
            ws.append(line)
    wb.save(path)
    return path


@pytest.fixture
def closed_first_year(tmp_path: Path, new_target) -> Path | str:
    """2025 kept from 現金 12,000 and ゆうちょ 500,000 brought in, closed: 17,000 and 580,000 carried."""
    db = new_target("books.sqlite")
    assert main(["new", "--db", str(db), "--body", "みどり野地域協働体", "--year", "2025"]) == 0
    assert main(["account", "add", "--db", str(db), "--name", YUCHO, "--kind", "bank"]) == 0
    book = _sheet(tmp_path / "令和7年度.xlsx", {
        "現金": [[None, "前年度繰越", None, None, None, 12_000],
                 [date(2025, 4, 10), "会費", "構成団体会費", 90_000, None, 102_000],
                 [date(2025, 4, 11), YUCHO, "預け入れ", None, 80_000, 22_000],
                 [date(2025, 4, 20), "消耗品費", "コピー用紙", None, 5_000, 17_000]],
        YUCHO: [[None, "前年度繰越", None, None, None, 500_000],
                [date(2025, 4, 11), "現金", "預け入れ", 80_000, None, 580_000]],
    })
    base = ["ledger", "import", str(book), "--db", str(db), "--year", "2025"]
    assert main([*base, "--sheet", "現金"]) == 0
    assert main([*base, "--sheet", YUCHO, "--account", YUCHO]) == 0
    data = open_target(db)
    try:
        close_year(data, FIRST, "総会で決算承認", confirm_warnings=True)
    finally:
        data.close()
    return db


def _carried(db: Path | str) -> dict[str, list[int]]:
    """Per 口座, the amounts of 2026's 前年度繰越金 lines."""
    data = open_target(db)
    try:
        return {a.name: [r.entry.amount for r in ledger_rows(data, LATER, account_id=a.id)
                         if r.entry.source == "carry_forward"] for a in list_accounts(data)}
    finally:
        data.close()


def test_a_later_years_opening_row_is_checked_against_the_carried_balance(closed_first_year, tmp_path, capsys) -> None:
    db = closed_first_year
    capsys.readouterr()
    later = _sheet(tmp_path / "令和8年度.xlsx", {
        "現金": [[None, "前年度繰越", None, None, None, 17_000],  # as carried
                 [date(2026, 4, 15), "会費", "構成団体会費", 60_000, None, 77_000]],
        YUCHO: [[None, "前年度繰越", None, None, None, 590_000],  # 10,000 more than the books carried
                [date(2026, 5, 10), "指定管理料（市からの管理費）", "第1四半期", 2_450_000, None, 3_040_000]],
    })
    base = ["ledger", "import", str(later), "--db", str(db), "--year", "2026"]
    assert main([*base, "--sheet", "現金"]) == 0
    out = capsys.readouterr().out
    assert "2行目の前年度繰越 17,000円は記録済みの繰越金と一致します（取り込みません）" in out

    assert main([*base, "--sheet", YUCHO, "--account", YUCHO, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "警告 1件" in out
    assert "前年度繰越 590,000円が、口座「普通預金_ゆうちょ」に記録済みの繰越金 580,000円と違います" in out
    assert main([*base, "--sheet", YUCHO, "--account", YUCHO]) == 0  # a warning: the entries come in
    assert _carried(db) == {"現金": [17_000], YUCHO: [580_000]}  # no second opening, nothing changed
    data = open_target(db)
    try:
        balances = {a.name: ledger_rows(data, LATER, account_id=a.id)[-1].balance for a in list_accounts(data)}
    finally:
        data.close()
    assert balances == {"現金": 77_000, YUCHO: 3_030_000}  # the books' 580,000, not the sheet's 590,000


def test_book_add_funded_by_city_makes_it_the_submitted_book(new_target, capsys) -> None:
    db = new_target("books.sqlite")
    assert main(["new", "--db", str(db), "--body", "みどり野地域協働体", "--year", "2025"]) == 0
    assert main(["book", "add", "--db", str(db), "--name", "特別会計（積立金）"]) == 0
    assert main(["book", "add", "--db", str(db), "--name", "指定管理（市民センター管理運営）", "--funded-by-city"]) == 0
    data = open_target(db)
    try:
        assert [b.funded_by_city for b in list_books(data)] == [False, False, True]
        assert submission_book(data).name == "指定管理(市民センター管理運営)"
    finally:
        data.close()
    # one 提出対象 at a time: the next one so marked takes it over
    assert main(["book", "add", "--db", str(db), "--name", "一般会計２", "--funded-by-city"]) == 0
    data = open_target(db)
    try:
        assert [b.name for b in list_books(data) if b.funded_by_city] == ["一般会計2"]
    finally:
        data.close()
    assert main(["book", "add", "--db", str(db), "--name", "特別会計（積立金）"]) == 1
    assert "既にあります" in capsys.readouterr().err
