"""財産目録 from the window: a fund's purpose and target year typed in the 口座 dialog and a 備品
entered in the 口座・財産目録 tab are printed on the 財産目録; removing a 備品 undoes."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QPushButton, QTableView

from app.services.accounts.books import list_accounts
from app.services.accounts.report_data import assets_report_data
from app.services.fiscal_years import selected_fiscal_year
from app.services.settings import EQUIPMENT_MINIMUM, write_setting
from app.storage.database import open_database
from tests.accounts.test_accounts_window import _open_accounts, _show_tab
from tests.helpers.qt_typing import replace_text


def _fill_dialog(qtbot, values: dict[str, str], save: str, seen: list[str], kind: str | None = None) -> None:
    """Type into the next dialog's fields (and choose the 口座's kind), then click its save button;
    a refused dialog's message is kept in `seen` and the dialog closed."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, fill)
            return
        seen.append(dialog.windowTitle())
        if kind is not None:
            combo = dialog.findChild(QComboBox, "account_kind")
            combo.setCurrentIndex(combo.findText(kind))
        for name, text in values.items():
            replace_text(qtbot, dialog.findChild(QLineEdit, name), text)
        qtbot.mouseClick(dialog.findChild(QPushButton, save), Qt.MouseButton.LeftButton)
        if dialog.isVisible():
            seen.append(next(w.text() for w in dialog.findChildren(QLabel) if w.objectName().endswith("_error")))
            dialog.reject()

    QTimer.singleShot(0, fill)


def _rows(view: QTableView) -> list[tuple]:
    m = view.model()
    return [tuple(m.index(r, c).data() for c in range(m.columnCount())) for r in range(m.rowCount())]


def test_fund_purpose_and_fixtures_typed_in_the_window_reach_the_assets_list(qtbot, open_window, db_path) -> None:
    window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "口座・財産目録")
    seen: list[str] = []
    _fill_dialog(qtbot, {"account_name": "施設改修積立金", "account_purpose": "調理室の改修",
                         "account_target_year": "令和9年度", "account_bank": "", "account_opening": "120000"},
                 "account_save", seen, kind="積立金・基金")
    qtbot.mouseClick(page.findChild(QPushButton, "account_add"), Qt.MouseButton.LeftButton)
    assert seen == ["口座の追加"]

    equipment = page.findChild(QTableView, "equipment_table")
    _fill_dialog(qtbot, {"equipment_name": "草刈機", "equipment_bought_on": "2023/6/1",
                         "equipment_amount": "98,000", "equipment_place": "倉庫"}, "equipment_save", seen)
    qtbot.mouseClick(page.findChild(QPushButton, "equipment_add"), Qt.MouseButton.LeftButton)
    assert _rows(equipment) == [("草刈機", "2023/06/01", "98,000", "倉庫", "")]
    seen.clear()  # a bad amount is refused in the dialog, naming the field; nothing is added
    _fill_dialog(qtbot, {"equipment_name": "テント", "equipment_amount": "12.5"}, "equipment_save", seen)
    qtbot.mouseClick(page.findChild(QPushButton, "equipment_add"), Qt.MouseButton.LeftButton)
    assert seen[0] == "備品の追加" and seen[1].startswith("金額:")
    assert len(_rows(equipment)) == 1

    db = open_database(db_path)
    try:
        year = selected_fiscal_year(db)
        fund = next(a for a in list_accounts(db) if a.name == "施設改修積立金")
        assert (fund.kind, fund.purpose, fund.target_year) == ("fund", "調理室の改修", 2027)
        data = assets_report_data(db, year)
        assert [(f.name, f.purpose, f.target_year, f.balance) for f in data.funds] == [
            ("施設改修積立金", "調理室の改修", 2027, 120_000)]
        assert [(e.name, e.amount, e.place) for e in data.equipment] == [("草刈機", 98_000, "倉庫")]
    finally:
        db.close()

    qtbot.mouseClick(equipment.viewport(), Qt.MouseButton.LeftButton,
                     pos=equipment.visualRect(equipment.model().index(0, 0)).center())
    qtbot.mouseClick(page.findChild(QPushButton, "equipment_delete"), Qt.MouseButton.LeftButton)
    assert _rows(equipment) == []
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # 元に戻す: the 備品 is back
    assert _rows(equipment) == [("草刈機", "2023/06/01", "98,000", "倉庫", "")]


def test_the_book_sent_to_the_city_is_chosen_in_the_window_and_undone(qtbot, open_window, db_path) -> None:
    from app.services.accounts.books import add_book, submission_book

    db = open_database(db_path)
    add_book(db, "特別会計")
    db.close()
    window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "口座・財産目録")
    label = page.findChild(QLabel, "book_funded_label")
    button = page.findChild(QPushButton, "book_funded")
    assert label.text().endswith(": 一般会計") and not button.isEnabled()  # 一般会計 is shown and funded
    books = page.findChild(QComboBox, "accounts_book")
    books.setCurrentIndex(books.findText("特別会計"))
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert label.text().endswith(": 特別会計") and not button.isEnabled()
    db = open_database(db_path)
    try:
        assert submission_book(db).name == "特別会計"
    finally:
        db.close()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # 元に戻す
    assert label.text().endswith(": 一般会計") and button.isEnabled()


def test_the_fixtures_list_says_which_items_the_assets_list_prints(qtbot, open_window, db_path) -> None:
    db = open_database(db_path)
    try:
        write_setting(db, EQUIPMENT_MINIMUM, 100_000)
    finally:
        db.close()
    _window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "口座・財産目録")
    note = page.findChild(QLabel, "equipment_note")
    assert note.text() == "財産目録には取得価額100,000円以上の備品を載せます（編集 → 設定…）:"
