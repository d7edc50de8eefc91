"""A 利用団体 typed new in the booking form is registered with the booking, as one step: 元に戻す takes
back the booking and the user the form registered, やり直し makes both again; a booking that is refused
registers nobody."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QMessageBox, QPushButton, QTableView

from app.services.facility.bookings import BookingRequest, book, list_bookings
from app.services.facility.users import list_users
from app.storage.database import open_database
from tests.facility.test_facility_window import _cell, _open_facility, _when_modal
from tests.facility.test_rooms_window import _redo, _undo
from tests.helpers.qt_dialogs import answer_message_box
from tests.helpers.qt_typing import type_text


def _state(db_path, day: date) -> tuple[list[tuple[str, str]], dict[str, int]]:
    db = open_database(db_path)
    try:
        return ([(b.slot, b.user_name) for b in list_bookings(db, day, day, include_cancelled=False)],
                {u.name: u.id for u in list_users(db)})
    finally:
        db.close()


def _users_tab(window) -> list[str]:
    model = window.findChild(QTableView, "facility_users_table").model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _open_booking_form(qtbot, window, day: date, fill) -> QTableView:
    grid = window.findChild(QTableView, "facility_week_grid")
    if day.weekday() == 0:  # tomorrow is in next week's page
        qtbot.mouseClick(window.findChild(QPushButton, "facility_week_next"), Qt.MouseButton.LeftButton)
    _when_modal(QDialog, fill)
    grid.setCurrentIndex(_cell(grid, "会議室1 午後", day))
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    return grid


def test_a_user_typed_new_is_undone_and_redone_with_its_booking(qtbot, open_window, db_path, rooms, users):
    window = open_window(db_path)
    _open_facility(qtbot, window)
    day = date.today() + timedelta(days=1)
    asked: list[str] = []

    def fill(dialog: QDialog) -> None:
        type_text(qtbot, dialog.findChild(QComboBox, "booking_user").lineEdit(), "書道クラブ")
        answer_message_box(QMessageBox.StandardButton.Yes, asked)
        qtbot.mouseClick(dialog.findChild(QPushButton, "booking_save"), Qt.MouseButton.LeftButton)

    grid = _open_booking_form(qtbot, window, day, fill)
    qtbot.waitUntil(lambda: _cell(grid, "会議室1 午後", day).data() == "書道クラブ")
    assert asked == ["「書道クラブ」は登録されていません。新しい利用団体として登録しますか。"]
    bookings, registered = _state(db_path, day)
    assert bookings == [("午後", "書道クラブ")] and "書道クラブ" in registered
    first_id = registered["書道クラブ"]
    qtbot.waitUntil(lambda: "書道クラブ" in _users_tab(window))

    label = _undo(window)
    assert label == f"元に戻す 予約（{day.month}/{day.day} 午後）と利用団体「書道クラブ」の登録"
    qtbot.waitUntil(lambda: _cell(grid, "会議室1 午後", day).data() == "")
    bookings, registered = _state(db_path, day)
    assert bookings == [] and "書道クラブ" not in registered  # one 保存, one step: both gone
    qtbot.waitUntil(lambda: "書道クラブ" not in _users_tab(window))

    _redo(window)
    qtbot.waitUntil(lambda: _cell(grid, "会議室1 午後", day).data() == "書道クラブ")
    bookings, registered = _state(db_path, day)
    assert bookings == [("午後", "書道クラブ")] and registered["書道クラブ"] == first_id  # under its id


def test_a_refused_booking_registers_no_user(qtbot, open_window, db_path, rooms, users):
    window = open_window(db_path)
    _open_facility(qtbot, window)
    day = date.today() + timedelta(days=1)
    shown: list[str] = []

    def fill(dialog: QDialog) -> None:
        other = open_database(db_path)  # meanwhile the slot is booked on another PC
        try:
            book(other, BookingRequest(day, rooms["会議室1"], ("午後",), users["囲碁の会"]))
        finally:
            other.close()
        type_text(qtbot, dialog.findChild(QComboBox, "booking_user").lineEdit(), "書道クラブ")
        answer_message_box(QMessageBox.StandardButton.Yes)
        qtbot.mouseClick(dialog.findChild(QPushButton, "booking_save"), Qt.MouseButton.LeftButton)
        shown.append(dialog.error.text())
        dialog.reject()

    _open_booking_form(qtbot, window, day, fill)
    qtbot.waitUntil(lambda: bool(shown))
    assert "囲碁の会" in shown[0]  # the holder is named
    bookings, registered = _state(db_path, day)
    assert bookings == [("午後", "囲碁の会")] and "書道クラブ" not in registered


def test_the_undo_is_refused_and_the_booking_kept_when_another_booking_names_the_new_user(db, rooms, users):
    import pytest

    from app.domain.validation import ValidationError
    from app.services.facility.operations import book_new_user_op

    day = date(2025, 7, 1)
    operation = book_new_user_op(db, "書道クラブ", BookingRequest(day, rooms["会議室1"], ("午後",), 0))
    operation.apply()
    new_id = {u.name: u.id for u in list_users(db)}["書道クラブ"]
    book(db, BookingRequest(day, rooms["和室"], ("午前",), new_id))  # another PC books for them too
    with pytest.raises(ValidationError, match="予約が1件あるため"):
        operation.revert()
    assert [(b.room_name, b.user_name) for b in list_bookings(db, day, day)] == [
        ("会議室1", "書道クラブ"), ("和室", "書道クラブ")]  # the undo changed nothing


def _edit_user_on_another_pc(db_path, name: str, contact: str) -> None:
    from dataclasses import replace

    from app.services.facility.users import save_user, user_record

    other = open_database(db_path)
    try:
        theirs = user_record(next(u for u in list_users(other) if u.name == name))
        save_user(other, replace(theirs, data=replace(theirs.data, contact_person=contact)))
    finally:
        other.close()


def test_undoing_the_booking_over_a_new_user_edited_on_another_pc_is_refused_in_the_window(
        qtbot, open_window, db_path, rooms, users):
    window = open_window(db_path)
    _open_facility(qtbot, window)
    day = date.today() + timedelta(days=1)

    def fill(dialog: QDialog) -> None:
        type_text(qtbot, dialog.findChild(QComboBox, "booking_user").lineEdit(), "書道クラブ")
        answer_message_box(QMessageBox.StandardButton.Yes)
        qtbot.mouseClick(dialog.findChild(QPushButton, "booking_save"), Qt.MouseButton.LeftButton)

    grid = _open_booking_form(qtbot, window, day, fill)
    qtbot.waitUntil(lambda: _cell(grid, "会議室1 午後", day).data() == "書道クラブ")
    _edit_user_on_another_pc(db_path, "書道クラブ", "菅原")  # the front desk adds the contact meanwhile

    assert _undo(window).startswith("元に戻す 予約")
    told = window.statusBar().currentMessage()
    assert "この利用団体の記録は、この操作の後に" in told and "さん（" in told and "・連絡担当者: （空欄） → 菅原" in told
    bookings, registered = _state(db_path, day)
    assert bookings == [("午後", "書道クラブ")] and "書道クラブ" in registered  # nothing taken back
    assert _cell(grid, "会議室1 午後", day).data() == "書道クラブ"
