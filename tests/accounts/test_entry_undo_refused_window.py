"""管理費: Ctrl+Z of a 記帳 just typed here, after another PC corrected it, is refused in the status bar
(「元に戻せませんでした: …」 with who, when and what on one line, no 「保存」 advice) and the entry stays as
they left it; with nobody else's change the same Ctrl+Z takes it back. 編集 → やり直し of a deletion over
another PC's correction is refused the same way (「やり直せませんでした: …」) and the entry stays."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QTableView

from app.services.accounts.ledger import EntryInput, list_entries, update_entry
from app.services.fiscal_years import ensure_current_year
from app.storage.database import open_database
from tests.accounts.test_accounts_window import _open_accounts, _type_entry
from tests.facility.test_rooms_window import _redo, _undo


def _typed_here(qtbot, open_window, db_path):
    db = open_database(db_path)
    year = ensure_current_year(db)
    db.close()
    window, page = _open_accounts(qtbot, open_window, db_path)
    _type_entry(qtbot, page, f"{year.start:%Y/%m/%d}", "光熱", "12,000", "電気料金")
    assert page.findChild(QLabel, "ledger_balance").text() == "残高 △12,000円（1件）"
    return window, page, year


def test_undoing_an_entry_typed_here_and_corrected_on_another_pc_is_refused(qtbot, open_window, db_path) -> None:
    window, page, year = _typed_here(qtbot, open_window, db_path)
    other = open_database(db_path)  # another PC corrects the amount
    theirs = list_entries(other, year)[0]
    update_entry(other, theirs.id, replace(EntryInput(theirs.entry_date, theirs.direction, theirs.category_id,
                                                      13_200, theirs.description), version=theirs.version))

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # 元に戻す
    told = window.statusBar().currentMessage()
    assert told.startswith("元に戻せませんでした: この現金出納簿の記録は、この操作の後に") and "さん（" in told
    assert "・金額: 12,000円 → 13,200円" in told and "\n" not in told
    assert "保存" not in told  # neither 「保存していません」 nor 「もう一度「保存」を押して」
    assert [e.amount for e in list_entries(other, year)] == [13_200]  # theirs stays
    other.close()


def test_undoing_an_entry_typed_here_with_nobody_elses_change_takes_it_back(qtbot, open_window, db_path) -> None:
    window, page, year = _typed_here(qtbot, open_window, db_path)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.findChild(QLabel, "ledger_balance").text() == "残高 0円（0件）"
    assert not window.statusBar().currentMessage().startswith("元に戻せませんでした")


def test_redoing_an_entrys_deletion_after_another_pc_corrected_it_is_refused_in_the_status_bar(
        qtbot, open_window, db_path) -> None:
    window, page, year = _typed_here(qtbot, open_window, db_path)
    table = page.findChild(QTableView, "ledger_table")
    table.selectRow(0)
    qtbot.mouseClick(page.findChild(QPushButton, "ledger_delete"), Qt.MouseButton.LeftButton)
    balance = page.findChild(QLabel, "ledger_balance")
    assert balance.text() == "残高 0円（0件）"
    assert _undo(window).startswith("元に戻す 記帳の削除")  # 編集 → 元に戻す: the entry is back
    assert balance.text() == "残高 △12,000円（1件）"
    other = open_database(db_path)  # another PC corrects its 摘要
    theirs = list_entries(other, year)[0]
    update_entry(other, theirs.id, replace(EntryInput(theirs.entry_date, theirs.direction, theirs.category_id,
                                                      theirs.amount, "電気料金（4月）"), version=theirs.version))

    _redo(window)  # 編集 → やり直し
    told = window.statusBar().currentMessage()
    assert told.startswith("やり直せませんでした: この現金出納簿の記録は、この操作の後に") and "・摘要: 電気料金 → 電気料金(4月)" in told
    assert "保存" not in told and "\n" not in told
    assert [e.description for e in list_entries(other, year)] == ["電気料金(4月)"]  # not deleted
    other.close()
