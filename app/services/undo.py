"""Undoable operations below the window (Orange canvas' small commands): a pair of service calls by id.

An `Operation` knows how to do itself and how to take itself back; both return the `Changes` the
services reported. `apply()` runs once when the operation is performed and again on every redo;
`revert()` runs on every undo. A `ValidationError` from `apply()` the first time means the edit
was refused: nothing changed and the operation is not recorded. The window wraps operations in
ONE QUndoCommand (app/ui/operations.py); the command line and tests can run them directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from app.services.changes import Changes


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
