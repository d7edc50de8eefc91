"""A 記帳 saved over another PC's change is refused naming their values as the cash book shows them —
区分 支出/収入 and the 費目's name, never the stored code (expense) or the 費目's number — also when
their last change was putting the entry back (元に戻す of its deletion): then who did it and when,
not 「別の画面またはパソコン」. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import getpass
import re
import socket
from dataclasses import replace
from datetime import date

import pytest

from app.services.accounts import operations as ops
from app.services.accounts.ledger import EntryInput, get_entry, update_entry
from app.services.records import EditConflict

WHO = f"{getpass.getuser()}さん（{socket.gethostname()}）が"  # the change log's actor: the OS user and the PC


def _form(entry, **changes) -> EntryInput:
    """The correction form as it was filled from `entry` (its version), with `changes` typed."""
    inp = EntryInput(entry.entry_date, entry.direction, entry.category_id, entry.amount, entry.description,
                     version=entry.version)
    return replace(inp, **changes)


def _no_codes(message: str) -> None:
    assert "expense" not in message and "income" not in message
    assert not re.search(r"・費目:.*\d", message)  # the 費目's name, not its number


def test_their_change_of_kind_and_category_is_named_in_words(db, book, cats) -> None:
    shown = book(date(2025, 4, 1), "光熱水費", 1_000, description="電気")
    theirs = get_entry(db, shown.id)
    update_entry(db, shown.id, _form(theirs, direction="income", category_id=cats["雑収入"]))  # another PC
    with pytest.raises(EditConflict) as refused:
        update_entry(db, shown.id, _form(shown, amount=1_200))
    message = str(refused.value)
    assert WHO in message
    assert "・区分: 支出 → 収入" in message and "・費目: 光熱水費 → 雑収入" in message
    _no_codes(message)
    assert get_entry(db, shown.id).amount == 1_000  # nothing stored


def test_an_entry_their_pc_put_back_is_named_with_who_when_and_its_values_in_words(db, book, cats) -> None:
    shown = book(date(2025, 4, 1), "光熱水費", 1_000, description="電気")  # the form here reads it
    correction = ops.UpdateEntry(db, get_entry(db, shown.id), _form(shown, category_id=cats["燃料費"], amount=1_500))
    correction.apply()  # on another PC: corrected, deleted, and the deletion undone
    deletion = ops.DeleteEntry(db, get_entry(db, shown.id))
    deletion.apply()
    deletion.revert()
    with pytest.raises(EditConflict) as refused:
        update_entry(db, shown.id, _form(shown, amount=1_200))
    message = str(refused.value)
    assert message.startswith(f"この現金出納簿の記録は、開いた後に{WHO}") and "年" in message  # who and when
    assert "・区分:  → 支出" in message and "・費目:  → 燃料費" in message and "・金額:  → 1,500円" in message
    _no_codes(message)
    assert get_entry(db, shown.id).amount == 1_500  # nothing stored
