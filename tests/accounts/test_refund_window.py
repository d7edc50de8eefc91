"""A 戻入 typed in the window's entry form that is larger than what was spent on its 費目 so far is
asked about (the purchase may be in last year's books): 「いいえ」 books nothing and keeps what is typed,
「はい」 books it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QMessageBox, QTableView

from app.services.accounts.categories import list_categories
from app.services.accounts.ledger import EntryInput, add_entry
from app.services.fiscal_years import selected_fiscal_year
from app.storage.database import open_database
from tests.accounts.test_accounts_window import _enter, _open_accounts
from tests.helpers.qt_dialogs import answer_message_box
from tests.helpers.qt_typing import replace_text, type_text


def _type_refund(qtbot, page, when: date, category: str, amount: str) -> None:
    refund = page.findChild(QCheckBox, "entry_refund")
    refund.setFocus()
    qtbot.keyClick(refund, Qt.Key.Key_Space)  # 戻入・戻出
    assert refund.isChecked()
    field = {name: page.findChild(QLineEdit, f"entry_{name}") for name in ("date", "category", "amount")}
    replace_text(qtbot, field["date"], f"{when:%Y/%m/%d}")
    _enter(qtbot, field["date"])
    type_text(qtbot, field["category"], category)
    _enter(qtbot, field["category"])
    replace_text(qtbot, field["amount"], amount)


def _submit(qtbot, page) -> None:
    qtbot.keyClick(page.findChild(QLineEdit, "entry_amount"), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def _spent_3000_on_supplies(qtbot, open_window, db_path):
    """The 出納簿 tab open on a year that spent 3,000円 on 消耗品費 on its 10th day; (page, that day)."""
    db = open_database(db_path)
    year = selected_fiscal_year(db)
    supplies = next(c for c in list_categories(db) if c.name == "消耗品費")
    day = year.start.replace(day=10)
    add_entry(db, year, EntryInput(day, "expense", supplies.id, 3_000, "コピー用紙"))
    db.close()
    _window, page = _open_accounts(qtbot, open_window, db_path)
    return page, day


def test_a_refund_larger_than_spent_is_asked_about_in_the_window(qtbot, open_window, db_path) -> None:
    page, day = _spent_3000_on_supplies(qtbot, open_window, db_path)
    table = page.findChild(QTableView, "ledger_table")
    balance = page.findChild(QLabel, "ledger_balance")
    assert table.model().rowCount() == 1

    _type_refund(qtbot, page, day.replace(day=20), "消耗品", "5000")
    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.No, seen)
    _submit(qtbot, page)
    qtbot.waitUntil(lambda: bool(seen))
    assert "戻入 5,000円" in seen[0] and "消耗品費" in seen[0] and "（3,000円）" in seen[0]
    assert table.model().rowCount() == 1  # nothing booked
    assert "記帳していません" in page.findChild(QLabel, "entry_error").text()
    assert page.findChild(QLineEdit, "entry_amount").text() == "5000"  # what is typed stays

    answer_message_box(QMessageBox.StandardButton.Yes, seen)
    _submit(qtbot, page)
    qtbot.waitUntil(lambda: table.model().rowCount() == 2)
    assert table.model().index(1, 2).data() == "戻入"
    assert balance.text() == "残高 2,000円（2件）"


def test_a_refund_within_what_was_spent_is_booked_without_asking(qtbot, open_window, db_path) -> None:
    page, day = _spent_3000_on_supplies(qtbot, open_window, db_path)
    table = page.findChild(QTableView, "ledger_table")
    _type_refund(qtbot, page, day.replace(day=20), "消耗品", "1000")
    _submit(qtbot, page)  # no message box: a modal one would block here
    assert table.model().rowCount() == 2
    assert page.findChild(QLabel, "ledger_balance").text() == "残高 △2,000円（2件）"
