"""After one entry typed into the 出納簿 form, the window re-reads only what the operation's Changes
name: the new row is inserted into the table (no reset of the 50,000-row model), the next 証憑番号 is
asked for once, and the other tabs (予算対比, 月別集計) read the cash book only when they are shown."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QTableView

from app.services.accounts import ledger
from app.services.accounts.categories import list_categories
from app.services.accounts.ledger import EntryInput, add_entries
from app.services.fiscal_years import ensure_current_year
from app.storage.database import open_database
from tests.accounts.test_accounts_window import _bva_row, _open_accounts, _show_tab, _type_entry

TODAY = date(2025, 6, 1)


@pytest.fixture
def calls(monkeypatch) -> dict[str, int]:
    """How often the window asks the services for each thing."""
    import app.ui.accounts_analysis as analysis
    import app.ui.accounts_budget as budget
    import app.ui.ledger_model as ledger_model

    counted: dict[str, int] = {}

    def count(owner, name: str) -> None:
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            counted[name] = counted.get(name, 0) + 1
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, wrapper)

    for name in ("list_entries", "next_voucher_no"):
        count(ledger, name)
    for name in ("book_index", "entries_by_id"):  # the cash book's table reads by window
        count(ledger_model, name)
    count(analysis, "statement_lines")  # what the 予算対比 tab reads
    count(analysis, "monthly_totals")
    count(budget.budgets, "list_budget_versions")
    return counted


def test_one_entry_inserts_one_row_and_asks_for_the_next_voucher_once(qtbot, open_window, db_path, calls):
    db = open_database(db_path)
    year = ensure_current_year(db, TODAY)
    cats = {c.name: c for c in list_categories(db)}
    utility = cats["光熱水費"]
    add_entries(db, year, [EntryInput(date(2025, 4, d), "expense", utility.id, 1_000 * d, f"電気 {d}")
                           for d in range(1, 21)])
    db.close()
    _window, page = _open_accounts(qtbot, lambda path: open_window(path, TODAY), db_path)
    table = page.findChild(QTableView, "ledger_table")
    events: list[str] = []
    for signal in ("modelReset", "rowsInserted", "rowsRemoved"):
        getattr(table.model(), signal).connect(lambda *_a, s=signal: events.append(s))
    calls.clear()

    _type_entry(qtbot, page, "2025/04/10", "光熱", "500", "追加の電気")

    assert page.findChild(QLabel, "ledger_balance").text() == "残高 △210,500円（21件）"
    assert events == ["rowsInserted"]  # one row put in place, no reset of the table
    row = next(r for r in range(table.model().rowCount()) if table.model().index(r, 4).data() == "追加の電気")
    assert table.model().index(row, 1).data() == "21"  # 証憑番号 given by the service
    assert table.model().index(row, 9).data() == "△55,500"  # balance after 1,000 + … + 10,000 and 500
    assert table.model().index(row + 1, 9).data() == "△66,500"  # the rows after it follow
    # nothing else re-read (not five tabs): the book's order once, the next 証憑番号 once, and at most
    # one block of the lines shown (the new line and those after it, whose balance moved)
    assert calls.pop("book_index") == 1 and calls.pop("entries_by_id", 1) == 1
    assert calls == {"next_voucher_no": 1}
    assert page.findChild(QLineEdit, "entry_voucher").placeholderText() == "自動（22）"

    _show_tab(qtbot, page, "予算対比")  # a tab behind reads the cash book when it comes to the front
    assert calls["statement_lines"] == 1 and "monthly_totals" not in calls
    assert _bva_row(page, "光熱水費")[1] == "210,500"
