"""A number cell holding NaN or infinity (a crafted or broken file: Excel writes neither) is refused
with a message naming the sheet and the cell — not 「壊れている … invalid literal for int()」."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.cli import main as kyodo


def _with_number_text(tmp_path: Path, name: str, headers: list[str], row: list[object], text: str) -> Path:
    """A workbook whose number cell 987654 is rewritten to hold `text` as its stored value."""
    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名簿" if "名称" in headers else "出納簿"
    ws.append(headers)
    ws.append(row)
    wb.save(plain)
    out = tmp_path / name
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v>987654</v>", f"<v>{text}</v>".encode())
            dst.writestr(item, data)
    return out


@pytest.mark.parametrize("text", ["NaN", "-INF", "1e999"])
def test_members_import_names_the_cell(tmp_path, db_path, capsys, text) -> None:
    assert kyodo(["new", "--db", str(db_path), "--body", "試験地域協働体", "--year", "2025"]) == 0
    book = _with_number_text(tmp_path, "名簿.xlsx", ["名称", "ふりがな", "区分", "世帯数"],
                             ["上野原自治会", "うえのはら", "自治会", 987654], text)
    capsys.readouterr()
    assert kyodo(["members", "import", str(book), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert f"シート『名簿』のセルD2の値「{text}」は数として読めません" in err
    assert "invalid literal" not in err and "壊れている" not in err


def test_ledger_import_names_the_cell(tmp_path, db_path, capsys) -> None:
    assert kyodo(["new", "--db", str(db_path), "--body", "試験地域協働体", "--year", "2025"]) == 0
    book = _with_number_text(tmp_path, "出納簿.xlsx", ["日付", "区分", "費目", "摘要", "金額"],
                             ["2025/4/3", "支出", "消耗品費", "紙", 987654], "NaN")
    capsys.readouterr()
    assert kyodo(["ledger", "import", str(book), "--db", str(db_path), "--year", "2025"]) == 1
    assert "シート『出納簿』のセルE2の値「NaN」は数として読めません" in capsys.readouterr().err
