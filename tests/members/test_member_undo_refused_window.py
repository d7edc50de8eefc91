"""名簿: Ctrl+Z of a 構成団体 just added here, after another PC changed it, is refused in the status bar
(「元に戻せませんでした: …」 with who and what, no 「保存」 advice) and the 構成団体 stays as they left it;
with nobody else's change the same undo takes it back."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QTableView, QWidget

from app.services.members.organisations import get_organisation, list_organisations, save_organisation
from app.storage.database import open_database
from tests.helpers.qt_typing import type_text
from tests.members.test_members_window import _click, _focus, _in_dialog, _names, _open_members


def _add_kitahara(qtbot, page: QWidget) -> None:
    def fill(dialog: QWidget) -> None:
        type_text(qtbot, dialog.findChild(QComboBox, "organisation_kind_id"), "自治会")
        type_text(qtbot, dialog.findChild(QLineEdit, "organisation_name"), "北原自治会")
        type_text(qtbot, dialog.findChild(QLineEdit, "organisation_households"), "120")
        qtbot.mouseClick(dialog.findChild(QPushButton, "organisation_ok"), Qt.MouseButton.LeftButton)

    _in_dialog(qtbot, "organisation_ok", fill)
    _click(qtbot, page, "organisations_add")


def test_undoing_an_organisation_added_here_and_changed_on_another_pc_is_refused(qtbot, open_window,
                                                                                 db_path) -> None:
    window, page = _open_members(qtbot, open_window, db_path)
    table = page.findChild(QTableView, "organisations_table")
    _add_kitahara(qtbot, page)
    assert "北原自治会" in _names(table)
    other = open_database(db_path)  # another PC corrects the 世帯数
    theirs = next(o for o in list_organisations(other) if o.name == "北原自治会")
    save_organisation(other, replace(theirs, households=125))

    _focus(qtbot, window, table)
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    told = window.statusBar().currentMessage()
    assert told.startswith("元に戻せませんでした: この構成団体の記録は、この操作の後に") and "・世帯数: 120 → 125" in told
    assert "保存" not in told
    assert get_organisation(other, theirs.id).households == 125  # theirs stays
    other.close()


def test_undoing_an_organisation_added_here_with_nobody_elses_change_takes_it_back(qtbot, open_window,
                                                                                  db_path) -> None:
    window, page = _open_members(qtbot, open_window, db_path)
    table = page.findChild(QTableView, "organisations_table")
    _add_kitahara(qtbot, page)
    _focus(qtbot, window, table)
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "北原自治会" not in _names(table)
    assert not window.statusBar().currentMessage().startswith("元に戻せませんでした")
