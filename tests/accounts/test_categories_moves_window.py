"""款・項 and 流用 in the window: a 項 is added under a 款, a 目 moved under it (and back by undo);
a 流用 recorded in its tab changes the 予算対比, is refused beyond what is left, and is taken back
and undone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QTableView

from app.services.accounts.budgets import save_budget
from app.services.accounts.categories import list_categories
from app.services.fiscal_years import ensure_current_year
from app.storage.database import open_database
from tests.accounts.test_accounts_window import _bva_row, _open_accounts, _show_tab
from tests.helpers.qt_typing import replace_text, type_text


def _rows(view: QTableView) -> list[tuple[str, ...]]:
    model = view.model()
    return [tuple(model.index(r, c).data() for c in range(model.columnCount())) for r in range(model.rowCount())]


def _click(qtbot, page, name: str) -> None:
    qtbot.mouseClick(page.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def _click_row(qtbot, view: QTableView, column: int, text: str) -> None:
    model = view.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, column).data().strip() == text)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(model.index(row, column)).center())


def _choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)


def test_a_kou_is_added_and_a_moku_moved_under_it_then_undone(qtbot, open_window, db_path) -> None:
    window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "費目")
    table = page.findChild(QTableView, "categories_table")
    assert ("支出", "目", "\u3000光熱水費", "") in _rows(table)

    _choose(page.findChild(QComboBox, "category_kind"), "支出")
    _choose(page.findChild(QComboBox, "category_level"), "項")
    _choose(page.findChild(QComboBox, "category_parent"), "款 支出")
    type_text(qtbot, page.findChild(QLineEdit, "category_name"), "管理費")
    _click(qtbot, page, "category_add")
    assert ("支出", "項", "\u3000管理費", "") in _rows(table)

    _click_row(qtbot, table, 2, "光熱水費")
    parent = page.findChild(QComboBox, "category_parent")
    assert page.findChild(QComboBox, "category_level").currentText() == "目" and parent.currentText() == "款 支出"
    _choose(parent, "項 \u3000管理費")
    _click(qtbot, page, "category_move_parent")
    rows = _rows(table)
    assert ("支出", "目", "\u3000\u3000光熱水費", "") in rows  # a 目 of the 項 now
    assert rows.index(("支出", "目", "\u3000\u3000光熱水費", "")) == rows.index(("支出", "項", "\u3000管理費", "")) + 1

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # 元に戻す
    assert ("支出", "目", "\u3000光熱水費", "") in _rows(table)
    # a 目 cannot hold another: the 上位 offered are only 款・項, and a 項 goes under a 款 only
    _choose(page.findChild(QComboBox, "category_level"), "項")
    assert [parent.itemText(i) for i in range(parent.count())] == ["款 支出"]


def test_a_ryuyo_is_recorded_refused_beyond_what_is_left_taken_back_and_undone(qtbot, open_window, db_path) -> None:
    db = open_database(db_path)
    year = ensure_current_year(db)
    cats = {c.name: c.id for c in list_categories(db)}
    save_budget(db, year, {cats["燃料費"]: 300_000, cats["光熱水費"]: 100_000, cats["会費"]: 400_000})
    db.close()
    window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "流用・充用")
    table = page.findChild(QTableView, "budget_moves_table")
    assert _rows(table) == []
    _choose(page.findChild(QComboBox, "budget_move_from"), "燃料費")
    assert page.findChild(QLabel, "budget_move_left").text() == "残額 300,000円"
    _choose(page.findChild(QComboBox, "budget_move_to"), "光熱水費")
    type_text(qtbot, page.findChild(QLineEdit, "budget_move_amount"), "50000")
    type_text(qtbot, page.findChild(QLineEdit, "budget_move_reason"), "電気料金の値上がり")
    _click(qtbot, page, "budget_move_add")
    assert [row[1:] for row in _rows(table)] == [("流用", "燃料費", "光熱水費", "50,000", "電気料金の値上がり")]
    assert page.findChild(QLabel, "budget_move_left").text() == "残額 250,000円"

    type_text(qtbot, page.findChild(QLineEdit, "budget_move_amount"), "300000")
    type_text(qtbot, page.findChild(QLineEdit, "budget_move_reason"), "まとめて")
    _click(qtbot, page, "budget_move_add")
    error = page.findChildren(QLabel)
    assert any("「燃料費」の残額は250,000円です" in e.text() and e.isVisible() for e in error)
    assert len(_rows(table)) == 1

    _show_tab(qtbot, page, "予算対比")
    assert _bva_row(page, "光熱水費")[0] == "150,000" and _bva_row(page, "燃料費")[0] == "250,000"

    _show_tab(qtbot, page, "流用・充用")
    _click_row(qtbot, table, 2, "燃料費")
    _click(qtbot, page, "budget_move_delete")
    assert _rows(table) == []
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # 元に戻す: the 流用 is back
    assert [row[2:5] for row in _rows(table)] == [("燃料費", "光熱水費", "50,000")]
    _show_tab(qtbot, page, "予算対比")
    assert _bva_row(page, "光熱水費")[0] == "150,000"


def test_a_ryuyo_is_corrected_in_place_and_the_correction_undone_and_redone(qtbot, open_window, db_path) -> None:
    db = open_database(db_path)
    year = ensure_current_year(db)
    cats = {c.name: c.id for c in list_categories(db)}
    save_budget(db, year, {cats["燃料費"]: 300_000, cats["光熱水費"]: 100_000, cats["会費"]: 400_000})
    db.close()
    window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "流用・充用")
    table = page.findChild(QTableView, "budget_moves_table")
    _choose(page.findChild(QComboBox, "budget_move_from"), "燃料費")
    _choose(page.findChild(QComboBox, "budget_move_to"), "光熱水費")
    type_text(qtbot, page.findChild(QLineEdit, "budget_move_amount"), "50000")
    type_text(qtbot, page.findChild(QLineEdit, "budget_move_reason"), "電気料金の値上がり")
    _click(qtbot, page, "budget_move_add")

    _click_row(qtbot, table, 2, "燃料費")  # the form shows the move chosen
    amount = page.findChild(QLineEdit, "budget_move_amount")
    assert amount.text() == "50000" and page.findChild(QLineEdit, "budget_move_reason").text() == "電気料金の値上がり"
    replace_text(qtbot, amount, "280000")  # what it took is not counted against it: 300,000 are left to give
    _click(qtbot, page, "budget_move_update")
    assert [row[2:5] for row in _rows(table)] == [("燃料費", "光熱水費", "280,000")]
    assert page.findChild(QLabel, "budget_move_left").text() == "残額 20,000円"
    replace_text(qtbot, amount, "300001")
    _click(qtbot, page, "budget_move_update")
    assert any("「燃料費」の残額は300,000円です" in e.text() and e.isVisible() for e in page.findChildren(QLabel))
    assert [row[4] for row in _rows(table)] == ["280,000"]

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # 元に戻す: the amount before
    assert [row[4] for row in _rows(table)] == ["50,000"]
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # and the 流用 itself
    assert _rows(table) == []
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_Z, redo)
    qtbot.keyClick(window, Qt.Key.Key_Z, redo)  # the correction finds the move again (the same record)
    assert [row[2:5] for row in _rows(table)] == [("燃料費", "光熱水費", "280,000")]
