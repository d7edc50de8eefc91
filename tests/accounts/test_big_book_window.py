"""A big cash book in the window (issue 18): the table reads only the lines it shows, the search
field narrows the lines through the database, and a line found by the search opens in the form."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QTableView

from app.services.accounts.categories import list_categories
from app.services.accounts.ledger import EntryInput, add_entries
from app.services.fiscal_years import ensure_current_year
from app.storage.database import open_database
from tests.accounts.test_accounts_window import _open_accounts
from tests.helpers.qt_typing import replace_text

TODAY = date(2025, 6, 1)
LINES = 3_000


def _big_book(db_path) -> None:
    db = open_database(db_path)
    year = ensure_current_year(db, TODAY)
    cats = {c.name: c for c in list_categories(db)}
    power, fee = cats["光熱水費"], cats["会費"]
    inputs = [EntryInput(year.start + timedelta(days=i % 300), fee.kind, fee.id, 1_000, f"会費 {i}")
              for i in range(LINES - 1)]
    inputs.append(EntryInput(date(2025, 9, 9), power.kind, power.id, 777, "電気料 特別", counterparty="東北電力"))
    add_entries(db, year, inputs)
    db.close()


def test_a_big_book_reads_only_the_lines_on_screen(qtbot, open_window, db_path, monkeypatch) -> None:
    import app.ui.ledger_model as ledger_model

    _big_book(db_path)
    read: list[int] = []
    original = ledger_model.entries_by_id

    def counted(db, scope, ids):
        wanted = list(ids)
        read.append(len(wanted))
        return original(db, scope, wanted)

    monkeypatch.setattr(ledger_model, "entries_by_id", counted)
    _window, page = _open_accounts(qtbot, lambda path: open_window(path, TODAY), db_path)
    table = page.findChild(QTableView, "ledger_table")
    model = table.model()

    assert model.rowCount() == LINES
    assert page.findChild(QLabel, "ledger_balance").text() == f"残高 {(LINES - 1) * 1_000 - 777:,}円（{LINES:,}件）"
    last = model.rowCount() - 1  # the view opens at the end of the book, as the paper one is read
    assert model.index(last, 9).data() == f"{(LINES - 1) * 1_000 - 777:,}"
    assert 0 < sum(read) <= 3 * ledger_model.BLOCK  # a few blocks, not 3,000 entries


def test_search_narrows_the_lines_and_a_found_line_opens_in_the_form(qtbot, open_window, db_path) -> None:
    _big_book(db_path)
    _window, page = _open_accounts(qtbot, lambda path: open_window(path, TODAY), db_path)
    table = page.findChild(QTableView, "ledger_table")
    search = page.findChild(QLineEdit, "ledger_search")

    replace_text(qtbot, search, "東北電力")
    assert table.model().rowCount() == 1
    balance = page.findChild(QLabel, "ledger_balance")
    assert balance.text() == f"残高 {(LINES - 1) * 1_000 - 777:,}円（{LINES:,}件・絞り込み 1件）"
    assert table.model().index(0, 4).data() == "電気料 特別"
    assert table.model().index(0, 9).data() == f"{_balance_after_power():,}"

    rect = table.visualRect(table.model().index(0, 4))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.findChild(QLineEdit, "entry_description").text() == "電気料 特別"
    assert page.findChild(QLineEdit, "entry_amount").text() == "777"

    search.clear()
    assert table.model().rowCount() == LINES
    assert balance.text() == f"残高 {(LINES - 1) * 1_000 - 777:,}円（{LINES:,}件）"


def _balance_after_power() -> int:
    """The balance on 2025/09/09 after the power bill: every 会費 line dated up to that day, less 777
    (the 会費 lines fall on day i % 300 of the year; the bill's 証憑番号 is the last of that day)."""
    start = date(2025, 4, 1)
    days = (date(2025, 9, 9) - start).days
    fees = sum(1 for i in range(LINES - 1) if i % 300 <= days)
    return fees * 1_000 - 777
