"""管理費: 元に戻す of an addition and やり直し of a deletion (記帳, 振替, 口座, 費目, 流用) take the record away only as
the step left it: when another PC changed it in between, they are refused naming who, when and what,
and nothing changes — while this PC's own steps around them (corrections undone and redone, the
deletion undone and redone) still go through. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import getpass
import socket
from dataclasses import replace
from datetime import date

import pytest

from app.domain.validation import ValidationError
from app.services.accounts import operations as ops
from app.services.accounts.books import AccountInput, add_account, list_accounts, update_account
from app.services.accounts.budget_moves import list_budget_moves, move_budget, update_budget_move
from app.services.accounts.budgets import save_budget
from app.services.accounts.categories import (
    add_category,
    list_categories,
    rename_category,
    set_category_retired,
)
from app.services.accounts.ledger import EntryInput, get_entry, list_entries, update_entry
from app.services.accounts.transfers import (
    TransferInput,
    add_transfer,
    delete_transfer,
    get_transfer,
    list_transfers,
)
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


# --- 振替 ----------------------------------------------------------------------------------------


def _bank(db) -> tuple[int, int]:
    """The 現金 and a new 預金 of the first 会計."""
    cash = next(a.id for a in list_accounts(db) if a.kind == "cash")
    bank = ops.AddAccount(db, AccountInput("普通預金", "bank", "岩手銀行"))
    bank.apply()
    assert bank.added is not None
    return cash, bank.added.id


def _transfers(db) -> list[tuple[int, str]]:
    return [(t.amount, t.description) for t in list_transfers(db, FY)]


def test_undoing_a_transfers_addition_after_another_pc_replaced_it_is_refused_and_theirs_stays(db) -> None:
    cash, bank = _bank(db)
    added = ops.AddTransfer(db, FY, TransferInput(date(2025, 4, 3), cash, bank, 50_000, "預け入れ"))
    added.apply()
    assert added.added is not None
    # another PC takes it back and enters a different 振替 (SQLite gives it the number just freed)
    delete_transfer(db, added.added.id)
    theirs = add_transfer(db, FY, TransferInput(date(2025, 4, 3), cash, bank, 30_000, "預け入れ（訂正）")).value
    with pytest.raises(ValidationError) as refused:
        added.revert()
    message = str(refused.value)
    if theirs.id == added.added.id:  # under the same id: who and when
        assert message.startswith(f"この振替の記録は、開いた後に{WHO}") and "30,000円" in message
    else:  # PostgreSQL numbers on: ours is gone
        assert "見つかりません" in message
    assert _transfers(db) == [(30_000, "預け入れ(訂正)")]  # theirs, both halves
    assert sorted(e.amount for e in list_entries(db, FY)) == [30_000, 30_000]


def test_a_transfers_own_steps_are_not_refused(db) -> None:
    cash, bank = _bank(db)
    added = ops.AddTransfer(db, FY, TransferInput(date(2025, 4, 3), cash, bank, 50_000, "預け入れ"))
    added.apply()
    added.revert()  # add → undo → redo → undo
    added.apply()
    assert _transfers(db) == [(50_000, "預け入れ")]
    assert added.added is not None
    deletion = ops.DeleteTransfer(db, get_transfer(db, added.added.id))
    deletion.apply()  # delete → undo → redo, twice
    deletion.revert()
    deletion.apply()
    deletion.revert()
    deletion.apply()
    assert _transfers(db) == [] and list_entries(db, FY) == []
    deletion.revert()
    added.added = deletion.record  # (the window's stack: the addition's undo names the 振替 now there)
    assert _transfers(db) == [(50_000, "預け入れ")]


def test_redoing_a_transfers_deletion_after_another_pc_replaced_it_is_refused(db) -> None:
    cash, bank = _bank(db)
    shown = add_transfer(db, FY, TransferInput(date(2025, 4, 3), cash, bank, 50_000, "預け入れ")).value
    deletion = ops.DeleteTransfer(db, shown)
    deletion.apply()
    deletion.revert()  # 元に戻す: back (under a new id); another PC replaces it by a corrected one
    delete_transfer(db, deletion.record.id)
    theirs = add_transfer(db, FY, TransferInput(date(2025, 4, 3), cash, bank, 5_000, "預け入れ")).value
    with pytest.raises(ValidationError) as refused:
        deletion.apply()  # やり直し
    if theirs.id == deletion.record.id:
        assert str(refused.value).startswith(f"この振替の記録は、開いた後に{WHO}")
    assert _transfers(db) == [(5_000, "預け入れ")]


# --- 口座 ----------------------------------------------------------------------------------------


def _names(db) -> list[str]:
    return [a.name for a in list_accounts(db)]


def test_undoing_an_accounts_addition_after_another_pc_changed_it_is_refused_and_it_stays(db) -> None:
    added = ops.AddAccount(db, AccountInput("普通預金", "bank", "岩手銀行"))
    added.apply()
    assert added.added is not None
    theirs = list_accounts(db)[-1]  # another PC corrects the 支店
    update_account(db, theirs.id, AccountInput("普通預金", "bank", "岩手銀行", "一関支店"), version=theirs.version)
    with pytest.raises(EditConflict) as refused:
        added.revert()
    message = str(refused.value)
    assert message.startswith(f"この口座の記録は、開いた後に{WHO}") and "・支店: （空欄） → 一関支店" in message
    assert [(a.name, a.branch) for a in list_accounts(db)][-1] == ("普通預金", "一関支店")


def test_an_accounts_addition_and_change_undone_and_redone_here_are_not_refused(db) -> None:
    before = _names(db)
    added = ops.AddAccount(db, AccountInput("普通預金", "bank", "岩手銀行"))
    added.apply()
    assert added.added is not None
    change = ops.update_account(db, added.added, AccountInput("普通預金", "bank", "岩手銀行", "一関支店"))
    change.apply()
    change.revert()  # 元に戻す ×2
    added.revert()
    assert _names(db) == before
    added.apply()  # やり直し ×2: under the same id, so the change still finds it
    change.apply()
    assert [(a.name, a.branch) for a in list_accounts(db)][-1] == ("普通預金", "一関支店")
    change.revert()
    added.revert()
    assert _names(db) == before


def test_redoing_an_accounts_deletion_after_another_pc_changed_it_is_refused(db) -> None:
    shown = add_account(db, AccountInput("定期預金", "bank", "岩手銀行")).value
    deletion = ops.DeleteAccount(db, shown)
    deletion.apply()
    deletion.revert()  # 元に戻す: back; another PC renames it
    theirs = next(a for a in list_accounts(db) if a.id == shown.id)
    update_account(db, shown.id, AccountInput("定期預金（満期 令和9年）", "bank", "岩手銀行"), version=theirs.version)
    with pytest.raises(EditConflict) as refused:
        deletion.apply()  # やり直し
    assert "・口座名: 定期預金 → 定期預金(満期 令和9年)" in str(refused.value)
    assert "定期預金(満期 令和9年)" in _names(db)


def test_an_accounts_deletion_is_redone_after_this_pcs_own_steps(db) -> None:
    shown = add_account(db, AccountInput("定期預金", "bank", "岩手銀行")).value
    change = ops.update_account(db, shown, AccountInput("定期預金", "bank", "岩手銀行", "一関支店"))
    change.apply()
    deletion = ops.DeleteAccount(db, next(a for a in list_accounts(db) if a.id == shown.id))
    deletion.apply()
    deletion.revert()  # 元に戻す ×2 (the 口座 back under its id), やり直し ×2
    change.revert()
    change.apply()
    deletion.apply()
    assert "定期預金" not in _names(db)
    deletion.revert()
    deletion.apply()
    assert "定期預金" not in _names(db)


# --- 費目 ----------------------------------------------------------------------------------------


def _category(db, name: str):
    return next(c for c in list_categories(db) if c.name == name)


def _category_names(db) -> set[str]:
    return {c.name for c in list_categories(db)}


def test_undoing_a_categorys_addition_after_another_pc_renamed_it_is_refused_and_it_stays(db) -> None:
    added = ops.AddCategory(db, "expense", "防災用品費")
    added.apply()
    theirs = _category(db, "防災用品費")  # another PC renames it
    rename_category(db, theirs.id, "防災備品費", version=theirs.version)
    with pytest.raises(EditConflict) as refused:
        added.revert()
    message = str(refused.value)
    assert message.startswith(f"この費目の記録は、開いた後に{WHO}") and "・費目名: 防災用品費 → 防災備品費" in message
    assert "防災備品費" in _category_names(db)


def test_a_categorys_addition_and_rename_undone_and_redone_here_are_not_refused(db) -> None:
    before = _category_names(db)
    added = ops.AddCategory(db, "expense", "防災用品費")
    added.apply()
    assert added.added is not None
    rename = ops.rename_category(db, added.added, "防災備品費")
    rename.apply()
    rename.revert()  # 元に戻す ×2
    added.revert()
    assert _category_names(db) == before
    added.apply()  # やり直し ×2: back at the version it went with, so the rename finds its own
    rename.apply()
    assert "防災備品費" in _category_names(db)
    rename.revert()
    added.revert()
    assert _category_names(db) == before


def test_redoing_a_categorys_deletion_after_another_pc_changed_it_is_refused(db) -> None:
    shown = add_category(db, "expense", "防災用品費").value
    deletion = ops.DeleteCategory(db, shown)
    deletion.apply()
    deletion.revert()  # 元に戻す; another PC retires it
    theirs = _category(db, "防災用品費")
    set_category_retired(db, theirs.id, True, version=theirs.version)
    with pytest.raises(EditConflict) as refused:
        deletion.apply()  # やり直し
    assert str(refused.value).startswith(f"この費目の記録は、開いた後に{WHO}") and "・廃止:" in str(refused.value)
    assert _category(db, "防災用品費").retired


def test_a_categorys_deletion_is_redone_after_this_pcs_own_steps(db) -> None:
    shown = add_category(db, "expense", "防災用品費").value
    rename = ops.rename_category(db, shown, "防災備品費")
    rename.apply()
    deletion = ops.DeleteCategory(db, _category(db, "防災備品費"))
    deletion.apply()
    deletion.revert()  # 元に戻す ×2, やり直し ×2
    rename.revert()
    rename.apply()
    deletion.apply()
    assert "防災備品費" not in _category_names(db)
    deletion.revert()
    deletion.apply()
    assert "防災備品費" not in _category_names(db)


# --- 流用 ----------------------------------------------------------------------------------------


def _moves(db) -> list[tuple[int, str]]:
    return [(m.amount, m.reason) for m in list_budget_moves(db, FY)]


@pytest.fixture
def budgeted(db, cats) -> tuple[int, int]:
    save_budget(db, FY, {cats["消耗品費"]: 50_000, cats["燃料費"]: 100_000})
    return cats["燃料費"], cats["消耗品費"]


def test_undoing_a_moves_recording_after_another_pc_corrected_it_is_refused_and_it_stays(db, budgeted) -> None:
    added = ops.AddBudgetMove(db, FY, *budgeted, 20_000, "灯油が値下がりしたため")
    added.apply()
    assert added.added is not None
    theirs = list_budget_moves(db, FY)[0]  # another PC corrects the amount
    update_budget_move(db, theirs.id, *budgeted, 25_000, theirs.reason, version=theirs.version)
    with pytest.raises(EditConflict) as refused:
        added.revert()
    message = str(refused.value)
    assert message.startswith(f"この予算の流用の記録は、開いた後に{WHO}") and "・金額: 20,000円 → 25,000円" in message
    assert _moves(db) == [(25_000, "灯油が値下がりしたため")]


def test_a_moves_recording_and_correction_undone_and_redone_here_are_not_refused(db, budgeted) -> None:
    added = ops.AddBudgetMove(db, FY, *budgeted, 20_000, "灯油が値下がりしたため")
    added.apply()
    assert added.added is not None
    correction = ops.correct_budget_move(db, added.added, *budgeted, 30_000, "灯油が値下がりしたため", None)
    correction.apply()
    correction.revert()  # 元に戻す ×2, やり直し ×2, and back again
    added.revert()
    assert _moves(db) == []
    added.apply()
    correction.apply()
    assert _moves(db) == [(30_000, "灯油が値下がりしたため")]
    correction.revert()
    added.revert()
    assert _moves(db) == []


def test_redoing_a_moves_deletion_after_another_pc_corrected_it_is_refused(db, budgeted) -> None:
    shown = move_budget(db, FY, *budgeted, 20_000, "灯油が値下がりしたため").value
    deletion = ops.DeleteBudgetMove(db, shown)
    deletion.apply()
    deletion.revert()  # 元に戻す; another PC corrects the reason
    theirs = list_budget_moves(db, FY)[0]
    update_budget_move(db, theirs.id, *budgeted, 20_000, "暖冬のため", version=theirs.version)
    with pytest.raises(EditConflict) as refused:
        deletion.apply()  # やり直し
    assert "・理由: 灯油が値下がりしたため → 暖冬のため" in str(refused.value)
    assert _moves(db) == [(20_000, "暖冬のため")]


def test_a_moves_deletion_is_redone_after_this_pcs_own_steps(db, budgeted) -> None:
    shown = move_budget(db, FY, *budgeted, 20_000, "灯油が値下がりしたため").value
    correction = ops.correct_budget_move(db, shown, *budgeted, 30_000, "灯油が値下がりしたため", None)
    correction.apply()
    deletion = ops.DeleteBudgetMove(db, list_budget_moves(db, FY)[0])
    deletion.apply()
    deletion.revert()  # 元に戻す ×2, やり直し ×2
    correction.revert()
    correction.apply()
    deletion.apply()
    assert _moves(db) == []
    deletion.revert()
    deletion.apply()
    assert _moves(db) == []
