"""事業: the body's projects of a fiscal year, each under one item of the city's plan."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.domain.fiscal_year import FiscalYear
from app.domain.input_bounds import check_text_length
from app.domain.kana import normalize_text
from app.domain.money import format_yen
from app.domain.plan import PLAN_ITEMS, item_label
from app.domain.validation import Problem, ValidationError
from app.services.changes import EVALUATION, LEDGER, PROJECTS, Changes, Result
from app.services.projects.committee_links import CommitteeIndex, CommitteeRef, as_compared
from app.services.records import check_as_left, check_version, existing, put_back_at, refusing_lost_races
from app.storage.database import Database
from app.storage.models import Evaluation, EvaluationGrade, LedgerEntry, MoneyAccount
from app.storage.models import Project as ProjectRow


@dataclass(frozen=True)
class ProjectData:
    """What the user enters for a project (also what a project reads back as)."""

    name: str = ""
    item_code: str = ""  # plan item, "1-2"
    committee: str = ""  # 担当部会: the committee's name (as text when it is not in the 名簿)
    committee_id: int | None = None  # the 名簿's committee (see committee_links)
    person_in_charge: str = ""  # 担当者 — personal data, left out of public reports
    goal: str = ""  # 目標
    target_label: str = ""  # 指標: 参加者数, 開催回数 …
    target_value: int | None = None  # 数値目標
    result_value: int | None = None  # 実績
    unit: str = ""
    start_on: date | None = None
    end_on: date | None = None
    participants: int | None = None  # 参加者数
    budget: int = 0  # 予算額 (yen)
    actual_cost: int | None = None  # 決算額 as entered (yen)
    note: str = ""


@dataclass(frozen=True)
class Project:
    id: int
    year: int
    data: ProjectData
    settled_cost: int | None  # 決算額 as used in reports (see settled_costs)
    cost_source: str  # COST_FROM_LEDGER or COST_ENTERED
    version: int = 0  # the row's version when read: a form saves against it (records.check_version)

    @property
    def name(self) -> str:
        return self.data.name

    @property
    def committee_ref(self) -> CommitteeRef | None:
        """What the meetings of its committee are counted by (the link, else the name)."""
        return self.data.committee_id if self.data.committee_id is not None else (self.data.committee or None)

    @property
    def settled_text(self) -> str:
        """「28,500円（出納簿）」, or 「未入力」."""
        return "未入力" if self.settled_cost is None else f"{format_yen(self.settled_cost)}（{self.cost_source}）"

    @property
    def plan_label(self) -> str:
        return item_label(self.data.item_code)


COST_FROM_LEDGER = "出納簿"
COST_ENTERED = "入力"
_FIELDS = [f.name for f in fields(ProjectData)]
_TEXT_FIELDS = ("name", "committee", "person_in_charge", "goal", "target_label", "unit", "note")
RECORD = "事業"  # its rows in app.domain.input_bounds.TEXT_LIMITS
_COUNT_FIELDS = {"target_value": "数値目標", "result_value": "実績", "participants": "参加者数"}


def parse_count(text: str | int | None, label: str) -> int | None:
    """A count typed by staff ("120", "１２０", "1,200") → int; "" → None; ValueError names the field."""
    if text is None or isinstance(text, int):
        return text
    clean = unicodedata.normalize("NFKC", text).replace(",", "").strip()
    if not clean:
        return None
    if not clean.isdigit():
        raise ValueError(f"{label}は0以上の整数で入力してください（「{text}」）")
    return int(clean)


def validate_project(data: ProjectData, year: FiscalYear) -> ProjectData:
    """The normalised project, or ValidationError naming every field in error."""
    problems: list[Problem] = []
    texts: dict[str, Any] = {f: normalize_text(getattr(data, f) or "") for f in _TEXT_FIELDS}  # all str fields
    clean = replace(data, **texts)
    if not clean.name:
        problems.append(Problem("name", "事業名を入力してください"))
    for name in _TEXT_FIELDS:
        check_text_length(RECORD, name, getattr(clean, name), problems)
    if clean.item_code not in PLAN_ITEMS:
        problems.append(Problem("item_code", "プランの項目（人づくり・仕組みづくり・環境づくり）を選んでください"))
    for name, label in _COUNT_FIELDS.items():
        value = getattr(clean, name)
        if value is not None and value < 0:
            problems.append(Problem(name, f"{label}に負の数は入力できません"))
    if clean.budget < 0:
        problems.append(Problem("budget", "予算額に負の数は入力できません"))
    if clean.actual_cost is not None and clean.actual_cost < 0:
        problems.append(Problem("actual_cost", "決算額に負の数は入力できません"))
    for name, label in (("start_on", "開始日"), ("end_on", "終了日")):
        value = getattr(clean, name)
        if value is not None and not year.contains(value):
            problems.append(Problem(name, f"{label}が{year.label}（{year.start:%Y/%m/%d}〜{year.end:%Y/%m/%d}）の外です"))
    if clean.start_on and clean.end_on and clean.end_on < clean.start_on:
        problems.append(Problem("end_on", "終了日が開始日より前になっています"))
    if problems:
        raise ValidationError(problems)
    return clean


def settled_costs(session: Session, rows: list[ProjectRow],
                  book_id: int | None = None) -> dict[int, tuple[int | None, str]]:
    """決算額 per project id, with where it comes from.

    The one place that decides a project's 決算額: the sum of the cash-book expense entries linked
    to it (「出納簿」) when there are any, else the figure the user entered (「入力」).
    Every report and screen follows. `book_id`: only the entries of that 会計 (what the city is
    shown — the 自己評価 and the submission — counts the 提出対象's books alone).
    """
    query = (
        select(LedgerEntry.project_id,
               func.sum(case((LedgerEntry.kind == "refund", -LedgerEntry.amount), else_=LedgerEntry.amount)))
        .where(LedgerEntry.project_id.in_([r.id for r in rows]))  # expenses and their 戻入 (netted)
        .group_by(LedgerEntry.project_id)
    )
    if book_id is not None:
        query = query.join(MoneyAccount, MoneyAccount.id == LedgerEntry.account_id).where(
            MoneyAccount.book_id == book_id)
    linked: dict[int | None, int] = {project_id: total for project_id, total in session.execute(query)}
    return {row.id: (int(linked[row.id]), COST_FROM_LEDGER) if row.id in linked else (row.actual_cost, COST_ENTERED)
            for row in rows}


def _to_project(row: ProjectRow, cost: tuple[int | None, str], committees: CommitteeIndex) -> Project:
    data = ProjectData(**{f: getattr(row, f) for f in _FIELDS})
    committee_id, committee = committees.resolve(data.committee_id, data.committee)
    data = replace(data, committee_id=committee_id, committee=committee)
    return Project(row.id, row.year, data, cost[0], cost[1], row.version)


def projects_from_rows(session: Session, rows: list[ProjectRow], *, book_id: int | None = None) -> list[Project]:
    costs = settled_costs(session, rows, book_id)
    committees = CommitteeIndex.load(session)
    return [_to_project(r, costs[r.id], committees) for r in rows]


def _linked(session: Session, data: ProjectData) -> ProjectData:
    """The committee typed or chosen, linked to the 名簿 where it is there."""
    committee_id, committee = CommitteeIndex.load(session).resolve(data.committee_id, data.committee)
    return replace(data, committee_id=committee_id, committee=committee)


def list_projects(db: Database, year: FiscalYear, *, book_id: int | None = None) -> list[Project]:
    """The year's projects in plan order (pillar, item), then by start date and name. `book_id`:
    their 決算額 from that 会計's entries only (see settled_costs)."""
    with db.session() as session:
        rows = list(session.scalars(select(ProjectRow).where(ProjectRow.year == year.year)))
        rows.sort(key=lambda r: (r.item_code, r.start_on or date.max, r.name, r.id))
        return projects_from_rows(session, rows, book_id=book_id)


def get_project(db: Database, project_id: int) -> Project:
    with db.session() as session:
        row = existing(session, ProjectRow, project_id)
        return projects_from_rows(session, [row])[0]


def create_project(db: Database, year: FiscalYear, data: ProjectData, *, project_id: int | None = None) -> Result[int]:
    clean = validate_project(data, year)
    with db.session.begin() as session:
        clean = _linked(session, clean)
        row = ProjectRow(year=year.year, **{f: getattr(clean, f) for f in _FIELDS})
        if project_id is not None:  # undo of a delete brings the project back under its old id
            row.id = project_id
        session.add(row)
        session.flush()
        return Result(row.id, Changes.of(PROJECTS, row.id))


def update_project(db: Database, project_id: int, data: ProjectData, *,
                   expected_version: int | None = None) -> Result[Project]:
    """Store the new data; returns the project as stored (its version is what an undo names).
    `expected_version`: the version the form (or the undo) was filled from — refused (EditConflict,
    who/when/what) when another PC or window saved the project since."""
    before = get_project(db, project_id)
    clean = validate_project(data, FiscalYear(before.year))
    with refusing_lost_races(db, ProjectRow, project_id), db.session.begin() as session:
        clean = _linked(session, clean)
        row = existing(session, ProjectRow, project_id)
        check_version(session, row, expected_version)
        for f in _FIELDS:
            setattr(row, f, getattr(clean, f))
        session.flush()
        return Result(projects_from_rows(session, [row])[0], Changes.of(PROJECTS, project_id))


@dataclass(frozen=True)
class DeletedProject:
    """Everything needed to bring a deleted project back, with its evaluation."""

    project: Project
    evaluation: dict[str, str] | None
    grades: tuple[tuple[int, str, str], ...]  # (criterion_id, grade, comment)
    ledger_entry_ids: tuple[int, ...] = ()  # cash-book entries that were linked to it


def _deleted_changes(deleted: DeletedProject) -> Changes:
    # its evaluation goes and comes back with it; linked cash-book entries lose and regain the link
    changes = Changes.of(PROJECTS, deleted.project.id) | Changes.of(EVALUATION)
    return changes | Changes.of(LEDGER, *deleted.ledger_entry_ids) if deleted.ledger_entry_ids else changes


def delete_project(db: Database, project_id: int, *, expected: Project | None = None) -> Result[DeletedProject]:
    """`expected`: the project as an undo step left it (the undo of its addition, the redo of its
    deletion) — refused, nothing changed, when another PC or window changed it since (EditConflict:
    who, when, what)."""
    before = get_project(db, project_id)
    with db.session.begin() as session:
        row = existing(session, ProjectRow, project_id)
        now = _to_project(row, (None, ""), CommitteeIndex.load(session)).data
        check_as_left(session, row, as_compared(now), as_compared(expected.data) if expected else None)
        evaluation = session.scalars(select(Evaluation).where(Evaluation.project_id == project_id)).first()
        saved: dict[str, str] | None = None
        grades: tuple[tuple[int, str, str], ...] = ()
        if evaluation is not None:
            saved = {k: str(getattr(evaluation, k)) for k in
                     ("criteria_set_id", "direction", "outcome", "issues", "improvements")}
            grades = tuple((g.criterion_id, g.grade, g.comment) for g in evaluation.grades)
        entries = list(session.scalars(select(LedgerEntry).where(LedgerEntry.project_id == project_id)))
        for entry in entries:  # through the ORM, so that the change history shows the unlinking
            entry.project_id = None
        session.flush()
        session.delete(session.get(ProjectRow, project_id))
    deleted = DeletedProject(before, saved, grades, tuple(e.id for e in entries))
    return Result(deleted, _deleted_changes(deleted))


def restore_project(db: Database, deleted: DeletedProject) -> Result[int]:
    project = deleted.project
    with db.session.begin() as session:
        data = _linked(session, project.data)  # its committee may have gone meanwhile
        row = ProjectRow(id=project.id, year=project.year, **{f: getattr(data, f) for f in _FIELDS})
        session.add(row)
        session.flush()  # the project row first: the evaluation and the entries refer to it
        put_back_at(session, row, project.version)  # the undo/redo steps around it name these versions
        for entry_id in deleted.ledger_entry_ids:
            entry = session.get(LedgerEntry, entry_id)
            if entry is not None and entry.project_id is None:
                entry.project_id = project.id
        if deleted.evaluation is not None:
            ev = deleted.evaluation
            evaluation = Evaluation(
                year=project.year, project_id=project.id, criteria_set_id=int(ev["criteria_set_id"]),
                direction=ev["direction"], outcome=ev["outcome"], issues=ev["issues"],
                improvements=ev["improvements"],
            )
            evaluation.grades = [EvaluationGrade(criterion_id=c, grade=g, comment=m) for c, g, m in deleted.grades]
            session.add(evaluation)
    return Result(project.id, _deleted_changes(deleted))
