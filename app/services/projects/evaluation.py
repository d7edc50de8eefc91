"""自己評価: grades per project and criterion (with comment and next-year direction), the body-level
evaluation (行動基準 grades, 成果, 課題, 改善策), the evidence shown beside each criterion, and the
grade profile compared with the previous year.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.fiscal_year import FiscalYear
from app.domain.input_bounds import check_text_length
from app.domain.kana import normalize_text
from app.domain.money import format_yen
from app.domain.plan import DIRECTIONS, GRADE_BY_LETTER, MAX_POINTS, parse_grade
from app.domain.validation import Problem, ValidationError
from app.services.accounts.books import funded_book
from app.services.changes import EVALUATION, Changes, Result
from app.services.projects.criteria import CriterionInfo, set_in_force, set_info
from app.services.projects.meetings import MeetingCounts, count_meetings_in
from app.services.projects.projects import Project, projects_from_rows
from app.services.projects.rolling_targets import Target, plan_in_force
from app.services.records import EditConflict, conflict_message, existing
from app.storage.database import Database
from app.storage.models import CriteriaSet, Evaluation, EvaluationGrade
from app.storage.models import Project as ProjectRow

TEXT_FIELDS = {"direction": "次年度の方向性", "outcome": "成果", "issues": "課題", "improvements": "改善策"}


@dataclass(frozen=True)
class GradeEntry:
    grade: str = ""  # "A".."D" or "" (not graded yet)
    comment: str = ""


@dataclass(frozen=True)
class EvaluationState:
    """One evaluation as it stands: of a project (project_id) or of the body (project_id None)."""

    year: int
    project_id: int | None
    criteria_first_year: int  # the criteria set it was made with
    criteria: tuple[CriterionInfo, ...]  # the criteria of its scope, in order
    entries: dict[str, GradeEntry]  # criterion key → grade and comment
    direction: str = ""
    outcome: str = ""
    issues: str = ""
    improvements: str = ""

    def entry(self, key: str) -> GradeEntry:
        return self.entries.get(key, GradeEntry())

    @property
    def graded(self) -> int:
        return sum(1 for c in self.criteria if self.entry(c.key).grade)


# --- reading ---------------------------------------------------------------------------------


def _find(session: Session, year: int, project_id: int | None) -> Evaluation | None:
    query = select(Evaluation).where(Evaluation.year == year)
    query = query.where(Evaluation.project_id.is_(None) if project_id is None else Evaluation.project_id == project_id)
    return session.scalars(query).first()


def _state(session: Session, year: int, project_id: int | None) -> EvaluationState:
    evaluation = _find(session, year, project_id)
    criteria_set = (existing(session, CriteriaSet, evaluation.criteria_set_id) if evaluation
                    else set_in_force(session, year))
    info = set_info(criteria_set)
    criteria = info.for_scope("body" if project_id is None else "project")
    if evaluation is None:
        return EvaluationState(year, project_id, info.first_year, criteria, {})
    key_of = {c.id: c.key for c in info.criteria}
    entries = {key_of[g.criterion_id]: GradeEntry(g.grade, g.comment) for g in evaluation.grades}
    return EvaluationState(year, project_id, info.first_year, criteria, entries, evaluation.direction,
                           evaluation.outcome, evaluation.issues, evaluation.improvements)


def get_evaluation(db: Database, year: FiscalYear, project_id: int | None = None) -> EvaluationState:
    with db.session.begin() as session:  # may store the default criteria on first use
        _check_project(session, year, project_id)
        return _state(session, year.year, project_id)


def _check_project(session: Session, year: FiscalYear, project_id: int | None) -> None:
    if project_id is None:
        return
    row = existing(session, ProjectRow, project_id)
    if row.year != year.year:
        raise ValidationError(f"事業「{row.name}」は{FiscalYear(row.year).label}の事業です")


# --- writing ---------------------------------------------------------------------------------


def _ensure(session: Session, year: FiscalYear, project_id: int | None) -> Evaluation:
    _check_project(session, year, project_id)
    evaluation = _find(session, year.year, project_id)
    if evaluation is None:  # pin the criteria in force now: later sets never rewrite this year
        evaluation = Evaluation(year=year.year, project_id=project_id,
                                criteria_set_id=set_in_force(session, year.year).id)
        session.add(evaluation)
        session.flush()
    return evaluation


def _refuse_if_changed(session: Session, record: object, stored: object, expected: object | None) -> None:
    """The screen saves against what it showed (`expected`): when another PC or window stored
    something else since, refused with who changed what and when (nothing is stored)."""
    if expected is not None and stored != expected:
        raise EditConflict(conflict_message(session, record), getattr(record, "version", 0))


def _letter(grade: str) -> str:
    """A grade as stored ("4" → "A"); one that does not parse is compared as given."""
    try:
        return g.letter if (g := parse_grade(grade)) else ""
    except ValueError:
        return grade


def set_grade(
    db: Database, year: FiscalYear, project_id: int | None, key: str,
    grade: str | None = None, comment: str | None = None, *, expected: GradeEntry | None = None,
) -> Result[GradeEntry]:
    """Set the grade ("A"–"D", "4"–"1", "" to clear; None = keep) and/or the comment of one criterion.
    `expected`: the entry as the screen showed it (refused when it was changed since).

    Returns the entry as it was before (for undo).
    """
    try:
        letter = None if grade is None else (g.letter if (g := parse_grade(grade)) else "")
    except ValueError as exc:
        raise ValidationError(Problem("grade", str(exc))) from exc
    if comment is not None:
        problems: list[Problem] = []
        check_text_length("自己評価", "comment", normalize_text(comment), problems)
        if problems:
            raise ValidationError(problems)
    with db.session.begin() as session:
        evaluation = _ensure(session, year, project_id)
        info = set_info(existing(session, CriteriaSet, evaluation.criteria_set_id))
        criterion = info.by_key(key)
        if criterion.scope != ("body" if project_id is None else "project"):
            raise ValidationError(f"「{criterion.label}」は{'団体' if criterion.scope == 'body' else '事業'}の評価項目です")
        row = next((g for g in evaluation.grades if g.criterion_id == criterion.id), None)
        before = GradeEntry(row.grade, row.comment) if row else GradeEntry()
        shown = None if expected is None else GradeEntry(_letter(expected.grade), normalize_text(expected.comment))
        _refuse_if_changed(session, row if row is not None else evaluation, before, shown)
        if row is None:
            row = EvaluationGrade(criterion_id=criterion.id)
            evaluation.grades.append(row)
        if letter is not None:
            row.grade = letter
        if comment is not None:
            row.comment = normalize_text(comment)
        return Result(before, Changes.of(EVALUATION, evaluation.id))


def set_evaluation_text(
    db: Database, year: FiscalYear, project_id: int | None, field: str, value: str, *, expected: str | None = None
) -> Result[str]:
    """Set 方向性 (projects) or 成果 / 課題 / 改善策; returns the previous value (for undo).
    `expected`: the text as the screen showed it (refused when it was changed since)."""
    if field not in TEXT_FIELDS:
        raise KeyError(field)
    value = normalize_text(value)
    if field == "direction" and value and value not in DIRECTIONS:
        raise ValidationError(Problem("direction", f"次年度の方向性は {'・'.join(DIRECTIONS)} のどれかです"))
    if field != "direction":
        problems: list[Problem] = []
        check_text_length("自己評価", field, value, problems)
        if problems:
            raise ValidationError(problems)
    with db.session.begin() as session:
        evaluation = _ensure(session, year, project_id)
        before = getattr(evaluation, field)
        _refuse_if_changed(session, evaluation, before, None if expected is None else normalize_text(expected))
        setattr(evaluation, field, value)
        return Result(before, Changes.of(EVALUATION, evaluation.id))


# --- evidence --------------------------------------------------------------------------------


def _rate(part: int | None, whole: int | None) -> float | None:
    return None if part is None or not whole else part / whole


def _percent(rate: float | None) -> str:
    return "" if rate is None else f"{rate * 100:.1f}%"


@dataclass(frozen=True)
class Evidence:
    """The figures shown beside the criteria: target vs result, cost vs budget, meetings."""

    project: Project | None
    meetings: MeetingCounts
    plan_target: Target | None = None  # the 実施年次指標 of the project's plan item for the year

    @property
    def achievement(self) -> float | None:
        p = self.project
        return _rate(p.data.result_value, p.data.target_value) if p else None

    @property
    def cost_rate(self) -> float | None:
        p = self.project
        return _rate(p.settled_cost, p.data.budget) if p else None

    @property
    def committee_meetings(self) -> int:
        return self.meetings.for_committee(self.project.committee_ref) if self.project else 0

    def lines(self, kind: str) -> list[str]:
        p = self.project
        if kind == "meetings":
            if p is None:
                return [self.meetings.summary]
            line = f"会議・話し合い {self.meetings.total}回"
            if p.data.committee:
                line += f"（うち {p.data.committee} {self.committee_meetings}回）"
            return [line]
        if p is None:
            return []
        d = p.data
        if kind == "target":
            lines = []
            if d.target_value is not None or d.result_value is not None:
                label = d.target_label or "数値目標"

                def fig(v: int | None) -> str:
                    return "未入力" if v is None else f"{v:,}{d.unit}"

                rate = _percent(self.achievement)
                lines.append(f"{label}: 目標 {fig(d.target_value)} → 実績 {fig(d.result_value)}"
                             + (f"（達成率 {rate}）" if rate else ""))
            if d.participants is not None:
                lines.append(f"参加者数 {d.participants:,}人")
            if self.plan_target and not self.plan_target.empty:
                lines.append(f"実施年次指標: {self.plan_target.text}")
            return lines or ["数値目標・実績が未入力です"]
        if kind == "cost":
            rate = _percent(self.cost_rate)
            return [f"予算額 {format_yen(d.budget)} → 決算額 {p.settled_text}" + (f"・執行率 {rate}" if rate else "")]
        return []


# --- the whole year ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectEvaluation:
    project: Project
    evidence: Evidence
    state: EvaluationState


@dataclass(frozen=True)
class EvaluationSheet:
    year: int
    projects: tuple[ProjectEvaluation, ...]
    body: EvaluationState
    body_evidence: Evidence
    meetings: MeetingCounts
    project_criteria: tuple[CriterionInfo, ...]  # the year's criteria for projects (set in force)


def evaluation_sheet(db: Database, year: FiscalYear) -> EvaluationSheet:
    plan = plan_in_force(db, year)
    targets = {r.item_code: r.targets.get(year.year) for r in plan.rows} if plan else {}
    with db.session.begin() as session:
        rows = list(session.scalars(select(ProjectRow).where(ProjectRow.year == year.year)))
        rows.sort(key=lambda r: (r.item_code, r.start_on or year.end, r.name, r.id))
        meetings = count_meetings_in(session, year)
        # the cost evidence the city reads: the 提出対象's entries only (a 特別会計's purchase is not its money)
        funded = funded_book(session).id
        projects = tuple(
            ProjectEvaluation(p, Evidence(p, meetings, targets.get(p.data.item_code)), _state(session, year.year, p.id))
            for p in projects_from_rows(session, rows, book_id=funded)
        )
        body = _state(session, year.year, None)
        criteria = set_info(set_in_force(session, year.year)).for_scope("project")
    return EvaluationSheet(year.year, projects, body, Evidence(None, meetings), meetings, criteria)


# --- grade profile ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfilePoint:
    key: str
    short: str  # 客観❶
    label: str  # the plan's wording
    score: int | None  # 0–100: the mean grade as a share of full marks (A=100, B=75, C=50, D=25)
    graded: int  # how many grades the score is made of


def _score(points: list[int]) -> int | None:
    if not points:
        return None
    scale = 100 // MAX_POINTS
    return (2 * scale * sum(points) + len(points)) // (2 * len(points))  # rounded half up, integers only


def grade_profile(sheet: EvaluationSheet) -> tuple[ProfilePoint, ...]:
    """Per criterion (projects' criteria, then the body's), the mean grade of the year."""
    points: list[ProfilePoint] = []
    states = [pe.state for pe in sheet.projects]
    for c in (*sheet.project_criteria, *sheet.body.criteria):
        source = [sheet.body] if c.scope == "body" else states
        grades = [GRADE_BY_LETTER[s.entry(c.key).grade].points for s in source if s.entry(c.key).grade]
        points.append(ProfilePoint(c.key, c.short, c.label, _score(grades), len(grades)))
    return tuple(points)


def profile_comparison(db: Database, year: FiscalYear) -> tuple[tuple[ProfilePoint, ...], dict[str, int | None]]:
    """This year's profile, and last year's scores by criterion key (None where there is none)."""
    this = grade_profile(evaluation_sheet(db, year))
    last = {p.key: p.score for p in grade_profile(evaluation_sheet(db, year.previous()))}
    return this, {p.key: last.get(p.key) for p in this}
