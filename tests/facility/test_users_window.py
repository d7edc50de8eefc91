"""利用団体 in the window: look-alike names are pointed out, merged into one by two clicks, and the
merge is taken back with 編集 → 元に戻す."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
)

from app.services.facility import bookings as svc
from app.services.facility.users import UserData, add_user, list_users
from app.services.members.kinds import list_member_kinds
from app.services.members.organisations import Organisation, get_organisation, save_organisation
from app.storage.database import open_database
from tests.facility.test_facility_window import _open_facility, _when_modal
from tests.facility.test_rooms_window import _redo, _undo
from tests.helpers.qt_typing import replace_text, type_text


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
    from app.services.facility.users import update_user

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


def _users_tab(qtbot, window) -> QTableView:
    _open_facility(qtbot, window)
    tabs = window.findChild(QTabWidget, "facility_tabs")
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "利用団体"))
    return window.findChild(QTableView, "facility_users_table")


def _names(view: QTableView) -> list[str]:
    return [view.model().index(r, 0).data() for r in range(view.model().rowCount())]


def _users_in(db_path) -> dict[str, UserData]:
    reopened = open_database(db_path)
    try:
        return {u.name: u.data for u in list_users(reopened)}
    finally:
        reopened.close()


def test_add_a_user_with_its_exemption_then_undo_and_redo_it(qtbot, open_window, db_path, users):
    window = open_window(db_path)
    view = _users_tab(qtbot, window)
    before = _names(view)

    def fill(dialog: QDialog) -> None:
        type_text(qtbot, dialog.findChild(QLineEdit, "user_name"), "手芸サークル")
        type_text(qtbot, dialog.findChild(QLineEdit, "user_furigana"), "しゅげいさーくる")
        dialog.findChild(QComboBox, "user_exemption").setCurrentText("半額")
        save = dialog.findChild(QPushButton, "user_save")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # 減免 without a reason: refused, the form stays
        assert "減免するときは理由を入力してください" in dialog.error.text()
        type_text(qtbot, dialog.findChild(QLineEdit, "user_reason"), "福祉活動")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    _when_modal(QDialog, fill)
    qtbot.mouseClick(window.findChild(QPushButton, "facility_users_add"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "手芸サークル" in _names(view))
    stored = _users_in(db_path)["手芸サークル"]
    assert (stored.furigana, stored.exemption, stored.exemption_reason) == ("しゅげいさーくる", "半額", "福祉活動")

    assert _undo(window) == "元に戻す 利用団体「手芸サークル」の追加"
    qtbot.waitUntil(lambda: _names(view) == before)
    assert "手芸サークル" not in _users_in(db_path)
    _redo(window)
    qtbot.waitUntil(lambda: "手芸サークル" in _names(view))


def test_an_edit_is_undone(qtbot, open_window, db_path, users):
    window = open_window(db_path)
    view = _users_tab(qtbot, window)
    view.selectRow(_names(view).index("ブルーベル"))

    def edit(dialog: QDialog) -> None:
        dialog.findChild(QComboBox, "user_exemption").setCurrentText("なし")
        qtbot.mouseClick(dialog.findChild(QPushButton, "user_save"), Qt.MouseButton.LeftButton)

    _when_modal(QDialog, edit)
    qtbot.mouseClick(window.findChild(QPushButton, "facility_users_edit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _users_in(db_path)["ブルーベル"].exemption == "なし")
    assert _undo(window) == "元に戻す 利用団体「ブルーベル」の変更"
    qtbot.waitUntil(lambda: _users_in(db_path)["ブルーベル"].exemption == "半額")


def test_a_user_linked_to_a_member_organisation_follows_the_registers_name(qtbot, open_window, db, db_path,
                                                                            rooms, users):
    kind = next(k.id for k in list_member_kinds(db) if k.name == "自治会")
    org = save_organisation(db, Organisation(kind_id=kind, name="本町自治会", furigana="ほんまちじちかい")).value
    db.close()
    window = open_window(db_path)
    view = _users_tab(qtbot, window)
    seen: list[tuple] = []

    def fill(dialog: QDialog) -> None:
        choice = dialog.findChild(QComboBox, "user_organisation")
        choice.setCurrentIndex(choice.findText("本町自治会"))
        name = dialog.findChild(QLineEdit, "user_name")
        seen.append((name.text(), name.isEnabled(), dialog.findChild(QComboBox, "user_kind").currentText()))
        dialog.findChild(QComboBox, "user_exemption").setCurrentText("全額免除")
        type_text(qtbot, dialog.findChild(QLineEdit, "user_reason"), "構成団体の活動")
        qtbot.mouseClick(dialog.findChild(QPushButton, "user_save"), Qt.MouseButton.LeftButton)

    _when_modal(QDialog, fill)
    qtbot.mouseClick(window.findChild(QPushButton, "facility_users_add"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "本町自治会" in _names(view))
    assert seen == [("本町自治会", False, "構成団体")]  # the name is the 名簿's, not typed
    linked = _users_in(db_path)["本町自治会"]
    assert (linked.kind, linked.organisation_id) == ("構成団体", org.id)

    # the 名簿 renames the organisation: the 利用団体 and its bookings show the new name
    other = open_database(db_path)
    try:
        user_id = {u.name: u.id for u in list_users(other)}["本町自治会"]
        svc.book(other, svc.BookingRequest(date(2025, 7, 1), rooms["会議室1"], ("午前",), user_id))
        save_organisation(other, replace(get_organisation(other, org.id), name="本町一区自治会"))
        assert [b.user_name for b in svc.list_bookings(other, date(2025, 7, 1), date(2025, 7, 1))] == ["本町一区自治会"]
    finally:
        other.close()
    window.close()
    view = _users_tab(qtbot, open_window(db_path))  # as the next start shows it
    assert "本町一区自治会" in _names(view) and "本町自治会" not in _names(view)


def test_the_user_list_is_searched_by_name_reading_or_another_spelling(qtbot, open_window, db, db_path, users):
    from app.services.facility.users import add_alias

    add_alias(db, users["囲碁の会"], "碁会所クラブ")
    db.close()
    window = open_window(db_path)
    view = _users_tab(qtbot, window)
    assert sorted(_names(view)) == sorted(["囲碁の会", "第一自治会", "ブルーベル"])
    search = window.findChild(QLineEdit, "facility_users_search")

    type_text(qtbot, search, "ブルー")
    qtbot.waitUntil(lambda: _names(view) == ["ブルーベル"])
    replace_text(qtbot, search, "ｲｺﾞ")  # half-width kana of the reading
    qtbot.waitUntil(lambda: _names(view) == ["囲碁の会"])
    replace_text(qtbot, search, "碁会所")  # a spelling remembered from an import
    qtbot.waitUntil(lambda: _names(view) == ["囲碁の会"])
    replace_text(qtbot, search, "だいいち")
    qtbot.waitUntil(lambda: _names(view) == ["第一自治会"])
    replace_text(qtbot, search, "")
    qtbot.waitUntil(lambda: len(_names(view)) == 3)
