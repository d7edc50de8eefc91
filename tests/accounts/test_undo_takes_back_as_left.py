"""管理費: 元に戻す of an addition and やり直し of a deletion (記帳, 振替, 口座) take the record away only as
the step left it: when another PC changed it in between, they are refused naming who, when and what,
and nothing changes — while this PC's own steps around them (corrections undone and redone, the
deletion undone and redone) still go through. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import getpass
import socket
from dataclasses import replace
from datetime import date

import pytest

from app.services.accounts import operations as ops
from app.services.accounts.books import AccountInput, list_accounts, update_account
from app.services.accounts.ledger import EntryInput, get_entry, list_entries, update_entry
from app.services.records import EditConflict
from tests.accounts.conftest import FY

WHO = f"{getpass.getuser()}さん（{socket.gethostname()}）が"  # the change log's actor: the OS user and the PC


def _form(entry, **changes) -> EntryInput:
    """A correction form filled from `entry` (its version), with `changes` typed."""
    return replace(EntryInput(entry.entry_date, entry.direction, entry.category_id, entry.amount, entry.description,
                              version=entry.version), **changes)


def _amounts(db) -> dict[str, int]:
    return {e.description: e.amount for e in list_entries(db, FY)}


# --- 記帳 ----------------------------------------------------------------------------------------


def test_undoing_an_entrys_addition_after_another_pc_corrected_it_is_refused_and_it_stays(db, cats) -> None:
    added = ops.AddEntry(db, FY, EntryInput(date(2025, 4, 2), "expense", cats["燃料費"], 2_000, "灯油"))
    added.apply()
    assert added.entry is not None
    theirs = get_entry(db, added.entry.id)  # another PC reads the new entry and corrects it
    update_entry(db, theirs.id, _form(theirs, amount=2_400))
    with pytest.raises(EditConflict) as refused:
        added.revert()
    message = str(refused.value)
    assert message.startswith(f"この現金出納簿の記録は、開いた後に{WHO}") and "年" in message  # who and when
    assert "・金額: 2,000円 → 2,400円" in message
    assert _amounts(db) == {"灯油": 2_400}  # their entry, as they left it


def test_an_entrys_addition_and_correction_undone_and_redone_here_are_not_refused(db, cats) -> None:
    added = ops.AddEntry(db, FY, EntryInput(date(2025, 4, 2), "expense", cats["燃料費"], 2_000, "灯油"))
    added.apply()
    assert added.entry is not None
    correction = ops.UpdateEntry(db, added.entry, _form(added.entry, amount=2_500))
    correction.apply()
    correction.revert()  # 元に戻す ×2: the correction, then the addition
    added.revert()
    assert _amounts(db) == {}
    added.apply()  # やり直し ×2
    correction.apply()
    assert _amounts(db) == {"灯油": 2_500}
    correction.revert()  # and back again
    added.revert()
    assert _amounts(db) == {}


def test_redoing_an_entrys_deletion_after_another_pc_corrected_it_is_refused(db, book) -> None:
    shown = book(date(2025, 4, 1), "光熱水費", 1_000, description="電気")
    deletion = ops.DeleteEntry(db, get_entry(db, shown.id))
    deletion.apply()
    deletion.revert()  # 元に戻す: the entry is back; another PC corrects it
    theirs = get_entry(db, shown.id)
    update_entry(db, shown.id, _form(theirs, description="電気料金"))
    with pytest.raises(EditConflict) as refused:
        deletion.apply()  # やり直し
    message = str(refused.value)
    assert message.startswith(f"この現金出納簿の記録は、開いた後に{WHO}") and "・摘要: 電気 → 電気料金" in message
    assert _amounts(db) == {"電気料金": 1_000}  # nothing deleted


def test_an_entrys_deletion_is_redone_after_this_pcs_own_steps(db, book) -> None:
    shown = book(date(2025, 4, 1), "光熱水費", 1_000, description="電気")
    correction = ops.UpdateEntry(db, shown, _form(shown, amount=1_100))
    correction.apply()
    deletion = ops.DeleteEntry(db, get_entry(db, shown.id))
    deletion.apply()
    deletion.revert()  # 元に戻す ×2, やり直し ×2
    correction.revert()
    correction.apply()
    deletion.apply()  # the entry as the deletion took it: no refusal
    assert _amounts(db) == {}
    deletion.revert()
    deletion.apply()  # delete → undo → redo once more
    assert _amounts(db) == {}
