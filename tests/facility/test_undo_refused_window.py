"""編集 → 元に戻す / やり直し refused because another PC changed the room meanwhile, as staff meet it in
the 部屋 tab: the status bar says 「元に戻せませんでした: …」 (「やり直せませんでした: …」) with who, when and
what on one line — no advice to press 「保存」 again, there is no form — and the room stays theirs."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QPushButton, QSpinBox

from app.services.facility.rooms import room_record, save_room
from app.storage.database import open_database
from tests.facility.test_rooms_window import _redo, _rooms_in_db, _rooms_tab, _select_room, _table_rows, _undo
from tests.helpers.qt_dialogs import answer_message_box, when_modal
from tests.helpers.qt_typing import replace_text, type_text


def _on_another_pc(db_path, room: str, **changes) -> None:
    db = open_database(db_path)
    try:
        record = room_record(db, _rooms_in_db(db_path)[room][0])
        save_room(db, replace(record, data=replace(record.data, **changes)))
    finally:
        db.close()


def _told(window) -> str:
    return window.statusBar().currentMessage()


def test_undoing_a_room_added_here_and_changed_on_another_pc_is_refused_in_the_status_bar(
        qtbot, open_window, db_path, rooms):
    window = open_window(db_path)
    view = _rooms_tab(qtbot, window)

    def fill(dialog: QDialog) -> None:
        type_text(qtbot, dialog.findChild(QLineEdit, "room_name"), "図書室")
        dialog.findChild(QSpinBox, "room_capacity").setValue(12)
        replace_text(qtbot, dialog.findChild(QLineEdit, "room_slots"), "午前、午後")
        qtbot.mouseClick(dialog.findChild(QPushButton, "room_save"), Qt.MouseButton.LeftButton)

    when_modal(fill)
    qtbot.mouseClick(window.findChild(QPushButton, "facility_rooms_add"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(_table_rows(view)) == 4)
    _on_another_pc(db_path, "図書室", capacity=30)

    assert _undo(window) == "元に戻す 部屋「図書室」の追加"
    told = _told(window)
    assert told.startswith("元に戻せませんでした: この部屋の記録は、この操作の後に") and "さん（" in told
    assert "・定員: 12 → 30" in told and "\n" not in told
    assert "保存" not in told  # neither 「保存していません」 nor 「もう一度「保存」を押して」
    assert _rooms_in_db(db_path)["図書室"][1] == 30  # nothing taken back


def test_redoing_a_rooms_deletion_after_another_pc_renamed_it_is_refused_in_the_status_bar(
        qtbot, open_window, db_path, rooms):
    window = open_window(db_path)
    view = _rooms_tab(qtbot, window)
    _select_room(view, "和室")
    answer_message_box(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(window.findChild(QPushButton, "facility_rooms_delete"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [r[0] for r in _table_rows(view)] == ["会議室1", "調理実習室"])
    assert _undo(window) == "元に戻す 部屋「和室」の削除"
    qtbot.waitUntil(lambda: len(_table_rows(view)) == 3)
    _on_another_pc(db_path, "和室", name="大広間")

    _redo(window)
    told = _told(window)
    assert told.startswith("やり直せませんでした: この部屋の記録は、この操作の後に") and "・部屋名: 和室 → 大広間" in told
    assert "保存" not in told
    assert "大広間" in _rooms_in_db(db_path)  # not deleted
