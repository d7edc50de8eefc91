"""The 施設 section as the front desk sees it: the colours of the week view, the month view of any
month, a booking on a closed day (asked first), and 本日の利用予定 printed in one click."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
)

from app.domain.fiscal_year import FiscalYear
from app.services.facility import bookings as svc
from app.services.facility.calendar import new_year_holidays, set_closed
from app.storage.database import open_database
from tests.facility.test_facility_window import _cell, _open_facility, _when_modal
from tests.helpers.qt_typing import type_text


def _colour(index) -> str:
    brush = index.data(Qt.ItemDataRole.BackgroundRole)
    return brush.color().name() if brush is not None else ""


def test_each_status_has_its_colour_in_the_week_view(qtbot, open_window, db, db_path, rooms, users):
    today = date.today()
    made = {}
    for slot, user in (("午前", "囲碁の会"), ("午後", "ブルーベル"), ("夜間", "第一自治会")):
        made[slot] = svc.book(db, svc.BookingRequest(today, rooms["会議室1"], (slot,), users[user]))[0][0].id
    svc.record_use(db, {made["午後"]: 8})
    svc.mark_no_show(db, [made["夜間"]])
    other = next(d for d in (today + timedelta(days=i) for i in range(-6, 7))
                 if d != today and d.isocalendar()[:2] == today.isocalendar()[:2])  # another day of this week
    set_closed(db, {other: "館内清掃"})
    db.close()
    window = open_window(db_path)
    _open_facility(qtbot, window)
    grid = window.findChild(QTableView, "facility_week_grid")
    booked, used, no_show = (_cell(grid, f"会議室1 {s}", today) for s in ("午前", "午後", "夜間"))
    assert (booked.data(), used.data(), no_show.data()) == ("囲碁の会", "ブルーベル", "第一自治会")
    assert (_colour(booked), _colour(used), _colour(no_show)) == ("#dbeafe", "#dcfce7", "#fee2e2")
    assert "（利用済・8人）" in used.data(Qt.ItemDataRole.ToolTipRole)
    closed = _cell(grid, "和室 午前", other)
    assert (closed.data(), _colour(closed)) == ("休", "#e5e7eb")
    assert "休館日（館内清掃）" in closed.data(Qt.ItemDataRole.ToolTipRole)
    assert _colour(_cell(grid, "和室 午前", today)) == ""  # free: no colour
    legend = next(label.text() for label in grid.parent().findChildren(QLabel) if "予約" in label.text()
                  and "休館日" in label.text())
    assert "利用済" in legend and "無断キャンセル" in legend


def test_the_month_view_shows_the_closed_days_of_any_month(qtbot, open_window, db, db_path, rooms, users):
    year = FiscalYear.of(date.today())
    set_closed(db, new_year_holidays(year))
    svc.book(db, svc.BookingRequest(date(year.year, 12, 28), rooms["会議室1"], ("午後",), users["囲碁の会"]))
    db.close()
    window = open_window(db_path)
    _open_facility(qtbot, window)
    tabs = window.findChild(QTabWidget, "facility_tabs")
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "月間予定"))
    title = window.findChild(QLabel, "facility_month_title")
    today = date.today()
    months = (year.year - today.year) * 12 + 12 - today.month  # from this month to December of the year
    button = window.findChild(QPushButton, "facility_month_next" if months > 0 else "facility_month_prev")
    for _ in range(abs(months)):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert title.text().startswith(f"<b>{year.year}年12月</b>")
    assert "予約 1件" in title.text()
    grid = window.findChild(QTableView, "facility_month_grid")
    assert grid.model().columnCount() == 31
    assert _cell(grid, "会議室1 午後", date(year.year, 12, 28)).data() == "囲碁の"  # initials in a narrow cell
    for day in (29, 30, 31):
        cell = _cell(grid, "和室 午前", date(year.year, 12, day))
        assert (cell.data(), _colour(cell)) == ("休", "#e5e7eb")
    assert _cell(grid, "和室 午前", date(year.year, 12, 27)).data() == ""


def _book_tomorrow(qtbot, window, answer: QMessageBox.StandardButton, asked: list[str], errors: list[str]) -> date:
    grid = window.findChild(QTableView, "facility_week_grid")
    day = date.today() + timedelta(days=1)
    if day.weekday() == 0 and grid.model().days[0] != day:
        qtbot.mouseClick(window.findChild(QPushButton, "facility_week_next"), Qt.MouseButton.LeftButton)

    def fill(dialog: QDialog) -> None:
        type_text(qtbot, dialog.findChild(QComboBox, "booking_user").lineEdit(), "囲碁の会")
        dialog.findChild(QSpinBox, "booking_people").setValue(10)

        def confirm(box: QMessageBox) -> None:
            asked.append(box.text())
            qtbot.mouseClick(box.button(answer), Qt.MouseButton.LeftButton)

        _when_modal(QMessageBox, confirm)
        qtbot.mouseClick(dialog.findChild(QPushButton, "booking_save"), Qt.MouseButton.LeftButton)
        if dialog.isVisible():
            errors.append(dialog.error.text())
            dialog.reject()

    _when_modal(QDialog, fill)
    grid.setCurrentIndex(_cell(grid, "会議室1 午後", day))
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    return day


def _held(db_path, day: date) -> list[tuple[str, str]]:
    db = open_database(db_path)
    try:
        return [(b.slot, b.user_name) for b in svc.list_bookings(db, day, day, include_cancelled=False)]
    finally:
        db.close()


def test_a_booking_on_a_closed_day_is_asked_first(qtbot, open_window, db, db_path, rooms, users):
    tomorrow = date.today() + timedelta(days=1)
    set_closed(db, {tomorrow: "館内消毒"})
    db.close()
    window = open_window(db_path)
    _open_facility(qtbot, window)
    asked: list[str] = []
    errors: list[str] = []
    _book_tomorrow(qtbot, window, QMessageBox.StandardButton.No, asked, errors)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert "休館日（館内消毒）です。それでも予約しますか。" in asked[0]
    assert errors == ["予約しませんでした"] and _held(db_path, tomorrow) == []

    _book_tomorrow(qtbot, window, QMessageBox.StandardButton.Yes, asked, errors)
    qtbot.waitUntil(lambda: _held(db_path, tomorrow) == [("午後", "囲碁の会")])
    assert len(asked) == 2 and len(errors) == 1


class _Viewer(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[Path] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(Path(url.toLocalFile()))


def test_todays_list_is_printed_in_one_click(qtbot, open_window, db, db_path, rooms, users):
    today = date.today()
    svc.book(db, svc.BookingRequest(today, rooms["会議室1"], ("午前", "午後"), users["囲碁の会"], purpose="囲碁大会",
                                    expected_people=16))
    svc.book(db, svc.BookingRequest(today, rooms["和室"], ("午後",), users["ブルーベル"]))
    gone = svc.book(db, svc.BookingRequest(today, rooms["和室"], ("午前",), users["第一自治会"]))[0][0]
    svc.cancel(db, [gone.id], today, "中止")
    svc.book(db, svc.BookingRequest(today + timedelta(days=1), rooms["和室"], ("午前",), users["第一自治会"]))
    db.close()
    window = open_window(db_path)
    _open_facility(qtbot, window)
    viewer = _Viewer()  # stands for the PDF viewer the desktop would open
    opened = viewer.opened
    QDesktopServices.setUrlHandler("file", viewer, "open")
    try:
        qtbot.mouseClick(window.findChild(QPushButton, "facility_today_pdf"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(opened))
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert opened[0].name == f"本日の利用予定_{today:%Y%m%d}.pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(opened[0]).pages)
    assert "本日の利用予定" in text
    words = text.split()
    start = words.index("受付") + 1  # the table, after its header
    assert words[start:start + 17] == [
        "会議室1", "午前", "囲碁の会", "囲碁大会", "16", "1,000", "予約",
        "会議室1", "午後", "囲碁の会", "囲碁大会", "16", "1,000", "予約",
        "和室", "午後", "ブルーベル"]
    assert "第一自治会" not in text  # not the cancelled booking, nor tomorrow's
