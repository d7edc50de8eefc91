"""A month-calendar workbook with errors: the error workbook keeps every month sheet, marks the cells at
fault (red fill, the message as a comment), lists them on a sheet 「エラー一覧」 in front, and the same
file, fixed, imports — from the command line (--errors FILE) and as a service."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from app.importing import write_error_workbook
from app.importing.error_workbook import BAD_COLOUR
from app.services.facility.booking_import import commit_booking_import, preview_booking_import
from app.services.facility.bookings import list_bookings
from tests.facility.test_booking_import import TODAY, _calendar
from tests.helpers.libreoffice import needs_soffice, recalculated

ROOM = "部屋「大広間」は登録されていません（施設の「部屋」のタブか kyodo room add で登録してください）"


def bad_calendar(path):
    """The two-month calendar of test_booking_import with three mistakes: in May a 和室 booking in the
    夜間 block (和室 is not lent then: the 夜間 block's second room is changed to 和室), in June a room
    「大広間」 that is not registered, holding one booking."""
    f = _calendar(path)
    wb = load_workbook(f)
    may, june = wb["2025年５月分"], wb["2025年６月分"]
    may.cell(9, 2, "和室")  # 夜間's second room
    may.cell(9, 2 + 22, "囲碁の会")  # 5/22 夜間 和室: X9
    june.cell(5, 2, "大広間")  # 午前's second room
    june.cell(5, 2 + 10, "ブルーベル")  # 6/10 午前 大広間: L5 (the room label B5)
    wb.save(f)
    return f


def _marked(ws, coordinate):
    cell = ws[coordinate]
    return cell.fill.fgColor.rgb.endswith(BAD_COLOUR), cell.comment.text if cell.comment else None


def test_the_error_workbook_of_a_month_calendar_marks_each_cell_and_imports_once_fixed(db, rooms, users, tmp_path):
    f = bad_calendar(tmp_path / "予定表.xlsx")
    preview = preview_booking_import(db, f, today=TODAY)
    assert [str(i) for i in preview.issues] == [
        "シート『2025年５月分』 セルX9（5月22日 夜間・和室）: 和室は「夜間」には貸し出していません",
        f"シート『2025年６月分』 セルB5（6月10日 午前・大広間）: {ROOM}",
    ]
    assert preview.per_month == {"2025年5月": 2, "2025年6月": 1}  # the cells that become bookings
    assert preview.month_errors == {"2025年5月": 1, "2025年6月": 1}
    assert "2025年6月: 1件の予約（ほかにエラーのセル 1件）" in preview.summary_lines()
    out = write_error_workbook(f, preview, tmp_path / "予定表_エラー一覧.xlsx")

    wb = load_workbook(out)
    assert wb.sheetnames == ["エラー一覧", "2025年５月分", "2025年６月分"]  # every month kept: fixed, all import
    assert wb.active.title == "エラー一覧"
    summary = [[c.value for c in row] for row in wb["エラー一覧"].iter_rows()]
    assert summary == [
        ["シート", "セル", "場所", "エラー"],
        ["2025年５月分", "X9", "5月22日 夜間・和室", "和室は「夜間」には貸し出していません"],
        ["2025年６月分", "B5", "6月10日 午前・大広間", ROOM],
    ]
    assert wb["エラー一覧"]["B2"].hyperlink.location == "'2025年５月分'!X9"
    may, june = wb["2025年５月分"], wb["2025年６月分"]
    assert _marked(may, "X9") == (True, "和室は「夜間」には貸し出していません")
    assert _marked(june, "B5") == (True, ROOM)
    assert _marked(may, "O4") == (False, None)  # 5/13 囲碁の会: no problem, no mark
    assert may.sheet_properties.tabColor.rgb.endswith("FF0000")
    assert june["A4"].value == "午前" and "A4:A5" in {str(r) for r in june.merged_cells.ranges}

    # fixed in the error workbook itself: 5/22 moves to 会議室1's 夜間 (X8), 大広間 becomes 会議室1 … no: 和室
    may["X8"], may["X9"] = "囲碁の会", None
    june["B5"] = "和室"
    wb.save(out)
    again = preview_booking_import(db, out, today=TODAY)
    assert not again.has_errors, again.summary_lines()
    assert again.per_month == {"2025年5月": 3, "2025年6月": 2}
    assert commit_booking_import(db, again, today=TODAY).value == "5件の予約を取り込みました。"
    made = list_bookings(db, date(2025, 5, 1), date(2025, 6, 30))
    assert [(b.used_on, b.slot, b.room_name, b.user_name) for b in made] == [
        (date(2025, 5, 13), "午前", "会議室1", "囲碁の会"),
        (date(2025, 5, 20), "午後", "和室", "ブルーベル"),
        (date(2025, 5, 22), "夜間", "会議室1", "囲碁の会"),
        (date(2025, 6, 1), "午前", "会議室1", "ブルーベル"),
        (date(2025, 6, 10), "午前", "和室", "ブルーベル"),
    ]


def test_an_error_workbook_saved_again_drops_the_marks_of_the_cells_now_right(db, rooms, users, tmp_path):
    f = bad_calendar(tmp_path / "予定表.xlsx")
    first = write_error_workbook(f, preview_booking_import(db, f, today=TODAY), tmp_path / "1.xlsx")
    wb = load_workbook(first)
    wb["2025年６月分"]["B5"] = "和室"  # only June is fixed
    wb.save(first)
    second = write_error_workbook(first, preview_booking_import(db, first, today=TODAY), tmp_path / "2.xlsx")
    wb = load_workbook(second)
    assert wb.sheetnames.count("エラー一覧") == 1
    assert [[c.value for c in row][:2] for row in wb["エラー一覧"].iter_rows(min_row=2)] == [["2025年５月分", "X9"]]
    assert _marked(wb["2025年６月分"], "B5") == (False, None)
    assert _marked(wb["2025年５月分"], "X9")[0]


def test_two_cells_for_one_slot_name_each_other(db, rooms, users, tmp_path):
    f = _calendar(tmp_path / "予定表.xlsx")
    wb = load_workbook(f)
    may = wb["2025年５月分"]
    may.insert_rows(6)  # 会議室1 twice in the 午前 block … as a second row of the block
    may.cell(6, 2, "会議室1")
    may.cell(6, 2 + 13, "ブルーベル")  # 5/13 午前 会議室1 again: O6 against O4
    wb.save(f)
    preview = preview_booking_import(db, f, today=TODAY)
    assert [str(i) for i in preview.issues] == [
        "シート『2025年５月分』 セルO6（5月13日 午前・会議室1）: "
        "会議室1の2025/05/13 午前はシート『2025年５月分』 セルO4と重なっています",
    ]


@pytest.mark.sqlite_only
def test_kyodo_bookings_import_errors_saves_the_calendar_error_workbook(db, db_path, rooms, users, tmp_path, capsys):
    from app.cli import main

    f = bad_calendar(tmp_path / "予定表.xlsx")
    out = tmp_path / "直す.xlsx"
    db.close()
    assert main(["bookings", "import", str(f), "--db", str(db_path), "--dry-run", "--errors", str(out)]) == 1
    said = capsys.readouterr().err
    assert "シート『2025年５月分』 セルX9（5月22日 夜間・和室）: 和室は「夜間」には貸し出していません" in said
    assert f"エラー一覧を保存しました: {out}" in said
    assert "何も変更していません" in said
    wb = load_workbook(out)
    assert _marked(wb["2025年５月分"], "X9") == (True, "和室は「夜間」には貸し出していません")
    assert _marked(wb["2025年６月分"], "B5") == (True, ROOM)

    wb["2025年５月分"]["X8"], wb["2025年５月分"]["X9"] = "囲碁の会", None
    wb["2025年６月分"]["B5"] = "和室"
    wb.save(out)
    assert main(["bookings", "import", str(out), "--db", str(db_path)]) == 0
    assert "5件の予約を取り込みました。" in capsys.readouterr().out


@pytest.mark.sqlite_only
def test_errors_without_a_wrong_row_makes_no_workbook_and_says_why_and_a_csv_gives_an_xlsx(db, db_path, rooms, users,
                                                                                  tmp_path, capsys):
    from app.cli import main

    f = _calendar(tmp_path / "予定表.xlsx")
    wb = load_workbook(f)
    wb["2025年６月分"].cell(4, 2 + 3, "書道クラブ")  # a 利用団体 not registered: a choice, no wrong cell
    wb.save(f)
    out = tmp_path / "直す.xlsx"
    db.close()
    assert main(["bookings", "import", str(f), "--db", str(db_path), "--errors", str(out)]) == 1
    assert "エラー一覧は作りませんでした（ファイルの行に誤りはありません" in capsys.readouterr().err
    assert not out.exists()

    log = tmp_path / "log.csv"
    log.write_text("日付,時間帯,部屋,団体名\n2025/6/3,午前,大広間,囲碁の会\n", encoding="utf-8")
    assert main(["bookings", "import", str(log), "--db", str(db_path), "--errors", str(out)]) == 1
    said = capsys.readouterr().err
    assert "2行目 C列（部屋）: 部屋「大広間」は登録されていません" in said
    # a CSV log's error workbook is an .xlsx of its rows, the cell at fault marked as in a sheet's
    assert f"エラー一覧を保存しました: {out}" in said and "この .xlsx を取り込んでください" in said
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]] == ["日付", "時間帯", "部屋", "団体名", "エラー"]
    assert _marked(ws, "C2") == (True, ROOM)
    assert ws["E2"].value == f"部屋: {ROOM}" and ws["A2"].value == "2025/6/3"


@needs_soffice
def test_a_calendar_with_formula_dates_saved_by_an_office_program_gives_an_error_workbook_that_imports(
        db, rooms, users, tmp_path):
    """The dates across are formulas (=C3+1) as in a hall's template, saved by LibreOffice (with their
    values); the error workbook holds the dates as values, so it reads the same after any program
    saves it — here LibreOffice again, after the fix."""
    f = bad_calendar(tmp_path / "予定表.xlsx")
    wb = load_workbook(f)
    for ws in wb.worksheets:
        for column in range(4, ws.max_column + 1):
            if isinstance(ws.cell(3, column).value, int) and ws.cell(3, column).value > 1:
                ws.cell(3, column).value = f"=IF({ws.cell(3, column - 1).coordinate}+1>31,1,{ws.cell(3, column - 1).coordinate}+1)"
    wb.save(f)
    saved = recalculated(f, tmp_path / "lo")  # as the office keeps it: formulas with their values
    preview = preview_booking_import(db, saved, today=TODAY)
    assert [i.place for i in preview.issues] == ["シート『2025年５月分』 セルX9", "シート『2025年６月分』 セルB5"]
    out = write_error_workbook(saved, preview, tmp_path / "直す.xlsx")
    wb = load_workbook(out)
    assert wb["2025年５月分"]["D3"].value == 2  # a value, not =IF(C3+1…)
    wb["2025年５月分"]["X8"], wb["2025年５月分"]["X9"] = "囲碁の会", None
    wb["2025年６月分"]["B5"] = "和室"
    wb.save(out)
    fixed = recalculated(out, tmp_path / "lo2")
    assert load_workbook(fixed)["2025年５月分"]["X8"].comment is None
    assert load_workbook(fixed)["エラー一覧"]["A2"].value == "2025年５月分"
    again = preview_booking_import(db, fixed, today=TODAY)
    assert not again.has_errors, again.summary_lines()
    assert again.per_month == {"2025年5月": 3, "2025年6月": 2}
