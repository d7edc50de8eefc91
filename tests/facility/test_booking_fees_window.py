"""A booking's 使用料 in the window, as the front desk handles it: a fee set (with its reason) when
booking, changed afterwards, received in advance (前納) and refunded when the booking is cancelled —
each through 編集 → 元に戻す."""

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
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
)

from app.domain.fiscal_year import FiscalYear
from app.services.accounts.ledger import list_entries
from app.services.facility.bookings import list_bookings
from app.storage.database import open_database
from tests.facility.test_facility_window import _cell, _open_facility, _when_modal
from tests.facility.test_rooms_window import _book_from_grid, _redo, _undo
from tests.helpers.qt_typing import type_text


def _fees(db_path, day: date) -> list[tuple]:
    db = open_database(db_path)
    try:
        return [(b.slot, b.fee, b.full_fee, b.fee_reason, b.posted, b.status) for b in list_bookings(db, day, day)]
    finally:
        db.close()


def _fee_entries(db_path) -> list[tuple]:
    db = open_database(db_path)
    try:
        return [(e.kind_label, e.category_name, e.amount, e.voucher_no)
                for e in list_entries(db, FiscalYear.of(date.today())) if e.category_name == "施設使用料"]
    finally:
        db.close()


def _choose_action(qtbot, grid, day: date, choice: str, then=None, kind=QInputDialog) -> None:
    """Enter on the booked cell 会議室1 午後, then pick `choice` among the booking's actions; `then`
    answers the dialog of `kind` that follows."""

    def choose(dialog: QInputDialog) -> None:
        dialog.setTextValue(choice)
        dialog.accept()
        if then is not None:
            _when_modal(kind, then)

    _when_modal(QInputDialog, choose)
    grid.setCurrentIndex(_cell(grid, "会議室1 午後", day))
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Return)


def _press(qtbot, box: QMessageBox, text: str) -> None:
    qtbot.mouseClick(next(b for b in box.buttons() if b.text() == text or text in b.text()), Qt.MouseButton.LeftButton)


def test_a_fee_set_with_its_reason_when_booking(qtbot, open_window, db_path, rooms, users):
    window = open_window(db_path)
    _open_facility(qtbot, window)
    grid = window.findChild(QTableView, "facility_week_grid")
    day = date.today() + timedelta(days=1)
    if day.weekday() == 0:
        qtbot.mouseClick(window.findChild(QPushButton, "facility_week_next"), Qt.MouseButton.LeftButton)
    shown: list[str] = []

    def fill(dialog: QDialog) -> None:
        type_text(qtbot, dialog.findChild(QComboBox, "booking_user").lineEdit(), "ブルーベル")
        shown.append(dialog.findChild(QLabel, "booking_fee_computed").text())
        qtbot.mouseClick(dialog.findChild(QCheckBox, "booking_fee_change"), Qt.MouseButton.LeftButton)
        dialog.findChild(QSpinBox, "booking_fee").setValue(300)
        save = dialog.findChild(QPushButton, "booking_save")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # no reason yet: refused, the form stays
        shown.append(dialog.error.text())
        type_text(qtbot, dialog.findChild(QLineEdit, "booking_fee_reason"), "敬老行事への協力")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    _when_modal(QDialog, fill)
    grid.setCurrentIndex(_cell(grid, "会議室1 午後", day))
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _cell(grid, "会議室1 午後", day).data() == "ブルーベル")
    assert shown[0] == "1コマ 500円（半額: 部屋の使用料 1,000円）"  # ブルーベル is 半額
    assert "使用料を変えるときは理由を入力してください" in shown[1]
    assert _fees(db_path, day) == [("午後", 300, 1000, "敬老行事への協力", False, "予約")]
    assert "使用料 300円・敬老行事への協力" in _cell(grid, "会議室1 午後", day).data(Qt.ItemDataRole.ToolTipRole)


def test_change_a_booked_fee_with_its_reason_and_undo_it(qtbot, open_window, db_path, rooms, users):
    window = open_window(db_path)
    _open_facility(qtbot, window)
    day = date.today() + timedelta(days=1)
    grid = _book_from_grid(qtbot, window, day)
    assert _fees(db_path, day) == [("午後", 1000, 1000, "", False, "予約")]
    seen: list[str] = []

    def change(dialog: QDialog) -> None:
        fee = dialog.findChild(QSpinBox, "booking_fee")
        seen.append(dialog.findChild(QLabel, "booking_fee_standard").text())
        fee.setValue(0)
        save = dialog.findChild(QPushButton, "booking_fee_save")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        seen.append(dialog.error.text())
        type_text(qtbot, dialog.findChild(QLineEdit, "booking_fee_reason"), "市の行事")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    _choose_action(qtbot, grid, day, "使用料を変更…", then=change, kind=QDialog)
    qtbot.waitUntil(lambda: _fees(db_path, day)[0][1] == 0)
    assert "部屋の使用料 1,000円" in seen[0]
    assert "使用料を変えるときは理由を入力してください" in seen[1]
    assert _fees(db_path, day) == [("午後", 0, 1000, "市の行事", False, "予約")]

    assert _undo(window).startswith("元に戻す 使用料の変更")
    qtbot.waitUntil(lambda: _fees(db_path, day)[0][1] == 1000)
    assert _fees(db_path, day)[0][3] == ""
    _redo(window)
    qtbot.waitUntil(lambda: _fees(db_path, day)[0][1] == 0)


def test_a_fee_received_in_advance_is_in_the_cash_book_and_refunded_when_cancelled(qtbot, open_window, db_path,
                                                                                  rooms, users):
    window = open_window(db_path)
    _open_facility(qtbot, window)
    day = date.today() + timedelta(days=1)
    grid = _book_from_grid(qtbot, window, day)
    asked: list[str] = []

    def confirm(box: QMessageBox) -> None:
        asked.append(box.text())
        _when_modal(QMessageBox, lambda done: (asked.append(done.text()), done.accept()))
        _press(qtbot, box, "Yes")

    _choose_action(qtbot, grid, day, "使用料を受け取る（前納）", then=confirm, kind=QMessageBox)
    qtbot.waitUntil(lambda: len(asked) == 2)
    assert "午後の使用料 1,000円 を今日" in asked[0]
    [receipt] = _fee_entries(db_path)
    assert receipt[:3] == ("収入", "施設使用料", 1000)
    assert f"証憑番号 {receipt[3]}" in asked[1]
    assert _fees(db_path, day)[0][4] is True  # paid
    assert "（受領済み）" in _cell(grid, "会議室1 午後", day).data(Qt.ItemDataRole.ToolTipRole)

    # undo the 前納, redo it: the same receipt
    assert _undo(window).startswith("元に戻す 使用料の前納")
    qtbot.waitUntil(lambda: _fee_entries(db_path) == [])
    _redo(window)
    qtbot.waitUntil(lambda: _fee_entries(db_path) == [receipt])

    # cancel the paid booking: asked whether to refund; 返金する writes a 戻出
    def reason(dialog: QInputDialog) -> None:
        dialog.setTextValue("雨天中止")
        _when_modal(QMessageBox, lambda box: (asked.append(box.text()), _press(qtbot, box, "返金する")))
        dialog.accept()

    _choose_action(qtbot, grid, day, "取り消す", then=reason)
    qtbot.waitUntil(lambda: len(_fee_entries(db_path)) == 2)
    assert "使用料 1,000円 は受領済みです" in asked[2]
    refund = _fee_entries(db_path)[1]
    assert refund[:3] == ("戻出", "施設使用料", 1000)
    assert _fees(db_path, day)[0][5] == "取消"
    assert _undo(window).startswith("元に戻す 予約の取消")
    qtbot.waitUntil(lambda: _fee_entries(db_path) == [receipt])
    assert _fees(db_path, day)[0][5] == "予約"
