"""The 部屋 tab and 編集 → 元に戻す in the 施設 section, clicked through as staff do: add, rename,
change the fee, retire a room; book, record the people who came, cancel — and take each back."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
)

from app.services.facility.bookings import list_bookings
from app.services.facility.rooms import list_rooms
from app.storage.database import open_database
from tests.facility.test_facility_window import _cell, _open_facility, _when_modal
from tests.helpers.qt_typing import replace_text, type_text


def _edit_action(window, prefix: str) -> QAction:
    """編集 → 元に戻す / やり直し, as the menu shows it (its text names the step)."""
    edit = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("編集"))
    return next(a for a in edit.actions() if a.text().startswith(prefix))


def _undo(window) -> str:
    action = _edit_action(window, "元に戻す")
    assert action.isEnabled()
    text = action.text()
    action.trigger()
    return text


def _redo(window) -> None:
    action = _edit_action(window, "やり直し")
    assert action.isEnabled()
    action.trigger()


def _rooms_in_db(db_path) -> dict[str, tuple]:
    db = open_database(db_path)
    try:
        return {r.name: (r.id, r.data.capacity, r.data.slots, r.data.fee_per_slot, r.retired)
                for r in list_rooms(db, include_retired=True)}
    finally:
        db.close()


def _table_rows(view: QTableView) -> list[list[str]]:
    model = view.model()
    return [[str(model.index(r, c).data() or "") for c in range(model.columnCount())] for r in range(model.rowCount())]


def _rooms_tab(qtbot, window) -> QTableView:
    _open_facility(qtbot, window)
    tabs = window.findChild(QTabWidget, "facility_tabs")
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "部屋"))
    return window.findChild(QTableView, "facility_rooms_table")


def _select_room(view: QTableView, name: str) -> None:
    row = next(r for r, cells in enumerate(_table_rows(view)) if cells[0] == name)
    view.selectRow(row)


def test_add_a_room_in_the_window_then_undo_and_redo_it(qtbot, open_window, db_path, rooms):
    window = open_window(db_path)
    view = _rooms_tab(qtbot, window)
    assert [r[0] for r in _table_rows(view)] == ["会議室1", "和室", "調理実習室"]

    def fill(dialog: QDialog) -> None:
        type_text(qtbot, dialog.findChild(QLineEdit, "room_name"), "図書室")
        dialog.findChild(QSpinBox, "room_capacity").setValue(12)
        replace_text(qtbot, dialog.findChild(QLineEdit, "room_slots"), "午前、午後")
        dialog.findChild(QSpinBox, "room_fee").setValue(300)
        qtbot.mouseClick(dialog.findChild(QPushButton, "room_save"), Qt.MouseButton.LeftButton)

    _when_modal(QDialog, fill)
    qtbot.mouseClick(window.findChild(QPushButton, "facility_rooms_add"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(_table_rows(view)) == 4)
    assert _table_rows(view)[-1] == ["図書室", "12", "午前・午後", "300", "含める", "0", "使用中"]
    room_id, *stored = _rooms_in_db(db_path)["図書室"]
    assert stored == [12, ("午前", "午後"), 300, False]
    week = window.findChild(QTableView, "facility_week_grid")
    heads = [week.model().headerData(r, Qt.Orientation.Vertical) for r in range(week.model().rowCount())]
    assert "図書室 午前" in heads and "図書室 夜間" not in heads  # bookable at once in the week view

    assert _undo(window) == "元に戻す 部屋「図書室」の追加"
    qtbot.waitUntil(lambda: len(_table_rows(view)) == 3)
    assert "図書室" not in _rooms_in_db(db_path)
    _redo(window)
    qtbot.waitUntil(lambda: len(_table_rows(view)) == 4)
    assert _rooms_in_db(db_path)["図書室"][0] == room_id  # back under its id


def test_rename_change_the_fee_and_retire_a_room_each_undone(qtbot, open_window, db_path, rooms):
    window = open_window(db_path)
    view = _rooms_tab(qtbot, window)
    _select_room(view, "会議室1")

    def edit(dialog: QDialog) -> None:
        name = dialog.findChild(QLineEdit, "room_name")
        assert name.text() == "会議室1" and dialog.findChild(QSpinBox, "room_fee").value() == 1000
        replace_text(qtbot, name, "大会議室")
        dialog.findChild(QSpinBox, "room_fee").setValue(1200)
        dialog.findChild(QCheckBox, "room_counts_for_rate").setChecked(False)
        qtbot.mouseClick(dialog.findChild(QPushButton, "room_save"), Qt.MouseButton.LeftButton)

    _when_modal(QDialog, edit)
    qtbot.mouseClick(window.findChild(QPushButton, "facility_rooms_edit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _table_rows(view)[0][0] == "大会議室")
    assert _table_rows(view)[0][3:5] == ["1,200", "含めない"]
    assert _rooms_in_db(db_path)["大会議室"][3] == 1200

    _select_room(view, "和室")
    qtbot.mouseClick(window.findChild(QPushButton, "facility_rooms_retire"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _table_rows(view)[1][6] == "使用終了")
    assert _rooms_in_db(db_path)["和室"][4] is True
    week = window.findChild(QTableView, "facility_week_grid")
    heads = {week.model().headerData(r, Qt.Orientation.Vertical) for r in range(week.model().rowCount())}
    assert not any(h.startswith("和室") for h in heads)  # no longer lent

    assert _undo(window) == "元に戻す 部屋「和室」の使用終了"
    qtbot.waitUntil(lambda: _table_rows(view)[1][6] == "使用中")
    assert _undo(window) == "元に戻す 部屋「大会議室」の変更"
    qtbot.waitUntil(lambda: _table_rows(view)[0][0] == "会議室1")
    assert _rooms_in_db(db_path)["会議室1"][3] == 1000


def test_a_duplicate_room_name_is_refused_in_the_dialog_and_nothing_is_recorded(qtbot, open_window, db_path, rooms):
    window = open_window(db_path)
    view = _rooms_tab(qtbot, window)
    seen: list[str] = []

    def fill(dialog: QDialog) -> None:
        type_text(qtbot, dialog.findChild(QLineEdit, "room_name"), "和室")
        qtbot.mouseClick(dialog.findChild(QPushButton, "room_save"), Qt.MouseButton.LeftButton)
        seen.append(" ".join(label.text() for label in dialog.findChildren(type(dialog.error))))
        dialog.reject()

    _when_modal(QDialog, fill)
    qtbot.mouseClick(window.findChild(QPushButton, "facility_rooms_add"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen))
    assert "部屋「和室」は既にあります" in seen[0]
    assert len(_table_rows(view)) == 3
    assert not _edit_action(window, "元に戻す").isEnabled()


def _book_from_grid(qtbot, window, day: date) -> QTableView:
    grid = window.findChild(QTableView, "facility_week_grid")
    if day.weekday() == 0:  # tomorrow is in next week's page
        qtbot.mouseClick(window.findChild(QPushButton, "facility_week_next"), Qt.MouseButton.LeftButton)

    def fill(dialog: QDialog) -> None:
        type_text(qtbot, dialog.findChild(QComboBox, "booking_user").lineEdit(), "囲碁の会")
        dialog.findChild(QSpinBox, "booking_people").setValue(12)
        qtbot.mouseClick(dialog.findChild(QPushButton, "booking_save"), Qt.MouseButton.LeftButton)

    _when_modal(QDialog, fill)
    grid.setCurrentIndex(_cell(grid, "会議室1 午後", day))
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _cell(grid, "会議室1 午後", day).data() == "囲碁の会")
    return grid


def _bookings(db_path, day: date) -> list[tuple]:
    db = open_database(db_path)
    try:
        return [(b.id, b.status, b.actual_people, b.cancel_reason) for b in list_bookings(db, day, day)]
    finally:
        db.close()


def _booked_action(qtbot, grid: QTableView, day: date, choice: str, answer) -> None:
    def choose(dialog: QInputDialog) -> None:
        dialog.setTextValue(choice)
        dialog.accept()
        _when_modal(QInputDialog, answer)

    _when_modal(QInputDialog, choose)
    grid.setCurrentIndex(_cell(grid, "会議室1 午後", day))
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Return)


def test_a_booking_its_people_and_its_cancelling_are_undone_step_by_step(qtbot, open_window, db_path, rooms, users):
    window = open_window(db_path)
    _open_facility(qtbot, window)
    day = date.today() + timedelta(days=1)
    grid = _book_from_grid(qtbot, window, day)
    [(booking_id, status, _people, _reason)] = _bookings(db_path, day)
    assert status == "予約"

    _booked_action(qtbot, grid, day, "利用人数を記録（利用済）", lambda d: (d.setIntValue(9), d.accept()))
    qtbot.waitUntil(lambda: _bookings(db_path, day)[0][1:3] == ("利用済", 9))
    _undo(window)
    qtbot.waitUntil(lambda: _bookings(db_path, day)[0][1:3] == ("予約", None))

    _booked_action(qtbot, grid, day, "取り消す", lambda d: (d.setTextValue("雨天中止"), d.accept()))
    qtbot.waitUntil(lambda: _cell(grid, "会議室1 午後", day).data() == "")
    assert _bookings(db_path, day) == [(booking_id, "取消", None, "雨天中止")]
    assert _undo(window).startswith("元に戻す 予約の取消")
    qtbot.waitUntil(lambda: _cell(grid, "会議室1 午後", day).data() == "囲碁の会")
    assert _bookings(db_path, day) == [(booking_id, "予約", None, "")]

    assert _undo(window).startswith("元に戻す 予約（")  # the booking itself
    qtbot.waitUntil(lambda: _cell(grid, "会議室1 午後", day).data() == "")
    assert _bookings(db_path, day) == []
    _redo(window)
    qtbot.waitUntil(lambda: _cell(grid, "会議室1 午後", day).data() == "囲碁の会")
    assert _bookings(db_path, day) == [(booking_id, "予約", None, "")]  # the same booking, same id


def test_delete_a_room_never_booked_and_undo_puts_it_back_in_its_place(qtbot, open_window, db_path, rooms):
    window = open_window(db_path)
    view = _rooms_tab(qtbot, window)
    _select_room(view, "和室")  # the middle one: it must come back between the others
    _when_modal(QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    qtbot.mouseClick(window.findChild(QPushButton, "facility_rooms_delete"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [r[0] for r in _table_rows(view)] == ["会議室1", "調理実習室"])
    assert "和室" not in _rooms_in_db(db_path)
    week = window.findChild(QTableView, "facility_week_grid")
    heads = {week.model().headerData(r, Qt.Orientation.Vertical) for r in range(week.model().rowCount())}
    assert not any(h.startswith("和室") for h in heads)

    assert _undo(window) == "元に戻す 部屋「和室」の削除"
    qtbot.waitUntil(lambda: [r[0] for r in _table_rows(view)] == ["会議室1", "和室", "調理実習室"])
    assert _rooms_in_db(db_path)["和室"] == (rooms["和室"], 20, ("午前", "午後"), 600, False)  # same id, same data
    _redo(window)
    qtbot.waitUntil(lambda: len(_table_rows(view)) == 2)


def test_a_room_with_bookings_is_not_deleted_and_the_message_suggests_retiring_it(qtbot, open_window, db, db_path,
                                                                                  rooms, users):
    from app.services.facility.bookings import BookingRequest, book

    book(db, BookingRequest(date(2024, 5, 7), rooms["会議室1"], ("午前",), users["囲碁の会"]))
    db.close()
    window = open_window(db_path)
    view = _rooms_tab(qtbot, window)
    _select_room(view, "会議室1")
    told: list[str] = []
    _when_modal(QMessageBox, lambda box: (told.append(box.text()), box.accept()))
    qtbot.mouseClick(window.findChild(QPushButton, "facility_rooms_delete"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(told))
    assert "部屋「会議室1」には予約の記録が1件あるため削除できません" in told[0]
    assert "「使用終了／再開」で使用終了にしてください" in told[0]
    assert "会議室1" in _rooms_in_db(db_path) and len(_table_rows(view)) == 3
    assert not _edit_action(window, "元に戻す").isEnabled()  # nothing recorded


def test_saving_a_room_over_another_pcs_change_is_refused_naming_it_and_the_typing_stays(qtbot, open_window, db_path,
                                                                                       rooms):
    from dataclasses import replace

    from app.services.facility.rooms import room_record, save_room

    window = open_window(db_path)
    view = _rooms_tab(qtbot, window)
    _select_room(view, "会議室1")
    seen: list[str] = []

    def edit(dialog: QDialog) -> None:
        replace_text(qtbot, dialog.findChild(QLineEdit, "room_name"), "大会議室")
        other_pc = open_database(db_path)  # meanwhile, another PC raises the fee
        try:
            save_room(other_pc, replace(room_record(other_pc, rooms["会議室1"]),
                                        data=replace(room_record(other_pc, rooms["会議室1"]).data, fee_per_slot=1200)))
        finally:
            other_pc.close()
        save = dialog.findChild(QPushButton, "room_save")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        seen.append(dialog.error.text())
        seen.append(dialog.findChild(QLineEdit, "room_name").text())
        seen.append(str(dialog.isVisible()))
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # having read their change: save on purpose

    _when_modal(QDialog, edit)
    qtbot.mouseClick(window.findChild(QPushButton, "facility_rooms_edit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _table_rows(view)[0][0] == "大会議室")
    message, typed, still_open = seen
    assert "この部屋の記録は、開いた後に" in message and "（保存していません）" in message
    assert "使用料（1コマ）: 1,000円 → 1,200円" in message
    assert "あなたの入力はそのまま残っています" in message
    assert (typed, still_open) == ("大会議室", "True")
    # the second save wrote what was typed in the form (its fee field still showed 1,000)
    assert _rooms_in_db(db_path)["大会議室"][3] == 1000


def test_a_booking_changed_on_another_pc_is_named_before_the_window_changes_it(qtbot, open_window, db_path,
                                                                               rooms, users):
    from app.services.facility.bookings import record_use

    window = open_window(db_path)
    _open_facility(qtbot, window)
    day = date.today() + timedelta(days=1)
    grid = _book_from_grid(qtbot, window, day)
    [(booking_id, *_)] = _bookings(db_path, day)
    other_pc = open_database(db_path)  # the front desk records the people who came, on its own PC
    try:
        record_use(other_pc, {booking_id: 7})
    finally:
        other_pc.close()
    asked: list[str] = []

    def answer(button):
        def click(box: QMessageBox) -> None:
            asked.append(box.text())
            box.button(button).click()
        return click

    # 無断キャンセル on the grid as it was read: refused, their change shown; 「いいえ」 leaves theirs
    _when_modal(QInputDialog, lambda d: (d.setTextValue("無断キャンセルにする"), d.accept(),
                                         _when_modal(QMessageBox, answer(QMessageBox.StandardButton.No))))
    grid.setCurrentIndex(_cell(grid, "会議室1 午後", day))
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(asked))
    assert "この施設予約の記録は、開いた後に" in asked[0] and "（保存していません）" in asked[0]
    assert "・利用人数: （空欄） → 7\n・状態: 予約 → 利用済" in asked[0]  # who, when and what
    assert "このまま無断キャンセル（" in asked[0]
    assert _bookings(db_path, day) == [(booking_id, "利用済", 7, "")]
    assert not _edit_action(window, "元に戻す").text().startswith("元に戻す 無断キャンセル")

    # asked again, 「はい」: made on purpose over theirs, and undone back to theirs
    _when_modal(QInputDialog, lambda d: (d.setTextValue("無断キャンセルにする"), d.accept(),
                                         _when_modal(QMessageBox, answer(QMessageBox.StandardButton.Yes))))
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _bookings(db_path, day)[0][1] == "無断キャンセル")
    assert len(asked) == 2
    assert _undo(window).startswith("元に戻す 無断キャンセル")
    qtbot.waitUntil(lambda: _bookings(db_path, day) == [(booking_id, "利用済", 7, "")])
