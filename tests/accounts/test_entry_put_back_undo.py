"""A 記帳 put back by 元に戻す (the undo of its deletion) keeps counting from the version it had, so
the undo and redo steps around it still find their own saves instead of a 'changed by someone else'."""

from __future__ import annotations

from datetime import date

from app.services.accounts import operations as ops
from app.services.accounts.ledger import EntryInput, get_entry
from tests.accounts.conftest import FY


def test_undoing_a_correction_after_undoing_the_entrys_deletion(db, book, cats) -> None:
    shown = book(date(2025, 4, 1), "光熱水費", 1_000)
    correction = ops.UpdateEntry(db, shown, EntryInput(date(2025, 4, 1), "expense", cats["光熱水費"], 1_200, "電気"))
    correction.apply()
    deletion = ops.DeleteEntry(db, get_entry(db, shown.id))
    deletion.apply()
    deletion.revert()  # 元に戻す: the entry is back
    correction.revert()  # 元に戻す: the correction before it
    assert get_entry(db, shown.id).amount == 1_000
    correction.apply()  # やり直す
    assert get_entry(db, shown.id).amount == 1_200


def test_redoing_a_correction_after_its_entrys_addition_was_undone_and_redone(db, cats) -> None:
    added = ops.AddEntry(db, FY, EntryInput(date(2025, 4, 2), "expense", cats["燃料費"], 2_000, "灯油"))
    added.apply()
    assert added.entry is not None
    correction = ops.UpdateEntry(db, added.entry, EntryInput(date(2025, 4, 2), "expense", cats["燃料費"], 2_500, "灯油"))
    correction.apply()
    correction.revert()
    added.revert()
    added.apply()  # やり直す: the entry again
    correction.apply()  # やり直す: its correction
    assert get_entry(db, added.entry.id).amount == 2_500
