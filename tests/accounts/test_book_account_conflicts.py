"""Two PCs change the same 会計 or 口座: the second save is refused naming who changed what and when,
nothing of theirs is overwritten, and saving again against the version stored now overwrites on
purpose. Undo and redo name the version this operation stored, so they are refused (not silently
putting old values back) when someone else saved the 会計 or 口座 in between."""

from __future__ import annotations

import getpass
import socket
from dataclasses import replace

import pytest

from app.services.accounts import operations as ops
from app.services.accounts.books import (
    AccountInput,
    add_account,
    list_accounts,
    list_books,
    rename_book,
    update_account,
)
from app.services.history import EMPTY_TEXT
from app.services.records import EditConflict

WHO = f"{getpass.getuser()}さん（{socket.gethostname()}）が"  # the change log's actor: the OS user and the PC


def _input(account, **changes) -> AccountInput:
    typed = AccountInput(account.name, account.kind, account.bank_name, account.branch, account.account_type,
                         account.number, account.purpose, account.target_year)
    return replace(typed, **changes)


def _bank(db):
    added = add_account(db, AccountInput("普通預金", "bank", "ゆうちょ銀行", "八四八支店", "普通", "1234567"))
    return added.value


def _account(db, account_id: int):
    return next(a for a in list_accounts(db, all_books=True) if a.id == account_id)


def test_a_book_rename_over_another_pcs_rename_is_refused_then_overwrites(db) -> None:
    shown = list_books(db)[0]  # the form opens
    rename_book(db, shown.id, "本部会計", version=shown.version)  # another PC saves first
    with pytest.raises(EditConflict) as refused:
        rename_book(db, shown.id, "地区会計", version=shown.version)
    message = str(refused.value)
    assert "この会計の記録は、開いた後に" in message and WHO in message
    assert "会計名: 一般会計 → 本部会計" in message  # their version
    assert list_books(db)[0].name == "本部会計"  # nothing of theirs overwritten
    rename_book(db, shown.id, "地区会計", version=refused.value.current_version)  # on purpose
    assert list_books(db)[0].name == "地区会計"


def test_an_account_change_over_another_pcs_change_is_refused_then_overwrites(db) -> None:
    shown = _bank(db)
    update_account(db, shown.id, _input(shown, branch="一関支店"), version=shown.version)  # another PC
    with pytest.raises(EditConflict) as refused:
        update_account(db, shown.id, _input(shown, number="7654321"), version=shown.version)
    message = str(refused.value)
    assert "この口座の記録は、開いた後に" in message and WHO in message and "支店: 八四八支店 → 一関支店" in message
    assert _account(db, shown.id).number == "1234567" and _account(db, shown.id).branch == "一関支店"
    update_account(db, shown.id, _input(shown, number="7654321"), version=refused.value.current_version)
    stored = _account(db, shown.id)
    assert (stored.number, stored.branch) == ("7654321", "八四八支店")  # the form's values, as typed


def test_book_rename_undo_and_redo_follow_their_own_version(db) -> None:
    book = list_books(db)[0]
    rename = ops.rename_book(db, book, "本部会計")
    rename.apply()
    rename.revert()
    assert list_books(db)[0].name == "一般会計"
    rename.apply()  # a redo over its own undo
    assert list_books(db)[0].name == "本部会計"
    current = list_books(db)[0]
    rename_book(db, book.id, "センター会計", version=current.version)  # another PC renames after it
    with pytest.raises(EditConflict, match="会計名: 本部会計 → センター会計"):
        rename.revert()
    assert list_books(db)[0].name == "センター会計"  # the undo did not put the old name back over theirs


def test_account_change_undo_is_refused_after_another_pcs_change(db) -> None:
    shown = _bank(db)
    change = ops.update_account(db, shown, _input(shown, name="ゆうちょ普通預金"))
    change.apply()
    change.revert()
    assert _account(db, shown.id).name == "普通預金"
    change.apply()
    assert _account(db, shown.id).name == "ゆうちょ普通預金"
    current = _account(db, shown.id)
    update_account(db, shown.id, _input(current, purpose="会費の受け入れ"), version=current.version)
    with pytest.raises(EditConflict) as refused:
        change.revert()
    assert WHO in str(refused.value) and f"目的: {EMPTY_TEXT} → 会費の受け入れ" in str(refused.value)
    assert _account(db, shown.id).name == "ゆうちょ普通預金" and _account(db, shown.id).purpose == "会費の受け入れ"


def test_a_form_opened_before_another_pcs_change_is_refused_as_an_operation(db) -> None:
    """The window's path: the operation built from the form's record is refused the first time and
    records nothing; built again with the version stored now, it overwrites."""
    shown = _bank(db)
    update_account(db, shown.id, _input(shown, branch="一関支店"), version=shown.version)
    with pytest.raises(EditConflict) as refused:
        ops.update_account(db, shown, _input(shown, number="7654321")).apply()
    again = ops.update_account(db, replace(shown, version=refused.value.current_version), _input(shown, number="7654321"))
    again.apply()
    assert _account(db, shown.id).number == "7654321"


def test_undoing_the_funded_book_over_another_pcs_choice_is_refused(db) -> None:
    from app.services.accounts.books import add_book, set_funded_book, submission_book

    general = list_books(db)[0]
    centre = add_book(db, "指定管理").value
    fund = add_book(db, "積立金").value
    step = ops.set_funded_book(db, centre, general)
    step.apply()
    step.revert()
    assert submission_book(db).id == general.id
    step.apply()  # やり直す
    set_funded_book(db, fund.id, expected=centre.id)  # another PC makes another 会計 the 提出対象
    with pytest.raises(EditConflict) as refused:
        step.revert()
    assert WHO in str(refused.value) and "・提出対象: 指定管理 → 積立金" in str(refused.value)
    assert submission_book(db).id == fund.id  # theirs stays
