"""現金出納帳 files as other towns keep them (tests/fixtures/make_office_files.py): dates split over
columns or without a year, 繰越 and 合計 rows, other headers, unknown 費目; and `kyodo new`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from app.cli import main as kyodo
from app.domain.fiscal_year import FiscalYear
from app.services.accounts.ledger import ledger_rows, list_entries
from app.services.accounts.ledger_import import commit_ledger_import, preview_ledger_import
from app.services.profile import get_profile
from app.storage.database import open_database

FY = FiscalYear(2025)


def new_db(db_path: Path) -> None:
    assert kyodo(["new", "--db", str(db_path), "--body", "一関南地域協働体", "--year", "2025"]) == 0


def entries(db_path: Path) -> list[tuple]:
    db = open_database(db_path)
    try:
        return [(e.entry_date, e.category_name, e.direction, e.amount, e.description) for e in list_entries(db, FY)]
    finally:
        db.close()


def without_row(path: Path, row: int, tmp_path: Path) -> Path:
    """The same workbook with one row deleted (as a user would before importing again)."""
    wb = load_workbook(path)
    wb.active.delete_rows(row)
    out = tmp_path / path.name
    wb.save(out)
    return out


def test_kyodo_new_makes_an_empty_database_once(db_path, capsys):
    new_db(db_path)
    db = open_database(db_path)
    try:
        assert get_profile(db).name == "一関南地域協働体"
        assert list_entries(db, FY) == []
    finally:
        db.close()
    assert kyodo(["new", "--db", str(db_path), "--body", "別", "--year", "2025"]) == 1
    assert "既にデータがあります" in capsys.readouterr().err


def test_split_date_columns_carry_and_total_rows(db_path, office_files, tmp_path, capsys):
    new_db(db_path)
    path = office_files["10_現金出納帳_日付分割.xlsx"]
    db = open_database(db_path)
    try:
        preview = preview_ledger_import(db, path, FY)
    finally:
        db.close()
    lines = preview.column_lines() + preview.skipped_lines() + preview.summary_lines()
    assert "  A列（日付）（B・C・D・E・F・G列も） → 日付" in lines
    assert "読み飛ばし: 次年度繰越の行（締めの行は取り込みません） 1行（11行目）" in lines
    assert "読み飛ばし: 4月計の行 1行（6行目）" in lines and "読み飛ばし: 合計の行 1行（10行目）" in lines
    assert "読み飛ばし: 開始残高（前年度繰越）の行 1行（3行目）" in lines
    assert "開始残高（前年度繰越金）120,000円を令和7年度の最初に記録します（3行目）" in lines
    # the refund written △500 in 支出金額 is a 戻入 of 消耗品費, and the preview says so
    assert preview.issues == []
    assert "戻入・戻出として記帳する行: 1行（7行目 消耗品費の戻入 500円）。その費目の決算額から差し引きます" in lines
    assert kyodo(["ledger", "import", str(path), "--db", str(db_path), "--year", "2025"]) == 0
    assert entries(db_path) == [
        (date(2025, 4, 1), "前年度繰越金", "income", 120000, "前年度より繰越"),
        (date(2025, 4, 10), "会費", "income", 30000, "4月分会費 30名"),  # 摘要 + 摘要２
        (date(2025, 4, 15), "消耗品費", "expense", 3300, "コピー用紙 ホームセンター"),
        (date(2025, 5, 8), "消耗品費", "income", 500, "コピー用紙(返品)"),  # money back: 戻入
        (date(2025, 5, 20), "通信運搬費", "expense", 840, "切手代 一関郵便局"),
    ]
    db = open_database(db_path)
    try:  # the 差引残高 the sheet shows at its end is the book's balance
        assert ledger_rows(db, FY)[-1].balance == 146360
        assert [e.kind_label for e in list_entries(db, FY)][3] == "戻入"
    finally:
        db.close()


def test_month_and_day_columns_without_a_year(db_path, office_files):
    new_db(db_path)
    path = office_files["11_出納帳_月日列.xlsx"]
    assert kyodo(["ledger", "import", str(path), "--db", str(db_path), "--year", "2025"]) == 0
    assert [(d, c, a) for d, c, _dir, a, _desc in entries(db_path)] == [
        (date(2025, 4, 1), "前年度繰越金", 50000),  # 前期繰越 sets the opening balance
        (date(2025, 4, 5), "会費", 20000),
        (date(2025, 7, 20), "事業費", 12000),
        (date(2026, 1, 15), "雑費", 1500),  # January belongs to the next calendar year
    ]
    # importing again: the opening row is checked against the balance carried, nothing doubles
    db = open_database(db_path)
    try:
        again = preview_ledger_import(db, path, FY)
    finally:
        db.close()
    assert "3行目の前年度繰越 50,000円は記録済みの繰越金と一致します（取り込みません）" in again.notes
    assert again.counts[again.rows[0].status] == 3 and again.rows[0].status.value == "変更なし"


def test_month_day_text_weekday_other_headers_and_a_balance_only_first_row(db_path, office_files, tmp_path):
    new_db(db_path)
    path = office_files["12_出納帳_月日と曜日.xlsx"]
    db = open_database(db_path)
    try:
        preview = preview_ledger_import(db, path, FY)
    finally:
        db.close()
    assert [r.data.entry_date for r in preview.rows] == [date(2025, 4, 1), date(2025, 7, 20), date(2025, 8, 1),
                                                         date(2026, 2, 3)]
    assert preview.issues == []  # -300 in 歳出 is the 戻入 of 事業費
    assert [r.data.direction_label for r in preview.rows] == ["収入", "支出", "戻入", "支出"]
    assert "開始残高（前年度繰越金）10,000円を令和7年度の最初に記録します（2行目）" in preview.notes
    assert kyodo(["ledger", "import", str(path), "--db", str(db_path), "--year", "2025"]) == 0
    assert [(d, c, _dir, a) for d, c, _dir, a, _desc in entries(db_path)] == [
        (date(2025, 4, 1), "前年度繰越金", "income", 10000), (date(2025, 4, 1), "会費", "income", 5000),
        (date(2025, 7, 20), "事業費", "expense", 2000), (date(2025, 8, 1), "事業費", "income", 300),
        (date(2026, 2, 3), "雑費", "expense", 700)]


def test_refunds_written_with_a_minus_are_recorded_as_refunds(db_path, office_files, capsys):
    """△1,200 in 収入 is a 戻出 of 会費, -800 in 支出 a 戻入 of 消耗品費, 区分 戻入 with ▲2,000 a
    戻入 of 事業費: each shown so in the dry run, then booked as refunds that reduce their 費目."""
    from app.services.accounts.analysis import budget_vs_actual

    new_db(db_path)
    path = str(office_files["16_出納簿_戻入戻出.xlsx"])
    assert kyodo(["ledger", "import", path, "--db", str(db_path), "--year", "2025", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert ("戻入・戻出として記帳する行: 3行（4行目 会費の戻出 1,200円、6行目 消耗品費の戻入 800円、"
            "7行目 事業費の戻入 2,000円）。その費目の決算額から差し引きます") in out
    assert "新規 6件、更新 0件、変更なし 0件、エラー 0件、警告 1件" in out
    # the 戻入 of 5/20 comes before the purchase of 5/21: more than 事業費 held that day
    assert ("警告: シート『令和7年度』 7行目 F列（支出金額）: 戻入 2,000円は、費目「事業費」の2025/05/20までの"
            "支出（0円）より大きくなっています。金額と費目を確かめてください") in out
    assert out.count("より大きくなっています") == 1  # 800 and 1,200 are within what was spent / came in
    assert entries(db_path) == []
    assert kyodo(["ledger", "import", path, "--db", str(db_path), "--year", "2025"]) == 0
    db = open_database(db_path)
    try:
        booked = [(e.entry_date, e.kind_label, e.category_name, e.amount) for e in list_entries(db, FY)]
        assert booked == [
            (date(2025, 4, 10), "収入", "会費", 30000), (date(2025, 4, 12), "戻出", "会費", 1200),
            (date(2025, 4, 15), "支出", "消耗品費", 3300), (date(2025, 4, 18), "戻入", "消耗品費", 800),
            (date(2025, 5, 20), "戻入", "事業費", 2000), (date(2025, 5, 21), "支出", "事業費", 5000)]
        assert ledger_rows(db, FY)[-1].balance == 23300  # the sheet's own 差引残高
        totals = {t.name: t.actual for t in budget_vs_actual(db, FY)}
        assert (totals["会費"], totals["消耗品費"], totals["事業費"]) == (28800, 2500, 3000)
    finally:
        db.close()


def test_treasurer_workbook_picks_the_best_sheet_and_names_each(db_path, office_files, capsys):
    new_db(db_path)
    path = office_files["13_会計_口座別.xlsx"]
    db = open_database(db_path)
    try:
        preview = preview_ledger_import(db, path, FY)
        assert preview.sheet_name == "現金"  # not 集計, which has no 費目 or 日付
        assert preview.sheet_report[0] == "集計（必須の見出し『日付』『費目』がありません）"
        assert preview.skipped_lines() == ["読み飛ばし: 合計の行 1行（6行目）"]
        commit_ledger_import(db, FY, preview)
        bank = preview_ledger_import(db, path, FY, sheet_name="普通預金")
        # 「指定管理料」 as treasurers write it is the registered 「指定管理料（市からの管理費）」, and said so
        assert [(r.data.entry_date, r.data.category_name, r.data.amount) for r in bank.rows] == [
            (date(2025, 4, 25), "指定管理料（市からの管理費）", 500000), (date(2025, 4, 30), "光熱水費", 42000)]
        assert "費目「指定管理料」（1件）は登録済みの「指定管理料（市からの管理費）」として取り込みます" in bank.notes
        assert not bank.extra["unknown_categories"]
    finally:
        db.close()
    assert [(c, a) for _d, c, _dir, a, _desc in entries(db_path)] == [
        ("前年度繰越金", 20000), ("消耗品費", 550), ("会費", 6000)]


def test_a_carried_balance_at_each_month_start_is_never_an_entry(db_path, office_files, capsys):
    # 前月繰越 after the opening row was an unknown 費目 (and with --add-categories a 5,500円 income)
    new_db(db_path)
    path = str(office_files["20_出納帳_月ごとの前月繰越.xlsx"])
    assert kyodo(["ledger", "import", path, "--db", str(db_path), "--year", "2025", "--add-categories"]) == 0
    out = capsys.readouterr().out
    assert "読み飛ばし: 繰越の行（前月繰越など。記帳にしません） 2行（6、10行目）" in out
    assert "読み飛ばし: 開始残高（前年度繰越）の行 1行（2行目）" in out
    assert "新しく作る費目" not in out
    assert [(d, c, a) for d, c, _dir, a, _desc in entries(db_path)] == [
        (date(2025, 4, 1), "前年度繰越金", 5000), (date(2025, 4, 2), "会費", 1000),
        (date(2025, 5, 2), "消耗品費", 500), (date(2025, 6, 3), "通信運搬費", 840)]


def test_money_rows_that_only_mention_a_carry_are_checked_not_skipped(db_path, tmp_path, capsys):
    """Only a row that is nothing but 前月繰越 (spending nothing, repeating its 残高) is skipped: a
    correction whose 摘要 mentions 前月繰越, or a 繰越金 income that is not the balance, stays a row to
    check (here: refused for its unknown 費目), so no money is dropped on a word alone."""
    from openpyxl import Workbook

    new_db(db_path)
    wb = Workbook()
    ws = wb.active
    ws.title = "出納帳"
    for row in (["月日", "勘定科目", "摘要", "収入金額", "支出金額", "差引残高"],
                ["4/1", "前年度繰越", None, 10000, None, 10000],
                ["4/2", "消耗品費", "コピー用紙", None, 1000, 9000],
                ["5/1", "前月繰越", None, None, None, 9000],
                ["5/2", None, "前月繰越分の誤りを訂正", None, 3000, 6000],
                ["5/3", "繰越金", "町内会から", 7000, None, 13000]):
        ws.append(row)
    path = tmp_path / "carry.xlsx"
    wb.save(path)
    assert kyodo(["ledger", "import", str(path), "--db", str(db_path), "--year", "2025"]) == 1
    err = capsys.readouterr().err
    assert "読み飛ばし: 繰越の行（前月繰越など。記帳にしません） 1行（4行目）" in err
    assert "シート『出納帳』 5行目 B列（勘定科目）: " in err
    assert "シート『出納帳』 6行目 B列（勘定科目）: 費目「繰越金」は登録されていません" in err
    assert entries(db_path) == []


def test_unknown_categories_are_listed_mapped_or_created(db_path, office_files, capsys):
    new_db(db_path)
    path = str(office_files["14_出納簿_未登録費目.xlsx"])
    assert kyodo(["ledger", "import", path, "--db", str(db_path), "--year", "2025"]) == 1
    err = capsys.readouterr().err
    assert "登録されていない費目: 会議費（2件）、研修費（1件）" in err
    assert kyodo(["ledger", "import", path, "--db", str(db_path), "--year", "2025", "--category", "会議費=事業費",
                  "--add-categories"]) == 0
    assert "新しく作る費目: 研修費（1件）" in capsys.readouterr().out
    assert [(c, d, a) for _d, c, d, a, _desc in entries(db_path)] == [
        ("事業費", "expense", 1200), ("事業費", "expense", 3400), ("研修費", "expense", 2000), ("会費", "income", 8000)]


def test_bad_category_option_is_a_usage_error(db_path, office_files, capsys):
    new_db(db_path)
    path = str(office_files["14_出納簿_未登録費目.xlsx"])
    assert kyodo(["ledger", "import", path, "--db", str(db_path), "--year", "2025", "--category", "会議費"]) == 2
    assert kyodo(["ledger", "import", path, "--db", str(db_path), "--year", "2025", "--map", "摘要=色"]) == 2
    capsys.readouterr()
    # a 費目 that is not registered, like a --map to a field that does not exist
    assert kyodo(["ledger", "import", path, "--db", str(db_path), "--year", "2025", "--category", "会議費=会議費用",
                  "--add-categories"]) == 2
    assert "使い方の誤り: --category「会議費=会議費用」: 費目「会議費用」は登録されていません（登録済みの費目: " in \
        capsys.readouterr().err
    assert entries(db_path) == []
    # a 元の名前 the sheet never writes (a typo, or a 費目 this month does not have) is said, not an error
    assert kyodo(["ledger", "import", path, "--db", str(db_path), "--year", "2025", "--dry-run", "--category",
                  "会義費=事業費", "--add-categories"]) == 0
    assert ("--category の元の名前「会義費」は、シート『出納簿』の費目の列にありません（使いませんでした。"
            "書き間違いがないか確かめてください）") in capsys.readouterr().out


def test_a_refund_larger_than_the_spending_warns_and_a_minus_transfer_goes_the_other_way(
        db_path, office_files, capsys):
    """A 戻入 for goods bought last year (5,000 against 2,000 spent) is a warning naming the cell,
    imported all the same; 「△20,000」 under 出金 with 科目 普通預金 is an 引き出し: a 振替 from the
    bank into cash. The balances come out as the sheet's 残高 column says."""
    new_db(db_path)
    assert kyodo(["account", "add", "--db", str(db_path), "--name", "普通預金", "--kind", "bank",
                  "--opening", "100000", "--year", "2025"]) == 0
    path = str(office_files["17_出納帳_返品と振替の訂正.xlsx"])
    capsys.readouterr()
    assert kyodo(["ledger", "import", path, "--db", str(db_path), "--year", "2025", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "新規 5件、更新 0件、変更なし 0件、エラー 0件、警告 1件、読み飛ばし 1件" in out
    assert ("警告: シート『現金』 5行目 E列（出金）: 戻入 5,000円は、費目「消耗品費」の2025/04/20までの支出（2,000円）"
            "より大きくなっています。金額と費目を確かめてください") in out
    assert "負の金額の振替: 1行（7行目）は逆向きの振替として記帳します" in out
    assert kyodo(["ledger", "import", path, "--db", str(db_path), "--year", "2025"]) == 0
    db = open_database(db_path)
    try:
        from app.services.accounts.analysis import budget_vs_actual
        from app.services.accounts.books import list_accounts

        accounts = {a.name: a.id for a in list_accounts(db)}
        cash = [(e.entry_date, e.kind_label, e.category_name or e.counterparty, e.amount)
                for e in list_entries(db, FY) if e.account_id == accounts["現金"]]
        assert cash == [
            (date(2025, 4, 1), "収入", "前年度繰越金", 30000), (date(2025, 4, 5), "支出", "消耗品費", 2000),
            (date(2025, 4, 20), "戻入", "消耗品費", 5000), (date(2025, 4, 25), "振替出", "普通預金", 10000),
            (date(2025, 4, 28), "振替入", "普通預金", 20000), (date(2025, 5, 10), "支出", "消耗品費", 3300)]
        assert ledger_rows(db, FY, account_id=accounts["現金"])[-1].balance == 39700  # the sheet's 残高
        assert ledger_rows(db, FY, account_id=accounts["普通預金"])[-1].balance == 90000
        spent = {t.name: t.actual for t in budget_vs_actual(db, FY)}
        assert spent["消耗品費"] == 2000 - 5000 + 3300  # net of the 戻入
    finally:
        db.close()
