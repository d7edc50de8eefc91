"""An adopted budget balances (収入合計 = 支出合計): an unbalanced one is warned about in the 予算 tab
while it is typed, and on the submission checklist (a warning, not a block)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTableView, QTabWidget

from app.services.accounts.budgets import budget_balance, save_budget
from app.services.fiscal_years import selected_fiscal_year
from app.services.submission.checks_accounts import check_budget
from app.storage.database import open_database
from tests.accounts.conftest import FY


def test_checklist_warns_about_an_unbalanced_budget(db, cats) -> None:
    save_budget(db, FY, {cats["指定管理料（市からの管理費）"]: 600_000, cats["光熱水費"]: 450_000})
    items = check_budget(db, FY)
    assert [i.severity for i in items] == ["warning"]
    assert "当初予算の収入合計（600,000円）と支出合計（450,000円）が一致しません" in items[0].message
    assert "収入が支出より150,000円多い" in items[0].message

    save_budget(db, FY, {cats["指定管理料（市からの管理費）"]: 600_000, cats["光熱水費"]: 450_000,
                         cats["人件費"]: 150_000})  # 第1号補正 balances it
    assert budget_balance(db, FY).balanced and check_budget(db, FY) == []


def _type_amount(qtbot, view: QTableView, row: int, amount: str) -> None:
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(view.model().index(row, 2)).center())
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, amount)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model().index(row, 2).data() == f"{int(amount):,}")


def test_budget_tab_warns_while_the_amounts_do_not_balance(qtbot, open_window, db_path) -> None:
    from app.services.fiscal_years import ensure_current_year

    db = open_database(db_path)
    ensure_current_year(db)
    db.close()
    window = open_window(db_path)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # 表示 > 管理費
    tabs = window.findChild(QTabWidget, "accounts_tabs")
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())  # 予算
    view = tabs.findChild(QTableView, "budget_table")
    warning = tabs.findChild(QLabel, "budget_balance_warning")
    assert not warning.isVisible()  # nothing typed yet

    model = view.model()
    income_row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "収入")
    expense_row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "支出")
    _type_amount(qtbot, view, income_row, "500000")
    assert warning.isVisible() and "一致しません" in warning.text() and "500,000円" in warning.text()
    _type_amount(qtbot, view, expense_row, "500000")
    assert not warning.isVisible()
    qtbot.mouseClick(tabs.findChild(QPushButton, "budget_save"), Qt.MouseButton.LeftButton)  # closes cleanly
    assert budget_balance(window.ctx.db, selected_fiscal_year(window.ctx.db)).balanced
