"""The shared import mechanism: header search, synonyms, merged cells, totals, formulas, errors."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.importing import (
    FieldSpec,
    ImportFileError,
    ImportPreview,
    PreviewRow,
    RowIssue,
    RowStatus,
    normalise_header,
    read_sheet,
    write_error_workbook,
)

FIELDS = (
    FieldSpec("name", "団体名", ("名称", "団体の名称"), required=True),
    FieldSpec("kana", "フリガナ", ("ふりがな", "よみがな")),
    FieldSpec("joined", "加入日", ("加入年月日",)),
    FieldSpec("households", "世帯数"),
    FieldSpec("fee", "会費"),
)


def save(tmp_path: Path, rows: list[list], name: str = "名簿.xlsx", title: str = "名簿", **kw) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    for extra, extra_rows in kw.get("sheets", {}).items():
        s = wb.create_sheet(extra)
        for r in extra_rows:
            s.append(r)
    if "setup" in kw:
        kw["setup"](ws)
    path = tmp_path / name
    wb.save(path)
    return path


def test_normalise_header():
    assert normalise_header("名　称 ") == normalise_header("名称")
    assert normalise_header("フリガナ") == normalise_header("ふりがな")
    assert normalise_header("ＦＡＸ") == normalise_header("fax")
    assert normalise_header("※団体名") == normalise_header("団体名")


def test_header_below_title_synonyms_any_order(tmp_path):
    path = save(tmp_path, [
        ["令和7年度 構成団体名簿"], [], ["○○地域協働体"], [],
        ["No", "よみがな", "名　称", "世帯数", "加入年月日", "エラー"],
        [1, "あおばちょうないかい", "青葉町内会", 120, dt.date(2020, 4, 1), "前回のメモ"],
        [2, "かわさきじちかい", "川崎自治会", None, None, None],
    ])
    sheet = read_sheet(path, FIELDS)
    assert sheet.sheet_name == "名簿" and sheet.header_row == 5
    assert sheet.columns["name"].letter == "C" and sheet.columns["name"].header == "名　称"
    assert sheet.columns["kana"].letter == "B"
    assert "fee" not in sheet.columns
    assert any("会費" in n for n in sheet.notes)
    assert [r.row_number for r in sheet.rows] == [6, 7]
    first = sheet.rows[0].values
    assert first == {"name": "青葉町内会", "kana": "あおばちょうないかい", "households": 120,
                     "joined": dt.datetime(2020, 4, 1)}


def test_blank_total_hidden_and_merged_rows(tmp_path):
    def setup(ws):
        ws.row_dimensions[4].hidden = True
        ws.column_dimensions["D"].hidden = True
        ws.merge_cells("C3:C5")  # 会費 merged over three members

    path = save(tmp_path, [
        ["団体名", "フリガナ", "会費", "世帯数"],
        ["一丁目自治会", "いっちょうめ", 1000, 10],
        ["二丁目自治会", "にちょうめ", 2000, 20],
        ["三丁目自治会", "さんちょうめ", None, 30],
        ["四丁目自治会", "よんちょうめ", None, 40],
        [None, None, None, None],
        ["  ", None, None, None],
        ["合　計", None, 5000, 100],
        [None, "4月計", 1, 1],
        ["小計", None, 1, 1],
    ], setup=setup)
    sheet = read_sheet(path, FIELDS)
    assert [r.row_number for r in sheet.rows] == [2, 3, 4, 5]
    assert [r.values["fee"] for r in sheet.rows] == [1000, 2000, 2000, 2000]
    assert sheet.rows[2].values["households"] == 30  # hidden row, hidden column
    assert sheet.skipped == [(8, "合計の行"), (9, "4月計の行"), (10, "小計の行")]  # blank rows are silent
    assert not any("読み飛ば" in n for n in sheet.notes)  # said by the preview's skipped lines, once a reason


def test_formula_without_cached_value_is_reported(tmp_path):
    path = save(tmp_path, [
        ["団体名", "会費"], ["一丁目", 1000], ["二丁目", "=B2*2"],
    ])
    sheet = read_sheet(path, FIELDS)
    row = sheet.rows[1]
    assert row.values["fee"] is None
    assert [str(i) for i in row.issues] == [
        "3行目 B列（会費）: 数式の計算結果が保存されていません（Excelで開いて保存し直してください）"]
    assert row.issues[0].column == "B"
    assert not sheet.rows[0].issues


@pytest.mark.libreoffice
def test_cached_formula_values_are_read(tmp_path):
    from tests.helpers.libreoffice import recalculated

    src = save(tmp_path, [["団体名", "会費"], ["一丁目", 1000], ["二丁目", "=B2*2"]])
    sheet = read_sheet(recalculated(src, tmp_path / "lo"), FIELDS)
    assert sheet.rows[1].values["fee"] == 2000 and not sheet.rows[1].issues


def test_several_sheets(tmp_path):
    path = save(tmp_path, [["メモ"], ["何もない"]], title="説明", sheets={
        "名簿": [["団体名", "世帯数"], ["一丁目", 1]],
        "旧名簿": [["名称", "世帯数"], ["旧一丁目", 2], ["旧二丁目", 3]],
    })
    assert read_sheet(path, FIELDS).sheet_name == "名簿"
    other = read_sheet(path, FIELDS, sheet_name="旧名簿")
    assert other.sheet_name == "旧名簿" and len(other.rows) == 2
    assert other.sheet_names == ["説明", "名簿", "旧名簿"]
    with pytest.raises(ImportFileError, match="シート『なし』がありません"):
        read_sheet(path, FIELDS, sheet_name="なし")
    with pytest.raises(ImportFileError) as e:
        read_sheet(path, FIELDS, sheet_name="説明")
    assert "団体名（名称・団体の名称）" in str(e.value) and "説明" in str(e.value)


def test_no_header_anywhere(tmp_path):
    path = save(tmp_path, [["氏名", "住所"], ["山田", "一関"]])
    with pytest.raises(ImportFileError) as e:
        read_sheet(path, FIELDS)
    msg = str(e.value)
    assert "名簿.xlsx" in msg and "見出しの行が見つかりません" in msg and "調べたシート: 名簿" in msg
    # each sheet and what it lacked come before the long list of every header the importer knows
    assert msg.startswith("ファイル『名簿.xlsx』に見出しの行が見つかりません。調べたシート: 名簿（")


def test_bad_files(tmp_path):
    text = tmp_path / "memo.xlsx"
    text.write_text("団体名,世帯数\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="memo.xlsx.*ではありません"):
        read_sheet(text, FIELDS)
    good = save(tmp_path, [["団体名"], ["一丁目"]])
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[:1500])
    with pytest.raises(ImportFileError, match="cut.xlsx.*壊れて"):
        read_sheet(cut, FIELDS)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(ImportFileError, match="old.xls.*壊れて"):  # .xls is read (xlrd); this one is junk
        read_sheet(old, FIELDS)
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(ImportFileError, match="パスワード"):
        read_sheet(locked, FIELDS)
    with pytest.raises(ImportFileError, match="見つかりません"):
        read_sheet(tmp_path / "nothing.xlsx", FIELDS)


def test_preview_summary_and_issue_text():
    issue = RowIssue(5, "加入日", "2025/02/30 は存在しない日付です", "C")
    assert str(issue) == "5行目 C列（加入日）: 2025/02/30 は存在しない日付です"
    assert issue.long_form("名簿") == "シート『名簿』 5行目 C列（加入日）: 2025/02/30 は存在しない日付です"
    p = ImportPreview(Path("m.xlsx"), "名簿", [
        PreviewRow(2, RowStatus.NEW), PreviewRow(3, RowStatus.UNCHANGED),
        PreviewRow(5, RowStatus.ERROR, None, [issue]),
    ], ["8行目: 合計の行として読み飛ばしました"])
    assert p.has_errors
    assert p.summary_lines() == [
        "新規 1件、更新 0件、変更なし 1件、エラー 1件、警告 0件、読み飛ばし 0件",
        "5行目 C列（加入日）: 2025/02/30 は存在しない日付です",
        "8行目: 合計の行として読み飛ばしました",
    ]


def test_error_workbook_round_trip(tmp_path):
    path = save(tmp_path, [
        ["令和7年度 構成団体名簿"], [],
        ["団体名", "加入日", "世帯数"],
        ["一丁目", "2025/02/30", 10],
        ["二丁目", "2025/04/01", -3],
        ["三丁目", "2025/04/01", 5],
    ])
    sheet = read_sheet(path, FIELDS)
    rows = []
    for r in sheet.rows:
        issues = []
        if r.values["joined"] == "2025/02/30":
            issues.append(sheet.issue(r.row_number, "joined", "2025/02/30 は存在しない日付です"))
        if r.values["households"] < 0:
            issues.append(sheet.issue(r.row_number, "households", "世帯数は0以上で入力してください"))
        rows.append(PreviewRow(r.row_number, RowStatus.ERROR if issues else RowStatus.NEW, r.values, issues))
    preview = ImportPreview(path, sheet.sheet_name, rows, sheet.notes, sheet.header_row)
    out = write_error_workbook(path, preview, tmp_path / "errors.xlsx")

    ws = load_workbook(out)["名簿"]
    assert [c.value for c in ws[3]] == ["団体名", "加入日", "世帯数", "エラー"]
    assert ws["D4"].value == "加入日: 2025/02/30 は存在しない日付です"
    assert ws["D5"].value == "世帯数: 世帯数は0以上で入力してください"
    assert ws["D6"].value is None
    assert ws["B4"].fill.fgColor.rgb.endswith("FFC7CE") and ws["C5"].fill.fgColor.rgb.endswith("FFC7CE")

    again = read_sheet(out, FIELDS)  # the エラー column is ignored
    assert again.header_row == 3 and "エラー" not in [c.header for c in again.columns.values()]
    assert [r.values for r in again.rows] == [r.values for r in sheet.rows]
    # a second error workbook from the error workbook reuses its エラー column
    out2 = write_error_workbook(out, ImportPreview(out, "名簿", [], [], 3), tmp_path / "e2.xlsx")
    ws2 = load_workbook(out2)["名簿"]
    assert ws2.max_column == 4 and ws2["D4"].value is None


def test_reports_round_trip_through_importer(tmp_path):
    from app.importing import read_metadata
    from app.reports import Column, Report, Table, write_xlsx

    t = Table("名簿", [Column("name", "団体名"), Column("hh", "世帯数", "int"), Column("fee", "会費", "yen")])
    t.add(name="=危険な名前", hh=3, fee=1000)
    t.add(name="合計", hh=3, fee=1000, style="total")
    path = write_xlsx(Report("令和7年度 構成団体名簿", [t], ["○○地域協働体"], meta_sheet=True,
                             metadata={"format_version": "1"}), tmp_path / "r.xlsx")
    sheet = read_sheet(path, FIELDS)
    assert [r.values for r in sheet.rows] == [{"name": "=危険な名前", "households": 3, "fee": 1000}]
    assert read_metadata(path) == {"format_version": "1"}


def test_5000_rows_read_time(tmp_path):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("名簿")
    ws.append(["令和7年度 構成団体名簿"])
    ws.append([])
    ws.append(["団体名", "フリガナ", "加入日", "世帯数", "会費"] + [f"列{i}" for i in range(7)])
    for i in range(5000):
        ws.append([f"第{i}自治会", f"だい{i}", dt.date(2020, 1, 1), i, i * 100] + [f"x{i}"] * 7)
    path = tmp_path / "big.xlsx"
    wb.save(path)
    start = time.perf_counter()
    sheet = read_sheet(path, FIELDS)
    elapsed = time.perf_counter() - start
    print(f"\nread_sheet 5,000 rows x 12 columns: {elapsed:.2f} s")
    assert len(sheet.rows) == 5000


def test_a_row_of_units_under_the_headers_belongs_to_the_header(tmp_path):
    # 「（円）」 under 世帯数/会費 was read as a member without a name
    path = save(tmp_path, [["団体名", "世帯数", "会費"], [None, "（戸）", "(単位:円)"],
                           ["一丁目自治会", 120, 1000], ["二丁目自治会", 80, 1000]])
    sheet = read_sheet(path, FIELDS)
    assert (sheet.header_first_row, sheet.header_row) == (1, 2)
    assert [r.values["name"] for r in sheet.rows] == ["一丁目自治会", "二丁目自治会"]
    # a first data row of words is not a second header row
    plain = save(tmp_path, [["団体名", "フリガナ"], ["一丁目自治会", "いっちょうめじちかい"]], name="p.xlsx")
    assert [r.values["name"] for r in read_sheet(plain, FIELDS).rows] == ["一丁目自治会"]
