"""The data of the 総会資料 (議案書), gathered in one read transaction: the year's 事業報告 and
決算報告 (with its 監査報告) of each 会計, and the coming year's 役員改選（案）, 事業計画（案） and
予算（案） of each 会計 (the approved budget once the 総会 has passed it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from app.domain.fiscal_year import FiscalYear
from app.domain.pack_parts import parse_part_order
from app.domain.report_data import ReportOptions
from app.domain.report_data.accounts import AuditData, StatementData
from app.domain.report_data.pack import (
    BookBudgetPlan,
    BookSettlement,
    BudgetPlanLine,
    OfficerChangeLine,
    PackReportData,
    PlanLine,
)
from app.services.accounts.analysis import BudgetActual, lines_with_subtotals
from app.services.accounts.books import BookInfo, list_books
from app.services.accounts.budget_drafts import budget_draft
from app.services.accounts.budgets import current_budget
from app.services.accounts.categories import list_categories
from app.services.accounts.report_data import settlement_report_data
from app.services.members.officer_proposals import ending_terms, list_proposals
from app.services.members.officers import list_office_posts
from app.services.members.people import list_people
from app.services.profile import report_body
from app.services.projects.approval import planned_general_meeting
from app.services.projects.meetings import count_meetings, list_meetings
from app.services.projects.plans import PlanStatus, plan_status
from app.services.projects.projects import list_projects
from app.services.projects.report_data import results_report_data
from app.services.reading import read_snapshot
from app.services.settings import BYLAWS, PACK_PARTS, read_setting
from app.storage.database import Database

# (db, year, today, 会計名) → the 決算報告 and its 監査報告: the registry's own 'settlement' kind
Gather = Callable[[Database, FiscalYear, date | None, str], tuple[StatementData, AuditData]]


def _officers(view: Database, coming: FiscalYear) -> tuple[OfficerChangeLine, ...]:
    people = {p.id: p for p in list_people(view)}
    posts = {p.id: p.name for p in list_office_posts(view)}
    ending = {t.id: t for t in ending_terms(view, coming)}
    lines = []
    proposals = list_proposals(view, coming)
    for p in proposals:
        term = ending.pop(p.term_id, None) if p.term_id is not None else None
        person = people.get(p.person_id)
        lines.append(OfficerChangeLine(
            post=posts.get(p.post_id, ""), current=term.person_name if term else "",
            proposed=person.name if person else "", organisation=person.organisation_name if person else "",
            phone=person.phone if person else "", start_on=p.start_on, end_on=p.end_on,
        ))  # fmt: skip
    for t in ending.values():  # terms that end with nobody proposed yet
        lines.append(OfficerChangeLine(t.post_name, t.person_name, "", "", "", None, None))
    return tuple(lines)


def _plan(view: Database, coming: FiscalYear) -> tuple[PlanLine, ...]:
    lines = []
    for p in list_projects(view, coming):
        d = p.data
        target = f"{d.target_label} {d.target_value:,}{d.unit}".strip() if d.target_value is not None else d.target_label
        lines.append(PlanLine(d.name, p.plan_label, d.committee, d.goal, target, d.budget))
    return tuple(lines)


def _budget(view: Database, coming: FiscalYear, book: BookInfo) -> tuple[BudgetPlanLine, ...]:
    """The 会計's 予算（案）, or once approved its 当初予算 (empty: neither), with its 款・項 subtotals."""
    draft = budget_draft(view, coming, book_id=book.id)
    if draft is not None:
        return _with_subtotals(view, book, [BudgetActual(ln.category_id, ln.direction, ln.name, ln.amount,
                                                         ln.previous_budget, ln.note) for ln in draft.lines])
    approved = current_budget(view, coming, book_id=book.id)
    before = current_budget(view, coming.previous(), book_id=book.id)
    if approved is None:
        return ()
    amounts, previous = approved.amounts, before.amounts if before else {}
    return _with_subtotals(view, book, [
        BudgetActual(c.id, c.kind, c.name, amounts.get(c.id, 0), previous.get(c.id, 0), approved.notes.get(c.id, ""))
        for c in list_categories(view, book_id=book.id)
        if c.id in amounts or c.id in previous or not c.retired])


def _with_subtotals(view: Database, book: BookInfo, lines: list[BudgetActual]) -> tuple[BudgetPlanLine, ...]:
    """The 目 (予算額（案） as `budget`, 前年度予算額 as `actual`) in the 会計's tree, each 款・項 before
    them with the sums of what is under it — as the 収支予算書 shows them."""
    tree = list_categories(view, book_id=book.id, include_headings=True)
    return tuple(BudgetPlanLine(x.kind, x.name, x.budget, x.actual, x.note, x.category_id, x.depth, x.heading,
                                x.child_ids)
                 for x in lines_with_subtotals({ln.category_id: ln for ln in lines}, tree))


def _budgets(view: Database, coming: FiscalYear, books: list[BookInfo]) -> tuple[BookBudgetPlan, ...]:
    """One 予算（案） per 会計 that has one; a body with one 会計 gets its (maybe empty) one."""
    named = len(books) > 1
    plans = tuple(p for p in (BookBudgetPlan(b.name if named else "", _budget(view, coming, b)) for b in books)
                  if p.lines)
    return plans or (BookBudgetPlan("", ()),)


def _settlements(view: Database, year: FiscalYear, today: date | None, books: list[BookInfo],
                 settlement: Gather) -> tuple[BookSettlement, ...]:
    """One 決算報告 per 会計 that was used in the year, in the 会計's order (a 積立金 with transfers only
    still reports what it holds; a 会計 with no budget, no money and nothing held is left out —
    the first 会計 always reports)."""
    named = len(books) > 1
    reports = [BookSettlement(b.name if named else "", settlement(view, year, today, b.name)) for b in books]
    return tuple(r for n, r in enumerate(reports) if n == 0 or not r.data[0].is_blank)


def _settlement_of(db: Database, year: FiscalYear, today: date | None, book: str) -> tuple[StatementData, AuditData]:
    return settlement_report_data(db, year, today, ReportOptions(book=book))


def _cover_meeting(view: Database, coming: FiscalYear, status: PlanStatus | None) -> tuple[date | None, str]:
    """The 総会's date and place for the cover: those of the 総会's record linked to the plan (it
    follows the record's corrections), else the plan's (set when it is approved), else those of the
    総会 already entered in the 会議 list for the coming year's first quarter — the pack is usually
    printed before it is held."""
    on, place = (status.meeting_on, status.meeting_place) if status else (None, "")
    linked = [m.data for m in list_meetings(view, coming) if status is not None and m.id == status.meeting_id]
    if linked:
        return linked[0].held_on, linked[0].place or place
    planned = planned_general_meeting(view, coming)
    if planned is not None:
        return on or planned.held_on, place or planned.place
    return on, place


def pack_report_data(
    db: Database, year: FiscalYear, today: date | None = None, settlement: Gather = _settlement_of,
) -> PackReportData:
    coming = year.next()
    with read_snapshot(db) as view:
        books = list_books(view)
        status = plan_status(view, coming)
        counts = count_meetings(view, year)
        meeting_on, meeting_place = _cover_meeting(view, coming, status)
        return PackReportData(
            year=year, made_on=today or date.today(), body=report_body(view),
            meeting_on=meeting_on, meeting_place=meeting_place,
            plan_approved_on=status.approved_on if status else None,
            results=results_report_data(view, year),
            meetings_by_kind=tuple((k, n) for k, n in counts.by_kind.items() if n),
            settlements=_settlements(view, year, today, books, settlement),
            officers=_officers(view, coming), plan=_plan(view, coming), budgets=_budgets(view, coming, books),
            parts=parse_part_order(read_setting(view, PACK_PARTS)), bylaws=read_setting(view, BYLAWS),
        )  # fmt: skip
