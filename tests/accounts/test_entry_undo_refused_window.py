"""管理費: Ctrl+Z of a 記帳 just typed here, after another PC corrected it, is refused in the status bar
(「元に戻せませんでした: …」 with who, when and what on one line, no 「保存」 advice) and the entry stays as
they left it; with nobody else's change the same Ctrl+Z takes it back."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.services.accounts.ledger import EntryInput, list_entries, update_entry
from app.services.fiscal_years import ensure_current_year
from app.storage.database import open_database
from tests.accounts.test_accounts_window import _open_accounts, _type_entry


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
    assert told.startswith("元に戻せませんでした: この現金出納簿の記録は、開いた後に") and "さん（" in told
    assert "・金額: 12,000円 → 13,200円" in told and "\n" not in told
    assert "保存" not in told  # neither 「保存していません」 nor 「もう一度「保存」を押して」
    assert [e.amount for e in list_entries(other, year)] == [13_200]  # theirs stays
    other.close()


def test_undoing_an_entry_typed_here_with_nobody_elses_change_takes_it_back(qtbot, open_window, db_path) -> None:
    window, page, year = _typed_here(qtbot, open_window, db_path)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.findChild(QLabel, "ledger_balance").text() == "残高 0円（0件）"
    assert not window.statusBar().currentMessage().startswith("元に戻せませんでした")
