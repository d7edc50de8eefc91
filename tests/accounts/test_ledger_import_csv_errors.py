"""`kyodo ledger import 出納帳.csv … --errors FILE.xlsx`: a Shift_JIS cash book with a wrong date gives an
error workbook of its rows (every cell text), the date cell red with its message; fixed, it imports."""

from __future__ import annotations

from openpyxl import load_workbook

from app.cli import main as kyodo
from app.importing.error_workbook import BAD_COLOUR
from app.services.accounts.ledger import ledger_rows
from tests.accounts.conftest import FY
from tests.postgres_support import open_target

CSV = (
    "日付,区分,費目,摘要,相手先,金額,証憑番号\r\n"
    "2025/4/10,支出,光熱水費,電気代 4月分,東北電力,12000,001\r\n"
    "2025/4/31,支出,光熱水費,水道代 4月分,一関市,3000,002\r\n"
)


def test_the_error_workbook_of_a_csv_cash_book_imports_once_fixed(db, db_target, tmp_path, capsys) -> None:
    source = tmp_path / "出納帳.csv"
    source.write_bytes(CSV.encode("cp932"))
    saved = tmp_path / "出納帳_エラー一覧.xlsx"
    db.close()
    base = ["ledger", "import", "--db", str(db_target), "--year", "2025"]
    assert kyodo([*base[:2], str(source), *base[2:], "--errors", str(saved)]) == 1
    said = capsys.readouterr().err
    assert "3行目 A列（日付）" in said and f"エラー一覧を保存しました: {saved}" in said

    ws = load_workbook(saved).active
    assert [c.value for c in ws[1]] == ["日付", "区分", "費目", "摘要", "相手先", "金額", "証憑番号", "エラー"]
    assert (ws["F2"].value, ws["G2"].value) == ("12000", "001")  # text, as the CSV has them: 001 keeps its 0s
    date = ws["A3"]
    assert date.value == "2025/4/31" and date.fill.fgColor.rgb.endswith(BAD_COLOUR)
    assert date.comment is not None and "2025/4/31" in date.comment.text
    assert ws["H3"].value.startswith("日付: ") and ws["H2"].value is None

    ws["A3"] = "2025/4/30"
    fixed = tmp_path / "出納帳_直した.xlsx"
    ws.parent.save(fixed)
    assert kyodo([*base[:2], str(fixed), *base[2:]]) == 0
    reopened = open_target(db_target)
    try:
        got = [(r.entry_date.isoformat(), r.entry.description, r.entry.voucher_no) for r in ledger_rows(reopened, FY)]
    finally:
        reopened.close()
    assert ("2025-04-30", "水道代 4月分", 2) in got and ("2025-04-10", "電気代 4月分", 1) in got
