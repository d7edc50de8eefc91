"""Two PCs correct the same 備品 or 流用: the second save is refused naming who changed what and
when, nothing of theirs is overwritten, and saving again against the version stored now overwrites
on purpose; undo and redo name the version this operation stored (refused when someone else saved
in between). 備品 and 流用 count their saves in `version` from 0020_equipment_move_versions on."""

from __future__ import annotations

import getpass
import socket
from dataclasses import replace
from datetime import date

import pytest

from app.domain.fiscal_year import FiscalYear
from app.services.accounts import operations as ops
from app.services.accounts.budget_moves import list_budget_moves, move_budget, update_budget_move
from app.services.accounts.budgets import save_budget
from app.services.accounts.equipment import EquipmentInfo, list_equipment, save_equipment
from app.services.records import EditConflict

FY = FiscalYear(2025)
WHO = f"{getpass.getuser()}さん（{socket.gethostname()}）が"  # the change log's actor: the OS user and the PC


def _mower(db) -> EquipmentInfo:
    return save_equipment(db, EquipmentInfo(None, None, "草刈機", date(2023, 6, 1), 85_000, "倉庫")).value


def _stored(db, equipment_id: int) -> EquipmentInfo:
    return next(e for e in list_equipment(db) if e.id == equipment_id)


def test_an_equipment_change_over_another_pcs_is_refused_then_overwrites(db) -> None:
    shown = _mower(db)  # the form opens
    save_equipment(db, replace(shown, place="車庫"))  # another PC saves first
    with pytest.raises(EditConflict) as refused:
        save_equipment(db, replace(shown, disposed_on=date(2025, 9, 1)))
    message = str(refused.value)
    assert "この備品の記録は、開いた後に" in message and WHO in message and "保管場所: 倉庫 → 車庫" in message
    assert _stored(db, shown.id).disposed_on is None and _stored(db, shown.id).place == "車庫"
    save_equipment(db, replace(shown, disposed_on=date(2025, 9, 1), version=refused.value.current_version))
    stored = _stored(db, shown.id)
    assert (stored.disposed_on, stored.place) == (date(2025, 9, 1), "倉庫")  # the form's values, on purpose


def test_undoing_an_equipment_change_over_another_pcs_later_change_is_refused(db) -> None:
    shown = _mower(db)
    change = ops.save_equipment(db, shown, replace(shown, amount=90_000))
    change.apply()
    change.revert()
    assert _stored(db, shown.id).amount == 85_000
    change.apply()  # やり直す over its own undo
    later = _stored(db, shown.id)
    save_equipment(db, replace(later, place="車庫"))  # another PC, after this change
    with pytest.raises(EditConflict, match="保管場所: 倉庫 → 車庫"):
        change.revert()
    assert (_stored(db, shown.id).amount, _stored(db, shown.id).place) == (90_000, "車庫")


def test_adding_and_deleting_equipment_still_undo(db) -> None:
    added = ops.save_equipment(db, None, EquipmentInfo(None, None, "長机", None, 30_000))
    added.apply()
    added.revert()
    assert list_equipment(db) == []
    added.apply()  # back under the same id
    item = list_equipment(db)[0]
    delete = ops.delete_equipment(db, item)
    delete.apply()
    delete.revert()
    assert [(e.id, e.name) for e in list_equipment(db)] == [(item.id, "長机")]


@pytest.fixture
def move(db):
    from app.services.accounts.categories import list_categories

    cats = {c.name: c.id for c in list_categories(db)}
    save_budget(db, FY, {cats["消耗品費"]: 50_000, cats["燃料費"]: 100_000})
    return move_budget(db, FY, cats["燃料費"], cats["消耗品費"], 20_000, "灯油が値下がりしたため").value


def _move(db, move_id: int):
    return next(m for m in list_budget_moves(db, FY) if m.id == move_id)


def _correct(db, shown, **changes):
    typed = {"amount": shown.amount, "reason": shown.reason, "on_date": shown.on_date, **changes}
    return update_budget_move(db, shown.id, shown.from_category_id, shown.to_category_id, typed["amount"],
                              typed["reason"], on_date=typed["on_date"], version=changes.get("version", shown.version))


def test_a_move_correction_over_another_pcs_is_refused_then_overwrites(db, move) -> None:
    _correct(db, move, amount=25_000)  # another PC
    with pytest.raises(EditConflict) as refused:
        _correct(db, move, reason="灯油の単価が下がったため")
    message = str(refused.value)
    assert "この予算の流用の記録は、開いた後に" in message and WHO in message and "金額: 20,000円 → 25,000円" in message
    assert (_move(db, move.id).amount, _move(db, move.id).reason) == (25_000, "灯油が値下がりしたため")
    _correct(db, move, reason="灯油の単価が下がったため", version=refused.value.current_version)
    assert (_move(db, move.id).amount, _move(db, move.id).reason) == (20_000, "灯油の単価が下がったため")


def test_undoing_a_move_correction_over_another_pcs_later_change_is_refused(db, move) -> None:
    correction = ops.correct_budget_move(db, move, move.from_category_id, move.to_category_id, 30_000,
                                         move.reason, date(2025, 10, 1))
    correction.apply()
    correction.revert()
    assert (_move(db, move.id).amount, _move(db, move.id).on_date) == (20_000, None)
    correction.apply()
    later = _move(db, move.id)
    _correct(db, later, reason="冬の灯油を見直したため")  # another PC
    with pytest.raises(EditConflict, match="理由"):
        correction.revert()
    assert (_move(db, move.id).amount, _move(db, move.id).reason) == (30_000, "冬の灯油を見直したため")


def test_a_move_put_back_by_undo_keeps_its_version_for_the_corrections_around_it(db, move) -> None:
    """流用 added, corrected, both undone and redone: the move comes back at the version it had, so
    the correction's redo (which names the version it stored) finds its own save, not a conflict."""
    cats = (move.from_category_id, move.to_category_id)
    added = ops.AddBudgetMove(db, FY, *cats, 10_000, "電気料金の値上がり")
    added.apply()
    assert added.added is not None
    correction = ops.correct_budget_move(db, added.added, *cats, 15_000, "電気料金の値上がり", None)
    correction.apply()
    correction.revert()
    added.revert()
    assert [m.id for m in list_budget_moves(db, FY)] == [move.id]
    added.apply()
    correction.apply()
    assert _move(db, added.added.id).amount == 15_000
    deleted = ops.DeleteBudgetMove(db, _move(db, added.added.id))
    deleted.apply()
    deleted.revert()
    correction.revert()  # the undo of the correction, over the move put back by the undo of its deletion
    assert _move(db, added.added.id).amount == 10_000


def test_equipment_put_back_by_undo_keeps_its_version_for_an_earlier_changes_undo(db) -> None:
    shown = _mower(db)
    change = ops.save_equipment(db, shown, replace(shown, place="車庫"))
    change.apply()
    delete = ops.delete_equipment(db, _stored(db, shown.id))
    delete.apply()
    delete.revert()  # 元に戻す: the 備品 again
    change.revert()  # 元に戻す: the change before it
    assert _stored(db, shown.id).place == "倉庫"


def test_redoing_an_equipments_deletion_after_another_pc_changed_it_is_refused(db) -> None:
    mower = save_equipment(db, EquipmentInfo(None, None, "草刈機", date(2023, 6, 1), 85_000, "倉庫")).value
    deletion = ops.delete_equipment(db, mower)
    deletion.apply()
    deletion.revert()
    theirs = next(e for e in list_equipment(db) if e.id == mower.id)
    save_equipment(db, replace(theirs, amount=90_000))  # another PC
    with pytest.raises(EditConflict) as refused:
        deletion.apply()
    message = str(refused.value)
    assert message.startswith(f"この備品の記録は、開いた後に{WHO}") and "・金額: 85,000円 → 90,000円" in message
    assert [e.amount for e in list_equipment(db) if e.id == mower.id] == [90_000]


def test_undoing_an_equipments_addition_after_another_pc_changed_it_is_refused(db) -> None:
    added = ops.save_equipment(db, None, EquipmentInfo(None, None, "草刈機", date(2023, 6, 1), 85_000, "倉庫"))
    added.apply()
    assert added.stored is not None
    save_equipment(db, replace(added.stored, place="車庫"))  # another PC
    with pytest.raises(EditConflict, match="・保管場所: 倉庫 → 車庫"):
        added.revert()
    assert [e.place for e in list_equipment(db)] == ["車庫"]
