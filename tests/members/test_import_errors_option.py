"""`kyodo members import … --errors FILE.xlsx`: the window's 「エラー一覧を保存…」 on the command line —
the one sheet with its エラー column, the cell at fault marked, nothing imported."""

from __future__ import annotations

from openpyxl import load_workbook

from app.cli import main as kyodo
from tests.members.conftest import write_sheet
from tests.members.test_member_import import HEADERS


def test_members_import_errors_writes_the_error_workbook_and_imports_nothing(db, db_target, tmp_path, capsys) -> None:
    rows = [HEADERS, ["自治会", "A自治会", None, None, None, None, None, None, None, "2025/02/30", None, None]]
    path = write_sheet(tmp_path / "e.xlsx", rows)
    out = tmp_path / "直す.xlsx"
    db.close()
    assert kyodo(["members", "import", str(path), "--db", str(db_target), "--errors", str(out)]) == 1
    said = capsys.readouterr().err
    assert f"エラー一覧を保存しました: {out}" in said and "何も変更していません" in said
    ws = load_workbook(out).active
    assert ws.cell(3, len(HEADERS) + 1).value == "エラー"
    assert ws.cell(4, len(HEADERS) + 1).value == "加入日: 2025/02/30 は存在しない日付です"
    assert ws["J4"].fill.fgColor.rgb.endswith("FFC7CE")
    assert load_workbook(out).sheetnames == ["名簿"]  # one sheet: no エラー一覧 sheet


def test_errors_is_not_written_when_the_import_has_none(db, db_target, tmp_path, capsys) -> None:
    rows = [HEADERS, ["民区", "川端民区", "かわばたみんく", None, None, None, None, 33, None, "令和7年4月1日", None, None]]
    path = write_sheet(tmp_path / "ok.xlsx", rows)
    out = tmp_path / "直す.xlsx"
    db.close()
    assert kyodo(["members", "import", str(path), "--db", str(db_target), "--dry-run", "--errors", str(out)]) == 0
    assert not out.exists()
