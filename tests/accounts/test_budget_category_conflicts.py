"""Two PCs edit the same 予算 or 費目: the second save is refused with who changed it, when and what;
what was typed stays in the form, and saving again overwrites on purpose."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTableView

from app.services.accounts.budgets import current_budget, list_budget_versions, save_budget
from app.services.accounts.categories import list_categories, rename_category
from app.services.fiscal_years import ensure_current_year
from app.services.records import EditConflict
from app.storage.database import open_database
from tests.accounts.conftest import FY
from tests.accounts.test_accounts_window import _open_accounts, _show_tab
from tests.accounts.test_budget_balance import _type_amount
from tests.helpers.qt_typing import replace_text

TODAY = date(2025, 6, 1)


def test_a_budget_saved_over_another_pcs_save_is_refused_naming_their_amounts(db, cats) -> None:
    save_budget(db, FY, {cats["燃料費"]: 300_000, cats["光熱水費"]: 100_000})
    shown = list_budget_versions(db, FY)[0]  # two forms open on the 当初予算
    save_budget(db, FY, {cats["燃料費"]: 320_000, cats["光熱水費"]: 100_000}, number=0, shown=shown)
    with pytest.raises(EditConflict) as refused:
        save_budget(db, FY, {cats["燃料費"]: 300_000, cats["光熱水費"]: 90_000}, number=0, shown=shown)
    message = str(refused.value)
    assert "この当初予算は、開いた後に" in message and "変更しました（保存していません）" in message
    assert "・燃料費: 300,000円 → 320,000円" in message and "光熱水費" not in message
    assert current_budget(db, FY).amounts[cats["光熱水費"]] == 100_000  # theirs kept
    # a 補正予算 made on both PCs: the second one made is refused too
    save_budget(db, FY, {cats["燃料費"]: 330_000}, number=1, shown=None)
    with pytest.raises(EditConflict, match="この第1号補正予算は、開いた後に.*作りました"):
        save_budget(db, FY, {cats["燃料費"]: 340_000}, number=1, shown=None)


def test_a_category_renamed_over_another_pcs_rename_is_refused(db, cats) -> None:
    shown = next(c for c in list_categories(db) if c.name == "燃料費")
    rename_category(db, shown.id, "灯油代", version=shown.version)
    with pytest.raises(EditConflict) as refused:
        rename_category(db, shown.id, "暖房費", version=shown.version)
    assert "費目名: 燃料費 → 灯油代" in str(refused.value)
    assert {c.name for c in list_categories(db)} >= {"灯油代"}


def _error(page, name: str) -> str:
    return page.findChild(QLabel, name).text()


def test_the_budget_form_keeps_the_typing_and_overwrites_after_the_message(qtbot, open_window, db_path) -> None:
    db = open_database(db_path)
    year = ensure_current_year(db, TODAY)
    cats = {c.name: c.id for c in list_categories(db)}
    save_budget(db, year, {cats["燃料費"]: 300_000})
    db.close()
    _window, page = _open_accounts(qtbot, lambda path: open_window(path, TODAY), db_path)
    _show_tab(qtbot, page, "予算")
    view = page.findChild(QTableView, "budget_table")
    model = view.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data().strip() == "光熱水費")

    other_pc = open_database(db_path)  # meanwhile, on another PC
    save_budget(other_pc, year, {cats["燃料費"]: 320_000}, number=0, shown=list_budget_versions(other_pc, year)[0])

    _type_amount(qtbot, view, row, "50000")
    save = page.findChild(QPushButton, "budget_save")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    message = _error(page, "budget_error")
    assert "この当初予算は、開いた後に" in message and "燃料費: 300,000円 → 320,000円" in message
    assert model.index(row, 2).data() == "50,000"  # nothing typed is lost
    assert current_budget(other_pc, year).amounts == {cats["燃料費"]: 320_000}  # nothing of theirs overwritten

    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # having read it: overwrite on purpose
    assert current_budget(other_pc, year).amounts == {cats["燃料費"]: 300_000, cats["光熱水費"]: 50_000}
    assert not page.findChild(QLabel, "budget_error").isVisible()
    other_pc.close()


def test_the_category_form_keeps_the_name_and_overwrites_after_the_message(qtbot, open_window, db_path) -> None:
    window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "費目")
    table = page.findChild(QTableView, "categories_table")
    model = table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 2).data().strip() == "燃料費")
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(model.index(row, 2)).center())

    other_pc = open_database(db_path)
    shown = next(c for c in list_categories(other_pc) if c.name == "燃料費")
    rename_category(other_pc, shown.id, "灯油代", version=shown.version)

    name = page.findChild(QLineEdit, "category_name")
    replace_text(qtbot, name, "暖房費")
    rename = page.findChild(QPushButton, "category_rename")
    qtbot.mouseClick(rename, Qt.MouseButton.LeftButton)
    message = _error(page, "categories_error")
    assert "この費目の記録は、開いた後に" in message and "費目名: 燃料費 → 灯油代" in message
    assert name.text() == "暖房費"
    assert shown.id in {c.id for c in list_categories(other_pc) if c.name == "灯油代"}

    qtbot.mouseClick(rename, Qt.MouseButton.LeftButton)  # overwrite on purpose
    assert shown.id in {c.id for c in list_categories(other_pc) if c.name == "暖房費"}
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # 元に戻す: the name shown before
    assert shown.id in {c.id for c in list_categories(other_pc) if c.name == "燃料費"}
    other_pc.close()
