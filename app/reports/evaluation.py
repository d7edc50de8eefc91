"""自己評価シート: per project and criterion the grade (A–D in its own cell), comment and evidence; the
figures behind them; the body-level evaluation; meetings; the criteria in the plan's own wording;
the 実施年次指標; and a chart of the grade profile, this year beside last year.

profile "public" (評価・検証結果の公表) leaves out personal names (担当者, 会長) and contact data.
"""

from __future__ import annotations

from datetime import date

from app.domain.fiscal_year import FiscalYear
from app.domain.plan import GRADE_BY_LETTER
from app.domain.wareki import format_wareki
from app.reports.model import BarChart, Column, Report, SumOf, Table
from app.services.profile import get_profile
from app.services.projects.evaluation import EvaluationSheet, EvaluationState, evaluation_sheet, grade_profile
from app.services.projects.meetings import list_meetings
from app.services.projects.rolling_targets import plan_in_force
from app.storage.database import Database

FORMAT_VERSION = "1"


def _meaning(state: EvaluationState, key: str) -> tuple[str | None, str]:
    grade = state.entry(key).grade
    return (grade or None), (GRADE_BY_LETTER[grade].meaning if grade else "未評価")


def _project_grades(sheet: EvaluationSheet) -> Table:
    t = Table("事業評価", [
        Column("project", "事業名", "text", 22), Column("criterion", "評価の視点", "text", 40),
        Column("grade", "評価", "grade", 7), Column("meaning", "評価の内容", "text", 11),
        Column("comment", "コメント", "text", 36), Column("evidence", "根拠", "text", 40),
    ])
    for n, pe in enumerate(sheet.projects, 1):
        p = pe.project
        committee = f"／担当 {p.data.committee}" if p.data.committee else ""
        t.section(f"{n}. {p.name}（{p.plan_label}{committee}）")
        for c in pe.state.criteria:
            grade, meaning = _meaning(pe.state, c.key)
            t.add(project=p.name, criterion=c.label, grade=grade, meaning=meaning,
                  comment=pe.state.entry(c.key).comment, evidence="\n".join(pe.evidence.lines(c.evidence)))
        t.add(project=p.name, criterion="次年度の方向性", meaning=pe.state.direction or "未記入")
    if not sheet.projects:
        t.add(project="（この年度の事業はまだありません）")
    return t


def _evidence_figures(sheet: EvaluationSheet, public: bool) -> Table:
    columns = [
        Column("project", "事業名", "text", 22), Column("plan", "プランの項目", "text", 22),
        Column("committee", "担当部会", "text", 12),
        *([] if public else [Column("person", "担当者", "text", 12)]),
        Column("target_label", "指標", "text", 12), Column("target", "数値目標", "int", 9),
        Column("result", "実績", "int", 9), Column("unit", "単位", "text", 5),
        Column("achievement", "達成率", "percent", 8), Column("participants", "参加者数", "int", 9),
        Column("budget", "予算額", "yen", 12), Column("settled", "決算額", "yen", 12),
        Column("cost_source", "決算額の根拠", "text", 9),
        Column("cost_rate", "執行率", "percent", 8), Column("committee_meetings", "部会の会議", "int", 8),
        Column("direction", "方向性", "text", 9),
    ]
    t = Table("事業の根拠", columns, caption=sheet.meetings.summary)
    for i, pe in enumerate(sheet.projects):
        p, d, ev = pe.project, pe.project.data, pe.evidence
        values = dict(project=p.name, plan=p.plan_label, committee=d.committee, target_label=d.target_label,
                      target=d.target_value, result=d.result_value, unit=d.unit, achievement=ev.achievement,
                      participants=d.participants, budget=d.budget, settled=p.settled_cost,
                      cost_source=p.cost_source if p.settled_cost is not None else "",
                      cost_rate=ev.cost_rate, committee_meetings=ev.committee_meetings if p.committee_ref else None,
                      direction=pe.state.direction)
        if not public:
            values["person"] = d.person_in_charge
        t.add(values, id=f"p{i}")
    if sheet.projects:
        last = f"p{len(sheet.projects) - 1}"
        t.add(project="合計", style="total",
              formulas={k: SumOf(k, "p0", last) for k in ("participants", "budget", "settled")})
    return t


def _body_evaluation(sheet: EvaluationSheet) -> Table:
    t = Table("団体評価", [
        Column("item", "項目", "text", 44), Column("grade", "評価", "grade", 7),
        Column("meaning", "評価の内容", "text", 10), Column("comment", "コメント・記述", "text", 60),
    ])
    body = sheet.body
    t.section("協働の行動基準")
    for c in body.criteria:
        grade, meaning = _meaning(body, c.key)
        t.add(item=c.label, grade=grade, meaning=meaning, comment=body.entry(c.key).comment)
    t.section("成果・課題・改善策")
    for label, text in (("成果", body.outcome), ("課題", body.issues), ("改善策", body.improvements)):
        t.add(item=label, comment=text or "未記入")
    t.add(item="根拠: 会議・話し合い", comment=sheet.meetings.summary)
    return t


def _meeting_counts(sheet: EvaluationSheet) -> Table:
    t = Table("会議・話し合い", [Column("kind", "種類", "text", 20), Column("count", "回数", "int", 10)])
    kinds = list(sheet.meetings.by_kind.items())
    for i, (kind, n) in enumerate(kinds):
        t.add(kind=kind, count=n, id=f"k{i}")
    t.add(kind="合計", style="total", count=sheet.meetings.total, formulas={"count": SumOf("count", "k0", f"k{len(kinds) - 1}")})
    return t


def _meeting_list(db: Database, year: FiscalYear) -> Table:
    t = Table("会議一覧", [
        Column("held_on", "開催日", "date", 11), Column("kind", "種類", "text", 11),
        Column("committee", "部会", "text", 12), Column("title", "会議名", "text", 22),
        Column("attendees", "出席者数", "int", 8), Column("agenda", "議題", "text", 34),
        Column("decisions", "決定事項", "text", 34),
    ])
    for m in list_meetings(db, year):
        d = m.data
        t.add(held_on=d.held_on, kind=d.kind, committee=d.committee, title=d.title, attendees=d.attendees,
              agenda=d.agenda, decisions=d.decisions)
    return t


def _criteria(sheet: EvaluationSheet) -> Table:
    t = Table("評価の視点", [
        Column("short", "略称", "text", 8), Column("group", "区分", "text", 16),
        Column("wording", "評価の視点（プランの文言）", "text", 60), Column("scope", "対象", "text", 8),
    ])
    first = sheet.body.criteria_first_year
    t.caption = "評価の視点: 一関市協働推進アクションプランの評価の視点" if first <= 1900 else f"評価の視点: {FiscalYear(first).label}から適用"
    criteria = (*sheet.project_criteria, *sheet.body.criteria)
    for c in criteria:
        t.add(short=c.short, group=c.group, wording=f"{c.mark} {c.wording}".strip(),
              scope="事業" if c.scope == "project" else "団体")
    return t


def _targets(db: Database, year: FiscalYear) -> Table | None:
    plan = plan_in_force(db, year)
    if plan is None:
        return None
    columns = [Column("item", "プランの項目", "text", 30)] + [
        Column(f"y{y}", FiscalYear(y).label, "text", 26) for y in plan.years
    ]
    t = Table("実施年次指標", columns, caption=f"実施年次指標（{FiscalYear(plan.plan_year).label}策定、3か年度分）")
    for row in plan.rows:
        t.add({"item": row.label, **{f"y{y}": row.targets[y].text for y in plan.years}})
    return t


def _chart(db: Database, year: FiscalYear, sheet: EvaluationSheet) -> BarChart:
    this = grade_profile(sheet)
    last = {p.key: p.score for p in grade_profile(evaluation_sheet(db, year.previous()))}
    return BarChart(
        "評価項目別の評点（A=100・B=75・C=50・D=25 の平均）",
        [p.short for p in this],
        [(year.previous().label, [last.get(p.key) or 0 for p in this]),
         (year.label, [p.score or 0 for p in this])],
        value_label="点",
    )


def build_evaluation_report(db: Database, year: FiscalYear, profile: str = "full") -> Report:
    public = profile == "public"
    sheet = evaluation_sheet(db, year)
    body = get_profile(db)
    lines = []
    if body:
        lines.append(" ".join(x for x in (body.name, body.centre_name) if x))
        if not public:
            contact = "　".join(x for x in (
                f"会長 {body.chair_name}" if body.chair_name else "",
                body.address, f"電話 {body.phone}" if body.phone else "") if x)
            if contact:
                lines.append(contact)
    lines += [sheet.meetings.summary, f"{format_wareki(date.today())} 作成"]
    tables = [_project_grades(sheet), _evidence_figures(sheet, public), _body_evaluation(sheet),
              _meeting_counts(sheet)]
    if not public:
        tables.append(_meeting_list(db, year))
    tables.append(_criteria(sheet))
    targets = _targets(db, year)
    if targets is not None:
        tables.append(targets)
    return Report(
        f"{year.label} 自己評価シート" + ("（公表用）" if public else ""),
        tables,
        lines,
        landscape=True,
        contains_personal_data=not public,
        charts=[_chart(db, year, sheet)],
        metadata={"format_version": FORMAT_VERSION, "kind": "evaluation", "fiscal_year": str(year.year),
                  "profile": profile},
        meta_sheet=True,
    )
