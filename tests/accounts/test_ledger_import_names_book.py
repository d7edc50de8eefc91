"""The ledger import's done message names the book the rows went to: 現金出納簿『現金』 or
預金出納帳『…』 of the 口座 chosen, with the 会計 before it when the body keeps several."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from app.cli import main


def _sheet(path: Path, category: str) -> Path:
    wb = Workbook()
    for row in (["日付", "費目", "摘要", "収入", "支出"], [date(2025, 5, 10), category, "入金", 40_000, None]):
        wb.active.append(row)
    wb.save(path)
    return path


def _import(db: Path, file: Path, *extra: str) -> int:
    return main(["ledger", "import", str(file), "--db", str(db), "--year", "2025", *extra])


def test_the_done_message_names_the_cash_book_the_bank_book_and_the_book_of_another_kaikei(
        tmp_path: Path, capsys) -> None:
    db = tmp_path / "books.sqlite"
    assert main(["new", "--db", str(db), "--body", "みどり野地域協働体", "--year", "2025"]) == 0
    assert main(["account", "add", "--db", str(db), "--name", "普通預金_ゆうちょ", "--kind", "bank"]) == 0
    capsys.readouterr()

    assert _import(db, _sheet(tmp_path / "現金.xlsx", "会費")) == 0
    assert "令和7年度の現金出納簿『現金』に取り込みました: 新規 1件" in capsys.readouterr().out

    assert _import(db, _sheet(tmp_path / "ゆうちょ.xlsx", "会費"), "--account", "普通預金_ゆうちょ") == 0
    out = capsys.readouterr().out
    assert "令和7年度の預金出納帳『普通預金_ゆうちょ』に取り込みました: 新規 1件" in out
    assert "現金出納簿" not in out

    assert main(["book", "add", "--db", str(db), "--name", "特別会計"]) == 0
    capsys.readouterr()
    assert _import(db, _sheet(tmp_path / "特別.xlsx", "会費"), "--book", "特別会計", "--add-categories") == 0
    assert "令和7年度の特別会計の現金出納簿『現金』に取り込みました" in capsys.readouterr().out
