"""The 総会 approves a year's plan: its draft projects become the year's projects, the 予算（案）
its 当初予算 and the 役員改選（案） officer terms — all in one transaction, or nothing.

Refused: a year without a draft plan, a plan approved already, a year with cash-book entries or a
当初予算 already (the draft would not be what the year started from). Asked first
(NeedsConfirmation, nothing changed): a draft budget that does not balance, a 総会 date outside
the year's first quarter.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.domain.fiscal_year import FiscalYear
from app.domain.input_bounds import refuse_out_of_bounds
from app.domain.validation import Problem, ValidationError
from app.domain.wareki import format_wareki
from app.services.accounts.budget_drafts import budget_drafts, discard_budget_draft
from app.services.accounts.budgets import save_budget
from app.services.changes import PLANS, Changes, Result
from app.services.members.officer_proposals import apply_proposals
from app.services.projects.meetings import MeetingData, list_meetings
from app.services.projects.plans import PlanStatus, plan_status
from app.services.reading import write_together
from app.storage.database import Database
from app.storage.models import BudgetVersion, LedgerEntry, Meeting, YearPlan


class NeedsConfirmation(ValidationError):
    """Approval is possible but unusual: ask the user, then call again with confirmed=True."""


def first_quarter(year: FiscalYear) -> tuple[date, date]:
    """When a 総会 is normally held: April to June of the year it opens."""
    return date(year.year, 4, 1), date(year.year, 6, 30)


def planned_general_meeting(db: Database, year: FiscalYear) -> MeetingData | None:
    """The 総会 entered in the 会議 list for the year's first quarter (the earliest): the one that
    will approve the plan, for the cover of a pack printed beforehand and the approval form."""
    start, end = first_quarter(year)
    held = [m.data for m in list_meetings(db, year)
            if m.data.kind == "総会" and m.data.held_on is not None and start <= m.data.held_on <= end]
    return held[0] if held else None


def _refusal(db: Database, year: FiscalYear) -> str:
    status = plan_status(db, year)
    if status is None:
        return f"{year.label}の事業計画（案）がありません。先に前の年度で「次年度の計画を作る」を実行してください。"
    if not status.is_draft:
        assert status.approved_on is not None
        return f"{year.label}の事業計画は{format_wareki(status.approved_on)}に承認済みです。"
    with db.session() as session:
        entries = session.scalar(select(func.count()).select_from(LedgerEntry).where(LedgerEntry.year == year.year))
        budgets = session.scalar(select(func.count()).select_from(BudgetVersion).where(BudgetVersion.year == year.year))
    if entries:
        return (f"{year.label}には出納簿の記帳が既に{entries}件あるため、事業計画（案）を承認できません。"
                "計画と予算は、年度の記帳を始める前の総会で承認してください。")
    if budgets:
        return (f"{year.label}には予算が既に登録されているため、予算（案）を当初予算にできません。"
                "管理費 > 予算 で確かめてください。")
    return ""


def approval_warnings(db: Database, year: FiscalYear, approved_on: date) -> list[str]:
    """What the user should confirm before approving (empty: nothing unusual)."""
    warnings = [d.balance().warning() for d in budget_drafts(db, year) if not d.balance().balanced]
    start, end = first_quarter(year)
    if not start <= approved_on <= end:
        warnings.append(f"総会の日（{format_wareki(approved_on)}）が{year.label}の第1四半期"
                        f"（{format_wareki(start)}〜{format_wareki(end)}）の外です。")
    return warnings


def approve_plan(db: Database, year: FiscalYear, approved_on: date, *, confirmed: bool = False) -> Result[PlanStatus]:
    """Approve the year's plan at the 総会 of `approved_on` (see the module's doc for the rules)."""
    refuse_out_of_bounds("approved_on", "総会の日", approved_on)  # 2173: a slip, not a warning
    with write_together(db) as view:
        refusal = _refusal(view, year)
        if refusal:
            raise ValidationError(refusal)
        warnings = approval_warnings(view, year, approved_on)
        if warnings and not confirmed:
            raise NeedsConfirmation([Problem("", w) for w in warnings])
        changes = Changes.of(PLANS, year.year)
        drafts = budget_drafts(view, year)
        for draft in drafts:  # each 会計's 予算（案） becomes its 当初予算
            saved = save_budget(view, year, {ln.category_id: ln.amount for ln in draft.lines}, number=0,
                                adopted_on=approved_on, note="総会で承認された予算（案）",
                                notes={ln.category_id: ln.note for ln in draft.lines if ln.note},
                                book_id=draft.book_id)
            changes |= saved.changes
        if drafts:
            changes |= discard_budget_draft(view, year)
        changes |= apply_proposals(view, year)
        with view.session.begin() as session:
            row = session.get(YearPlan, year.year)
            assert row is not None
            row.approved_on = approved_on
            row.meeting_on = row.meeting_on or approved_on
            # the 総会's record (会議の記録) of that day links to the plan (and the pack) it approved
            row.meeting_id = row.meeting_id or session.scalars(
                select(Meeting.id).where(Meeting.kind == "総会", Meeting.held_on == approved_on)).first()
            session.flush()
        status = plan_status(view, year)
    assert status is not None
    return Result(status, changes)
