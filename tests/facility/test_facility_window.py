"""The 施設 section, driven as the front desk uses it: book a free slot, see it, cancel it."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
)

from app.services.facility.bookings import list_bookings
from app.storage.database import open_database
from tests.helpers.qt_dialogs import when_modal
from tests.helpers.qt_typing import type_text


def _open_facility(qtbot, window) -> None:
    item = window.nav.findItems("施設", Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=window.nav.visualItemRect(item).center())
    qtbot.waitUntil(lambda: window.findChild(QTableView, "facility_week_grid") is not None)


def _when_modal(kind, act) -> None:
    """The shared helper (tests/helpers/qt_dialogs), with this file's argument order."""
    when_modal(act, kind)


def _cell(grid: QTableView, room_slot: str, day: date):
    model = grid.model()
    row = next(r for r in range(model.rowCount()) if model.headerData(r, Qt.Orientation.Vertical) == room_slot)
    col = next(c for c in range(model.columnCount()) if model.days[c] == day)
    return model.index(row, col)


def test_book_a_free_slot_and_cancel_it_from_the_week_view(qtbot, open_window, db_path, rooms, users):
    window = open_window(db_path)
    _open_facility(qtbot, window)
    grid = window.findChild(QTableView, "facility_week_grid")
    day = date.today() + timedelta(days=1)
    if day.weekday() == 0:  # tomorrow is in next week's page
        qtbot.mouseClick(window.findChild(QPushButton, "facility_week_next"), Qt.MouseButton.LeftButton)
    index = _cell(grid, "会議室1 午後", day)
    assert index.data() == ""

    def fill(dialog: QDialog) -> None:
        type_text(qtbot, dialog.findChild(QComboBox, "booking_user").lineEdit(), "囲碁の会")
        type_text(qtbot, dialog.findChild(QLineEdit, "booking_purpose"), "例会")
        dialog.findChild(QSpinBox, "booking_people").setValue(12)
        assert dialog.findChild(QCheckBox, "booking_slot_午後").isChecked()
        qtbot.mouseClick(dialog.findChild(QPushButton, "booking_save"), Qt.MouseButton.LeftButton)

    _when_modal(QDialog, fill)
    grid.setCurrentIndex(index)
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _cell(grid, "会議室1 午後", day).data() == "囲碁の会")
    title = window.findChild(QLabel, "facility_week_title").text()
    assert "予約 1件" in title
    db = open_database(db_path)
    try:
        made = list_bookings(db, day, day)
        assert [(b.room_name, b.slot, b.user_name, b.purpose, b.expected_people) for b in made] == [
            ("会議室1", "午後", "囲碁の会", "例会", 12)]
    finally:
        db.close()

    # cancel: the actions of a booked cell, then the reason
    def choose(dialog: QInputDialog) -> None:
        dialog.setTextValue("取り消す")
        dialog.accept()
        _when_modal(QInputDialog, lambda d: (d.setTextValue("雨天中止"), d.accept()))

    _when_modal(QInputDialog, choose)
    grid.setCurrentIndex(_cell(grid, "会議室1 午後", day))
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _cell(grid, "会議室1 午後", day).data() == "")
    db = open_database(db_path)
    try:
        kept = list_bookings(db, day, day)
        assert [(b.status, b.cancel_reason) for b in kept] == [("取消", "雨天中止")]
    finally:
        db.close()


def test_closed_days_are_set_from_the_usage_tab_and_show_in_the_grid(qtbot, open_window, db_path, rooms, users):
    from PySide6.QtWidgets import QListWidget, QTabWidget

    from app.services.facility.calendar import list_closed_days
    from app.services.fiscal_years import selected_fiscal_year

    window = open_window(db_path)
    _open_facility(qtbot, window)
    tabs = window.findChild(QTabWidget, "facility_tabs")
    tabs.setCurrentIndex(3)

    def add_new_year(dialog: QDialog) -> None:
        button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "年末年始を追加")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert dialog.findChild(QListWidget, "closed_days_list").count() == 6
        dialog.reject()

    _when_modal(QDialog, add_new_year)
    qtbot.mouseClick(window.findChild(QPushButton, "facility_closed_days"), Qt.MouseButton.LeftButton)
    db = open_database(db_path)
    try:
        year = selected_fiscal_year(db)
        days = list_closed_days(db, year)
    finally:
        db.close()
    assert sorted(days) == [date(year.year, 12, 29) + timedelta(days=i) for i in range(6)]
    assert set(days.values()) == {"年末年始"}
    month = window.findChild(QTableView, "facility_month_grid")
    if date.today().month == 12:
        col = next(c for c in range(month.model().columnCount()) if month.model().days[c].day == 30)
        assert month.model().index(0, col).data() == "休"
