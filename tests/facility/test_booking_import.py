"""Importing a hall's booking log and its month-calendar workbook."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from app.domain.validation import ValidationError
from app.importing.preview import RowStatus
from app.services.facility.booking_import import commit_booking_import, preview_booking_import
from app.services.facility.bookings import list_bookings
from app.services.facility.users import list_users
from app.services.members.kinds import list_member_kinds
from app.services.members.organisations import Organisation, save_organisation

TODAY = date(2025, 9, 1)


def _log(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "利用簿"
    ws.append(["令和7年度 施設利用簿"])
    ws.append([])
    ws.append(["日付", "時間帯", "部屋", "団体名", "人数", "目的"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_a_booking_log_imports_after_the_new_users_are_confirmed(db, rooms, users, tmp_path):
    f = _log(tmp_path / "log.xlsx", [
        ["2025/5/13", "午後", "会議室1", "囲碁の会", 12, "例会"],
        ["令和7年5月14日(水)", "午前・午後", "和室", "ふれあい", "8人", "茶話会"],
        ["2025/5/20", "夜間", "会議室1", "ふれあいの会定例会", 6, ""],
        ["2025/10/2", "午前", "会議室1", "書道クラブ", None, ""],
    ])
    preview = preview_booking_import(db, f, today=TODAY)
    assert preview.has_errors
    assert preview.unknown_users == {"ふれあい": 1, "ふれあいの会定例会": 1, "書道クラブ": 1}
    assert ["ふれあい", "ふれあいの会定例会"] in preview.similar
    assert any("--add-users" in line for line in preview.summary_lines())

    preview = preview_booking_import(db, f, add_users=True, today=TODAY)
    assert not preview.has_errors and preview.counts[RowStatus.NEW] == 4
    message = commit_booking_import(db, preview, today=TODAY).value
    assert message == "5件の予約を取り込みました。利用団体を2件登録しました。"
    made = list_bookings(db, date(2025, 5, 1), date(2025, 10, 31))
    assert [(b.used_on.day, b.slot, b.room_name, b.user_name, b.status) for b in made] == [
        (13, "午後", "会議室1", "囲碁の会", "利用済"),
        (14, "午前", "和室", "ふれあい", "利用済"),
        (14, "午後", "和室", "ふれあい", "利用済"),
        (20, "夜間", "会議室1", "ふれあい", "利用済"),  # one user for both spellings
        (2, "午前", "会議室1", "書道クラブ", "予約"),
    ]
    users_now = {u.name: u for u in list_users(db)}
    assert users_now["ふれあい"].aliases == ("ふれあいの会定例会",)
    # importing the same log again changes nothing
    again = preview_booking_import(db, f, add_users=True, today=TODAY)
    assert again.counts[RowStatus.NEW] == 0 and again.counts[RowStatus.UNCHANGED] == 4


def test_a_log_row_that_clashes_or_names_no_room_is_an_error_naming_the_row(db, rooms, users, tmp_path):
    f = _log(tmp_path / "bad.xlsx", [
        ["2025/6/1", "午後", "会議室1", "囲碁の会", 5, ""],
        ["2025/6/1", "午後", "会議室1", "ブルーベル", 5, ""],
        ["2025/6/2", "午後", "大広間", "囲碁の会", 5, ""],
        ["2025/6/3", "夜間", "和室", "囲碁の会", -3, ""],
    ])
    preview = preview_booking_import(db, f, today=TODAY)
    text = [str(i) for i in preview.issues]
    assert "5行目 B列（時間帯）: 会議室1の2025/06/01 午後は4行目と重なっています" in text
    assert "6行目 C列（部屋）: 部屋「大広間」は登録されていません（施設の「部屋」のタブか kyodo room add で登録してください）" in text
    assert any(t.startswith("7行目 B列（時間帯）: 和室は「夜間」には貸し出していません") for t in text)
    assert "7行目 E列（人数）: 人数に負の数は入れられません" in text
    with pytest.raises(Exception, match="エラーのある取り込み"):
        commit_booking_import(db, preview)
    assert list_bookings(db, date(2025, 6, 1), date(2025, 6, 30)) == []


def _calendar(path):
    """Two month sheets as halls keep them: days across row 3 (May has June 1–7 greyed at the end),
    slots as merged blocks down column A, rooms in column B, the user typed in the cell."""
    wb = Workbook()
    wb.remove(wb.active)
    grey = PatternFill("solid", fgColor="DDDDDD")
    for title, (y, m, days, extra) in {"2025年５月分": (2025, 5, 31, 7), "2025年６月分": (2025, 6, 30, 0)}.items():
        ws = wb.create_sheet(title)
        ws["A1"] = f"{y}年{m}月 施設利用予定表"
        for d in range(1, days + 1):
            ws.cell(3, 2 + d, d)
        for i in range(1, extra + 1):
            c = ws.cell(3, 2 + days + i, i)  # next month's first days
            c.fill = grey
        row = 4
        for slot in ("午前", "午後", "夜間"):
            ws.cell(row, 1, slot)
            ws.merge_cells(start_row=row, start_column=1, end_row=row + 1, end_column=1)
            ws.cell(row, 2, "会議室1")
            ws.cell(row + 1, 2, "和室" if slot != "夜間" else "調理実習室")
            row += 2
        if m == 5:
            ws.cell(4, 2 + 13, "囲碁の会")  # 5/13 午前 会議室1
            ws.cell(7, 2 + 20, "ブルー　ベル")  # 5/20 午後 和室
            ws.cell(4, 2 + 31 + 1, "囲碁の会")  # June 1 in May's sheet: June's sheet decides
        else:
            ws.cell(4, 2 + 1, "ブルーベル")  # 6/1 午前 会議室1
            ws.cell(8, 2 + 2, "")  # a formula leftover
    wb.save(path)
    return path


def test_a_month_calendar_workbook_books_each_filled_cell_once(db, rooms, users, tmp_path):
    f = _calendar(tmp_path / "cal.xlsx")
    preview = preview_booking_import(db, f, today=TODAY)
    assert not preview.has_errors, preview.summary_lines()
    assert preview.per_month == {"2025年5月": 2, "2025年6月": 1}
    commit_booking_import(db, preview, today=TODAY)
    made = list_bookings(db, date(2025, 5, 1), date(2025, 6, 30))
    assert [(b.used_on, b.slot, b.room_name, b.user_name) for b in made] == [
        (date(2025, 5, 13), "午前", "会議室1", "囲碁の会"),
        (date(2025, 5, 20), "午後", "和室", "ブルーベル"),
        (date(2025, 6, 1), "午前", "会議室1", "ブルーベル"),
    ]


def test_a_member_organisation_named_in_a_log_becomes_a_linked_user(db, rooms, users, tmp_path):
    kind = next(k.id for k in list_member_kinds(db) if k.name == "自治会")
    org = save_organisation(db, Organisation(kind_id=kind, name="本町自治会", furigana="ほんまちじちかい")).value
    f = _log(tmp_path / "log.xlsx", [["2025/7/1", "午前", "会議室1", "本町自治会", 20, "役員会"]])
    preview = preview_booking_import(db, f, today=TODAY)
    assert not preview.has_errors and preview.unknown_users == {}
    commit_booking_import(db, preview, today=TODAY)
    user = {u.name: u for u in list_users(db)}["本町自治会"]
    assert user.data.kind == "構成団体" and user.data.organisation_id == org.id


SJIS_LOG = (
    "施設使用記録（令和7年度）\r\n"
    "使用年月日,枠,場所,サークル名,来館者数,担当,備考\r\n"
    "2025/6/3,午前,会議室1,囲碁の会,10,佐藤,\r\n"
    "2025/6/3,午後,和室,ブルーベル,7,鈴木,鍵は事務室\r\n"
    "2025/6/10,夜間,会議室1,囲碁の会,9,佐藤,\r\n"
)
MAPS = ["--map", "使用年月日=日付", "--map", "枠=時間帯", "--map", "場所=部屋", "--map", "サークル名=利用団体",
        "--map", "来館者数=人数"]


def test_a_shift_jis_csv_log_imports_with_map_and_names_the_columns_left_out(db, db_target, rooms, users,
                                                                               tmp_path, capsys):
    from app.cli import main

    log = tmp_path / "使用記録.csv"
    log.write_bytes(SJIS_LOG.encode("cp932"))
    db.close()
    # the headers are the hall's own: without --map the log cannot be read, and nothing is imported
    assert main(["bookings", "import", str(log), "--db", str(db_target)]) == 1
    assert "利用団体" in capsys.readouterr().err

    assert main(["bookings", "import", str(log), "--db", str(db_target), *MAPS, "--dry-run"]) == 0
    shown = capsys.readouterr().out
    assert "F列（担当） → 取り込まない（一致する項目がない）　※データあり" in shown
    assert "取り込まない列（データあり）: F列（担当）、G列（備考）" in shown
    assert "D列（サークル名） → 利用団体（指定）" in shown

    assert main(["bookings", "import", str(log), "--db", str(db_target), *MAPS]) == 0
    assert "3件の予約を取り込みました。" in capsys.readouterr().out
    from tests.postgres_support import open_target

    reopened = open_target(db_target)
    try:
        made = list_bookings(reopened, date(2025, 6, 1), date(2025, 6, 30))
    finally:
        reopened.close()
    assert [(b.used_on.day, b.slot, b.room_name, b.user_name, b.expected_people) for b in made] == [
        (3, "午前", "会議室1", "囲碁の会", 10), (3, "午後", "和室", "ブルーベル", 7), (10, "夜間", "会議室1", "囲碁の会", 9),
    ]


def test_a_map_naming_no_such_column_or_field_is_a_usage_error_and_imports_nothing(db, db_target, rooms, users,
                                                                                   tmp_path, capsys):
    from app.cli import main

    log = tmp_path / "使用記録.csv"
    log.write_bytes(SJIS_LOG.encode("cp932"))
    db.close()
    assert main(["bookings", "import", str(log), "--db", str(db_target), *MAPS, "--map", "担当=係"]) == 2
    assert "係" in capsys.readouterr().err
    assert main(["bookings", "import", str(log), "--db", str(db_target), *MAPS, "--map", "電話=備考"]) == 2
    from tests.postgres_support import open_target

    reopened = open_target(db_target)
    try:
        assert list_bookings(reopened, date(2025, 4, 1), date(2026, 3, 31)) == []
    finally:
        reopened.close()


def test_a_slot_booked_on_another_pc_after_the_preview_is_refused_naming_it(db, rooms, users, tmp_path):
    from app.services.facility.bookings import BookingRequest, book

    f = _log(tmp_path / "log.xlsx", [
        ["2025/10/7", "午前", "会議室1", "書道クラブ", 6, ""],
        ["2025/10/7", "午後", "和室", "囲碁の会", 8, ""],
    ])
    preview = preview_booking_import(db, f, add_users=True, today=TODAY)
    assert not preview.has_errors
    # meanwhile the front desk books 和室's afternoon for ブルーベル
    book(db, BookingRequest(date(2025, 10, 7), rooms["和室"], ("午後",), users["ブルーベル"]))
    with pytest.raises(ValidationError) as refused:
        commit_booking_import(db, preview, today=TODAY)
    assert "和室の2025/10/07 午後は「ブルーベル」" in str(refused.value)
    assert "何も取り込んでいません" in str(refused.value)
    made = list_bookings(db, date(2025, 10, 1), date(2025, 10, 31))
    assert [(b.room_name, b.slot, b.user_name) for b in made] == [("和室", "午後", "ブルーベル")]
    assert "書道クラブ" not in {u.name for u in list_users(db)}


def test_a_log_with_errors_gives_an_error_workbook_to_fix_and_import_again(db, rooms, users, tmp_path):
    from openpyxl import load_workbook

    from app.importing import write_error_workbook

    f = _log(tmp_path / "bad.xlsx", [
        ["2025/6/1", "午後", "会議室1", "囲碁の会", 5, ""],
        ["2025/6/2", "午後", "大広間", "囲碁の会", 5, ""],
        ["2025/6/3", "夜間", "和室", "囲碁の会", -3, ""],
    ])
    preview = preview_booking_import(db, f, today=TODAY)
    out = write_error_workbook(f, preview, tmp_path / "bad_エラー一覧.xlsx")
    ws = load_workbook(out)["利用簿"]
    header = [c.value for c in ws[3]]
    assert header[-1] == "エラー"
    errors = {r[0].row: r[-1].value for r in ws.iter_rows(min_row=4)}
    assert errors[4] is None  # the row without a problem
    assert errors[5] == "部屋: 部屋「大広間」は登録されていません（施設の「部屋」のタブか kyodo room add で登録してください）"
    assert "和室は「夜間」には貸し出していません" in errors[6] and "人数に負の数は入れられません" in errors[6]
    red = {c.coordinate for row in ws.iter_rows(min_row=4, max_col=6) for c in row if c.fill.fgColor.rgb.endswith("FFC7CE")}
    assert red == {"C5", "B6", "E6"}  # the cells at fault: the room, the slot, the people
    # fixed in the workbook itself, it imports
    ws.cell(5, 3, "会議室1")
    ws.cell(6, 2, "午後")
    ws.cell(6, 5, 3)
    wb = ws.parent
    wb.save(out)
    again = preview_booking_import(db, out, today=TODAY)
    assert not again.has_errors, again.summary_lines()
    assert commit_booking_import(db, again, today=TODAY).value == "3件の予約を取り込みました。"


def test_a_log_formula_without_its_saved_value_is_an_error_not_an_empty_cell(db, rooms, users, tmp_path):
    from app.importing.sheet_reader import NO_CACHED_VALUE

    f = _log(tmp_path / "log.xlsx", [["2025/6/1", "午後", "会議室1", "=\"囲碁\"&\"の会\"", 5, ""]])
    preview = preview_booking_import(db, f, today=TODAY)  # written by openpyxl: no value saved with the formula
    assert f"4行目 D列（団体名）: {NO_CACHED_VALUE}" in [str(i) for i in preview.issues]
    assert preview.counts[RowStatus.ERROR] == 1
