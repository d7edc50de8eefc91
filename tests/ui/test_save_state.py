"""A visible save state: the status bar says whether everything is stored; amounts typed in the 予算
but not saved are marked, survive other edits of the year, and are asked about before they are lost."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
)

from app.domain.fiscal_year import FiscalYear
from app.services.accounts.budgets import list_budget_versions
from tests.helpers.qt_dialogs import answer_message_box
from tests.helpers.qt_typing import replace_text, type_text


def _accounts(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # 表示 > 管理費
    return window.findChild(QTabWidget, "accounts_tabs")


FIRST_ITEM = "指定管理料（市からの管理費）"  # the first 目 of the budget (row 0 is its 款 収入)


def _row(view: QTableView, name: str) -> int:
    model = view.model()
    return next(r for r in range(model.rowCount()) if model.index(r, 1).data().strip() == name)


def _type_budget(qtbot, tabs, name: str, amount: str) -> QTableView:
    tabs.setCurrentIndex(1)  # 予算
    view = tabs.findChild(QTableView, "budget_table")
    row = _row(view, name)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(view.model().index(row, 2)).center())
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, amount)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Qt stores the cell a moment later
    qtbot.waitUntil(lambda: view.model().index(row, 2).data() == f"{int(amount):,}")
    return view


def _book_entry(qtbot, tabs, category: str, amount: str) -> None:
    tabs.setCurrentIndex(0)  # 現金出納簿
    field = {n: tabs.findChild(QLineEdit, f"entry_{n}") for n in ("category", "amount", "voucher")}
    type_text(qtbot, field["category"], category)
    replace_text(qtbot, field["amount"], amount)
    qtbot.mouseClick(tabs.findChild(QPushButton, "entry_save"), Qt.MouseButton.LeftButton)


def _state(window) -> str:
    return window.findChild(QLabel, "save_state").text()


def test_typed_budget_is_marked_unsaved_kept_and_then_saved(qtbot, open_window, db_path) -> None:
    window = open_window(db_path)
    assert _state(window).startswith("✔ 保存済み")
    tabs = _accounts(qtbot, window)
    view = _type_budget(qtbot, tabs, FIRST_ITEM, "120000")

    assert "未保存の変更があります" in tabs.findChild(QLabel, "budget_state").text()
    assert _state(window) == "● 未保存の変更があります: 管理費の予算"

    _book_entry(qtbot, tabs, "会費", "5000")  # another edit of the year reloads the section…
    assert tabs.findChild(QLabel, "ledger_balance").text().startswith("残高 5,000円")
    tabs.setCurrentIndex(1)
    assert view.model().index(_row(view, FIRST_ITEM), 2).data() == "120,000"  # …and the typed amount is still there

    qtbot.mouseClick(tabs.findChild(QPushButton, "budget_save"), Qt.MouseButton.LeftButton)
    assert tabs.findChild(QLabel, "budget_state").text() == "保存済み"
    assert _state(window).startswith("✔ 保存済み（") and "当初予算の保存" in _state(window)
    assert list_budget_versions(window.ctx.db, window.ctx.fiscal_year)[0].amounts  # stored

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "元に戻しました: 当初予算の保存" in _state(window)


def test_changing_the_year_asks_about_the_unsaved_budget(qtbot, open_window, db_path) -> None:
    window = open_window(db_path)
    this_year = window.ctx.fiscal_year
    tabs = _accounts(qtbot, window)
    answer_message_box(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(window.findChild(QPushButton, "add_fiscal_year"), Qt.MouseButton.LeftButton)
    window.activateWindow()  # back from the question, as the user is
    qtbot.waitUntil(window.isActiveWindow)
    view = _type_budget(qtbot, tabs, FIRST_ITEM, "80000")
    combo = window.findChild(QComboBox, "fiscal_year")
    next_index = combo.findData(this_year.next().year)

    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Cancel, seen)
    combo.setCurrentIndex(next_index)
    assert "管理費の予算" in seen[0]
    assert window.ctx.fiscal_year == this_year and combo.currentData() == this_year.year
    assert view.model().index(_row(view, FIRST_ITEM), 2).data() == "80,000"

    answer_message_box(QMessageBox.StandardButton.Discard)
    combo.setCurrentIndex(next_index)
    assert window.ctx.fiscal_year == FiscalYear(this_year.year + 1)
    assert view.model().index(_row(view, FIRST_ITEM), 2).data() == "0"
    assert _state(window).startswith("✔ 保存済み")
    assert list_budget_versions(window.ctx.db, this_year) == []  # discarded, never stored
