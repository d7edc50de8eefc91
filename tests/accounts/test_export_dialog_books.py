"""The export dialog of 管理費: the 出納簿 of the 口座 the cash-book tab shows (預金出納帳 for a bank) or
of all 口座, and the 会長・会計・監事 印欄 as the box is ticked — `kyodo export … --stamps` likewise.
The 印 boxes are read off the PDF page: three labels side by side at the top of page 1."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
)

from app.cli import main
from app.domain.fiscal_year import FiscalYear
from app.services.accounts.books import AccountInput, add_account, list_accounts
from app.services.accounts.categories import list_categories
from app.services.accounts.ledger import EntryInput, add_entry
from app.services.accounts.transfers import TransferInput, add_transfer
from app.services.settings import PRINT_STAMP_BOXES, write_setting
from app.storage.database import open_database
from app.ui.context import AppContext
from app.ui.export_dialog import ExportDialog
from tests.helpers.pdf_text import pdf_pages
from tests.helpers.qt_typing import replace_text

FY = FiscalYear(2025)
YUCHO = "普通預金_ゆうちょ"
STAMPS = ["会長", "会計", "監事"]


def _stamp_labels(path: Path) -> list[str]:
    """The labels drawn alone on one line of page 1 that name a 印 box, left to right."""
    lines = [ln for ln in pdf_pages(path)[0] if ln.text.strip() in STAMPS]
    if lines:
        assert len({round(ln.y) for ln in lines}) == 1  # one row of boxes
    return [ln.text.strip() for ln in sorted(lines, key=lambda ln: ln.x)]


def _fill(db) -> int:
    """現金 and ゆうちょ (a passbook number), an income in cash, 80,000 paid in, a bill from the bank."""
    bank = add_account(db, AccountInput(YUCHO, "bank", bank_name="ゆうちょ銀行", branch="八四八支店",
                                        account_type="普通", number="1234567")).value.id
    cash = next(a.id for a in list_accounts(db) if a.kind == "cash")
    cats = {c.name: c for c in list_categories(db)}
    add_entry(db, FY, EntryInput(date(2025, 4, 10), "income", cats["会費"].id, 90_000, "構成団体会費"))
    add_transfer(db, FY, TransferInput(date(2025, 4, 11), cash, bank, 80_000, "預け入れ"))
    add_entry(db, FY, EntryInput(date(2025, 4, 30), "expense", cats["光熱水費"].id, 8_640, "電気料 4月分",
                                 account_id=bank))
    return bank


@pytest.fixture
def dialog(qtbot, db):
    def _open(account_id: int | None) -> ExportDialog:
        d = ExportDialog(AppContext(db, FY), ["settlement", "budget", "ledger", "assets", "audit"],
                         account_id=account_id)
        qtbot.addWidget(d)
        d.show()
        return d

    return _open


def _choose(d: ExportDialog, kind_title: str, fmt: str, out: Path, qtbot) -> Path | None:
    kind = d.findChild(QComboBox, "export_kind")
    kind.setCurrentIndex(kind.findText(kind_title))
    qtbot.mouseClick(d.findChild(QRadioButton, f"export_format_{fmt}"), Qt.MouseButton.LeftButton)
    replace_text(qtbot, d.findChild(QLineEdit, "export_path"), str(out))
    qtbot.mouseClick(d.findChild(QPushButton, "export_ok"), Qt.MouseButton.LeftButton)
    return d.written


def test_the_ledger_of_the_account_shown_is_the_bank_book(qtbot, db, dialog, tmp_path) -> None:
    bank = _fill(db)
    d = dialog(bank)
    account = d.findChild(QComboBox, "export_account")
    kind = d.findChild(QComboBox, "export_kind")
    assert not account.isEnabled()  # 収支決算書 first: it has no 口座
    kind.setCurrentIndex(kind.findText("現金出納簿"))
    assert account.isEnabled() and account.currentText() == f"{YUCHO}（預金出納帳）"
    assert d.findChild(QLineEdit, "export_path").text().endswith(f"令和7年度_預金出納帳_{YUCHO}_地域協働体.xlsx")
    written = _choose(d, "現金出納簿", "xlsx", tmp_path / "yucho.xlsx", qtbot)
    ws = load_workbook(written).worksheets[0]
    assert ws["A1"].value.endswith("預金出納帳")
    cells = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "電気料 4月分" in cells and "預け入れ" in cells and "構成団体会費" not in cells
    assert any(isinstance(v, str) and "ゆうちょ銀行 八四八支店 普通 ****567" in v for v in cells)
    assert not any(isinstance(v, str) and "1234567" in v for v in cells)


def test_all_accounts_or_the_cash_book(qtbot, db, dialog, tmp_path) -> None:
    _fill(db)
    d = dialog(None)  # the cash-book tab shows 全口座
    account = d.findChild(QComboBox, "export_account")
    assert account.currentText() == "全口座"
    ws = load_workbook(_choose(d, "現金出納簿", "xlsx", tmp_path / "all.xlsx", qtbot)).worksheets[0]
    cells = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "口座: 全口座" in cells and "電気料 4月分" in cells and "構成団体会費" in cells
    d = dialog(None)
    d.findChild(QComboBox, "export_account").setCurrentIndex(1)
    assert d.findChild(QComboBox, "export_account").currentText() == "現金（現金出納簿）"
    ws = load_workbook(_choose(d, "現金出納簿", "xlsx", tmp_path / "cash.xlsx", qtbot)).worksheets[0]
    cells = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert ws["A1"].value.endswith("現金出納簿") and "構成団体会費" in cells and "電気料 4月分" not in cells


def _tick(qtbot, box: QCheckBox) -> None:
    """A click on the box's square (the widget may be wider than its square and label)."""
    option = QStyleOptionButton()
    option.initFrom(box)
    square = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=square.center())


@pytest.mark.parametrize("setting", [(), tuple(STAMPS)])
def test_the_stamp_box_decides_the_boxes_on_the_page(qtbot, db, dialog, tmp_path, setting) -> None:
    _fill(db)
    write_setting(db, PRINT_STAMP_BOXES, setting)
    d = dialog(None)
    box = d.findChild(QCheckBox, "export_stamps")
    assert box.isChecked() == bool(setting)  # as the settings say, at first
    _tick(qtbot, box)  # the user ticks (or unticks) it
    assert box.isChecked() != bool(setting)
    path = _choose(d, "収支予算書", "pdf", tmp_path / "budget.pdf", qtbot)
    assert _stamp_labels(path) == ([] if setting else STAMPS)
    d = dialog(None)
    box = d.findChild(QCheckBox, "export_stamps")
    if not box.isChecked():
        _tick(qtbot, box)
    assert box.isChecked()
    assert _stamp_labels(_choose(d, "監査報告書", "pdf", tmp_path / "audit.pdf", qtbot)) == STAMPS


@pytest.mark.parametrize("kind", ["budget", "settlement", "ledger", "assets", "audit"])
def test_stamps_on_the_command_line(tmp_path, kind) -> None:
    path = tmp_path / "db.sqlite"
    assert main(["new", "--db", str(path), "--body", "みどり野地域協働体", "--year", "2025"]) == 0
    db = open_database(path)
    try:
        _fill(db)
        write_setting(db, PRINT_STAMP_BOXES, ())
    finally:
        db.close()
    base = ["export", kind, "--db", str(path), "--year", "2025", "--format", "pdf"]
    assert main([*base, "--out", str(tmp_path / "plain.pdf")]) == 0
    assert _stamp_labels(tmp_path / "plain.pdf") == []
    assert main([*base, "--out", str(tmp_path / "stamped.pdf"), "--stamps"]) == 0
    assert _stamp_labels(tmp_path / "stamped.pdf") == STAMPS


def test_the_accounts_page_offers_the_account_its_book_shows(qtbot, open_window, db_path) -> None:
    from tests.accounts.test_accounts_window import _open_accounts
    from tests.helpers.qt_dialogs import in_dialog

    db = open_database(db_path)
    _fill(db)
    db.close()
    _window, page = _open_accounts(qtbot, open_window, db_path)
    chooser = page.findChild(QComboBox, "ledger_account")
    chooser.setCurrentIndex(chooser.findText(YUCHO))
    seen: list[str] = []

    def look(d) -> None:
        kind = d.findChild(QComboBox, "export_kind")
        kind.setCurrentIndex(kind.findText("現金出納簿"))
        seen.append(d.findChild(QComboBox, "export_account").currentText())
        d.reject()

    in_dialog("export_account", look)
    qtbot.mouseClick(page.findChild(QPushButton, "export_button"), Qt.MouseButton.LeftButton)
    assert seen == [f"{YUCHO}（預金出納帳）"]
