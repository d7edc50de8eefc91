"""The window's cash-book import (issue 12): the column table shared with the 名簿 import, and a
table for the 費目 the year does not have — each mapped to a registered 費目 or created."""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from app.services.accounts.categories import list_categories
from app.services.fiscal_years import selected_fiscal_year
from app.storage.database import open_database
from tests.fixtures.make_office_files import cash_book_unknown_categories
from tests.helpers.qt_dialogs import answer_message_box, in_dialog
from tests.helpers.qt_typing import type_text


def _open_import(qtbot, window, path, steps) -> None:
    """管理費 → 「出納簿を取り込む…」 (no 出納整理期間), the file typed in, then `steps(dialog)`."""
    nav = window.nav
    item = nav.findItems("管理費", Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(item).center())

    def run(dialog: QWidget) -> None:
        field = dialog.findChild(QWidget, "import_path")
        type_text(qtbot, field, str(path))
        qtbot.keyClick(field, Qt.Key.Key_Return)  # 「読み込んで確認」
        steps(dialog)

    answer_message_box(QMessageBox.StandardButton.No)  # 出納整理期間?
    in_dialog("import_commit", run)
    qtbot.mouseClick(window.findChild(QPushButton, "accounts_import"), Qt.MouseButton.LeftButton)


def _choose(qtbot, combo: QComboBox, text: str) -> None:
    """Open the list, type the start of an entry, Enter — as a user picks from a long list."""
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    type_text(qtbot, QApplication.focusWidget(), text)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def texts(view: QTableView, column: int) -> list[str]:
    return [view.model().index(r, column).data() for r in range(view.model().rowCount())]


def _summary(dialog: QWidget) -> str:
    return dialog.findChild(QPlainTextEdit, "import_summary").toPlainText()


def test_unknown_categories_mapped_or_created_in_the_window(qtbot, open_window, db_path, tmp_path) -> None:
    db = open_database(db_path)
    year = selected_fiscal_year(db, date(2025, 6, 1))
    db.close()
    path = tmp_path / "出納簿.xlsx"
    cash_book_unknown_categories(path)  # 会議費 ×2, 研修費 ×1 (2025-04), 会費 (registered)
    window = open_window(db_path, date(2025, 6, 1))
    assert window.ctx.fiscal_year == year
    seen: dict[str, object] = {}

    def steps(dialog: QWidget) -> None:
        table = dialog.findChild(QWidget, "import_categories")
        seen["before"] = _summary(dialog)
        seen["listed"] = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
        commit = dialog.findChild(QPushButton, "import_commit")
        seen["enabled before"] = commit.isEnabled()
        _choose(qtbot, table.cellWidget(0, 2), "雑費")  # 会議費 → the registered 雑費
        qtbot.waitUntil(lambda: "会議費" not in _summary(dialog).split("登録されていない費目")[-1])
        _choose(qtbot, dialog.findChild(QWidget, "import_categories").cellWidget(1, 2), "新しい")  # 研修費: create
        qtbot.waitUntil(lambda: "新しく作る費目: 研修費（1件）" in _summary(dialog))
        seen["after"] = _summary(dialog)
        answer_message_box(QMessageBox.StandardButton.Ok)  # 「取り込みました…」
        qtbot.mouseClick(dialog.findChild(QPushButton, "import_commit"), Qt.MouseButton.LeftButton)

    _open_import(qtbot, window, path, steps)
    assert seen["listed"] == [("会議費", "2件"), ("研修費", "1件")]
    assert "登録されていない費目: 会議費（2件）、研修費（1件）" in seen["before"]
    assert seen["enabled before"] is False
    assert seen["after"].startswith("新規 4件、更新 0件、変更なし 0件、エラー 0件")
    ledger = window.findChild(QTableView, "ledger_table")
    assert texts(ledger, 3) == ["雑費", "雑費", "研修費", "会費"]
    assert texts(ledger, 4)[:2] == ["役員会茶菓", "総会茶菓"]
    created = next(c for c in list_categories(window.ctx.db) if c.name == "研修費")
    assert created.kind == "expense"


def test_a_column_mapped_in_the_table_is_imported_and_remembered(qtbot, open_window, db_path, tmp_path) -> None:
    path = tmp_path / "出納帳.xlsx"
    wb = Workbook()
    ws = wb.active
    for row in (["日付", "費目", "品名", "支出"], [date(2025, 4, 3), "消耗品費", "コピー用紙", 3280]):
        ws.append(row)
    wb.save(path)
    window = open_window(db_path, date(2025, 6, 1))
    seen: list[str] = []

    def map_column(dialog: QWidget) -> None:
        seen.append(_summary(dialog))
        _choose(qtbot, dialog.findChild(QComboBox, "import_field_C"), "摘要")
        qtbot.waitUntil(lambda: "品名" not in _summary(dialog))
        answer_message_box(QMessageBox.StandardButton.Ok)
        qtbot.mouseClick(dialog.findChild(QPushButton, "import_commit"), Qt.MouseButton.LeftButton)

    _open_import(qtbot, window, path, map_column)
    assert "取り込まない列（データあり）: C列（品名）" in seen[0]
    assert texts(window.findChild(QTableView, "ledger_table"), 4) == ["コピー用紙"]

    def look(dialog: QWidget) -> None:  # the same headers again: 品名 is 摘要 from the start
        seen.append(dialog.findChild(QComboBox, "import_field_C").currentText())
        dialog.reject()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    _open_import(qtbot, window, path, look)
    assert seen[-1] == "摘要"


def test_refunds_are_shown_as_refunds_in_the_preview_and_booked(qtbot, open_window, db_path, tmp_path) -> None:
    """△1,200 in 収入 and -800 / ▲2,000 in 支出: the preview's 区分 says 戻出 / 戻入 before anything is
    written, and the cash book shows them so after the import."""
    from tests.fixtures.make_office_files import cash_book_refunds

    path = tmp_path / "出納簿.xlsx"
    cash_book_refunds(path)
    window = open_window(db_path, date(2025, 6, 1))
    seen: dict[str, object] = {}

    def steps(dialog: QWidget) -> None:
        seen["kinds"] = texts(dialog.findChild(QTableView, "import_preview"), 3)
        seen["summary"] = _summary(dialog)
        answer_message_box(QMessageBox.StandardButton.Ok)  # 「取り込みました…」
        qtbot.mouseClick(dialog.findChild(QPushButton, "import_commit"), Qt.MouseButton.LeftButton)

    _open_import(qtbot, window, path, steps)
    assert seen["kinds"] == ["収入", "戻出", "支出", "戻入", "戻入", "支出"], seen["kinds"]
    assert "戻入・戻出として記帳する行: 3行" in str(seen["summary"])
    # the 戻入 of 5/20 is booked before its purchase (5/21): a warning naming the cell, not a refusal
    assert ("警告: 7行目 F列（支出金額）: 戻入 2,000円は、費目「事業費」の2025/05/20までの支出（0円）より大きく"
            "なっています") in str(seen["summary"])
    ledger = window.findChild(QTableView, "ledger_table")
    assert texts(ledger, 3)[-6:] == ["会費", "会費", "消耗品費", "消耗品費", "事業費", "事業費"]
    assert {"戻入", "戻出"} <= {ledger.model().index(r, c).data() for r in range(ledger.model().rowCount())
                               for c in range(ledger.model().columnCount())}


def test_no_amount_column_offers_the_column_table(qtbot, open_window, db_path, tmp_path) -> None:
    """A 出納帳 whose amount is headed 支払額: instead of only refusing, the dialog shows its columns
    and the user says 支払額 is 支出; the rows are then checked and imported."""
    path = tmp_path / "支払簿.xlsx"
    wb = Workbook()
    ws = wb.active
    for row in (["日付", "費目", "摘要", "支払額"], [date(2025, 4, 3), "消耗品費", "コピー用紙（未払い分）", 3280]):
        ws.append(row)
    wb.save(path)
    window = open_window(db_path, date(2025, 6, 1))
    seen: dict[str, object] = {}

    def steps(dialog: QWidget) -> None:
        seen["refused"] = _summary(dialog)
        seen["enabled before"] = dialog.findChild(QPushButton, "import_commit").isEnabled()
        _choose(qtbot, dialog.findChild(QComboBox, "import_field_D"), "支出")
        qtbot.waitUntil(lambda: _summary(dialog).startswith("新規 1件"))
        answer_message_box(QMessageBox.StandardButton.Ok)  # 「取り込みました…」
        qtbot.mouseClick(dialog.findChild(QPushButton, "import_commit"), Qt.MouseButton.LeftButton)

    _open_import(qtbot, window, path, steps)
    assert "金額の列が見つかりません" in str(seen["refused"])
    assert "足りない項目がどの列にあるかを選んでください" in str(seen["refused"])
    assert seen["enabled before"] is False
    assert "コピー用紙(未払い分)" in texts(window.findChild(QTableView, "ledger_table"), 4)


def test_an_import_into_a_bank_account_names_its_book(qtbot, open_window, db_path, tmp_path) -> None:
    """With 普通預金_ゆうちょ chosen above the book, the question, the dialog and the done message
    all say 預金出納帳『普通預金_ゆうちょ』 — not the 現金出納簿 — and the rows go to that 口座."""
    from app.services.accounts.books import AccountInput, add_account, list_accounts
    from app.services.accounts.ledger import ledger_rows

    db = open_database(db_path)
    year = selected_fiscal_year(db, date(2025, 6, 1))
    add_account(db, AccountInput("普通預金_ゆうちょ", "bank", bank_name="ゆうちょ銀行"))
    db.close()
    path = tmp_path / "ゆうちょ.xlsx"
    wb = Workbook()
    ws = wb.active
    for row in (["日付", "費目", "摘要", "収入", "支出"], [date(2025, 5, 10), "会費", "会費振込", 40_000, None]):
        ws.append(row)
    wb.save(path)
    window = open_window(db_path, date(2025, 6, 1))
    nav = window.nav
    item = nav.findItems("管理費", Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(item).center())
    accounts = window.findChild(QComboBox, "ledger_account")
    accounts.setFocus()
    qtbot.keyClick(accounts, Qt.Key.Key_Down)  # from 現金 to the bank account below it
    assert accounts.currentText() == "普通預金_ゆうちょ"
    asked: list[str] = []
    done: list[str] = []
    seen: dict[str, str] = {}

    def run(dialog: QWidget) -> None:
        seen["title"] = dialog.windowTitle()
        field = dialog.findChild(QWidget, "import_path")
        type_text(qtbot, field, str(path))
        qtbot.keyClick(field, Qt.Key.Key_Return)  # 「読み込んで確認」
        commit = dialog.findChild(QPushButton, "import_commit")
        qtbot.waitUntil(commit.isEnabled)
        answer_message_box(QMessageBox.StandardButton.Ok, done)  # 「…に取り込みました」
        qtbot.mouseClick(commit, Qt.MouseButton.LeftButton)

    answer_message_box(QMessageBox.StandardButton.No, asked)  # 出納整理期間?
    in_dialog("import_commit", run)
    qtbot.mouseClick(window.findChild(QPushButton, "accounts_import"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done))
    assert asked[0].startswith(f"{year.label}の預金出納帳『普通預金_ゆうちょ』に取り込みます。")
    assert seen["title"].startswith("預金出納帳『普通預金_ゆうちょ』の取り込み")
    assert done[0].startswith(f"{year.label}の預金出納帳『普通預金_ゆうちょ』に取り込みました: 新規 1件")
    assert "現金出納簿" not in done[0]
    bank = next(a for a in list_accounts(window.ctx.db) if a.kind == "bank")
    assert [r.entry.description for r in ledger_rows(window.ctx.db, year, account_id=bank.id)] == ["会費振込"]
