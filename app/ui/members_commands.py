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


class AddListEntryCommand(QUndoCommand):
    """An entry already added to an editable list (a 区分, a 役職) — added before pushing, so that a
    refusal (a duplicate name) is shown to the user instead of happening inside the undo stack.
    Undo deletes it again (nothing uses it yet); redo adds it anew."""

    def __init__(self, text: str, added: Any, add: Callable[[], Any], remove: Callable[[int], None],
                 changed: Callable[[], None]):  # fmt: skip
        super().__init__(text)
        self.added, self._add, self._remove, self._changed = added, add, remove, changed
        self._first = True

    def redo(self) -> None:
        if not self._first:
            self.added = self._add()
        self._first = False
        self._changed()

    def undo(self) -> None:
        self._remove(self.added.id)
        self._changed()
