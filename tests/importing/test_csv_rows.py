"""read_csv_rows: the rows exactly as the csv module reads the file opened with newline="" in its
encoding — line endings of every kind, line breaks inside quotes, BOM, Shift_JIS, tabs — with ""
as None and a repeated text kept once."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from app.importing.csv_reader import read_csv_rows
from app.importing.errors import ImportFileError

CASES = {
    "crlf": ("氏名,電話\r\n佐藤 一郎,0191-21-2111\r\n", "utf-8"),
    "lf": ("氏名,電話\n佐藤 一郎,0191-21-2111\n鈴木 花子,\n", "utf-8"),
    "cr only (old Mac)": ("氏名,電話\r佐藤 一郎,0191-21-2111\r", "utf-8"),
    "quoted line breaks": ('氏名,備考\r\n佐藤 一郎,"一行目\r\n二行目\n三行目"\r\n鈴木,"a\rb"\r\n', "utf-8"),
    "bom": ("\ufeff氏名,電話\r\n髙橋 﨑,①\r\n", "utf-8-sig"),
    "shift_jis": ("氏名,班,電話\r\n佐藤 一郎,1班,\r\n千葉 恵子,1班,  \r\n㈱一関,1班,　\r\n", "cp932"),
    "tabs": ("氏名\t電話\n佐藤 一郎\t0191-21-2111\n", "utf-8"),
    "separators inside": ("氏名,備考\u2028続き\x0cページ,x\r\n佐藤,\u2028\x85\r\n", "utf-8"),
}


@pytest.mark.parametrize("name", CASES)
def test_rows_are_what_the_csv_module_reads(tmp_path: Path, name: str) -> None:
    text, encoding = CASES[name]
    path = tmp_path / "名簿.csv"
    path.write_bytes(text.encode(encoding))
    rows, label = read_csv_rows(path)
    with path.open(encoding=encoding, newline="") as f:
        sample = f.read(4096)
        f.seek(0)
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        expected = [tuple(c or None for c in row) for row in csv.reader(f, dialect)]
    assert rows == expected
    assert label == ("Shift_JIS" if encoding == "cp932" else "UTF-8")


def test_a_repeated_text_is_kept_once(tmp_path: Path) -> None:
    path = tmp_path / "名簿.csv"
    path.write_text("氏名,班\n" + "".join(f"会員{i},第1班の備考はここまで長く書いてあります\n" for i in range(3)),
                    encoding="utf-8")
    rows, _ = read_csv_rows(path)
    assert rows[1][1] == rows[3][1] and rows[1][1] is rows[3][1]


def test_neither_encoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "名簿.csv"
    path.write_bytes("氏名\n".encode() + b"\x82\xa0\xff\xfe\x81\n")
    with pytest.raises(ImportFileError, match="文字コードが分かりません"):
        read_csv_rows(path)
