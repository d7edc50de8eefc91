"""Undoable edits of the 管理費 section (see app.services.undo): each is a pair of service calls by id."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_text
from app.services.accounts import (
    books,
    budget_moves,
    budgets,
    categories,
    equipment,
    ledger,
    reconciliation,
    settlement_notes,
    transfers,
)
from app.services.accounts.books import AccountInfo, AccountInput, BookInfo
from app.services.accounts.budgets import BudgetInfo
from app.services.accounts.categories import CategoryInfo
from app.services.accounts.ledger import Entry, EntryInput
from app.services.changes import Changes, Result
from app.services.undo import DeleteRecord, SaveRecord, Step, VersionedEdit
from app.storage.database import Database


@dataclass
class AddEntry:
    """The first apply numbers the entry; a redo puts it back with the same id and 証憑番号."""

    db: Database
    year: FiscalYear
    inp: EntryInput
    entry: Entry | None = None

    @property
    def label(self) -> str:
        return f"記帳（証憑番号 {self.entry.voucher_no}）" if self.entry else "記帳"

    def apply(self) -> Changes:
        if self.entry is None:
            added = ledger.add_entry(self.db, self.year, self.inp)
        else:  # a redo: the same id and 証憑番号, and what the next undo compares with
            added = ledger.restore_entry(self.db, self.entry)
        self.entry = added.value
        return added.changes

    def revert(self) -> Changes:
        """Refused, nothing changed, when another PC or window changed the entry since (who, when, what)."""
        assert self.entry is not None
        return ledger.delete_entry(self.db, self.entry.id, expected=self.entry).changes


@dataclass
class UpdateEntry:
    """A correction typed over `before` (the entry as the form showed it, with its version); undo
    and redo name the version this operation stored last, so they are refused (EditConflict) only
    when someone else saved the entry in between."""

    db: Database
    before: Entry
    after: EntryInput
    stored: Entry | None = None

    @property
    def label(self) -> str:
        return f"記帳の修正（証憑番号 {self.before.voucher_no}）"

    def _save(self, inp: EntryInput) -> Changes:
        if self.stored is not None:
            inp = replace(inp, version=self.stored.version)
        result = ledger.update_entry(self.db, self.before.id, inp)
        self.stored = result.value
        return result.changes

    def apply(self) -> Changes:
        return self._save(self.after)

    def revert(self) -> Changes:
        return self._save(self.before.as_input(FiscalYear(self.before.year)))


class DeleteEntry(DeleteRecord[Entry]):
    """A 記帳 deleted; undo puts it back with its id and 証憑番号; a redo deletes it again only as the
    undo put it back (refused, who changed what and when, when another PC changed it in between)."""

    def __init__(self, db: Database, entry: Entry):
        super().__init__(f"記帳の削除（証憑番号 {entry.voucher_no}）", entry, lambda e: ledger.restore_entry(db, e),
                         lambda entry_id, as_left: ledger.delete_entry(db, entry_id, expected=as_left).changes)


@dataclass
class SaveBudget:
    """Save version `after.number` (amounts as typed; stored as the services cleaned them) over
    `before`, the version as the form showed it (None: a new version) — refused (EditConflict)
    when another PC saved or made it since. Undo puts back the version as it was, or removes it
    when the save created it; undo and redo are refused only when someone else saved in between."""

    db: Database
    year: FiscalYear
    before: BudgetInfo | None
    after: BudgetInfo
    stored: BudgetInfo | None = None  # what this operation stored last (None: nothing, or removed)

    @property
    def label(self) -> str:
        return f"{self.after.label}の保存"

    def _save(self, info: BudgetInfo, shown: BudgetInfo | None) -> Changes:
        saved = budgets.save_budget(self.db, self.year, info.amounts, number=info.number,
                                    adopted_on=info.adopted_on, note=info.note, notes=info.notes,
                                    book_id=info.book_id or None, shown=shown)
        self.stored = saved.value
        return saved.changes

    def apply(self) -> Changes:
        return self._save(self.after, self.stored if self.stored is not None else self.before)

    def revert(self) -> Changes:
        if self.before is None:
            removed = budgets.delete_budget_version(self.db, self.year, self.after.number,
                                                    book_id=self.after.book_id or None)
            self.stored = None
            return removed.changes
        return self._save(self.before, self.stored)


@dataclass
class AddCategory:
    db: Database
    kind: str
    name: str
    added: CategoryInfo | None = None
    book_id: int | None = None  # the 会計 (None: the first)
    parent_id: int | None = None  # the 款・項 it goes under (None: a 款, or a 目 under the first 款)
    heading: bool = False  # a 款 or 項

    @property
    def label(self) -> str:
        level = self.added.level_label if self.added else ("款・項" if self.heading else "費目")
        return f"{level}「{self.name}」の追加"

    def apply(self) -> Changes:
        if self.added is None:
            result = categories.add_category(self.db, self.kind, self.name, book_id=self.book_id,
                                             parent_id=self.parent_id, heading=self.heading)
            self.added = result.value
            return result.changes
        return categories.restore_category(self.db, self.added).changes  # the same id again

    def revert(self) -> Changes:
        """Refused, nothing changed, when another PC or window changed the 費目 since."""
        assert self.added is not None
        return categories.delete_category(self.db, self.added.id, expected=self.added).changes


class DeleteCategory(DeleteRecord[CategoryInfo]):
    """A 費目 nothing uses goes; undo puts it back under its id; a redo deletes it again only as the
    undo put it back (refused, who changed what and when, when another PC changed it between)."""

    def __init__(self, db: Database, category: CategoryInfo):
        super().__init__(f"費目「{category.name}」の削除", category, lambda c: categories.restore_category(db, c),
                         lambda category_id, as_left: categories.delete_category(db, category_id,
                                                                                 expected=as_left).changes)


@dataclass
class RenameCategory:
    """A new name over `category` as the form showed it (its version): refused (EditConflict) when
    another PC saved the 費目 since; undo and redo name the version this operation stored last."""

    db: Database
    category: CategoryInfo
    name: str
    stored: int | None = None  # the version this operation stored last

    @property
    def label(self) -> str:
        return f"費目名の変更（{self.category.name}）"

    def _rename(self, name: str) -> Changes:
        version = self.stored if self.stored is not None else self.category.version
        result = categories.rename_category(self.db, self.category.id, name, version=version)
        self.stored = result.value.version
        return result.changes

    def apply(self) -> Changes:
        return self._rename(self.name)

    def revert(self) -> Changes:
        return self._rename(self.category.name)


def rename_category(db: Database, category: CategoryInfo, name: str) -> RenameCategory:
    return RenameCategory(db, category, name)


def set_category_parent(db: Database, category: CategoryInfo, parent_id: int | None,
                        parent_name: str) -> VersionedEdit[CategoryInfo]:
    """Put a 費目 (with what is under it) under another 款・項; undo puts it back where it was."""
    return VersionedEdit(
        f"「{category.name}」を「{parent_name}」の下へ移動", category.version,
        lambda version: categories.set_category_parent(db, category.id, parent_id, version=version),
        lambda version: categories.set_category_parent(db, category.id, category.parent_id, version=version))


@dataclass
class AddBudgetMove:
    """One 流用 or 予備費充用; undo deletes it, redo records it again under the same id."""

    db: Database
    year: FiscalYear
    from_category_id: int
    to_category_id: int
    amount: object
    reason: str
    on_date: date | None = None
    added: budget_moves.BudgetMoveInfo | None = None

    @property
    def label(self) -> str:
        return f"{self.added.kind}（{self.added.from_name} → {self.added.to_name}）" if self.added else "流用"

    def apply(self) -> Changes:
        result = budget_moves.move_budget(self.db, self.year, self.from_category_id, self.to_category_id,
                                          self.amount, self.reason, on_date=self.on_date,
                                          move_id=self.added.id if self.added else None,  # a redo: the same id
                                          version=self.added.version if self.added else None)  # and version
        self.added = result.value
        return result.changes

    def revert(self) -> Changes:
        """Refused, nothing changed, when another PC or window changed the 流用 since."""
        assert self.added is not None
        removed = budget_moves.delete_budget_move(self.db, self.added.id, expected=self.added)
        self.added = removed.value  # as it went: a redo puts it back at that version
        return removed.changes


def correct_budget_move(db: Database, move: budget_moves.BudgetMoveInfo, from_category_id: int, to_category_id: int,
                        amount: object, reason: str, on_date: date | None) -> VersionedEdit[budget_moves.BudgetMoveInfo]:
    """A recorded 流用 corrected in place over `move` as the form showed it (its version): refused
    when another PC saved it since; undo puts its old 目, amount, reason and date back, refused when
    someone else saved it after this correction."""
    return VersionedEdit(
        f"{move.kind}の修正（{move.from_name} → {move.to_name}）", move.version,
        lambda version: budget_moves.update_budget_move(db, move.id, from_category_id, to_category_id, amount,
                                                        reason, on_date=on_date, version=version),
        lambda version: budget_moves.update_budget_move(db, move.id, move.from_category_id, move.to_category_id,
                                                        move.amount, move.reason, on_date=move.on_date,
                                                        version=version))


def _put_back_move(db: Database, m: budget_moves.BudgetMoveInfo) -> Result[budget_moves.BudgetMoveInfo]:
    """A 流用 recorded again under its id, counting on from the version it went with (records.put_back_at)."""
    return budget_moves.move_budget(db, FiscalYear(m.year), m.from_category_id, m.to_category_id, m.amount, m.reason,
                                    on_date=m.on_date, move_id=m.id, version=m.version)


class DeleteBudgetMove(DeleteRecord[budget_moves.BudgetMoveInfo]):
    """A 流用 taken back; undo records it again as it was; a redo takes it back again only as the undo
    put it back (refused, who changed what and when, when another PC corrected it between)."""

    def __init__(self, db: Database, move: budget_moves.BudgetMoveInfo):
        super().__init__(f"{move.kind}の削除（{move.from_name} → {move.to_name}）", move,
                         lambda m: _put_back_move(db, m),
                         lambda move_id, as_left: budget_moves.delete_budget_move(db, move_id,
                                                                                  expected=as_left).changes)


def move_category(db: Database, category: CategoryInfo, offset: int) -> Step:
    return Step(f"費目「{category.name}」の並べ替え",
                lambda: categories.move_category(db, category.id, offset),
                lambda: categories.move_category(db, category.id, -offset))


def retire_category(db: Database, category: CategoryInfo, retired: bool) -> VersionedEdit[CategoryInfo]:
    return VersionedEdit(
        f"費目「{category.name}」の{'廃止' if retired else '再開'}", category.version,
        lambda version: categories.set_category_retired(db, category.id, retired, version=version),
        lambda version: categories.set_category_retired(db, category.id, category.retired, version=version))


@dataclass
class AddTransfer:
    """One 振替 (both halves); a redo puts it back with the same ids and 証憑番号."""

    db: Database
    year: FiscalYear
    inp: transfers.TransferInput
    added: transfers.TransferInfo | None = None

    @property
    def label(self) -> str:
        return f"振替（{self.added.label}）" if self.added else "振替"

    def apply(self) -> Changes:
        if self.added is None:
            result = transfers.add_transfer(self.db, self.year, self.inp)
        else:  # the same 証憑番号; the record comes back under a new id, which the undo must name
            result = transfers.restore_transfer(self.db, self.added)
        self.added = result.value
        return result.changes

    def revert(self) -> Changes:
        """Refused, nothing changed, when the 振替 under its id is not the one this step left."""
        assert self.added is not None
        return transfers.delete_transfer(self.db, self.added.id, expected=self.added).changes


class DeleteTransfer(DeleteRecord[transfers.TransferInfo]):
    """Both halves of a 振替 go, and come back together (under a new id, which the next redo deletes
    — only as the undo put it back)."""

    def __init__(self, db: Database, transfer: transfers.TransferInfo):
        super().__init__(f"振替の削除（{transfer.label}）", transfer, lambda t: transfers.restore_transfer(db, t),
                         lambda transfer_id, as_left: transfers.delete_transfer(db, transfer_id,
                                                                                expected=as_left).changes)


def _account_input(info: AccountInfo) -> AccountInput:
    return AccountInput(info.name, info.kind, info.bank_name, info.branch, info.account_type, info.number,
                        info.purpose, info.target_year)


@dataclass
class AddAccount:
    """A new 口座 (with its opening balance); undo takes both back — refused, nothing changed, when
    another PC or window changed the 口座 since — and redo adds it again under the same id."""

    db: Database
    inp: AccountInput
    book_id: int | None = None
    opening: object = None
    year: FiscalYear | None = None
    added: AccountInfo | None = None

    @property
    def label(self) -> str:
        return f"口座「{self.added.name if self.added else self.inp.name}」の追加"

    def apply(self) -> Changes:
        added = self.added  # a redo: under its id, so that the steps after it still name it
        result = books.add_account(self.db, self.inp, book_id=self.book_id, opening=self.opening, year=self.year,
                                   account_id=added.id if added else None, version=added.version if added else None)
        self.added = result.value
        return result.changes

    def revert(self) -> Changes:
        assert self.added is not None
        return books.delete_account(self.db, self.added.id, with_opening=True, expected=self.added).changes


def _put_back_account(db: Database, account: AccountInfo) -> Result[AccountInfo]:
    return books.add_account(db, _account_input(account), book_id=account.book_id, account_id=account.id,
                             version=account.version)


class DeleteAccount(DeleteRecord[AccountInfo]):
    """A 口座 without entries goes; undo adds it again under its id; a redo deletes it again only as
    the undo put it back (refused, who changed what and when, when another PC changed it between)."""

    def __init__(self, db: Database, account: AccountInfo):
        super().__init__(f"口座「{account.name}」の削除", account, lambda a: _put_back_account(db, a),
                         lambda account_id, as_left: books.delete_account(db, account_id, expected=as_left).changes)


def update_account(db: Database, account: AccountInfo, inp: AccountInput) -> VersionedEdit[AccountInfo]:
    """`account` as the form showed it (its version): refused when another PC saved the 口座 since;
    undo puts its old values back, refused when someone else saved it after this change."""
    return VersionedEdit(f"口座「{account.name}」の変更", account.version,
                         lambda version: books.update_account(db, account.id, inp, version=version),
                         lambda version: books.update_account(db, account.id, _account_input(account),
                                                              version=version))


@dataclass
class AddBook:
    """A new 会計 (its 款, 前年度繰越金 and 現金); undo removes it while nothing is booked in it."""

    db: Database
    name: str
    funded_by_city: bool = False
    added: BookInfo | None = None

    @property
    def label(self) -> str:
        return f"会計「{self.added.name if self.added else self.name}」の追加"

    def apply(self) -> Changes:
        result = books.add_book(self.db, self.name, funded_by_city=self.funded_by_city)
        self.added = result.value
        return result.changes

    def revert(self) -> Changes:
        assert self.added is not None
        return books.delete_book(self.db, self.added.id).changes


def rename_book(db: Database, book: BookInfo, name: str) -> VersionedEdit[BookInfo]:
    """`book` as the form showed it (its version): refused when another PC saved the 会計 since;
    undo puts the old name back, refused when someone else saved it after this change."""
    return VersionedEdit(f"会計名の変更（{book.name}）", book.version,
                         lambda version: books.rename_book(db, book.id, name, version=version),
                         lambda version: books.rename_book(db, book.id, book.name, version=version))


def set_funded_book(db: Database, book: BookInfo, previous: BookInfo) -> Step:
    """Make `book` the 提出対象 (the 会計 the city funds); undo gives it back to `previous` — each
    refused (who changed it and when) when another PC or window made another 会計 the 提出対象 since."""
    return Step(f"提出対象を「{book.name}」に変更",
                lambda: books.set_funded_book(db, book.id, expected=previous.id).changes,
                lambda: books.set_funded_book(db, previous.id, expected=book.id).changes)


def save_equipment(db: Database, before: equipment.EquipmentInfo | None,
                   after: equipment.EquipmentInfo) -> SaveRecord[equipment.EquipmentInfo]:
    """A 備品 added (before None) or changed; undo takes the addition back or restores the old values."""
    verb = "追加" if before is None else "変更"
    return SaveRecord(f"備品「{normalize_text(after.name)}」の{verb}", before, after,
                      lambda info: equipment.save_equipment(db, info),
                      lambda equipment_id, as_left: equipment.delete_equipment(db, equipment_id, expected=as_left))


def delete_equipment(db: Database, item: equipment.EquipmentInfo) -> DeleteRecord[equipment.EquipmentInfo]:
    return DeleteRecord(f"備品「{item.name}」の削除", item, lambda info: equipment.save_equipment(db, info),
                        lambda equipment_id, as_left: equipment.delete_equipment(db, equipment_id, expected=as_left))


def save_settlement_note(db: Database, year: FiscalYear, category: tuple[int, str], before: str, after: str) -> Step:
    """The 決算の備考 of a 目 (`category`: id and name) typed over `before`, the 備考 the table showed;
    undo puts `before` back (each refused when another PC changed the 備考 in between)."""
    save = settlement_notes.save_settlement_note
    category_id, name = category
    return Step(f"決算の備考（{name}）",
                lambda: save(db, year, category_id, after, shown=before).changes,
                lambda: save(db, year, category_id, before, shown=after).changes)


@dataclass
class RecordPassbookBalance:
    """A passbook balance recorded for a 預金 (通帳との照合); undo deletes the record, redo records it again."""

    db: Database
    year: FiscalYear
    account_id: int
    on_date: date | None
    balance: object
    recorded: reconciliation.Reconciliation | None = None

    @property
    def label(self) -> str:
        r = self.recorded
        return f"通帳との照合（{r.account_name} {r.on_date:%Y/%m/%d}）" if r else "通帳との照合"

    def apply(self) -> Changes:
        result = reconciliation.record_passbook_balance(self.db, self.year, self.account_id, self.on_date,
                                                        self.balance)
        self.recorded = result.value
        return result.changes

    def revert(self) -> Changes:
        assert self.recorded is not None
        return reconciliation.delete_passbook_check(self.db, self.recorded.id).changes
