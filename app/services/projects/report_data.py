"""The data of the 事業 reports, gathered in one read transaction (app.domain.report_data.projects)."""

from __future__ import annotations

from datetime import date

from app.domain.fiscal_year import FiscalYear
from app.domain.report_data.projects import (
    CriterionLine,
    EvaluationReportData,
    GradeLine,
    MeetingLine,
    ProfileBar,
    ProjectEvaluationLine,
    ProjectResultLine,
    ResultsReportData,
    TargetsTable,
)
from app.services.profile import report_body
from app.services.projects.criteria import CriterionInfo
from app.services.projects.evaluation import (
    EvaluationState,
    Evidence,
    ProjectEvaluation,
    evaluation_sheet,
    grade_profile,
)
from app.services.projects.meetings import list_meetings
from app.services.projects.projects import list_projects
from app.services.projects.rolling_targets import plan_in_force
from app.services.reading import read_snapshot
from app.storage.database import Database


def _grades(state: EvaluationState, evidence: Evidence | None = None) -> tuple[GradeLine, ...]:
    return tuple(
        GradeLine(c.label, state.entry(c.key).grade, state.entry(c.key).comment,
                  tuple(evidence.lines(c.evidence)) if evidence else ())
        for c in state.criteria
    )


def _project(pe: ProjectEvaluation) -> ProjectEvaluationLine:
    p, d, ev = pe.project, pe.project.data, pe.evidence
    return ProjectEvaluationLine(
        name=p.name, plan_label=p.plan_label, committee=d.committee, person_in_charge=d.person_in_charge,
        target_label=d.target_label, target_value=d.target_value, result_value=d.result_value, unit=d.unit,
        achievement=ev.achievement, participants=d.participants, budget=d.budget, settled_cost=p.settled_cost,
        cost_source=p.cost_source, cost_rate=ev.cost_rate,
        committee_meetings=ev.committee_meetings if p.committee_ref else None,
        direction=pe.state.direction, grades=_grades(pe.state, ev),
    )  # fmt: skip


def _criterion(c: CriterionInfo) -> CriterionLine:
    return CriterionLine(c.short, c.label, c.group, c.mark, c.wording, c.scope)


def evaluation_report_data(db: Database, year: FiscalYear, today: date | None = None) -> EvaluationReportData:
    with read_snapshot(db) as view:
        body = report_body(view)
        sheet = evaluation_sheet(view, year)
        last = {p.key: p.score for p in grade_profile(evaluation_sheet(view, year.previous()))}
        meetings = tuple(
            MeetingLine(m.data.held_on, m.data.kind, m.data.committee, m.data.title, m.data.attendees,
                        m.data.agenda, m.data.decisions)
            for m in list_meetings(view, year)
        )
        plan = plan_in_force(view, year)
    targets = None if plan is None else TargetsTable(
        plan.plan_year, tuple(plan.years),
        tuple((row.label, tuple(row.targets[y].text for y in plan.years)) for row in plan.rows),
    )
    counts = sheet.meetings
    return EvaluationReportData(
        year=year, made_on=today or date.today(), body=body,
        projects=tuple(_project(pe) for pe in sheet.projects),
        body_grades=_grades(sheet.body), outcome=sheet.body.outcome, issues=sheet.body.issues,
        improvements=sheet.body.improvements,
        meetings_summary=counts.summary, meetings_by_kind=tuple(counts.by_kind.items()), meetings_total=counts.total,
        meetings=meetings,
        criteria=tuple(_criterion(c) for c in (*sheet.project_criteria, *sheet.body.criteria)),
        criteria_first_year=sheet.body.criteria_first_year, targets=targets,
        grade_profile=tuple(ProfileBar(p.short, p.score, last.get(p.key)) for p in grade_profile(sheet)),
    )  # fmt: skip


def results_report_data(db: Database, year: FiscalYear, *, book_id: int | None = None) -> ResultsReportData:
    """事業実績; `book_id`: the 決算額 from that 会計's entries only (the submission: the 提出対象)."""
    with read_snapshot(db) as view:
        body = report_body(view)
        projects = tuple(
            ProjectResultLine(
                name=p.name, plan_label=p.plan_label, committee=p.data.committee, start_on=p.data.start_on,
                end_on=p.data.end_on, goal=p.data.goal, target_label=p.data.target_label,
                target_value=p.data.target_value, result_value=p.data.result_value, unit=p.data.unit,
                participants=p.data.participants, budget=p.data.budget, settled_cost=p.settled_cost,
            )
            for p in list_projects(view, year, book_id=book_id)
        )  # fmt: skip
    return ResultsReportData(year, body, projects)
