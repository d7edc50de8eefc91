"""In the window, two PCs change the same 口座 or 会計: the second 保存 is refused in the dialog with who
changed what and when, the dialog stays open with everything typed, and 保存 again overwrites on
purpose; 元に戻す then puts back what the dialog showed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QPushButton, QTableView

from app.services.accounts.books import (
    AccountInput,
    add_account,
    list_accounts,
    list_books,
    rename_book,
    update_account,
)
from app.storage.database import open_database
from tests.accounts.test_accounts_window import _open_accounts, _show_tab
from tests.helpers.qt_dialogs import when_modal
from tests.helpers.qt_typing import replace_text


def _collide(qtbot, db_path, fields: dict[str, str], save_name: str, error_name: str, change_elsewhere,
             seen: dict[str, object]):
    """In the dialog: type `fields`, let another PC save the same record, press 保存 (refused: the
    message and what the fields hold are noted), then 保存 again (overwrites)."""

    def act(dialog: QDialog) -> None:
        try:
            for name, text in fields.items():
                replace_text(qtbot, dialog.findChild(QLineEdit, name), text)
            other_pc = open_database(db_path)
            change_elsewhere(other_pc)
            other_pc.close()
            save = dialog.findChild(QPushButton, save_name)
            qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
            seen["message"] = dialog.findChild(QLabel, error_name).text()
            seen["open"] = dialog.isVisible()
            seen["kept"] = {name: dialog.findChild(QLineEdit, name).text() for name in fields}
            qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # having read it: overwrite on purpose
            seen["closed"] = not dialog.isVisible()
        finally:  # a failure above must not leave the dialog waiting for a click
            if dialog.isVisible():
                dialog.reject()
    return act


def test_an_account_change_over_another_pcs_is_refused_and_the_dialog_stays_filled(qtbot, open_window,
                                                                                     db_path) -> None:
    db = open_database(db_path)
    bank = add_account(db, AccountInput("普通預金", "bank", "ゆうちょ銀行", "八四八支店", "普通", "1234567")).value
    db.close()
    window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "口座・財産目録")
    table = page.findChild(QTableView, "assets_table")
    row = next(r for r in range(table.model().rowCount()) if table.model().index(r, 0).data() == "普通預金")
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(table.model().index(row, 0)).center())

    def branch_elsewhere(other_pc) -> None:
        shown = next(a for a in list_accounts(other_pc) if a.id == bank.id)
        update_account(other_pc, bank.id, AccountInput(shown.name, shown.kind, shown.bank_name, "一関支店",
                                                       shown.account_type, shown.number), version=shown.version)

    seen: dict[str, object] = {}
    typed = {"account_number": "7654321", "account_purpose": "会費の受け入れ"}
    when_modal(_collide(qtbot, db_path, typed, "account_save", "account_error", branch_elsewhere, seen))
    qtbot.mouseClick(page.findChild(QPushButton, "account_change"), Qt.MouseButton.LeftButton)

    message = str(seen["message"])
    assert "この口座の記録は、開いた後に" in message and "支店: 八四八支店 → 一関支店" in message
    assert seen["open"] and seen["kept"] == typed  # nothing typed is lost
    assert seen["closed"]  # the second 保存 overwrote on purpose
    db = open_database(db_path)
    stored = next(a for a in list_accounts(db) if a.id == bank.id)
    assert (stored.number, stored.purpose, stored.branch) == ("7654321", "会費の受け入れ", "八四八支店")

    window.activateWindow()  # the dialog was the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # 元に戻す: what the dialog showed
    stored = next(a for a in list_accounts(db) if a.id == bank.id)
    assert (stored.number, stored.purpose) == ("1234567", "")
    db.close()


def test_a_book_rename_over_another_pcs_is_refused_and_the_dialog_stays_filled(qtbot, open_window,
                                                                              db_path) -> None:
    _window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "口座・財産目録")

    def rename_elsewhere(other_pc) -> None:
        shown = list_books(other_pc)[0]
        rename_book(other_pc, shown.id, "本部会計", version=shown.version)

    seen: dict[str, object] = {}
    when_modal(_collide(qtbot, db_path, {"book_name": "地区会計"}, "book_save", "book_error", rename_elsewhere, seen))
    qtbot.mouseClick(page.findChild(QPushButton, "book_rename"), Qt.MouseButton.LeftButton)

    message = str(seen["message"])
    assert "この会計の記録は、開いた後に" in message and "会計名: 一般会計 → 本部会計" in message
    assert seen["open"] and seen["kept"] == {"book_name": "地区会計"}
    assert seen["closed"]
    db = open_database(db_path)
    assert list_books(db)[0].name == "地区会計"
    db.close()
