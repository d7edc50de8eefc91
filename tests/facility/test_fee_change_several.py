"""使用料を変更… on several booked cells chosen together (Ctrl+click): every one gets the fee typed, in
one undo step; a free cell among them is passed over, and one cell alone still changes only itself."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QLineEdit, QPushButton, QSpinBox, QTableView

from app.services.facility.bookings import BookingRequest, book, list_bookings
from app.storage.database import open_database
from tests.facility.test_facility_window import _cell, _open_facility, _when_modal
from tests.facility.test_rooms_window import _redo, _undo
from tests.helpers.qt_typing import type_text


def _fees(db_path, day: date) -> dict[tuple[str, str], tuple[int, str]]:
    db = open_database(db_path)
    try:
        return {(b.room_name, b.slot): (b.fee, b.fee_reason) for b in list_bookings(db, day, day)}
    finally:
        db.close()


def _click(qtbot, grid: QTableView, index, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, modifier, grid.visualRect(index).center())


def _grid_showing(qtbot, window, day: date) -> QTableView:
    """The 施設 section's week grid, on the week of `day` (tomorrow may be in next week's page)."""
    _open_facility(qtbot, window)
    grid = window.findChild(QTableView, "facility_week_grid")
    if day.weekday() == 0:
        qtbot.mouseClick(window.findChild(QPushButton, "facility_week_next"), Qt.MouseButton.LeftButton)
    return grid


def test_change_the_fee_of_several_chosen_bookings_in_one_step(qtbot, open_window, db, db_path, rooms, users):
    day = date.today() + timedelta(days=1)
    book(db, BookingRequest(day, rooms["会議室1"], ("午前", "午後"), users["囲碁の会"]))
    book(db, BookingRequest(day, rooms["和室"], ("午後",), users["ブルーベル"]))  # 半額: 300円
    db.close()
    window = open_window(db_path)
    grid = _grid_showing(qtbot, window, day)
    assert _fees(db_path, day) == {("会議室1", "午前"): (1000, ""), ("会議室1", "午後"): (1000, ""),
                                   ("和室", "午後"): (300, "")}
    seen: list[str] = []

    def change(dialog: QDialog) -> None:
        seen.append(dialog.findChild(QLabel, "booking_fee_standard").text())
        dialog.findChild(QSpinBox, "booking_fee").setValue(0)
        type_text(qtbot, dialog.findChild(QLineEdit, "booking_fee_reason"), "市の行事")
        qtbot.mouseClick(dialog.findChild(QPushButton, "booking_fee_save"), Qt.MouseButton.LeftButton)

    def choose(dialog: QInputDialog) -> None:
        seen.append(dialog.labelText())
        seen.append("|".join(dialog.comboBoxItems()))
        dialog.setTextValue("使用料を変更…")
        dialog.accept()
        _when_modal(QDialog, change)

    _click(qtbot, grid, _cell(grid, "会議室1 夜間", day))  # a free cell among them: passed over
    for cell in ("会議室1 午前", "会議室1 午後", "和室 午後"):
        _click(qtbot, grid, _cell(grid, cell, day), Qt.KeyboardModifier.ControlModifier)
    _when_modal(QInputDialog, choose)
    qtbot.keyClick(grid, Qt.Key.Key_Return)  # on the cell clicked last
    qtbot.waitUntil(lambda: _fees(db_path, day)[("和室", "午後")][0] == 0)

    assert seen[0].startswith("選んだ3件の予約:\n会議室1 ")
    assert seen[1] == "使用料を変更…|取り消す|無断キャンセルにする"
    assert "部屋の使用料 600〜1,000円・今の使用料 300〜1,000円" in seen[2]
    assert "3件それぞれの使用料になります" in seen[2]
    changed = {("会議室1", "午前"): (0, "市の行事"), ("会議室1", "午後"): (0, "市の行事"), ("和室", "午後"): (0, "市の行事")}
    assert _fees(db_path, day) == changed

    assert _undo(window).startswith("元に戻す 使用料の変更（選んだ3件の予約")
    qtbot.waitUntil(lambda: _fees(db_path, day)[("和室", "午後")][0] == 300)
    assert _fees(db_path, day) == {("会議室1", "午前"): (1000, ""), ("会議室1", "午後"): (1000, ""),
                                   ("和室", "午後"): (300, "")}  # all three in one step
    _redo(window)
    qtbot.waitUntil(lambda: _fees(db_path, day) == changed)


def test_cancel_several_chosen_bookings_in_one_step(qtbot, open_window, db, db_path, rooms, users):
    day = date.today() + timedelta(days=1)
    book(db, BookingRequest(day, rooms["会議室1"], ("午前", "午後"), users["囲碁の会"]))
    db.close()
    window = open_window(db_path)
    grid = _grid_showing(qtbot, window, day)

    def reason(dialog: QInputDialog) -> None:
        dialog.setTextValue("雨天中止")
        dialog.accept()

    def choose(dialog: QInputDialog) -> None:
        dialog.setTextValue("取り消す")
        dialog.accept()
        _when_modal(QInputDialog, reason)

    def statuses() -> list[tuple[str, str, str]]:
        other = open_database(db_path)
        try:
            return [(b.slot, b.status, b.cancel_reason) for b in list_bookings(other, day, day)]
        finally:
            other.close()

    _click(qtbot, grid, _cell(grid, "会議室1 午前", day))
    _click(qtbot, grid, _cell(grid, "会議室1 午後", day), Qt.KeyboardModifier.ShiftModifier)
    _when_modal(QInputDialog, choose)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: statuses() == [("午前", "取消", "雨天中止"), ("午後", "取消", "雨天中止")])
    assert _undo(window).startswith("元に戻す 予約の取消（選んだ2件の予約")
    qtbot.waitUntil(lambda: [s for _, s, _ in statuses()] == ["予約", "予約"])
