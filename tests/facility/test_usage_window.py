"""The 利用状況 tab as staff use it: record the people who came at the front desk, see them counted,
post the day's fees to the cash book in one step, and read the month-by-month chart."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
)

from app.services.accounts.ledger import list_entries
from app.services.facility import bookings as svc
from app.storage.database import open_database
from app.ui.monthly_chart import MonthlyChart
from tests.facility.test_facility_window import _cell, _open_facility, _when_modal


def _usage_tab(qtbot, window) -> QTabWidget:
    tabs = window.findChild(QTabWidget, "facility_tabs")
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == "利用状況")
    qtbot.mouseClick(tabs.tabBar(), Qt.MouseButton.LeftButton, pos=tabs.tabBar().tabRect(index).center())
    return tabs


def _row(view: QTableView, room: str) -> dict[str, str]:
    model = view.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    for r in range(model.rowCount()):
        cells = [str(model.index(r, c).data() or "") for c in range(model.columnCount())]
        if cells[0] == room:
            return dict(zip(headers, cells, strict=True))
    raise AssertionError(f"{room} is not in the table")


def test_record_the_people_who_came_then_post_the_days_fee_to_the_cash_book(qtbot, open_window, db, db_path,
                                                                            rooms, users):
    today = date.today()
    svc.book(db, svc.BookingRequest(today, rooms["会議室1"], ("午前",), users["囲碁の会"], expected_people=12))
    db.close()
    window = open_window(db_path)
    _open_facility(qtbot, window)
    grid = window.findChild(QTableView, "facility_week_grid")

    def choose(dialog: QInputDialog) -> None:
        dialog.setTextValue("利用人数を記録（利用済）")
        dialog.accept()
        _when_modal(QInputDialog, lambda d: (d.setIntValue(9), d.accept()))

    _when_modal(QInputDialog, choose)
    grid.setCurrentIndex(_cell(grid, "会議室1 午前", today))
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Return)

    _usage_tab(qtbot, window)
    table = window.findChild(QTableView, "facility_usage_table")
    qtbot.waitUntil(lambda: _row(table, "会議室1")["人数"] == "9")
    assert _row(table, "会議室1")["件数"] == "1" and _row(table, "合計")["人数"] == "9"
    unposted = window.findChild(QLabel, "facility_unposted")
    assert unposted.text() == "未記帳の使用料 1,000円（1日分）"

    told: list[str] = []

    def per_day(dialog: QInputDialog) -> None:
        dialog.setTextValue("1日ごとに1件")
        dialog.accept()

        def read_and_close(box: QMessageBox) -> None:
            told.append(box.text())
            box.accept()

        _when_modal(QMessageBox, read_and_close)

    _when_modal(QInputDialog, per_day)
    post = window.findChild(QPushButton, "facility_post_fees")
    qtbot.mouseClick(post, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(told))
    assert told == ["施設使用料 1,000円 を出納簿に1件記帳しました。（編集 → 元に戻す で取り消せます）"]
    qtbot.waitUntil(lambda: unposted.text() == "未記帳の使用料 0円（0日分）")
    assert not post.isEnabled()
    reopened = open_database(db_path)
    try:
        entries = list_entries(reopened, window.ctx.fiscal_year)
        assert [(e.entry_date, e.category_name, e.amount, e.direction) for e in entries] == [
            (today, "施設使用料", 1000, "income")]
        assert svc.list_bookings(reopened, today, today)[0].posted
    finally:
        reopened.close()


def _post_per_day(qtbot, window) -> None:
    def per_day(dialog: QInputDialog) -> None:
        dialog.setTextValue("1日ごとに1件")
        dialog.accept()
        _when_modal(QMessageBox, lambda box: box.accept())

    _when_modal(QInputDialog, per_day)
    qtbot.mouseClick(window.findChild(QPushButton, "facility_post_fees"), Qt.MouseButton.LeftButton)


def _fee_entries(db_path, fy) -> list[tuple]:
    reopened = open_database(db_path)
    try:
        return [(e.entry_date, e.category_name, e.amount, e.voucher_no) for e in list_entries(reopened, fy)]
    finally:
        reopened.close()


def test_posting_the_fees_is_taken_back_with_undo_and_written_again_with_redo(qtbot, open_window, db, db_path,
                                                                             rooms, users):
    from tests.facility.test_rooms_window import _redo, _undo

    today = date.today()
    made, _ = svc.book(db, svc.BookingRequest(today, rooms["会議室1"], ("午前", "午後"), users["囲碁の会"]))
    svc.record_use(db, {b.id: 8 for b in made})
    db.close()
    window = open_window(db_path)
    _open_facility(qtbot, window)
    _usage_tab(qtbot, window)
    unposted = window.findChild(QLabel, "facility_unposted")
    assert unposted.text() == "未記帳の使用料 2,000円（1日分）"
    fy = window.ctx.fiscal_year

    _post_per_day(qtbot, window)
    qtbot.waitUntil(lambda: unposted.text() == "未記帳の使用料 0円（0日分）")
    [(day, category, amount, voucher)] = _fee_entries(db_path, fy)
    assert (day, category, amount) == (today, "施設使用料", 2000)

    assert _undo(window) == f"元に戻す 施設使用料の記帳（{fy.label}）"  # the whole year's, as the tab showed it
    qtbot.waitUntil(lambda: unposted.text() == "未記帳の使用料 2,000円（1日分）")
    assert _fee_entries(db_path, fy) == []  # out of the cash book
    assert window.findChild(QPushButton, "facility_post_fees").isEnabled()

    _redo(window)
    qtbot.waitUntil(lambda: unposted.text() == "未記帳の使用料 0円（0日分）")
    assert _fee_entries(db_path, fy) == [(today, "施設使用料", 2000, voucher)]  # the same 証憑番号


def test_the_chart_shows_the_year_month_by_month_beside_last_year(qtbot, open_window, db, db_path, rooms, users):
    from app.services.fiscal_years import selected_fiscal_year

    fy = selected_fiscal_year(db)
    may, june, last_may = date(fy.year, 5, 13), date(fy.year, 6, 3), date(fy.year - 1, 5, 14)
    for day, room, user, people in ((may, "会議室1", "囲碁の会", 12), (may, "和室", "ブルーベル", 7),
                                    (june, "会議室1", "囲碁の会", 10), (last_may, "会議室1", "囲碁の会", 4)):
        svc.book(db, svc.BookingRequest(day, rooms[room], ("午前",), users[user], expected_people=people))
    db.close()
    window = open_window(db_path)
    _open_facility(qtbot, window)
    _usage_tab(qtbot, window)
    chart = window.findChild(MonthlyChart, "facility_usage_chart")
    (this_name, this_year), (last_name, last_year) = chart.series
    assert this_name == f"{fy.label} 利用者数（人）" and last_name == f"{fy.previous().label}（前年度）"
    assert this_year == [0, 19, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0]  # 4月, 5月 (12 + 7), 6月 …
    assert last_year == [0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]

    figure = window.findChild(QComboBox, "facility_usage_chart_figure")
    figure.setCurrentIndex(figure.findText("利用件数（件）"))
    assert chart.series[0][1][:3] == [0, 2, 1]
    figure.setCurrentIndex(figure.findText("使用料（円）"))
    assert chart.series[0][1][:3] == [0, 1000 + 300, 1000]  # ブルーベル pays half of 和室's 600
    chart.grab()  # it paints


def test_cancelling_a_paid_booking_in_the_window_refunds_it_in_the_cash_book(qtbot, open_window, db, db_path,
                                                                            rooms, users):
    from datetime import timedelta

    from app.domain.fiscal_year import FiscalYear
    from app.services.facility.fees import receive_in_advance

    day = date.today() + timedelta(days=1)
    [paid], _ = svc.book(db, svc.BookingRequest(day, rooms["会議室1"], ("午後",), users["囲碁の会"]))
    receive_in_advance(db, FiscalYear.of(date.today()), [paid.id], date.today())
    db.close()
    window = open_window(db_path)
    _open_facility(qtbot, window)
    grid = window.findChild(QTableView, "facility_week_grid")
    if day.weekday() == 0:
        qtbot.mouseClick(window.findChild(QPushButton, "facility_week_next"), Qt.MouseButton.LeftButton)
    asked: list[str] = []

    def refund(box: QMessageBox) -> None:
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == "返金する").click()

    def choose(dialog: QInputDialog) -> None:
        dialog.setTextValue("取り消す")
        dialog.accept()
        _when_modal(QInputDialog, lambda d: (d.setTextValue("中止"), d.accept(), _when_modal(QMessageBox, refund)))

    _when_modal(QInputDialog, choose)
    grid.setCurrentIndex(_cell(grid, "会議室1 午後", day))
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _cell(grid, "会議室1 午後", day).data() == "")
    assert "1,000円 は受領済み" in asked[0] and "施設使用料の戻出" in asked[0]
    reopened = open_database(db_path)
    try:
        entries = list_entries(reopened, FiscalYear.of(date.today()))
        assert [(e.kind_label, e.category_name, e.amount) for e in entries] == [
            ("収入", "施設使用料", 1000), ("戻出", "施設使用料", 1000)]
    finally:
        reopened.close()


def test_last_years_fees_and_exemptions_stand_beside_this_years(qtbot, open_window, db, db_path, rooms, users):
    from app.domain.fiscal_year import FiscalYear

    last_year = FiscalYear.of(date.today()).previous()
    june = date(last_year.year, 6, 3)
    made, _ = svc.book(db, svc.BookingRequest(june, rooms["会議室1"], ("午前", "午後"), users["ブルーベル"]))  # 半額
    svc.record_use(db, {b.id: 6 for b in made})
    db.close()
    window = open_window(db_path)
    _open_facility(qtbot, window)
    _usage_tab(qtbot, window)
    table = window.findChild(QTableView, "facility_usage_table")
    row = _row(table, "会議室1")
    assert (row["前年度\n件数"], row["前年度\n人数"], row["前年度\n使用料"], row["前年度\n減免額"]) == ("1", "6", "1,000", "1,000")
    assert (row["件数"], row["使用料"], row["減免額"]) == ("0", "0", "0")
    month = window.findChild(QComboBox, "facility_usage_month")
    month.setCurrentIndex(month.findText("6月"))
    qtbot.waitUntil(lambda: _row(table, "合計")["前年度\n使用料"] == "1,000")
    month.setCurrentIndex(month.findText("7月"))
    qtbot.waitUntil(lambda: _row(table, "合計")["前年度\n使用料"] == "0")
