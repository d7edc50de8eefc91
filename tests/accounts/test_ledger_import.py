"""`kyodo ledger import`: round trip of the app's own export, staff sheets with headers in any
order, errors naming row and column, exit 1 and nothing changed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from app.cli import main
from app.domain.fiscal_year import FiscalYear
from app.services.accounts.books import list_accounts
from app.services.accounts.ledger import ledger_rows
from app.services.demo.create import create_demo
from app.services.projects.projects import create_project, list_projects
from app.services.reports import export_report
from tests.postgres_support import fingerprint, open_target

FY = FiscalYear(2026)
HEADERS = ["証憑番号", "費目", "日付", "金額", "区分", "相手先", "摘要"]  # not the export's order


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _digest(target: Path | str) -> str:
    return fingerprint(target)


def _snapshot(target: Path | str, year: FiscalYear = FY, account: str = "現金") -> list[tuple]:
    """The 口座's book (the ledger export's default is the 現金); a transfer's 費目 is the other 口座."""
    db = open_target(target)
    try:
        cash = next(a.id for a in list_accounts(db) if a.name == account)
        return [(e.entry_date, e.direction, e.category_name or e.counterparty, e.amount, e.description,
                 e.counterparty, e.voucher_no, e.payment_method, r.balance, e.project_name)
                for r in ledger_rows(db, year, account_id=cash) for e in [r.entry]]
    finally:
        db.close()


@pytest.fixture
def target(new_target) -> Path | str:
    """A new database (a file, or with KYODO_TEST_DB one on the server) for the command line."""
    return new_target("kyodo.sqlite")


@pytest.fixture
def demo_path(new_target) -> Path | str:
    path = new_target("demo.sqlite")
    db = open_target(path)
    create_demo(db, "みどり野地域協働体", today=date(2026, 11, 29))
    db.close()
    return path


def _sheet(path: Path, rows: list[list], title: str | None = "令和8年度 現金出納簿") -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "出納簿"
    if title:
        ws.append([title])
        ws.append([])
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _copy_projects(source: Path | str, target: Path | str) -> None:
    db = open_target(source)
    projects = list_projects(db, FY)
    db.close()
    db = open_target(target)
    for p in projects:
        create_project(db, FY, replace(p.data, committee_id=None))
    db.close()


def test_exported_ledger_imports_back_without_change(demo_path, new_target, tmp_path, capsys) -> None:
    db = open_target(demo_path)
    xlsx = export_report(db, "ledger", FY, "xlsx", tmp_path / "ledger.xlsx")
    db.close()
    before = _snapshot(demo_path)
    code, out, err = _run(capsys, "ledger", "import", xlsx, "--db", demo_path, "--year", "2026")
    assert code == 0, err
    assert f"新規 0件、更新 0件、変更なし {len(before)}件、エラー 0件" in out
    assert "読み飛ばし: 4月計の行 1行（" in out and "行として読み飛ばしました" not in out  # once, not per row
    assert _snapshot(demo_path) == before

    # into a database without that year's entries: the same cash book, line for line
    fresh = new_target("fresh.sqlite")
    _copy_projects(demo_path, fresh)  # the 事業 column names the year's projects: they must be there
    for bank in ("普通預金_ゆうちょ", "普通預金_架空信用金庫"):  # the 口座 the transfers name
        assert _run(capsys, "account", "add", "--db", fresh, "--name", bank, "--kind", "bank")[0] == 0
    code, out, err = _run(capsys, "ledger", "import", xlsx, "--db", fresh, "--year", "2026")
    assert code == 0, err
    assert f"新規 {len(before)}件" in out
    # line for line; a transfer gets the next free 証憑番号 of the new database
    assert [r[:6] + r[7:] for r in _snapshot(fresh)] == [r[:6] + r[7:] for r in before]


def test_staff_sheet_with_headers_in_any_order(tmp_path, target, capsys) -> None:
    open_target(target).close()
    xlsx = _sheet(tmp_path / "s.xlsx", [
        [None, "指定管理料(市からの管理費)", datetime(2026, 4, 10), 2_450_000, "収入", "一関市", "第1四半期"],
        [None, "光熱水費", "2026/4/12", "12,345", "支出", "東北電力", "4月分電気"],
        [7, "燃料費", "R8.4.30", 1, None, "", "灯油"],  # no 区分: the category says 支出
    ])
    code, out, err = _run(capsys, "ledger", "import", xlsx, "--db", target, "--year", "2026", "--dry-run")
    assert code == 0, err
    assert "新規 3件" in out and "何も変更していません" in out
    assert _snapshot(target) == []
    code, out, err = _run(capsys, "ledger", "import", xlsx, "--db", target, "--year", "2026")
    assert code == 0, err
    rows = _snapshot(target)
    assert [(r[2], r[3], r[6], r[8]) for r in rows] == [
        ("指定管理料（市からの管理費）", 2_450_000, 8, 2_450_000),  # numbered after the sheet's own 7
        ("光熱水費", 12_345, 9, 2_437_655),
        ("燃料費", 1, 7, 2_437_654),
    ]
    # the same sheet again changes nothing (rows without 証憑番号 are recognised by their content)
    code, out, _ = _run(capsys, "ledger", "import", xlsx, "--db", target, "--year", "2026")
    assert "新規 0件、更新 0件、変更なし 3件" in out


@pytest.mark.parametrize(
    "row, where, message",
    [
        ([1, "光熱水費", "2026/4/1", 12.5, "支出", "", ""], "4行目 D列（金額）", "1円単位の整数ではありません"),
        ([1, "会費", "2026/4/1", -300, "支出", "", ""], "4行目 D列（金額）",
         "「-300」は戻入と読みました。戻入は収入の費目「会費」には使えません（支出の費目に対して記帳します）"),
        ([1, "光熱水費", "2026/4/1", "1.2e3", "支出", "", ""], "4行目 D列（金額）", "金額として読めません"),
        ([1, "光熱水費", "2026/4/1", "たくさん", "支出", "", ""], "4行目 D列（金額）", "金額として読めません"),
        ([1, "光熱水費", "2026/4/1", 0, "支出", "", ""], "4行目 D列（金額）", "1円以上"),
        ([1, "交際費", "2026/4/1", 100, "支出", "", ""], "4行目 B列（費目）", "費目「交際費」は登録されていません"),
        ([1, "光熱水費", "2027/4/1", 100, "支出", "", ""], "4行目 C列（日付）", "2027/04/01 は令和8年度"),
        ([1, "光熱水費", "2026/3/31", 100, "支出", "", ""], "4行目 C列（日付）", "期間外"),
        ([1, "光熱水費", "2026/2/30", 100, "支出", "", ""], "4行目 C列（日付）", "存在しない日付"),
        ([1, "光熱水費", "2026/4/1", 100, "収入", "", ""], "4行目 B列（費目）", "支出の費目"),
        ([1, "光熱水費", "2026/4/1", 100, "出金?", "", ""], "4行目 E列（区分）", "収入か支出"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_imported(tmp_path, target, capsys, row, where, message) -> None:
    open_target(target).close()
    good = [2, "会費", "2026/6/1", 10_000, "収入", "", "会費"]
    xlsx = _sheet(tmp_path / "bad.xlsx", [row, good])
    before = _digest(target)
    code, out, err = _run(capsys, "ledger", "import", xlsx, "--db", target, "--year", "2026")
    assert code == 1
    assert "何も変更していません" in err
    assert f"シート『出納簿』 {where}: " in err and message in err, err
    assert _snapshot(target) == []
    assert _digest(target) == before


def test_duplicate_voucher_numbers_in_the_sheet_are_errors(tmp_path, target, capsys) -> None:
    open_target(target).close()
    xlsx = _sheet(tmp_path / "dup.xlsx", [
        [5, "会費", "2026/6/1", 100, "収入", "", ""], [5, "会費", "2026/6/2", 100, "収入", "", ""]])
    code, _out, err = _run(capsys, "ledger", "import", xlsx, "--db", target, "--year", "2026")
    assert code == 1 and "5行目 A列（証憑番号）: 証憑番号 5 が4行目と重複しています" in err


def test_settlement_period_rows_need_the_option(tmp_path, target, capsys) -> None:
    open_target(target).close()
    xlsx = _sheet(tmp_path / "may.xlsx", [[None, "光熱水費", "2027/5/10", 8_000, "支出", "", "3月分電気"]])
    code, _out, err = _run(capsys, "ledger", "import", xlsx, "--db", target, "--year", "2026")
    assert code == 1 and "出納整理期間" in err
    code, out, err = _run(capsys, "ledger", "import", xlsx, "--db", target, "--year", "2026", "--settlement-period")
    assert code == 0, err
    assert [r[0] for r in _snapshot(target)] == [date(2027, 5, 10)]


def test_closed_year_refuses_import(demo_path, tmp_path, capsys) -> None:
    xlsx = _sheet(tmp_path / "s.xlsx", [[None, "会費", "2025/6/1", 100, "収入", "", ""]])
    code, _out, err = _run(capsys, "ledger", "import", xlsx, "--db", demo_path, "--year", "2025")
    assert code == 1 and "締められているため取り込めません" in err


def test_missing_file_and_missing_headers(tmp_path, target, capsys) -> None:
    open_target(target).close()
    code, _out, err = _run(capsys, "ledger", "import", tmp_path / "nothing.xlsx", "--db", target, "--year", "2026")
    assert code == 1 and "nothing.xlsx" in err
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["名前", "住所"])
    wb.save(tmp_path / "other.xlsx")
    code, _out, err = _run(capsys, "ledger", "import", tmp_path / "other.xlsx", "--db", target, "--year", "2026")
    assert code == 1 and "見出し" in err and "日付" in err


def _book_without_amount_header(path: Path) -> Path:
    """A 出納帳 whose amount column is headed 支払額 (a word the importer does not know)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "支払"
    ws.append(["日付", "費目", "摘要", "支払額", "担当"])
    ws.append([date(2026, 4, 3), "消耗品費", "コピー用紙", 3280, "佐藤"])
    ws.append([date(2026, 4, 9), "通信運搬費", "切手", 840, "佐藤"])
    wb.save(path)
    return path


def test_no_amount_column_names_the_columns_and_map_imports_it(tmp_path, target, capsys) -> None:
    open_target(target).close()
    xlsx = _book_without_amount_header(tmp_path / "支払簿.xlsx")
    before = _digest(target)
    code, _out, err = _run(capsys, "ledger", "import", xlsx, "--db", target, "--year", "2026")
    assert code == 1
    assert "シート『支払』の1行目の見出しに金額の列が見つかりません" in err
    assert "このシートの列: A列（日付）、B列（費目）、C列（摘要）、D列（支払額）、E列（担当）" in err
    assert '--map "支払額=支出"' in err
    assert _digest(target) == before
    code, out, err = _run(capsys, "ledger", "import", xlsx, "--db", target, "--year", "2026", "--map", "支払額=支出")
    assert code == 0, err
    assert "D列（支払額） → 支出（指定）" in out
    assert [(r[0], r[1], r[2], r[3]) for r in _snapshot(target)] == [
        (date(2026, 4, 3), "expense", "消耗品費", 3280), (date(2026, 4, 9), "expense", "通信運搬費", 840)]
