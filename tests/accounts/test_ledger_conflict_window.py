"""Two PCs correct the same 出納簿 line: the second is told who changed it, when and what, the form
keeps what was typed, and Enter (記帳) again overwrites on purpose."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTableView

from app.services.accounts.categories import list_categories
from app.services.accounts.ledger import EntryInput, add_entry, get_entry, update_entry
from app.services.fiscal_years import ensure_current_year
from app.storage.database import open_database
from tests.accounts.test_accounts_window import _open_accounts
from tests.helpers.qt_typing import replace_text

TODAY = date(2025, 6, 1)


def test_a_correction_over_another_pcs_correction_is_refused_and_the_form_stays_filled(qtbot, open_window, db_path):
    db = open_database(db_path)
    year = ensure_current_year(db, TODAY)
    utility = next(c for c in list_categories(db) if c.name == "光熱水費")
    entry = add_entry(db, year, EntryInput(date(2025, 4, 3), "expense", utility.id, 1_000, "電気")).value
    db.close()
    _window, page = _open_accounts(qtbot, lambda path: open_window(path, TODAY), db_path)
    table = page.findChild(QTableView, "ledger_table")
    cell = table.visualRect(table.model().index(0, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)  # edit the line
    amount = page.findChild(QLineEdit, "entry_amount")
    assert amount.text() == "1,000"  # the form shows the line

    other_pc = open_database(db_path)  # meanwhile, on another PC
    update_entry(other_pc, entry.id, replace(get_entry(other_pc, entry.id).as_input(year), amount=2_000))

    replace_text(qtbot, amount, "1500")
    save = page.findChild(QPushButton, "entry_save")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    message = page.findChild(QLabel, "entry_error").text()
    assert "この現金出納簿の記録は、開いた後に" in message and "金額: 1,000円 → 2,000円" in message
    assert amount.text() == "1500"  # nothing typed is lost
    assert get_entry(other_pc, entry.id).amount == 2_000  # and nothing of theirs overwritten

    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # having read it: overwrite on purpose
    assert get_entry(other_pc, entry.id).amount == 1_500
    assert page.findChild(QLabel, "entry_error").text() == ""
    other_pc.close()
