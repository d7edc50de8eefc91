"""Retiring or moving a 費目 that another PC saved since the list was read is refused like a rename
(who changed what and when); the same button again overwrites on purpose; undo and redo follow the
version they stored."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QTableView

from app.services.accounts import operations as ops
from app.services.accounts.categories import (
    add_category,
    list_categories,
    rename_category,
    set_category_parent,
    set_category_retired,
)
from app.services.records import EditConflict
from app.storage.database import open_database
from tests.accounts.test_accounts_window import _open_accounts, _show_tab


def _second_kan(db, kind: str):
    """A 款 of its own for the 費目 to move under (a new database has one 款 per side)."""
    return add_category(db, kind, "施設管理費", heading=True).value


def _category(db, name: str):
    return next(c for c in list_categories(db, include_headings=True) if c.name == name)


def test_retiring_over_another_pcs_rename_is_refused(db) -> None:
    shown = _category(db, "燃料費")
    rename_category(db, shown.id, "灯油代", version=shown.version)
    with pytest.raises(EditConflict) as refused:
        set_category_retired(db, shown.id, True, version=shown.version)
    assert "費目名: 燃料費 → 灯油代" in str(refused.value)
    assert not _category(db, "灯油代").retired
    set_category_retired(db, shown.id, True, version=refused.value.current_version)  # on purpose
    assert _category(db, "灯油代").retired


def test_moving_over_another_pcs_retirement_is_refused(db) -> None:
    shown = _category(db, "燃料費")
    other_kou = _second_kan(db, shown.kind)
    set_category_retired(db, shown.id, True, version=shown.version)
    with pytest.raises(EditConflict, match="この費目の記録は、開いた後に"):
        set_category_parent(db, shown.id, other_kou.id, version=shown.version)
    assert _category(db, "燃料費").parent_id == shown.parent_id


def test_retire_and_move_undo_and_redo_name_their_own_version(db) -> None:
    shown = _category(db, "燃料費")
    retire = ops.retire_category(db, shown, True)
    retire.apply()
    retire.revert()
    retire.apply()
    assert _category(db, "燃料費").retired
    moved = _category(db, "燃料費")
    heading = _second_kan(db, moved.kind)
    move = ops.set_category_parent(db, moved, heading.id, heading.name)
    move.apply()
    assert _category(db, "燃料費").parent_id == heading.id
    move.revert()
    assert _category(db, "燃料費").parent_id == moved.parent_id
    # someone else saves in between: the undo is refused rather than overwriting them
    move.apply()
    current = _category(db, "燃料費")
    rename_category(db, current.id, "灯油代", version=current.version)
    with pytest.raises(EditConflict):
        move.revert()
    assert _category(db, "灯油代").parent_id == heading.id


def test_the_retire_button_is_refused_then_overwrites(qtbot, open_window, db_path) -> None:
    window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "費目")
    table = page.findChild(QTableView, "categories_table")
    model = table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 2).data().strip() == "燃料費")
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(model.index(row, 2)).center())

    other_pc = open_database(db_path)
    shown = _category(other_pc, "燃料費")
    rename_category(other_pc, shown.id, "灯油代", version=shown.version)

    retire = page.findChild(QPushButton, "category_retire")
    qtbot.mouseClick(retire, Qt.MouseButton.LeftButton)
    message = page.findChild(QLabel, "categories_error").text()
    assert "この費目の記録は、開いた後に" in message and "費目名: 燃料費 → 灯油代" in message
    assert not _category(other_pc, "灯油代").retired

    qtbot.mouseClick(retire, Qt.MouseButton.LeftButton)  # having read it: on purpose
    assert _category(other_pc, "灯油代").retired
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # 元に戻す
    assert not _category(other_pc, "灯油代").retired
    other_pc.close()


def test_the_move_button_is_refused_after_another_pcs_change(qtbot, open_window, db_path) -> None:
    db = open_database(db_path)
    _second_kan(db, _category(db, "燃料費").kind)
    db.close()
    _window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "費目")
    table = page.findChild(QTableView, "categories_table")
    model = table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 2).data().strip() == "燃料費")
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(model.index(row, 2)).center())
    parents = page.findChild(QComboBox, "category_parent")
    other_pc = open_database(db_path)
    shown = _category(other_pc, "燃料費")
    target = next(i for i in range(parents.count()) if parents.itemData(i) not in (None, shown.parent_id))
    parents.setCurrentIndex(target)
    set_category_retired(other_pc, shown.id, True, version=shown.version)

    qtbot.mouseClick(page.findChild(QPushButton, "category_move_parent"), Qt.MouseButton.LeftButton)
    assert "この費目の記録は、開いた後に" in page.findChild(QLabel, "categories_error").text()
    assert _category(other_pc, "燃料費").parent_id == shown.parent_id
    other_pc.close()
