"""The one QUndoCommand of the window: it runs an `Operation` (app.services.undo) and tells the
screens what changed. Every list of every section undoes this way (Ctrl+Z / Ctrl+Shift+Z).

The operation runs exactly once when pushed (QUndoStack.push calls redo). When the services
refuse it that first time, nothing changed: the command makes itself obsolete, so the stack
drops it, and `perform` hands the refusal back to the screen that asked. A refusal on a later
undo or redo (the year was closed meanwhile) is reported through `ctx.operation_refused`.
"""

from __future__ import annotations

import weakref

from PySide6.QtGui import QUndoCommand

from app.domain.validation import ValidationError
from app.services.records import step_refused
from app.services.undo import Operation
from app.ui.context import AppContext


class _Outcome:
    """Outlives the command (Qt deletes an obsolete command inside push)."""

    error: ValidationError | None = None


class OperationCommand(QUndoCommand):
    def __init__(self, ctx: AppContext, operation: Operation, outcome: _Outcome):
        super().__init__(operation.label)
        # a command must not keep the context (which owns the stack) alive: Qt deletes them in order
        self._ctx = weakref.ref(ctx)
        self.operation, self._outcome = operation, outcome
        self._pushed = False

    def redo(self) -> None:
        first, self._pushed = not self._pushed, True
        try:
            changes = self.operation.apply()
        except ValidationError as exc:
            if first:
                self._outcome.error = exc
                self.setObsolete(True)
            else:
                self._tell("operation_refused", step_refused(str(exc), undo=False))
            return
        self.setText(self.operation.label)
        self._tell("data_changed", changes)

    def undo(self) -> None:
        try:
            changes = self.operation.revert()
        except ValidationError as exc:
            self._tell("operation_refused", step_refused(str(exc), undo=True))
            return
        self._tell("data_changed", changes)

    def _tell(self, signal: str, value: object) -> None:
        ctx = self._ctx()
        if ctx is not None:
            getattr(ctx, signal).emit(value)


def perform(ctx: AppContext, operation: Operation) -> ValidationError | None:
    """Run `operation` once and record it for undo; the refusal, if the services refused it."""
    outcome = _Outcome()
    ctx.undo_stack.push(OperationCommand(ctx, operation, outcome))
    return outcome.error
