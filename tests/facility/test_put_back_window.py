"""In the 部屋 tab, as staff do it: a room renamed and then deleted, both taken back with 編集 → 元に戻す
— the room comes back under its old name, with no 「…さんが変更しました」 in the status bar — and redone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QPushButton

from tests.facility.test_rooms_window import _redo, _rooms_in_db, _rooms_tab, _select_room, _table_rows, _undo
from tests.helpers.qt_dialogs import answer_message_box, when_modal
from tests.helpers.qt_typing import replace_text


def test_a_room_renamed_then_deleted_is_undone_back_to_its_old_name_and_redone(qtbot, open_window, db_path, rooms):
    window = open_window(db_path)
    view = _rooms_tab(qtbot, window)
    _select_room(view, "和室")

    def rename(dialog: QDialog) -> None:
        replace_text(qtbot, dialog.findChild(QLineEdit, "room_name"), "大広間")
        qtbot.mouseClick(dialog.findChild(QPushButton, "room_save"), Qt.MouseButton.LeftButton)

    when_modal(rename)
    qtbot.mouseClick(window.findChild(QPushButton, "facility_rooms_edit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [r[0] for r in _table_rows(view)] == ["会議室1", "大広間", "調理実習室"])
    _select_room(view, "大広間")
    answer_message_box(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(window.findChild(QPushButton, "facility_rooms_delete"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [r[0] for r in _table_rows(view)] == ["会議室1", "調理実習室"])

    status = window.statusBar()  # where a refused undo or redo is told
    assert _undo(window) == "元に戻す 部屋「大広間」の削除"
    qtbot.waitUntil(lambda: [r[0] for r in _table_rows(view)] == ["会議室1", "大広間", "調理実習室"])
    assert _undo(window) == "元に戻す 部屋「大広間」の変更"
    qtbot.waitUntil(lambda: [r[0] for r in _table_rows(view)] == ["会議室1", "和室", "調理実習室"])
    assert "変更しました" not in status.currentMessage()
    assert _rooms_in_db(db_path)["和室"][0] == rooms["和室"]  # under its id

    _redo(window)  # the rename again, then the deletion
    qtbot.waitUntil(lambda: [r[0] for r in _table_rows(view)] == ["会議室1", "大広間", "調理実習室"])
    _redo(window)
    qtbot.waitUntil(lambda: [r[0] for r in _table_rows(view)] == ["会議室1", "調理実習室"])
    assert "変更しました" not in status.currentMessage()
