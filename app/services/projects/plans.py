"""事業計画（案）: next year's projects made from this year's, marked 案 until the 総会 approves them.

`make_next_plan` copies the year's projects (name, plan item, 担当部会, 目標 and what is counted,
予算) into the following year as drafts, in one transaction, and refuses a second time. A year's
projects are drafts while its YearPlan has no approval date; `approve_plan` (in approval.py) sets
it, with the 予算（案） and the 役員改選（案） in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_text
from app.domain.validation import Problem, ValidationError
from app.services.accounts.budget_drafts import make_budget_draft
from app.services.changes import BUDGETS, OFFICERS, PLANS, PROJECTS, YEARS, Changes, Result
from app.services.fiscal_years import check_new_year
from app.services.members.officer_proposals import make_officer_proposals
from app.services.reading import write_together
from app.storage.database import Database
from app.storage.models import BudgetDraftLine, FiscalYearRecord, OfficerProposal, YearPlan
from app.storage.models import Project as ProjectRow

# what a draft takes over from this year's project; 実績, dates, 担当者 and 決算額 start empty
COPIED_FIELDS = ("name", "item_code", "committee", "committee_id", "goal", "target_label", "target_value",
                 "unit", "budget", "note")
PLACE_MAX = 200


@dataclass(frozen=True)
class PlanStatus:
    """The plan of one year: made from `source_year`, 案 until `approved_on`."""

    year: int
    source_year: int
    approved_on: date | None
    meeting_on: date | None  # the 総会 that approves it (printed on the 議案書's cover)
    meeting_place: str
    meeting_id: int | None  # the 総会's record

    @property
    def is_draft(self) -> bool:
        return self.approved_on is None

    @property
    def state_label(self) -> str:
        """「案」, or 「承認済み（令和8年5月20日 総会）」."""
        from app.domain.wareki import format_wareki

        return "案" if self.approved_on is None else f"承認済み（{format_wareki(self.approved_on)} 総会）"


def _status(row: YearPlan) -> PlanStatus:
    return PlanStatus(row.year, row.source_year, row.approved_on, row.meeting_on, row.meeting_place, row.meeting_id)


def plan_status(db: Database, year: FiscalYear) -> PlanStatus | None:
    """The year's plan; None for a year whose projects were entered directly (no 案 stage)."""
    with db.session() as session:
        row = session.get(YearPlan, year.year)
        return None if row is None else _status(row)


def plans_by_meeting(db: Database) -> dict[int, int]:
    """The 総会 records linked to a plan: meeting id → the year whose plan that 総会 approved."""
    with db.session() as session:
        return {m: y for y, m in session.execute(select(YearPlan.year, YearPlan.meeting_id)
                                                 .where(YearPlan.meeting_id.is_not(None))) if m is not None}


def pack_year_of(kind: str, held_in: int, approved_plan: int | None) -> FiscalYear | None:
    """The 総会資料 a 総会's record goes with: the 総会 closes one year and opens the next, so the
    pack of the year before the plan it approved (or, when it is linked to none, before the year it
    was held in). None for other meetings."""
    if kind != "総会":
        return None
    return FiscalYear(approved_plan if approved_plan is not None else held_in).previous()


def is_draft_year(db: Database, year: FiscalYear) -> bool:
    status = plan_status(db, year)
    return status is not None and status.is_draft


def _count_projects(session: Session, year: FiscalYear) -> int:
    return session.scalar(select(func.count()).select_from(ProjectRow).where(ProjectRow.year == year.year)) or 0


def make_next_plan(db: Database, year: FiscalYear) -> Result[int]:
    """Make the following year's draft projects from `year`'s, its 予算（案） from `year`'s budget
    and its 役員改選（案） (再任 for each term ending at the 総会), in one transaction; returns how
    many projects were made.

    Refused (nothing changed) when the following year has a plan or projects already, or `year`
    has no projects to start from."""
    with write_together(db) as view:
        made = _make_projects(view, year)
        budget = make_budget_draft(view, year)
        officers = make_officer_proposals(view, year.next())
    return Result(made.value, made.changes | budget.changes | officers.changes)


def _make_projects(db: Database, year: FiscalYear) -> Result[int]:
    following = year.next()
    with db.session.begin() as session:
        own = session.get(YearPlan, year.year)
        if own is not None and own.approved_on is None:
            raise ValidationError(f"{year.label}の事業計画はまだ案です。総会で承認してから、次年度の計画を作ってください。")
        if session.get(YearPlan, following.year) is not None:
            raise ValidationError(
                f"{following.label}の事業計画（案）は既に作られています。もう一度作ることはできません"
                f"（{following.label}の事業の一覧で直してください）。"
            )
        existing = _count_projects(session, following)
        if existing:
            raise ValidationError(
                f"{following.label}には事業が既に{existing}件あるため、事業計画（案）を作れません。"
            )
        rows = list(session.scalars(select(ProjectRow).where(ProjectRow.year == year.year).order_by(ProjectRow.id)))
        if not rows:
            raise ValidationError(f"{year.label}に事業がないため、{following.label}の事業計画（案）を作れません。")
        changes = Changes.of(PLANS, following.year)
        if session.get(FiscalYearRecord, following.year) is None:
            check_new_year(following)
            session.add(FiscalYearRecord(year=following.year))
            changes |= Changes.of(YEARS, following.year)
        session.add(YearPlan(year=following.year, source_year=year.year))
        drafts = [ProjectRow(year=following.year, **{f: getattr(r, f) for f in COPIED_FIELDS}) for r in rows]
        session.add_all(drafts)
        session.flush()
        return Result(len(drafts), changes | Changes.of(PROJECTS, *(d.id for d in drafts)))


def discard_next_plan(db: Database, year: FiscalYear) -> Changes:
    """Remove a draft plan of `year` whole: its projects, 予算（案） and 役員改選（案） (the undo of
    make_next_plan). An approved plan stays: its projects are the year's now."""
    with db.session.begin() as session:
        row = session.get(YearPlan, year.year)
        if row is None:
            return Changes()
        if row.approved_on is not None:
            raise ValidationError(f"{year.label}の事業計画は承認済みのため、取り消せません。")
        projects = list(session.scalars(select(ProjectRow).where(ProjectRow.year == year.year)))
        for project in projects:
            session.delete(project)
        for model in (BudgetDraftLine, OfficerProposal):
            for line in session.scalars(select(model).where(model.year == year.year)):
                session.delete(line)
        session.delete(row)
    return Changes.of(PLANS, year.year) | Changes.of(PROJECTS, *(p.id for p in projects)) | Changes.of(BUDGETS) \
        | Changes.of(OFFICERS)


def record_approved_plan(db: Database, year: FiscalYear, approved_on: date, place: str, meeting_id: int | None) -> Changes:
    """A plan approved before the office used 協働デスク for it (the year's projects were entered
    directly): its 総会 on record, so that the previous year's 議案書 prints as it was passed."""
    with db.session.begin() as session:
        if session.get(YearPlan, year.year) is not None:
            raise ValidationError(f"{year.label}の事業計画は既に記録されています。")
        session.add(YearPlan(year=year.year, source_year=year.previous().year, approved_on=approved_on,
                             meeting_on=approved_on, meeting_place=normalize_text(place), meeting_id=meeting_id))
    return Changes.of(PLANS, year.year)


def set_meeting(db: Database, year: FiscalYear, meeting_on: date | None, place: str) -> Result[PlanStatus]:
    """The 総会 that approves the year's plan: its date and place (for the 議案書's cover)."""
    clean = normalize_text(place)
    if len(clean) > PLACE_MAX:
        raise ValidationError(Problem("meeting_place", f"会場は{PLACE_MAX}文字以内で入力してください"))
    with db.session.begin() as session:
        row = session.get(YearPlan, year.year)
        if row is None:
            raise ValidationError(f"{year.label}の事業計画（案）がありません。先に「次年度の計画を作る」で作ってください。")
        before = _status(row)
        row.meeting_on, row.meeting_place = meeting_on, clean
    return Result(before, Changes.of(PLANS, year.year))
