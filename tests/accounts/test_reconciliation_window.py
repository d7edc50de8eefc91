"""通帳との照合 in the window: the 預金's entries since its last match are listed (what the 監事 ticks
off against the passbook); a matching check empties the list up to its date, a wrong one says the
difference and keeps the list; recording undoes with 編集 → 元に戻す."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QTableView, QTabWidget

from app.services.accounts.books import AccountInput, add_account, list_accounts
from app.services.accounts.categories import list_categories
from app.services.accounts.ledger import EntryInput, add_entry
from app.services.accounts.transfers import TransferInput, add_transfer
from app.services.fiscal_years import ensure_current_year
from app.storage.database import open_database
from tests.accounts.test_accounts_window import _open_accounts, _show_tab
from tests.helpers.qt_typing import replace_text, type_text

YUCHO = "普通預金_ゆうちょ"


def _bank_book(db_path):
    """会費 100,000 in cash; 80,000 of it paid in (4/11), the electricity 8,640 from the bank (4/30), the city's 2,450,000 (5/10)."""
    db = open_database(db_path)
    year = ensure_current_year(db)
    bank = add_account(db, AccountInput(YUCHO, "bank")).value.id
    cash = next(a.id for a in list_accounts(db) if a.kind == "cash")
    cats = {c.name: c for c in list_categories(db)}
    add_entry(db, year, EntryInput(year.start, "income", cats["会費"].id, 100_000, "会費"))  # the cash paid in
    add_transfer(db, year, TransferInput(year.start.replace(day=11), cash, bank, 80_000, "預け入れ"))
    add_entry(db, year, EntryInput(year.start.replace(day=30), "expense", cats["光熱水費"].id, 8_640, "電気料 4月分",
                                   account_id=bank))
    add_entry(db, year, EntryInput(year.start.replace(month=5, day=10), "income",
                                   cats["指定管理料（市からの管理費）"].id, 2_450_000, "第1四半期", account_id=bank))
    db.close()
    return year


def _show_check_page(qtbot, page) -> None:
    bar = page.findChild(QTabWidget, "assets_lower_tabs").tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == "通帳との照合")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert page.findChild(QTableView, "check_entries").isVisible()


def _listed(page) -> list[str]:
    model = page.findChild(QTableView, "check_entries").model()
    return [model.index(r, 4).data() for r in range(model.rowCount())]


def _record(qtbot, page, when: str, balance: str) -> None:
    replace_text(qtbot, page.findChild(QLineEdit, "check_date"), when)
    field = page.findChild(QLineEdit, "check_balance")
    field.clear()
    type_text(qtbot, field, balance)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_the_entries_since_the_last_match_are_listed(qtbot, open_window, db_path) -> None:
    year = _bank_book(db_path)
    window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "口座・財産目録")
    _show_check_page(qtbot, page)
    assert page.findChild(QComboBox, "check_account").currentText() == YUCHO
    since = page.findChild(QLabel, "check_result")
    assert "年度の初めから" in since.text() and "3件" in since.text()
    assert _listed(page) == ["預け入れ", "電気料 4月分", "第1四半期"]
    model = page.findChild(QTableView, "check_entries").model()
    assert (model.index(0, 5).data(), model.index(1, 6).data()) == ("80,000", "8,640")  # in, out

    _record(qtbot, page, f"{year.start.year}/4/30", "71360")  # the passbook agrees on 4/30
    result = page.findChild(QLabel, "check_result").text()
    assert "通帳 71,360円" in result and "一致しています" in result
    assert _listed(page) == ["第1四半期"]
    assert f"前回の一致（{year.start.year}/04/30）以降の記帳 1件" in since.text()

    _record(qtbot, page, f"{year.start.year}/5/31", "2,500,000")  # the passbook says less than the book
    result = page.findChild(QLabel, "check_result").text()
    assert "帳簿 2,521,360円" in result and "差額 △21,360円" in result
    assert _listed(page) == ["第1四半期"]  # still to be looked through: the last match is 4/30
    assert "照合 差額 △21,360円" in page.findChild(QTableView, "assets_table").model().index(1, 4).data()

    for _ in range(2):  # 元に戻す: both records go
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(_listed(page)) == 3)
    assert "年度の初めから" in since.text() and "差額" not in since.text()


def test_a_cash_account_is_not_offered_and_a_bad_balance_is_refused(qtbot, open_window, db_path) -> None:
    year = _bank_book(db_path)
    _window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "口座・財産目録")
    _show_check_page(qtbot, page)
    combo = page.findChild(QComboBox, "check_account")
    assert [combo.itemText(i) for i in range(combo.count())] == [YUCHO]
    _record(qtbot, page, f"{year.start.year}/4/30", "七万")
    assert "通帳残高" in page.findChild(QLabel, "assets_error").text()
    assert len(_listed(page)) == 3


def test_closing_with_an_unreconciled_bank_asks_first(qtbot, open_window, db_path) -> None:
    from PySide6.QtWidgets import QMessageBox, QPushButton

    from tests.accounts.test_accounts_window import _answer_input_dialog
    from tests.helpers.qt_dialogs import answer_message_box

    _bank_book(db_path)
    _window, page = _open_accounts(qtbot, open_window, db_path)
    status = page.findChild(QLabel, "accounts_year_status")
    close = page.findChild(QPushButton, "accounts_close_year")
    seen: list[str] = []
    _answer_input_dialog(qtbot, "決算承認", seen)
    answer_message_box(QMessageBox.StandardButton.No, seen)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert f"口座「{YUCHO}」: 年度末" in seen[1] and "通帳との照合がありません" in seen[1]
    assert "記帳中" in status.text()  # 「いいえ」: not closed

    _answer_input_dialog(qtbot, "決算承認", seen)
    answer_message_box(QMessageBox.StandardButton.Yes, seen)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "締め済み" in status.text())
