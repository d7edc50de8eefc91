"""The 予算 tab and the 月別集計 show 款・項 subtotal rows (bold, read-only) over the 目 they sum."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTableView

from app.services.accounts.budgets import current_budget
from app.services.accounts.categories import add_category, list_categories
from app.services.accounts.common import EXPENSE
from app.services.accounts.ledger import EntryInput, add_entry
from app.services.fiscal_years import ensure_current_year
from app.storage.database import open_database
from tests.accounts.test_accounts_window import _open_accounts, _show_tab


def _office_costs(db_path):
    """款 事務費 → 項 事務局費 → 目 コピー代 and 切手代; copies bought in April and May, stamps in May."""
    db = open_database(db_path)
    year = ensure_current_year(db)
    kan = add_category(db, EXPENSE, "事務費", heading=True).value
    kou = add_category(db, EXPENSE, "事務局費", heading=True, parent_id=kan.id).value
    copies = add_category(db, EXPENSE, "コピー代", parent_id=kou.id).value
    stamps = add_category(db, EXPENSE, "切手代", parent_id=kou.id).value
    start = year.start
    add_entry(db, year, EntryInput(start, EXPENSE, copies.id, 3_000, "コピー代"))
    add_entry(db, year, EntryInput(start.replace(month=5), EXPENSE, copies.id, 1_500, "コピー代"))
    add_entry(db, year, EntryInput(start.replace(month=5), EXPENSE, stamps.id, 840, "切手代"))
    ids = {c.name: c.id for c in list_categories(db)}
    db.close()
    return ids, year


def _rows(view: QTableView) -> dict[str, int]:
    model = view.model()
    return {model.index(r, 1).data().strip(): r for r in range(model.rowCount())}


def _type_amount(qtbot, view: QTableView, row: int, amount: str) -> None:
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(view.model().index(row, 2)).center())
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, amount)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model().index(row, 2).data() == f"{int(amount):,}")


def test_budget_tab_subtotals_follow_typing_and_only_the_items_are_saved(qtbot, open_window, db_path) -> None:
    ids, year = _office_costs(db_path)
    _window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "予算")
    view = page.findChild(QTableView, "budget_table")
    model, rows = view.model(), _rows(view)
    assert rows["事務費"] < rows["事務局費"] < rows["コピー代"] < rows["切手代"]
    assert model.index(rows["事務費"], 0).data() == "支出（款）"
    assert model.index(rows["事務局費"], 0).data() == "支出（項）"
    assert model.index(rows["事務費"], 1).data(Qt.ItemDataRole.FontRole).bold()
    assert not model.index(rows["コピー代"], 1).data(Qt.ItemDataRole.FontRole)
    # each name indented by its level: 款 at the edge, its 項 one step in, the 目 under it two
    assert [model.index(rows[n], 1).data() for n in ("事務費", "事務局費", "コピー代")] == [
        "事務費", "　事務局費", "　　コピー代"]
    assert model.index(rows["光熱水費"], 1).data() == "　光熱水費"  # a 目 directly under its 款

    _type_amount(qtbot, view, rows["コピー代"], "12000")
    assert model.index(rows["事務局費"], 2).data() == "12,000"
    _type_amount(qtbot, view, rows["切手代"], "3000")
    assert model.index(rows["事務局費"], 2).data() == "15,000"
    assert model.index(rows["事務費"], 2).data() == "15,000"
    # 支出合計 counts each 目 once, not again in its 項 and 款
    assert "支出合計 15,000円" in page.findChild(QLabel, "budget_totals").text()

    # a 款 cannot be edited: F2 on it opens no editor and its sum stays
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(model.index(rows["事務費"], 2)).center())
    qtbot.keyClick(view, Qt.Key.Key_F2)
    assert view.state() != QTableView.State.EditingState
    qtbot.keyClicks(view, "999")
    assert model.index(rows["事務費"], 2).data() == "15,000"

    qtbot.mouseClick(page.findChild(QPushButton, "budget_save"), Qt.MouseButton.LeftButton)
    db = open_database(db_path)
    assert current_budget(db, year).amounts == {ids["コピー代"]: 12_000, ids["切手代"]: 3_000}
    db.close()


def test_monthly_summary_shows_subtotals_equal_to_the_sum_of_their_items(qtbot, open_window, db_path) -> None:
    _office_costs(db_path)
    _window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "月別集計")
    view = page.findChild(QTableView, "monthly_table")
    model, rows = view.model(), _rows(view)
    assert rows["事務費"] < rows["事務局費"] < rows["コピー代"] < rows["切手代"]
    assert model.index(rows["事務局費"], 0).data() == "支出（項）"
    assert model.index(rows["事務費"], 1).data(Qt.ItemDataRole.FontRole).bold()
    for heading in ("事務費", "事務局費"):
        cells = [model.index(rows[heading], c).data() for c in (2, 3, 4, 15)]  # 4月, 5月, 6月, 合計
        assert cells == ["3,000", "2,340", "", "5,340"]
    assert [model.index(rows["コピー代"], c).data() for c in (2, 3)] == ["3,000", "1,500"]
    assert [model.index(rows["切手代"], c).data() for c in (2, 3)] == ["", "840"]
    # 支出合計 counts each 目 once
    total = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == "支出合計")
    assert model.index(total, 15).data() == "5,340"
