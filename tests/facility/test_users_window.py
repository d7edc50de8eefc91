"""利用団体 in the window: look-alike names are pointed out, merged into one by two clicks, and the
merge is taken back with 編集 → 元に戻す."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QInputDialog, QLabel, QPushButton, QTableView, QTabWidget

from app.services.facility import bookings as svc
from app.services.facility.users import UserData, add_user, list_users
from app.storage.database import open_database
from tests.facility.test_facility_window import _open_facility, _when_modal
from tests.facility.test_rooms_window import _undo


def test_merge_two_spellings_of_one_user_and_undo_it(qtbot, open_window, db, db_path, rooms, users):
    other, _ = add_user(db, UserData("囲碁"))
    day = date(2025, 6, 3)
    svc.book(db, svc.BookingRequest(day, rooms["会議室1"], ("午前",), other.id))
    db.close()
    window = open_window(db_path)
    _open_facility(qtbot, window)
    tabs = window.findChild(QTabWidget, "facility_tabs")
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "利用団体"))
    hint = window.findChild(QLabel, "facility_users_similar")
    assert "囲碁の会 / 囲碁" in hint.text() and hint.isVisible()

    view = window.findChild(QTableView, "facility_users_table")
    model = view.model()
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    for name in ("囲碁", "囲碁の会"):
        view.selectionModel().select(model.index(names.index(name), 0),
                                     QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    asked: list[str] = []

    def keep(dialog: QInputDialog) -> None:
        asked.append(dialog.labelText())
        dialog.setTextValue("囲碁の会")
        dialog.accept()

    _when_modal(QInputDialog, keep)
    qtbot.mouseClick(window.findChild(QPushButton, "facility_users_merge"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: model.rowCount() == len(names) - 1)
    assert "予約は残す名前に移ります" in asked[0]
    assert not hint.isVisible()
    reopened = open_database(db_path)
    try:
        assert [b.user_name for b in svc.list_bookings(reopened, day, day)] == ["囲碁の会"]
        assert {u.name: u.aliases for u in list_users(reopened)}["囲碁の会"] == ("囲碁",)
    finally:
        reopened.close()

    assert _undo(window) == "元に戻す 利用団体を「囲碁の会」にまとめる"
    qtbot.waitUntil(lambda: model.rowCount() == len(names))
    reopened = open_database(db_path)
    try:
        assert [b.user_name for b in svc.list_bookings(reopened, day, day)] == ["囲碁"]
    finally:
        reopened.close()


def test_saving_a_user_over_another_pcs_change_is_refused_naming_it_and_the_typing_stays(qtbot, open_window,
                                                                                       db_path, users):
    from dataclasses import replace

    from PySide6.QtWidgets import QDialog, QLineEdit

    from app.services.facility.users import update_user
    from tests.helpers.qt_typing import replace_text

    window = open_window(db_path)
    _open_facility(qtbot, window)
    tabs = window.findChild(QTabWidget, "facility_tabs")
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "利用団体"))
    view = window.findChild(QTableView, "facility_users_table")
    names = [view.model().index(r, 0).data() for r in range(view.model().rowCount())]
    view.selectRow(names.index("囲碁の会"))
    seen: list[str] = []

    def edit(dialog: QDialog) -> None:
        replace_text(qtbot, dialog.findChild(QLineEdit, "user_phone"), "0191-33-1234")
        other_pc = open_database(db_path)  # meanwhile another PC changes the contact person
        try:
            mine = {u.name: u for u in list_users(other_pc)}["囲碁の会"]
            update_user(other_pc, mine.id, replace(mine.data, contact_person="佐藤一郎"))
        finally:
            other_pc.close()
        save = dialog.findChild(QPushButton, "user_save")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        seen.extend([dialog.error.text(), dialog.findChild(QLineEdit, "user_phone").text(), str(dialog.isVisible())])
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # having read their change: save on purpose

    _when_modal(QDialog, edit)
    qtbot.mouseClick(window.findChild(QPushButton, "facility_users_edit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 3)
    message, typed, still_open = seen
    assert "この利用団体の記録は、開いた後に" in message and "・連絡担当者: （空欄） → 佐藤一郎" in message
    assert (typed, still_open) == ("0191-33-1234", "True")
    reopened = open_database(db_path)
    try:
        assert {u.name: u.data.phone for u in list_users(reopened)}["囲碁の会"] == "0191-33-1234"
    finally:
        reopened.close()
