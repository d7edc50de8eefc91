"""Undoable edits of 事業, 会議・話し合い, 実施年次指標 and 自己評価 (see app.services.undo)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from app.domain.fiscal_year import FiscalYear
from app.services.changes import SETTINGS, Changes
from app.services.members import officer_proposals
from app.services.projects import evaluation, meetings, motions, plan_drafts, plans, projects, rolling_targets
from app.services.projects.evaluation import TEXT_FIELDS, GradeEntry
from app.services.projects.meetings import DeletedMeeting, MeetingData
from app.services.projects.projects import DeletedProject, ProjectData
from app.services.projects.rolling_targets import Target
from app.services.settings import Setting, write_setting
from app.services.undo import Step, VersionedEdit
from app.storage.database import Database

T = TypeVar("T")
V = TypeVar("V")


@dataclass
class AddProject:
    """A redo after undo brings the project back under its id, with grades entered meanwhile."""

    db: Database
    year: FiscalYear
    data: ProjectData
    project_id: int | None = None
    _deleted: DeletedProject | None = None
    _stored: projects.Project | None = None  # as this step left it: its undo takes only that back

    @property
    def label(self) -> str:
        return f"事業「{self.data.name}」の追加"

    def apply(self) -> Changes:
        if self._deleted is None:
            created = projects.create_project(self.db, self.year, self.data)
            self.project_id = created.value
            self._stored = projects.get_project(self.db, created.value)
            return created.changes
        self._stored = self._deleted.project
        return projects.restore_project(self.db, self._deleted).changes

    def revert(self) -> Changes:
        """Refused, nothing changed, when another PC or window changed the project since."""
        assert self.project_id is not None
        deleted = projects.delete_project(self.db, self.project_id, expected=self._stored)
        self._deleted = deleted.value
        return deleted.changes


@dataclass
class DeleteProject:
    """Undo brings back the project, its evaluation and the links of its cash-book entries."""

    db: Database
    project_id: int
    name: str
    _deleted: DeletedProject | None = None

    @property
    def label(self) -> str:
        return f"事業「{self.name}」の削除"

    def apply(self) -> Changes:
        """A redo deletes it again only as the undo put it back (refused when changed since)."""
        deleted = projects.delete_project(self.db, self.project_id,
                                          expected=self._deleted.project if self._deleted else None)
        self._deleted = deleted.value
        return deleted.changes

    def revert(self) -> Changes:
        assert self._deleted is not None
        return projects.restore_project(self.db, self._deleted).changes


def _swap(label: str, save: Callable[[V, V | None], Changes], before: V, after: V, shown: V | None) -> Step:
    """An edit the services check against the values the screen showed (`shown`; None: no check):
    the first apply stores `after` over `shown`, undo stores `before` over `after` and redo `after`
    over `before` — each refused (EditConflict, who changed what) when another PC or window
    changed the values in between, so an undo never wipes out someone else's later change."""
    applied = [False]

    def do() -> Changes:
        changes = save(after, before if applied[0] else shown)
        applied[0] = True
        return changes
    return Step(label, do, lambda: save(before, after))


def edit_project(db: Database, project_id: int, before: ProjectData, after: ProjectData,
                 version: int | None = None) -> VersionedEdit[projects.Project]:
    """`version`: the project's version the form was filled from (None: not checked); undo puts
    `before` back and redo `after`, each refused when another PC or window saved the project after
    this operation stored its own (an undo never wipes out someone else's later change)."""
    return VersionedEdit(f"事業「{after.name}」の変更", version,
                         lambda v: projects.update_project(db, project_id, after, expected_version=v),
                         lambda v: projects.update_project(db, project_id, before, expected_version=v))


@dataclass
class AddMeeting:
    """A redo re-creates the meeting under the id it got the first time (with the 議案 entered
    meanwhile)."""

    db: Database
    year: FiscalYear
    data: MeetingData
    meeting_id: int | None = None
    label: str = "会議の追加"
    _deleted: DeletedMeeting | None = None
    _stored: meetings.Meeting | None = None  # as this step left it: its undo takes only that back

    def apply(self) -> Changes:
        if self._deleted is not None:
            self._stored = self._deleted.meeting
            return meetings.restore_meeting(self.db, self._deleted).changes
        created = meetings.create_meeting(self.db, self.year, self.data, meeting_id=self.meeting_id)
        self.meeting_id = created.value
        self._stored = meetings.get_meeting(self.db, created.value)
        return created.changes

    def revert(self) -> Changes:
        """Refused, nothing changed, when another PC or window changed the meeting since."""
        assert self.meeting_id is not None
        deleted = meetings.delete_meeting(self.db, self.meeting_id, expected=self._stored)
        self._deleted = deleted.value
        return deleted.changes


@dataclass
class DeleteMeeting:
    """Undo brings back the meeting under its id with its 議案・議決 and its plans' link to it."""

    db: Database
    meeting_id: int
    _deleted: DeletedMeeting | None = None
    label: str = "会議の削除"

    def apply(self) -> Changes:
        """A redo deletes it again only as the undo put it back (refused when changed since)."""
        deleted = meetings.delete_meeting(self.db, self.meeting_id,
                                          expected=self._deleted.meeting if self._deleted else None)
        self._deleted = deleted.value
        return deleted.changes

    def revert(self) -> Changes:
        assert self._deleted is not None
        return meetings.restore_meeting(self.db, self._deleted).changes


def edit_meeting(db: Database, meeting_id: int, before: MeetingData, after: MeetingData,
                 version: int | None = None) -> VersionedEdit[meetings.Meeting]:
    """`version`: the meeting's version the form was filled from (see edit_project: undo and redo
    are refused when another PC or window saved the meeting in between)."""
    return VersionedEdit("会議の変更", version,
                         lambda v: meetings.update_meeting(db, meeting_id, after, expected_version=v),
                         lambda v: meetings.update_meeting(db, meeting_id, before, expected_version=v))


def save_motions(db: Database, meeting_id: int, before: list[motions.Motion], after: list[motions.Motion],
                 shown: list[motions.Motion] | None = None) -> Step:
    """`shown`: the 議案 as the form showed them (see _swap: refused when changed since)."""
    return _swap("議案と議決の変更", lambda values, against: motions.save_motions(
        db, meeting_id, values, expected=against).changes, before, after, shown)


def save_budget_draft(db: Database, year: FiscalYear, before: dict[int, int], after: dict[int, int],
                      shown: dict[int, int] | None = None) -> Step:
    """`shown`: the amounts as the form showed them (see _swap: refused when changed since)."""
    return _swap(f"{year.label}の予算（案）の変更", lambda values, against: plan_drafts.save_budget_draft(
        db, year, values, expected=against).changes, before, after, shown)


def propose_officers(db: Database, before: dict[int, int], after: dict[int, int],
                     shown: dict[int, int] | None = None) -> Step:
    """`shown`: the candidates as the form showed them (see _swap: refused when changed since)."""
    return _swap("役員改選（案）の変更", lambda values, against: officer_proposals.propose_all(
        db, values, expected=against).changes, before, after, shown)


def set_pack_setting(db: Database, setting: Setting[T], before: T, after: T, shown: T | None = None) -> Step:
    """The 総会資料's 議案 (order and titles) or the 規約. `shown`: the value as the form showed it
    (see _swap: refused, naming who changed it and when, when another PC or window saved it since)."""
    def write(value: T, against: T | None) -> Changes:
        if against is None:
            write_setting(db, setting, value)
        else:
            write_setting(db, setting, value, expected=against)
        return Changes.of(SETTINGS)

    return _swap(f"{setting.label}の変更", write, before, after, shown)


def make_next_plan(db: Database, year: FiscalYear) -> Step:
    """「次年度の計画を作る」; undo removes the drafts again (while they are not approved)."""
    return Step(f"{year.next().label}の事業計画（案）の作成",
                lambda: plans.make_next_plan(db, year).changes,
                lambda: plans.discard_next_plan(db, year.next()))


def set_target(db: Database, plan: FiscalYear, item: str, year: int, before: Target, after: Target,
               shown: Target | None = None) -> Step:
    """`shown`: the target as the form showed it (see _swap: refused when changed since)."""
    return _swap("実施年次指標の変更", lambda value, against: rolling_targets.set_target(
        db, plan, item, year, value, expected=against).changes, before, after, shown)


def roll_forward(db: Database, plan: FiscalYear) -> Step:
    return Step("実施年次指標のローリング",
                lambda: rolling_targets.roll_forward(db, plan).changes,
                lambda: rolling_targets.clear_plan(db, plan.next()))


def set_grade(db: Database, year: FiscalYear, project_id: int | None, key: str, before: GradeEntry,
              after: GradeEntry, label: str, expected: GradeEntry | None = None) -> Step:  # fmt: skip
    """`expected`: the entry as the screen showed it (see _swap: refused when changed since)."""
    what = f"評価 {after.grade}" if after.grade != before.grade else "コメント"
    return _swap(f"{label}の{what}", lambda entry, against: evaluation.set_grade(
        db, year, project_id, key, entry.grade, entry.comment, expected=against).changes, before, after, expected)


def set_evaluation_text(db: Database, year: FiscalYear, project_id: int | None, field: str, before: str,
                        after: str, expected: str | None = None) -> Step:  # fmt: skip
    """`expected`: the text as the screen showed it (see _swap: refused when changed since)."""
    return _swap(f"{TEXT_FIELDS[field]}の変更", lambda text, against: evaluation.set_evaluation_text(
        db, year, project_id, field, text, expected=against).changes, before, after, expected)
