"""Undoable edits of the 管理費 section: each command calls the services by id."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.services.accounts import budgets, ledger
from app.services.accounts.budgets import BudgetInfo
from app.services.accounts.ledger import Entry, EntryInput
from app.services.office import Database

Notify = Callable[[str | None], None]  # called after each redo/undo with an error message or None


class _ServiceCommand(QUndoCommand):
    """The first redo happens before push (so that a refused edit never enters the stack);
    later redo/undo call the services again and report a refusal (e.g. the year was closed)."""

    def __init__(self, text: str, db: Database, notify: Notify):
        super().__init__(text)
        self.db, self.notify = db, notify
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            self.notify(None)
            return
        self._run(self.apply)

    def undo(self) -> None:
        self._run(self.revert)

    def _run(self, action: Callable[[], None]) -> None:
        try:
            action()
        except ValidationError as exc:
            self.notify(str(exc))
            return
        self.notify(None)

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class AddEntryCommand(_ServiceCommand):
    def __init__(self, db: Database, entry: Entry, notify: Notify):
        super().__init__(f"記帳（証憑番号 {entry.voucher_no}）", db, notify)
        self.entry = entry

    def apply(self) -> None:
        ledger.restore_entry(self.db, self.entry)  # same id and 証憑番号 as the first time

    def revert(self) -> None:
        ledger.delete_entry(self.db, self.entry.id)


class UpdateEntryCommand(_ServiceCommand):
    def __init__(self, db: Database, before: Entry, after: EntryInput, notify: Notify):
        super().__init__(f"記帳の修正（証憑番号 {before.voucher_no}）", db, notify)
        self.before, self.after = before, after

    def apply(self) -> None:
        ledger.update_entry(self.db, self.before.id, self.after)

    def revert(self) -> None:
        ledger.update_entry(self.db, self.before.id, self.before.as_input(FiscalYear(self.before.year)))


class DeleteEntryCommand(_ServiceCommand):
    def __init__(self, db: Database, entry: Entry, notify: Notify):
        super().__init__(f"記帳の削除（証憑番号 {entry.voucher_no}）", db, notify)
        self.entry = entry

    def apply(self) -> None:
        ledger.delete_entry(self.db, self.entry.id)

    def revert(self) -> None:
        ledger.restore_entry(self.db, self.entry)


class SaveBudgetCommand(_ServiceCommand):
    """Undo puts back the version as it was, or removes it when the save created it."""

    def __init__(self, db: Database, year: FiscalYear, before: BudgetInfo | None, after: BudgetInfo, notify: Notify):
        super().__init__(f"{after.label}の保存", db, notify)
        self.year, self.before, self.after = year, before, after

    def _save(self, info: BudgetInfo) -> None:
        budgets.save_budget(self.db, self.year, info.amounts, number=info.number, adopted_on=info.adopted_on,
                            note=info.note, notes=info.notes)

    def apply(self) -> None:
        self._save(self.after)

    def revert(self) -> None:
        if self.before is None:
            budgets.delete_budget_version(self.db, self.year, self.after.number)
        else:
            self._save(self.before)


class CategoryCommand(_ServiceCommand):
    """A category edit given as a pair of functions (do, undo) over the services."""

    def __init__(self, text: str, db: Database, do: Callable[[], object], undo: Callable[[], object], notify: Notify):
        super().__init__(text, db, notify)
        self._do, self._undo = do, undo

    def apply(self) -> None:
        self._do()

    def revert(self) -> None:
        self._undo()

