"""The 変更履歴 window names values as the screens do: 区分 支出/収入 (not expense/income), the 費目 by
its name (not its number), amounts as 1,000円, a 口座's 種類 as 現金・預金・積立金・基金 (not cash/bank/fund)
— while the change log keeps the stored codes and ids."""

from __future__ import annotations

import json
import re
from datetime import date

from PySide6.QtWidgets import QDialog, QTableView
from sqlalchemy import select

from app.domain.fiscal_year import FiscalYear
from app.services.accounts.books import AccountInput, add_account, update_account
from app.services.accounts.categories import list_categories
from app.services.accounts.ledger import EntryInput, add_entry, update_entry
from app.storage.database import open_database
from app.storage.models import ChangeLog, LedgerEntry, MoneyAccount
from app.ui.history_dialog import HistoryDialog
from tests.members.test_members_window import _click


def _shown(dialog: QDialog) -> list[tuple[str, str, str]]:
    """(項目, 変更前, 変更後) of each row of the history table, newest first."""
    model = dialog.findChild(QTableView, "history_table").model()
    return [tuple(str(model.index(r, c).data()) for c in (2, 3, 4)) for r in range(model.rowCount())]


def first_entrys_history(qtbot, open_window, db_path) -> list[tuple[str, str, str]]:
    """The 出納簿 opened on `db_path`, its first entry selected, 「変更履歴…」 clicked: the rows shown."""
    window = open_window(db_path)
    window.nav.setCurrentRow(2)
    table = window.findChild(QTableView, "ledger_table")
    qtbot.waitUntil(table.isVisible)
    table.selectRow(0)
    _click(qtbot, window, "ledger_history")
    return _shown(next(d for d in window.findChildren(QDialog, "history_dialog") if d.isVisible()))


def test_a_corrected_entrys_history_from_the_cash_book_names_kind_category_and_amount(qtbot, open_window,
                                                                                      db_path) -> None:
    db = open_database(db_path)
    year = FiscalYear.of(date.today())
    ids = {c.name: c.id for c in list_categories(db)}
    entry = add_entry(db, year, EntryInput(year.start, "expense", ids["消耗品費"], 800, "コピー用紙")).value
    update_entry(db, entry.id, EntryInput(year.start, "income", ids["雑収入"], 1_880, "コピー用紙の返品"))
    db.close()
    rows = first_entrys_history(qtbot, open_window, db_path)
    assert ("区分", "支出", "収入") in rows and ("費目", "消耗品費", "雑収入") in rows
    assert ("金額", "800円", "1,880円") in rows
    assert ("金額", "", "800円") in rows  # the addition too
    shown = " ".join(" ".join(r) for r in rows)
    assert "expense" not in shown and "income" not in shown
    assert not any(re.search(r"\d", before + after) for field, before, after in rows if field == "費目")
    with open_database(db_path).session() as session:  # the log keeps what was stored
        logged = session.scalars(select(ChangeLog).where(ChangeLog.table_name == LedgerEntry.__tablename__,
                                                         ChangeLog.field == "category_id")).all()
        assert [json.loads(c.new_value) for c in logged][-1] == ids["雑収入"]


def test_an_accounts_history_names_its_kind_in_words(qtbot, db) -> None:
    account = add_account(db, AccountInput("ゆうちょ", "bank", bank_name="ゆうちょ銀行")).value
    update_account(db, account.id, AccountInput("ゆうちょ", "fund", bank_name="ゆうちょ銀行", purpose="修繕"))
    dialog = HistoryDialog(db, MoneyAccount, account.id, "口座「ゆうちょ」")
    qtbot.addWidget(dialog)
    dialog.show()
    rows = _shown(dialog)
    assert ("種類", "預金", "積立金・基金") in rows and ("種類", "", "預金") in rows
    assert not {"bank", "fund", "cash"} & {cell for r in rows for cell in r}
