"""Another PC's change to the cash book reaches the 出納簿 table without resetting it (issue 18): the
line the user selected stays selected, the lines on screen stay on screen, and the new, changed and
deleted lines show as they now are."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QLineEdit, QTableView

from app.domain.fiscal_year import FiscalYear
from app.services.accounts.categories import Category, list_categories
from app.services.accounts.ledger import Entry, EntryInput, add_entries, add_entry, delete_entry, update_entry
from app.services.fiscal_years import ensure_current_year, selected_fiscal_year
from app.services.office import Office
from app.storage.database import open_database
from tests.accounts.test_accounts_window import _open_accounts
from tests.helpers.qt_typing import replace_text

TODAY = date(2025, 6, 1)
LINES = 600
DESCRIPTION, AMOUNT, BALANCE = 4, 8, 9  # columns of the table


def _texts(model, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


@dataclass
class Watching:
    page: Any
    table: QTableView
    other_pc: Office  # holds the file and writes; the window may only read it, and watches it
    entries: list[Entry]
    year: FiscalYear
    fee: Category


@pytest.fixture
def watching(qtbot, db_path) -> Iterator[Watching]:
    """A window on a 600-line cash book that another PC writes."""
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    db = open_database(db_path)
    year = ensure_current_year(db, TODAY)
    fee = next(c for c in list_categories(db) if c.name == "会費")
    entries = add_entries(db, year, [EntryInput(year.start + timedelta(days=i // 3), fee.kind, fee.id, 1_000,
                                                f"会費 {i:03}") for i in range(LINES)]).value
    db.close()
    other_pc = Office.open(db_path)
    mine = open_database(db_path, read_only=True)

    def window_on(_path):
        window = MainWindow(AppContext(mine, selected_fiscal_year(mine, TODAY), read_only=True))
        qtbot.addWidget(window)
        window.show()
        return window

    try:
        _window, page = _open_accounts(qtbot, window_on, db_path)
        yield Watching(page, page.findChild(QTableView, "ledger_table"), other_pc, entries, year, fee)
    finally:
        other_pc.close()
        mine.close()


def _select(table: QTableView, row: int) -> None:
    table.scrollTo(table.model().index(row, 0), QTableView.ScrollHint.PositionAtTop)
    table.selectionModel().select(table.model().index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)


def test_another_pcs_change_keeps_the_selection_and_the_scroll(qtbot, watching: Watching) -> None:
    table, year, fee, entries, other_pc = watching.table, watching.year, watching.fee, watching.entries, watching.other_pc
    model = table.model()
    resets: list[str] = []
    model.modelReset.connect(lambda: resets.append("reset"))
    _select(table, _texts(model, DESCRIPTION).index("会費 300"))
    top = model.index(table.rowAt(1), DESCRIPTION).data()
    assert top == "会費 300"

    # the other PC: one line before the selection, one changed after it, one deleted before it
    add_entry(other_pc.db, year, EntryInput(year.start, fee.kind, fee.id, 5_000, "会費 追加"))
    changed = entries[450]
    update_entry(other_pc.db, changed.id, replace(changed.as_input(year), description="会費 直した"))
    delete_entry(other_pc.db, entries[10].id)
    moved = entries[20]  # dated later: its line moves past the selected one
    update_entry(other_pc.db, moved.id, replace(moved.as_input(year), entry_date=year.start + timedelta(days=190)))

    qtbot.waitUntil(lambda: "会費 追加" in _texts(model, DESCRIPTION), timeout=10_000)  # the watch's poll
    descriptions = _texts(model, DESCRIPTION)
    assert resets == []
    assert "会費 直した" in descriptions and "会費 450" not in descriptions
    assert "会費 010" not in descriptions and len(descriptions) == LINES
    assert descriptions.index("会費 020") > descriptions.index("会費 569")  # in its new place
    selected = table.selectionModel().selectedRows()
    assert [model.index(i.row(), DESCRIPTION).data() for i in selected] == ["会費 300"]
    assert model.index(table.rowAt(1), DESCRIPTION).data() == top  # the same lines on screen
    # balances follow: 5,000 more, and 1,000 less twice (deleted, moved away) before the selected line
    assert model.index(selected[0].row(), BALANCE).data() == f"{(301 - 2) * 1_000 + 5_000:,}"


def test_while_a_search_narrows_the_lines_another_pcs_change_keeps_the_selection(qtbot, watching: Watching) -> None:
    table, year, fee, entries, other_pc = watching.table, watching.year, watching.fee, watching.entries, watching.other_pc
    model = table.model()
    replace_text(qtbot, watching.page.findChild(QLineEdit, "ledger_search"), "会費 3")
    assert len(_texts(model, DESCRIPTION)) == 100  # 会費 300 … 会費 399
    resets: list[str] = []
    model.modelReset.connect(lambda: resets.append("reset"))
    _select(table, _texts(model, DESCRIPTION).index("会費 350"))

    add_entry(other_pc.db, year, EntryInput(year.start, fee.kind, fee.id, 2_000, "会費 3 追加"))  # found too
    add_entry(other_pc.db, year, EntryInput(year.start, fee.kind, fee.id, 2_000, "寄付"))  # not found
    delete_entry(other_pc.db, entries[310].id)

    qtbot.waitUntil(lambda: "会費 3 追加" in _texts(model, DESCRIPTION), timeout=10_000)
    descriptions = _texts(model, DESCRIPTION)
    assert resets == []
    assert len(descriptions) == 100 and "会費 310" not in descriptions and "寄付" not in descriptions
    selected = table.selectionModel().selectedRows()
    assert [model.index(i.row(), DESCRIPTION).data() for i in selected] == ["会費 350"]
    # its balance: 2,000 + 2,000 more and 1,000 less before it
    assert model.index(selected[0].row(), BALANCE).data() == f"{351 * 1_000 + 3_000:,}"
