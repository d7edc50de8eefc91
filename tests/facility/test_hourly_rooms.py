"""時間貸し: a room lent by the hour — typed as 「9〜21時」, one slot per hour, fee per hour, booked,
counted for 稼働率 and imported from a log's start and end times hour by hour."""

from __future__ import annotations

from datetime import date, time

import pytest

from app.domain.facility import format_slots, hour_slots, parse_slots
from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.services.facility import bookings as svc
from app.services.facility.rooms import RoomData, add_room, list_rooms
from app.services.facility.usage import usage_comparison


def test_a_range_of_hours_gives_a_slot_per_hour_and_is_written_back_as_the_range():
    assert parse_slots("9〜12時") == ("9時", "10時", "11時")
    assert parse_slots("９：００～１１：００") == ("9時", "10時")  # full width, as typed on a Japanese keyboard
    assert parse_slots("午前、13-15時") == ("午前", "13時", "14時")
    assert format_slots(parse_slots("午前、13-15時")) == "午前、13〜15時"
    assert format_slots(("9時", "11時")) == "9時、11時"  # not a run


def test_an_hourly_room_is_booked_by_the_hour_and_its_rate_counts_hours(db, users):
    studio, _ = add_room(db, RoomData("音楽室", 10, parse_slots("9〜21時"), 300))
    assert studio.data.slots[0] == "9時" and len(studio.data.slots) == 12
    made, _ = svc.book(db, svc.BookingRequest(date(2025, 6, 3), studio.id, ("10時", "11時"), users["囲碁の会"]))
    assert [(b.slot, b.fee) for b in made] == [("10時", 300), ("11時", 300)]
    with pytest.raises(ValidationError, match="音楽室は「21時」には貸し出していません"):
        svc.book(db, svc.BookingRequest(date(2025, 6, 3), studio.id, ("21時",), users["囲碁の会"]))
    cell = {r.room_name: r for r in usage_comparison(db, FiscalYear(2025), month=6).this_year.rooms}["音楽室"].months[0]
    assert (cell.occupancy.used_slots, cell.occupancy.open_slots) == (2, 30 * 12)  # hours booked ÷ hours open


def test_hours_out_of_order_are_refused_naming_them(db):
    with pytest.raises(ValidationError, match="時間帯「21〜9時」の時刻を確かめてください"):
        add_room(db, RoomData("音楽室", None, parse_slots("21〜9時"), 300))
    assert "音楽室" not in [r.name for r in list_rooms(db)]


def test_a_log_with_start_and_end_times_books_each_hour_of_an_hourly_room(db, rooms, users, tmp_path):
    from openpyxl import Workbook

    from app.services.facility.booking_import import commit_booking_import, preview_booking_import

    add_room(db, RoomData("音楽室", 10, parse_slots("9〜21時"), 300))
    wb = Workbook()
    ws = wb.active
    ws.append(["日付", "開始", "終了", "部屋", "団体名"])
    ws.append(["2025/6/3", time(10, 0), time(12, 0), "音楽室", "囲碁の会"])
    ws.append(["2025/6/3", "13:30", "14:30", "音楽室", "ブルーベル"])  # touches two hours
    ws.append(["2025/6/4", time(10, 0), time(12, 0), "会議室1", "囲碁の会"])  # a room lent 午前・午後・夜間
    wb.save(tmp_path / "log.xlsx")
    preview = preview_booking_import(db, tmp_path / "log.xlsx", today=date(2025, 9, 1))
    assert not preview.has_errors, preview.summary_lines()
    commit_booking_import(db, preview, today=date(2025, 9, 1))
    got = [(b.used_on.day, b.room_name, b.slot, b.user_name) for b in svc.list_bookings(db, date(2025, 6, 3), date(2025, 6, 4))]
    assert sorted(got) == sorted([
        (3, "音楽室", "10時", "囲碁の会"), (3, "音楽室", "11時", "囲碁の会"),
        (3, "音楽室", "13時", "ブルーベル"), (3, "音楽室", "14時", "ブルーベル"),
        (4, "会議室1", "午前", "囲碁の会"),
    ])


def test_a_room_lent_by_the_hour_is_added_in_the_window_with_an_hour_per_row_of_the_week_view(qtbot, open_window, db_path,
                                                                                     rooms):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton, QSpinBox, QTableView

    from tests.facility.test_facility_window import _when_modal
    from tests.facility.test_rooms_window import _rooms_tab, _table_rows
    from tests.helpers.qt_typing import type_text

    window = open_window(db_path)
    view = _rooms_tab(qtbot, window)

    def fill(dialog: QDialog) -> None:
        type_text(qtbot, dialog.findChild(QLineEdit, "room_name"), "音楽室")
        slots = dialog.findChild(QLineEdit, "room_slots")
        slots.clear()
        type_text(qtbot, slots, "9〜21時")
        dialog.findChild(QSpinBox, "room_fee").setValue(300)
        qtbot.mouseClick(dialog.findChild(QPushButton, "room_save"), Qt.MouseButton.LeftButton)

    _when_modal(QDialog, fill)
    qtbot.mouseClick(window.findChild(QPushButton, "facility_rooms_add"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(_table_rows(view)) == 4)
    assert _table_rows(view)[-1][:4] == ["音楽室", "", "9〜21時", "300"]
    week = window.findChild(QTableView, "facility_week_grid")
    heads = [week.model().headerData(r, Qt.Orientation.Vertical) for r in range(week.model().rowCount())]
    assert [h for h in heads if h.startswith("音楽室")] == [f"音楽室 {h}時" for h in range(9, 21)]

    seen: list[str] = []
    _when_modal(QDialog, lambda d: (seen.append(d.findChild(QLineEdit, "room_slots").text()), d.reject()))
    view.selectRow(3)
    qtbot.mouseClick(window.findChild(QPushButton, "facility_rooms_edit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == ["9〜21時"]  # the editor shows the range, not twelve hours


def test_the_rooms_table_says_the_fee_is_per_hour_for_rooms_lent_by_the_hour(qtbot, open_window, db, db_path):
    from PySide6.QtCore import Qt

    from tests.facility.test_rooms_window import _rooms_tab

    add_room(db, RoomData("音楽室", 10, hour_slots(9, 21), 300))
    view = _rooms_tab(qtbot, open_window(db_path))
    model = view.model()
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "使用料（1時間）" in heads and "使用料（1コマ）" not in heads


def test_a_month_calendars_blocks_book_the_hours_of_a_room_lent_by_the_hour(db, rooms, users, tmp_path):
    """A calendar keeps 午前・午後・夜間 blocks for every room: for a room lent by the hour the cell
    books each hour of its block (午後 = 13〜17時), as a log's 時間帯 「午後」 does."""
    from openpyxl import Workbook

    from app.services.facility.booking_import import commit_booking_import, preview_booking_import

    add_room(db, RoomData("音楽室", 10, parse_slots("9〜21時"), 300))
    wb = Workbook()
    ws = wb.active
    ws.title = "2025年６月分"
    for d in range(1, 31):
        ws.cell(3, 2 + d, d)
    row = 4
    for slot in ("午前", "午後", "夜間"):
        ws.cell(row, 1, slot)
        ws.merge_cells(start_row=row, start_column=1, end_row=row + 1, end_column=1)
        ws.cell(row, 2, "会議室1")
        ws.cell(row + 1, 2, "音楽室")
        row += 2
    ws.cell(7, 2 + 3, "囲碁の会")  # 6/3 午後 音楽室
    ws.cell(4, 2 + 3, "ブルーベル")  # 6/3 午前 会議室1
    path = tmp_path / "cal.xlsx"
    wb.save(path)
    preview = preview_booking_import(db, path, today=date(2025, 9, 1))
    assert not preview.has_errors, preview.summary_lines()
    assert preview.per_month == {"2025年6月": 2}
    commit_booking_import(db, preview, today=date(2025, 9, 1))
    made = svc.list_bookings(db, date(2025, 6, 3), date(2025, 6, 3))
    assert [(b.room_name, b.slot, b.user_name, b.fee) for b in made] == [
        ("会議室1", "午前", "ブルーベル", 500),
        *[("音楽室", f"{h}時", "囲碁の会", 300) for h in (13, 14, 15, 16)],
    ]
