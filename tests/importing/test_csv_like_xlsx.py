"""A CSV file is read the same as an .xlsx holding the same text: values by field, blank and
spaces-only cells as empty, short rows, rows of only spaces, 合計 rows and notes skipped alike (the
CSV takes a faster path through the rows)."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

from app.importing import read_sheet
from app.services.members.import_fields import FIELDS

ROWS = [
    ["令和7年度 会員名簿"],
    ["No", "氏名", "ふりがな", "電話", "住所", "加入日", "備考", "班", "摘要"],
    ["1", "佐藤 一郎", "さとう いちろう", "0191-21-2111", "一関市大手町1-1", "2020/4/1", "", "1班", "メモ"],
    ["2", "鈴木 花子", " ", "　", "", "2020/4/2", "退会（令和7年9月30日）", "", ""],
    ["3", "千葉 修"],  # a short row
    ["", "  ", "", "", "", "", "", "2班", ""],  # only an unmapped column and spaces
    ["", "", "", "", "", "", "", "", ""],
    ["合計", "", "", "", "", "", "", "", ""],
    ["4", "小野寺 恵子", "オノデラ ケイコ", "21-2111", "", "", "", "", " 寄付あり "],
    ["※ 班は4月1日現在"],
    ["5", "\u3000及川\u3000誠", "", "", "", "", "", "", ""],
]


def test_csv_reads_as_the_same_cells_in_xlsx(tmp_path: Path) -> None:
    csv_path, xlsx_path = tmp_path / "名簿.csv", tmp_path / "名簿.xlsx"
    with csv_path.open("w", encoding="cp932", newline="") as f:
        csv.writer(f).writerows(ROWS)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "名簿"
    for row in ROWS:
        ws.append([c if c != "" else None for c in row])
    wb.save(xlsx_path)
    from_csv, from_xlsx = read_sheet(csv_path, FIELDS), read_sheet(xlsx_path, FIELDS)
    assert [(r.row_number, r.values) for r in from_csv.rows] == [(r.row_number, r.values) for r in from_xlsx.rows]
    assert from_csv.skipped == from_xlsx.skipped
    assert [r.row_number for r in from_csv.rows] == [3, 4, 5, 9, 11]
    assert from_csv.rows[1].values["furigana"] is None and from_csv.rows[1].values["phone"] is None
    assert from_csv.rows[3].values["note"] == "寄付あり" and from_csv.rows[0].values["note"] == "メモ"
