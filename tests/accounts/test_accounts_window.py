"""The 管理費 section in the window: two entries typed with the keyboard change the balance and
the 予算対比; undo takes the last one back; a closed year cannot be typed into."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QTableView, QTabWidget

from app.services.accounts.budgets import save_budget
from app.services.accounts.categories import list_categories
from app.services.accounts.closing import close_year
from app.services.fiscal_years import selected_fiscal_year
from app.storage.database import open_database
from tests.helpers.qt_typing import replace_text, type_text


def _open_accounts(qtbot, open_window, db_path):
    window = open_window(db_path)
    nav = window.nav
    item = nav.item(2)
    assert item.text() == "管理費"
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(item).center())
    page = window.findChild(QTabWidget, "accounts_tabs").parent()
    return window, page


def _enter(qtbot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def _type_entry(qtbot, page, when: str, category: str, amount: str, description: str) -> None:
    field = {name: page.findChild(QLineEdit, f"entry_{name}") for name in
             ("date", "category", "amount", "description", "counterparty", "voucher")}
    replace_text(qtbot, field["date"], when)
    _enter(qtbot, field["date"])
    assert field["category"].hasFocus()  # Enter moved on
    type_text(qtbot, field["category"], category)
    _enter(qtbot, field["category"])
    assert field["amount"].hasFocus()
    type_text(qtbot, field["amount"], amount)
    _enter(qtbot, field["amount"])
    type_text(qtbot, field["description"], description)
    _enter(qtbot, field["description"])
    _enter(qtbot, field["counterparty"])
    _enter(qtbot, page.findChild(QComboBox, "entry_method"))
    _enter(qtbot, field["voucher"])  # the last field: Enter books the entry


def _show_tab(qtbot, page, label: str) -> None:
    bar = page.findChild(QTabWidget, "accounts_tabs").tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == label)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def _bva_row(page, name: str) -> tuple[str, str, str, object]:
    """予算額, 執行額, 残額 and the colour of the 予算対比 line of `name` (found by the headers)."""
    view = page.findChild(QTableView, "budget_vs_actual_table")
    model = view.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    for r in range(model.rowCount()):
        if model.index(r, 1).data().strip() == name:  # 項・目 are indented under their 款
            cells = [model.index(r, headers.index(h)).data() for h in ("予算額", "執行額", "残額")]
            return (*cells, model.index(r, 1).data(Qt.ItemDataRole.BackgroundRole))
    raise AssertionError(name)


def test_two_entries_by_keyboard_change_balance_and_budget_vs_actual(qtbot, open_window, db_path) -> None:
    db = open_database(db_path)
    from app.services.fiscal_years import ensure_current_year

    year = ensure_current_year(db)
    cats = {c.name: c.id for c in list_categories(db)}
    save_budget(db, year, {cats["光熱水費"]: 10_000, cats["指定管理料（市からの管理費）"]: 600_000})
    db.close()
    window, page = _open_accounts(qtbot, open_window, db_path)
    balance = page.findChild(QLabel, "ledger_balance")
    table = page.findChild(QTableView, "ledger_table")
    assert balance.text() == "残高 0円（0件）"

    start = f"{year.start:%Y/%m/%d}"
    _type_entry(qtbot, page, start, "指定管理", "500000", "第1四半期分")
    assert balance.text() == "残高 500,000円（1件）"
    assert page.findChild(QLineEdit, "entry_date").text() == start  # the date stays for the next one
    _type_entry(qtbot, page, start, "光熱", "12,000", "電気料金")
    assert balance.text() == "残高 488,000円（2件）"
    model = table.model()
    assert model.rowCount() == 2
    assert [model.index(r, 3).data() for r in range(2)] == ["指定管理料（市からの管理費）", "光熱水費"]
    assert model.index(1, 9).data() == "488,000"  # running balance column

    _show_tab(qtbot, page, "予算対比")
    budget, actual, remaining, colour = _bva_row(page, "光熱水費")
    assert (budget, actual, remaining) == ("10,000", "12,000", "△2,000")
    assert colour is not None and colour.color().name() == "#f8d7da"  # overspent: red
    assert _bva_row(page, "指定管理料（市からの管理費）")[:3] == ("600,000", "500,000", "100,000")
    summary = page.findChild(QLabel, "budget_vs_actual_summary")
    assert "光熱水費" in summary.text()

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # 元に戻す
    assert _bva_row(page, "光熱水費")[1] == "0"  # the tab in front follows at once
    _show_tab(qtbot, page, "現金出納簿")
    assert balance.text() == "残高 500,000円（1件）"


def test_bad_amount_is_refused_next_to_the_form(qtbot, open_window, db_path) -> None:
    db = open_database(db_path)
    year = selected_fiscal_year(db)
    db.close()
    window, page = _open_accounts(qtbot, open_window, db_path)
    _type_entry(qtbot, page, f"{year.start:%Y/%m/%d}", "光熱", "12.5", "電気")
    error = page.findChild(QLabel, "entry_error")
    assert "1円単位の整数ではありません" in error.text() and error.isVisible()
    assert page.findChild(QLabel, "ledger_balance").text() == "残高 0円（0件）"


def test_closed_year_is_read_only_in_the_window(qtbot, open_window, db_path) -> None:
    db = open_database(db_path)
    from app.services.fiscal_years import ensure_current_year

    year = ensure_current_year(db)
    close_year(db, year, "決算承認")
    db.close()
    _window, page = _open_accounts(qtbot, open_window, db_path)
    assert "締め済み" in page.findChild(QLabel, "accounts_year_status").text()
    assert not page.findChild(QLineEdit, "entry_amount").isEnabled()


def test_a_date_without_year_falls_in_the_year_kept_and_ctrl_enter_books_from_any_field(
        qtbot, open_window, db_path) -> None:
    db = open_database(db_path)
    year = selected_fiscal_year(db)
    db.close()
    window, page = _open_accounts(qtbot, open_window, db_path)
    field = {name: page.findChild(QLineEdit, f"entry_{name}") for name in ("date", "category", "amount")}
    replace_text(qtbot, field["date"], "１／１５")  # January: the fiscal year's second calendar year
    _enter(qtbot, field["date"])
    type_text(qtbot, field["category"], "光熱")
    _enter(qtbot, field["category"])
    type_text(qtbot, field["amount"], "3000")
    qtbot.keyClick(field["amount"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # 記帳 at once
    table = page.findChild(QTableView, "ledger_table")
    assert table.model().rowCount() == 1
    assert table.model().index(0, 0).data() == f"{year.start.year + 1}/01/15"
    assert page.findChild(QLabel, "ledger_balance").text() == "残高 △3,000円（1件）"


def test_a_transfer_entered_in_the_window_changes_both_accounts(qtbot, open_window, db_path) -> None:
    from PySide6.QtWidgets import QApplication, QPushButton

    from app.services.accounts.books import AccountInput, add_account
    from app.services.accounts.ledger import EntryInput, add_entry
    from app.services.fiscal_years import ensure_current_year

    db = open_database(db_path)
    year = ensure_current_year(db)
    add_account(db, AccountInput("普通預金_ゆうちょ", "bank", bank_name="ゆうちょ銀行"))
    cats = {c.name: c.id for c in list_categories(db)}
    add_entry(db, year, EntryInput(year.start, "income", cats["会費"], 100_000))
    db.close()
    window, page = _open_accounts(qtbot, open_window, db_path)
    balance = page.findChild(QLabel, "ledger_balance")
    assert "現金 100,000円　普通預金_ゆうちょ 0円" in balance.text()
    accounts = page.findChild(QComboBox, "ledger_account")
    assert accounts.currentText() == "現金"  # several 口座: the book opens on the 現金出納簿
    qtbot.keyClick(accounts, Qt.Key.Key_Up)  # 全口座, one above
    assert accounts.currentText() == "全口座"
    opened = []

    def fill_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        opened.append(dialog.windowTitle())
        source, target = dialog.findChild(QComboBox, "transfer_from"), dialog.findChild(QComboBox, "transfer_to")
        assert (source.currentText(), target.currentText()) == ("現金", "普通預金_ゆうちょ")
        amount = dialog.findChild(QLineEdit, "transfer_amount")
        type_text(qtbot, amount, "60000")
        _enter(qtbot, amount)
        _enter(qtbot, dialog.findChild(QLineEdit, "transfer_description"))  # the last field books it

    qtbot.waitUntil(lambda: page.findChild(QPushButton, "ledger_transfer").isEnabled())
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, fill_dialog)
    qtbot.mouseClick(page.findChild(QPushButton, "ledger_transfer"), Qt.MouseButton.LeftButton)
    assert opened and opened[0].startswith("振替")
    assert "残高 100,000円（3件）" in balance.text()  # the 会計 holds the same money
    assert "現金 40,000円　普通預金_ゆうちょ 60,000円" in balance.text()
    table = page.findChild(QTableView, "ledger_table").model()
    kinds = [table.index(r, 2).data() for r in range(table.rowCount())]
    assert kinds == ["収入", "振替出", "振替入"]


def test_accounts_are_added_changed_and_removed_in_the_window_and_undone(qtbot, open_window, db_path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QPushButton

    window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "口座・財産目録")
    table = page.findChild(QTableView, "assets_table")
    total = page.findChild(QLabel, "assets_total")

    def names() -> list[str]:
        return [table.model().index(r, 0).data() for r in range(table.model().rowCount())]

    def fill(values: dict[str, str], seen: list[str]) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, lambda: fill(values, seen))
            return
        seen.append(dialog.windowTitle())
        for name, text in values.items():
            replace_text(qtbot, dialog.findChild(QLineEdit, name), text)
        qtbot.mouseClick(dialog.findChild(QPushButton, "account_save"), Qt.MouseButton.LeftButton)
        error = dialog.findChild(QLabel, "account_error")
        if dialog.isVisible():  # refused: the message names the field; close as the user would
            seen.append(error.text())
            dialog.reject()

    seen: list[str] = []
    QTimer.singleShot(0, lambda: fill({"account_name": "普通預金_ゆうちょ", "account_bank": "ゆうちょ銀行",
                                       "account_opening": "300,000"}, seen))
    qtbot.mouseClick(page.findChild(QPushButton, "account_add"), Qt.MouseButton.LeftButton)
    assert seen == ["口座の追加"]
    assert names() == ["現金", "普通預金_ゆうちょ"]
    assert "300,000円" in total.text()

    seen.clear()  # a second 口座 of the same name is refused, with the reason, and nothing changes
    QTimer.singleShot(0, lambda: fill({"account_name": "普通預金_ゆうちょ"}, seen))
    qtbot.mouseClick(page.findChild(QPushButton, "account_add"), Qt.MouseButton.LeftButton)
    assert "既にあります" in seen[-1]
    assert names() == ["現金", "普通預金_ゆうちょ"]

    seen.clear()  # rename the selected 口座
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(table.model().index(1, 0)).center())
    QTimer.singleShot(0, lambda: fill({"account_name": "普通預金_郵便局"}, seen))
    qtbot.mouseClick(page.findChild(QPushButton, "account_change"), Qt.MouseButton.LeftButton)
    assert seen == ["口座の変更"]
    assert names() == ["現金", "普通預金_郵便局"]

    window.activateWindow()  # the dialog was the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # 元に戻す: the old name
    assert names() == ["現金", "普通預金_ゆうちょ"]
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # and the 口座 with its opening
    assert names() == ["現金"]
    assert "合計（次年度繰越金） 0円" in total.text()

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert names() == ["現金", "普通預金_ゆうちょ"]  # やり直す: the 口座 and its opening balance again
    assert "300,000円" in total.text()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(table.model().index(1, 0)).center())
    qtbot.mouseClick(page.findChild(QPushButton, "account_delete"), Qt.MouseButton.LeftButton)
    assert "記帳があるため削除できません" in page.findChild(QLabel, "assets_error").text()  # its opening line
    assert names() == ["現金", "普通預金_ゆうちょ"]


def _answer_input_dialog(qtbot, text: str, seen: list[str]) -> None:
    """Type `text` into the next input dialog (replacing its suggestion) and click OK."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        seen.append(dialog.labelText())
        replace_text(qtbot, dialog.findChild(QLineEdit), text)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)


def test_each_book_closes_on_its_own_in_the_window(qtbot, open_window, db_path) -> None:
    from PySide6.QtWidgets import QPushButton

    from app.services.accounts.books import add_book
    from app.services.accounts.closing import year_status

    db = open_database(db_path)
    year = selected_fiscal_year(db)
    special = add_book(db, "特別会計").value
    db.close()
    _window, page = _open_accounts(qtbot, open_window, db_path)
    books = page.findChild(QComboBox, "accounts_book")
    status = page.findChild(QLabel, "accounts_year_status")
    amount = page.findChild(QLineEdit, "entry_amount")
    books.setCurrentIndex(books.findText("特別会計"))
    assert status.text().startswith("特別会計: 記帳中")

    seen: list[str] = []
    _answer_input_dialog(qtbot, "特別会計の決算承認", seen)
    qtbot.mouseClick(page.findChild(QPushButton, "accounts_close_year"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "締め済み" in status.text())
    assert f"{year.label}の「特別会計」を締めます" in seen[0]
    assert status.text().startswith("特別会計: 締め済み") and "記帳中の会計: 一般会計" in status.text()
    assert not amount.isEnabled()
    assert page.findChild(QPushButton, "accounts_reopen_year").isVisible()

    books.setCurrentIndex(books.findText("一般会計"))  # the other 会計 still takes entries
    assert status.text().startswith("一般会計: 記帳中") and "締め済みの会計: 特別会計" in status.text()
    assert amount.isEnabled() and page.findChild(QPushButton, "accounts_close_year").isVisible()

    db = open_database(db_path)
    try:
        assert year_status(db, year, book_id=special.id).events[-1].reason == "特別会計の決算承認"
        assert not year_status(db, year).closed
    finally:
        db.close()
