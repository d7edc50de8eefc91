"""Undoable operations below the window (Orange canvas' small commands): a pair of service calls by id.

An `Operation` knows how to do itself and how to take itself back; both return the `Changes` the
services reported. `apply()` runs once when the operation is performed and again on every redo;
`revert()` runs on every undo. A `ValidationError` from `apply()` the first time means the edit
was refused: nothing changed and the operation is not recorded. The window wraps operations in
ONE QUndoCommand (app/ui/operations.py); the command line and tests can run them directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import Field, dataclass, replace
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from app.services.changes import Changes, Result


class Operation(Protocol):
    @property
    def label(self) -> str:
        """What the Edit menu shows (「記帳（証憑番号 12）」); read after each apply()."""
        ...

    def apply(self) -> Changes: ...

    def revert(self) -> Changes: ...


@dataclass
class Step:
    """An operation given as two calls: `do` and `undo`, each returning the services' Changes.
    For edits whose undo is the same call with the old values (rename, retire, move, set)."""

    label: str
    do: Callable[[], Changes]
    undo: Callable[[], Changes]

    def apply(self) -> Changes:
        return self.do()

    def revert(self) -> Changes:
        return self.undo()


class _Record(Protocol):
    """A service's record dataclass: `id` None until stored (dataclasses.replace needs the fields)."""

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    @property
    def id(self) -> int | None: ...


R = TypeVar("R", bound=_Record)


# Takes a record back by its id: the undo of its addition, the redo of its deletion. The record as
# the step left it comes along (None: not checked): a service that can, refuses (EditConflict, who
# changed what and when) and changes nothing when another PC or window changed the record since.
Remove = Callable[[int, R | None], Changes]


@dataclass
class SaveRecord(Generic[R]):
    """Store `after` (id None: a new record) through `save`; undo stores `before` again or, for an
    add, takes the record back with `remove` (given the record as this step stored it). A redo of
    an add re-creates it under the same id (the services store an unknown id as given), so later
    steps that name it still find it."""

    label: str
    before: R | None
    after: R
    save: Callable[[R], Result[R]]
    remove: Remove[R]
    stored: R | None = None

    def apply(self) -> Changes:
        target = self.after if self.stored is None else _at(replace(self.after, id=self.stored.id), self.stored)
        result = self.save(target)
        self.stored = result.value
        return result.changes

    def revert(self) -> Changes:
        assert self.stored is not None and self.stored.id is not None
        if self.before is None:
            return self.remove(self.stored.id, self.stored)
        result = self.save(_at(self.before, self.stored))
        self.stored = result.value
        return result.changes


def _at(record: R, stored: R) -> R:
    """`record` naming the version last stored by this operation: an undo or redo overwrites its own
    save, but is refused (EditConflict) when someone else changed the record since."""
    version = getattr(stored, "version", None)  # records without optimistic versioning have none
    if getattr(record, "version", None) is None or version is None:
        return record
    return replace(record, version=version)


class _Versioned(Protocol):
    """A record as a service returns it after a save: the row version it stored."""

    @property
    def version(self) -> int | None: ...


VR = TypeVar("VR", bound=_Versioned)


@dataclass
class VersionedEdit(Generic[VR]):
    """An edit of one versioned record, done and undone by one service call that takes the version
    the caller last saw: the first apply names `shown`, the version the form was filled from (None:
    not checked), and every undo and redo the version this operation stored last — each refused
    (EditConflict, who changed what and when) when another PC or window saved the record in
    between, so an undo never puts old values back over someone else's later change."""

    label: str
    shown: int | None
    do: Callable[[int | None], Result[VR]]
    undo: Callable[[int | None], Result[VR]]
    stored: int | None = None  # the version this operation stored last

    def _run(self, call: Callable[[int | None], Result[VR]]) -> Changes:
        result = call(self.stored if self.stored is not None else self.shown)
        self.stored = result.value.version
        return result.changes

    def apply(self) -> Changes:
        return self._run(self.do)

    def revert(self) -> Changes:
        return self._run(self.undo)


@dataclass
class DeleteRecord(Generic[R]):
    """Delete a record that may really go; undo stores it again (under its id, or — a 振替 — under the
    new id the service gives it, kept for the redo). A redo deletes it again only as the undo put it
    back (`remove` is given the record; the first delete is not checked: the list the user chose it
    from is as fresh as this process knows)."""

    label: str
    record: R
    save: Callable[[R], Result[R]]
    remove: Remove[R]
    done: bool = False  # applied once: a later apply is a redo

    def apply(self) -> Changes:
        assert self.record.id is not None
        changes = self.remove(self.record.id, self.record if self.done else None)
        self.done = True
        return changes

    def revert(self) -> Changes:
        result = self.save(self.record)
        self.record = result.value  # as put back: what the redo takes away
        return result.changes


@dataclass
class AddRecord(Generic[R]):
    """Add an entry nothing refers to yet (a 区分, a 役職): undo removes it, redo adds it anew."""

    label: str
    add: Callable[[], Result[R]]
    remove: Callable[[int], Changes]
    added: R | None = None

    def apply(self) -> Changes:
        result = self.add()
        self.added = result.value
        return result.changes

    def revert(self) -> Changes:
        assert self.added is not None and self.added.id is not None
        return self.remove(self.added.id)
