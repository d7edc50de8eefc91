"""Undoable grading: each command calls the evaluation services by year, project id and criterion key."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.domain.fiscal_year import FiscalYear
from app.services.office import Database
from app.services.projects.evaluation import TEXT_FIELDS, GradeEntry, set_evaluation_text, set_grade


class SetGradeCommand(QUndoCommand):
    def __init__(self, db: Database, refresh: Callable[[], None], year: FiscalYear, project_id: int | None,
                 key: str, before: GradeEntry, after: GradeEntry, label: str):
        what = f"評価 {after.grade}" if after.grade != before.grade else "コメント"
        super().__init__(f"{label}の{what}")
        self.db, self.refresh = db, refresh
        self.year, self.project_id, self.key, self.before, self.after = year, project_id, key, before, after

    def redo(self) -> None:
        set_grade(self.db, self.year, self.project_id, self.key, self.after.grade, self.after.comment)
        self.refresh()

    def undo(self) -> None:
        set_grade(self.db, self.year, self.project_id, self.key, self.before.grade, self.before.comment)
        self.refresh()


class SetEvaluationTextCommand(QUndoCommand):
    def __init__(self, db: Database, refresh: Callable[[], None], year: FiscalYear, project_id: int | None,
                 field: str, before: str, after: str):
        super().__init__(f"{TEXT_FIELDS[field]}の変更")
        self.db, self.refresh = db, refresh
        self.year, self.project_id, self.field, self.before, self.after = year, project_id, field, before, after

    def redo(self) -> None:
        set_evaluation_text(self.db, self.year, self.project_id, self.field, self.after)
        self.refresh()

    def undo(self) -> None:
        set_evaluation_text(self.db, self.year, self.project_id, self.field, self.before)
        self.refresh()
