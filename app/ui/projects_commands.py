"""Undoable edits of 事業, 会議・話し合い and 実施年次指標: each calls the services by id."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.domain.fiscal_year import FiscalYear
from app.services.office import Database
from app.services.projects.meetings import MeetingData, create_meeting, delete_meeting, update_meeting
from app.services.projects.projects import (
    DeletedProject,
    ProjectData,
    create_project,
    delete_project,
    restore_project,
    update_project,
)
from app.services.projects.rolling_targets import Target, clear_plan, roll_forward, set_target

Refresh = Callable[[], None]


class _Command(QUndoCommand):
    def __init__(self, text: str, db: Database, refresh: Refresh):
        super().__init__(text)
        self.db, self.refresh = db, refresh


class AddProjectCommand(_Command):
    def __init__(self, db: Database, refresh: Refresh, year: FiscalYear, data: ProjectData):
        super().__init__(f"事業「{data.name}」の追加", db, refresh)
        self.year, self.data = year, data
        self.project_id: int | None = None
        self._deleted: DeletedProject | None = None

    def redo(self) -> None:
        if self._deleted is None:
            self.project_id = create_project(self.db, self.year, self.data)
        else:  # grades entered after adding, then undone, come back too
            self.project_id = restore_project(self.db, self._deleted)
        self.refresh()

    def undo(self) -> None:
        self._deleted = delete_project(self.db, self.project_id)
        self.refresh()


class EditProjectCommand(_Command):
    def __init__(self, db: Database, refresh: Refresh, project_id: int, before: ProjectData, after: ProjectData):
        super().__init__(f"事業「{after.name}」の変更", db, refresh)
        self.project_id, self.before, self.after = project_id, before, after

    def redo(self) -> None:
        update_project(self.db, self.project_id, self.after)
        self.refresh()

    def undo(self) -> None:
        update_project(self.db, self.project_id, self.before)
        self.refresh()


class DeleteProjectCommand(_Command):
    def __init__(self, db: Database, refresh: Refresh, project_id: int, name: str):
        super().__init__(f"事業「{name}」の削除", db, refresh)
        self.project_id = project_id
        self._deleted: DeletedProject | None = None

    def redo(self) -> None:
        self._deleted = delete_project(self.db, self.project_id)
        self.refresh()

    def undo(self) -> None:
        restore_project(self.db, self._deleted)
        self.refresh()


class AddMeetingCommand(_Command):
    def __init__(self, db: Database, refresh: Refresh, data: MeetingData):
        super().__init__("会議の追加", db, refresh)
        self.data = data
        self.meeting_id: int | None = None

    def redo(self) -> None:
        self.meeting_id = create_meeting(self.db, self.data)
        self.refresh()

    def undo(self) -> None:
        delete_meeting(self.db, self.meeting_id)
        self.refresh()


class EditMeetingCommand(_Command):
    def __init__(self, db: Database, refresh: Refresh, meeting_id: int, before: MeetingData, after: MeetingData):
        super().__init__("会議の変更", db, refresh)
        self.meeting_id, self.before, self.after = meeting_id, before, after

    def redo(self) -> None:
        update_meeting(self.db, self.meeting_id, self.after)
        self.refresh()

    def undo(self) -> None:
        update_meeting(self.db, self.meeting_id, self.before)
        self.refresh()


class DeleteMeetingCommand(_Command):
    """Undo brings the meeting back (under a new id: nothing refers to meetings by id)."""

    def __init__(self, db: Database, refresh: Refresh, meeting_id: int):
        super().__init__("会議の削除", db, refresh)
        self.meeting_id = meeting_id
        self._data: MeetingData | None = None

    def redo(self) -> None:
        self._data = delete_meeting(self.db, self.meeting_id)
        self.refresh()

    def undo(self) -> None:
        self.meeting_id = create_meeting(self.db, self._data)
        self.refresh()


class SetTargetCommand(_Command):
    def __init__(self, db: Database, refresh: Refresh, plan: FiscalYear, item: str, year: int, before: Target,
                 after: Target):
        super().__init__("実施年次指標の変更", db, refresh)
        self.plan, self.item, self.year, self.before, self.after = plan, item, year, before, after

    def redo(self) -> None:
        set_target(self.db, self.plan, self.item, self.year, self.after)
        self.refresh()

    def undo(self) -> None:
        set_target(self.db, self.plan, self.item, self.year, self.before)
        self.refresh()


class RollForwardCommand(_Command):
    def __init__(self, db: Database, refresh: Refresh, plan: FiscalYear):
        super().__init__("実施年次指標のローリング", db, refresh)
        self.plan = plan

    def redo(self) -> None:
        roll_forward(self.db, self.plan)
        self.refresh()

    def undo(self) -> None:
        clear_plan(self.db, self.plan.next())
        self.refresh()
