"""The front desk's month, in the window: book a free slot from the 月間予定 grid, record the people who
came, then post the month's fees to the cash book as one receipt (「1か月ごとに1件」)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QInputDialog, QMessageBox, QPushButton, QSpinBox, QTableView

from app.domain.fiscal_year import FiscalYear
from app.services.accounts.ledger import list_entries
from app.services.facility import bookings as svc
from app.storage.database import open_database
from tests.facility.test_facility_window import _cell, _open_facility, _when_modal
from tests.facility.test_usage_window import _usage_tab
from tests.helpers.qt_typing import type_text


def _month_tab(qtbot, window) -> QTableView:
    from PySide6.QtWidgets import QTabWidget

    tabs = window.findChild(QTabWidget, "facility_tabs")
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == "月間予定")
    qtbot.mouseClick(tabs.tabBar(), Qt.MouseButton.LeftButton, pos=tabs.tabBar().tabRect(index).center())
    return window.findChild(QTableView, "facility_month_grid")


def _enter(qtbot, grid: QTableView, index) -> None:
    grid.setCurrentIndex(index)
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Return)


def test_book_in_the_month_view_record_the_people_and_post_the_months_fees(qtbot, open_window, db, db_path,
                                                                            rooms, users):
    today = date.today()
    svc.book(db, svc.BookingRequest(today, rooms["和室"], ("午後",), users["ブルーベル"]))  # 半額: 300円
    made = svc.list_bookings(db, today, today)
    svc.record_use(db, {made[0].id: 7})
    db.close()
    window = open_window(db_path)
    _open_facility(qtbot, window)
    grid = _month_tab(qtbot, window)

    def fill(dialog: QDialog) -> None:
        type_text(qtbot, dialog.findChild(QComboBox, "booking_user").lineEdit(), "囲碁の会")
        dialog.findChild(QSpinBox, "booking_people").setValue(12)
        qtbot.mouseClick(dialog.findChild(QPushButton, "booking_save"), Qt.MouseButton.LeftButton)

    _when_modal(QDialog, fill)
    _enter(qtbot, grid, _cell(grid, "会議室1 午前", today))
    qtbot.waitUntil(lambda: _cell(grid, "会議室1 午前", today).data() == "囲碁の")  # initials in the month

    def choose(dialog: QInputDialog) -> None:
        dialog.setTextValue("利用人数を記録（利用済）")
        dialog.accept()
        _when_modal(QInputDialog, lambda d: (d.setIntValue(10), d.accept()))

    _when_modal(QInputDialog, choose)
    _enter(qtbot, grid, _cell(grid, "会議室1 午前", today))

    def used() -> list[tuple[str, str, int | None]]:
        other = open_database(db_path)
        try:
            return [(b.room_name, b.status, b.actual_people) for b in svc.list_bookings(other, today, today)]
        finally:
            other.close()

    qtbot.waitUntil(lambda: ("会議室1", "利用済", 10) in used())

    _usage_tab(qtbot, window)
    month = window.findChild(QComboBox, "facility_usage_month")
    month.setCurrentIndex(month.findData(today.month))
    told: list[str] = []

    def per_month(dialog: QInputDialog) -> None:
        dialog.setTextValue("1か月ごとに1件")
        dialog.accept()
        _when_modal(QMessageBox, lambda box: (told.append(box.text()), box.accept()))

    _when_modal(QInputDialog, per_month)
    qtbot.mouseClick(window.findChild(QPushButton, "facility_post_fees"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(told))
    assert told == ["施設使用料 1,300円 を出納簿に1件記帳しました。（編集 → 元に戻す で取り消せます）"]
    other = open_database(db_path)
    try:
        entries = [(e.entry_date, e.category_name, e.amount, e.description)
                   for e in list_entries(other, FiscalYear.of(today))]
        assert entries == [(today, "施設使用料", 1300, f"施設使用料({today.month}月分・2件)")]  # one receipt
        assert all(b.posted for b in svc.list_bookings(other, today, today))
    finally:
        other.close()
