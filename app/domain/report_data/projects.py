"""Data of the 事業 reports: the 自己評価シート and the submission's 事業実績."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.fiscal_year import FiscalYear
from app.domain.report_data import ReportBody


@dataclass(frozen=True)
class CriterionLine:
    """A criterion of the year's set, in the plan's own wording."""

    short: str  # 客観❶
    label: str  # 「客観的評価検証 ❶ 想定した事業の目標や成果が達成されたか」
    group: str
    mark: str
    wording: str
    scope: str  # "project" | "body"


@dataclass(frozen=True)
class GradeLine:
    """One criterion as graded."""

    label: str  # the criterion's label
    grade: str  # "A".."D", "" when not graded yet
    comment: str
    evidence: tuple[str, ...] = ()  # the lines shown beside it (target vs result, cost, meetings)


@dataclass(frozen=True)
class ProjectEvaluationLine:
    name: str
    plan_label: str
    committee: str
    person_in_charge: str  # 担当者: personal data, left out of the 公表用 sheet
    target_label: str
    target_value: int | None
    result_value: int | None
    unit: str
    achievement: float | None  # 実績 ÷ 数値目標
    participants: int | None
    budget: int
    settled_cost: int | None  # 決算額 (None: not entered)
    cost_source: str  # where the 決算額 comes from (出納簿 / 入力)
    cost_rate: float | None  # 決算額 ÷ 予算額
    committee_meetings: int | None  # meetings of its 部会; None for a project without one
    direction: str  # 次年度の方向性
    grades: tuple[GradeLine, ...]


@dataclass(frozen=True)
class MeetingLine:
    held_on: date | None
    kind: str
    committee: str
    title: str
    attendees: int | None
    agenda: str
    decisions: str


@dataclass(frozen=True)
class TargetsTable:
    """The 実施年次指標 in force: a row per plan item, a text per year."""

    plan_year: int
    years: tuple[int, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (plan item, the target text of each year)


@dataclass(frozen=True)
class ProfileBar:
    short: str
    this_year: int | None  # 0–100, None when nothing was graded
    last_year: int | None


@dataclass(frozen=True)
class EvaluationReportData:
    year: FiscalYear
    made_on: date
    body: ReportBody | None
    projects: tuple[ProjectEvaluationLine, ...]
    body_grades: tuple[GradeLine, ...]  # 協働の行動基準
    outcome: str  # 成果
    issues: str  # 課題
    improvements: str  # 改善策
    meetings_summary: str  # 「会議・話し合い 18回（総会 1回・…）」
    meetings_by_kind: tuple[tuple[str, int], ...]
    meetings_total: int
    meetings: tuple[MeetingLine, ...]
    criteria: tuple[CriterionLine, ...]  # the projects', then the body's
    criteria_first_year: int  # the year the body's criteria set applies from (≤ 1900: the plan's own)
    targets: TargetsTable | None
    grade_profile: tuple[ProfileBar, ...]


@dataclass(frozen=True)
class ProjectResultLine:
    name: str
    plan_label: str
    committee: str
    start_on: date | None
    end_on: date | None
    goal: str
    target_label: str
    target_value: int | None
    result_value: int | None
    unit: str
    participants: int | None
    budget: int
    settled_cost: int | None


@dataclass(frozen=True)
class ResultsReportData:
    """事業実績 (a sheet of the submission): what each project set out to do and achieved."""

    year: FiscalYear
    body: ReportBody | None
    projects: tuple[ProjectResultLine, ...]
