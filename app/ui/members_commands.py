"""Undo for the 名簿: every add, edit and 退会 is a command that calls the services by id."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtGui import QUndoCommand


class SaveRecordCommand(QUndoCommand):
    """Store `after`; undo stores `before` again, or — for a record that was added — removes it.

    `save(record) -> record` returns the stored record (with its id); `remove(id)` takes back an add.
    `changed()` tells the page to reload its lists.
    """

    def __init__(
        self,
        text: str,
        before: Any | None,
        after: Any,
        save: Callable[[Any], Any],
        remove: Callable[[int], None],
        changed: Callable[[], None],
    ):
        super().__init__(text)
        self._before, self._after = before, after
        self._save, self._remove, self._changed = save, remove, changed
        self.stored: Any | None = None

    def redo(self) -> None:
        # The first redo of an add assigns the id; later redos re-create the record under that id.
        target = self._after if self.stored is None else replace(self._after, id=self.stored.id)
        self.stored = self._save(target)
        self._changed()

    def undo(self) -> None:
        if self._before is None:
            self._remove(self.stored.id)
        else:
            self._save(self._before)
        self._changed()


class DeleteRecordCommand(QUndoCommand):
    """Delete a record that may really go (a term entered by mistake, a dissolved 部会);
    undo re-creates it under its id. Members are never deleted: they get a 退会日."""

    def __init__(self, text: str, record: Any, save: Callable[[Any], Any], remove: Callable[[int], None],
                 changed: Callable[[], None]):  # fmt: skip
        super().__init__(text)
        self._record, self._save, self._remove, self._changed = record, save, remove, changed

    def redo(self) -> None:
        self._remove(self._record.id)
        self._changed()

    def undo(self) -> None:
        self._save(self._record)
        self._changed()
