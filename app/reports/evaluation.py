"""自己評価シート: per project and criterion the grade (A–D in its own cell), comment and evidence; the
figures behind them; the body-level evaluation; meetings; the criteria in the plan's own wording;
the 実施年次指標; and a chart of the grade profile, this year beside last year.

profile "public" (評価・検証結果の公表) leaves out personal names (担当者, 会長) and contact data.
Pure shaping: the data comes from app.services.projects.report_data.
"""

from __future__ import annotations

from app.domain.fiscal_year import FiscalYear
from app.domain.plan import GRADE_BY_LETTER, UNGRADED
from app.domain.report_data.projects import EvaluationReportData, GradeLine
from app.domain.wareki import format_wareki
from app.reports.model import BarChart, Column, Report, SumOf, Table

FORMAT_VERSION = "1"


def _meaning(line: GradeLine) -> tuple[str | None, str]:
    grade = line.grade
    return (grade or None), (GRADE_BY_LETTER[grade].meaning if grade else UNGRADED)


def _project_grades(data: EvaluationReportData) -> Table:
    t = Table("事業評価", [
        Column("project", "事業名", "text", 22), Column("criterion", "評価の視点", "text", 40),
        Column("grade", "評価", "grade", 7), Column("meaning", "評価の内容", "text", 11),
        Column("comment", "コメント", "text", 36), Column("evidence", "根拠", "text", 40),
    ])
    for n, p in enumerate(data.projects, 1):
        committee = f"／担当 {p.committee}" if p.committee else ""
        t.section(f"{n}. {p.name}（{p.plan_label}{committee}）")
        for g in p.grades:
            grade, meaning = _meaning(g)
            t.add(project=p.name, criterion=g.label, grade=grade, meaning=meaning,
                  comment=g.comment, evidence="\n".join(g.evidence))
        t.add(project=p.name, criterion="次年度の方向性", meaning=p.direction or "未記入")
    if not data.projects:
        t.add(project="（この年度の事業はまだありません）")
    return t


def _evidence_figures(data: EvaluationReportData, public: bool) -> Table:
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
    t = Table("事業の根拠", columns, caption=data.meetings_summary)
    for i, p in enumerate(data.projects):
        values = dict(project=p.name, plan=p.plan_label, committee=p.committee, target_label=p.target_label,
                      target=p.target_value, result=p.result_value, unit=p.unit, achievement=p.achievement,
                      participants=p.participants, budget=p.budget, settled=p.settled_cost,
                      cost_source=p.cost_source if p.settled_cost is not None else "",
                      cost_rate=p.cost_rate, committee_meetings=p.committee_meetings, direction=p.direction)
        if not public:
            values["person"] = p.person_in_charge
        t.add(values, id=f"p{i}")
    if data.projects:
        last = f"p{len(data.projects) - 1}"
        t.add(project="合計", style="total",
              formulas={k: SumOf(k, "p0", last) for k in ("participants", "budget", "settled")})
    return t


def _body_evaluation(data: EvaluationReportData) -> Table:
    t = Table("団体評価", [
        Column("item", "項目", "text", 44), Column("grade", "評価", "grade", 7),
        Column("meaning", "評価の内容", "text", 10), Column("comment", "コメント・記述", "text", 60),
    ])
    t.section("協働の行動基準")
    for g in data.body_grades:
        grade, meaning = _meaning(g)
        t.add(item=g.label, grade=grade, meaning=meaning, comment=g.comment)
    t.section("成果・課題・改善策")
    for label, text in (("成果", data.outcome), ("課題", data.issues), ("改善策", data.improvements)):
        t.add(item=label, comment=text or "未記入")
    t.add(item="根拠: 会議・話し合い", comment=data.meetings_summary)
    return t


def _meeting_counts(data: EvaluationReportData) -> Table:
    t = Table("会議・話し合い", [Column("kind", "種類", "text", 20), Column("count", "回数", "int", 10)])
    kinds = data.meetings_by_kind
    for i, (kind, n) in enumerate(kinds):
        t.add(kind=kind, count=n, id=f"k{i}")
    t.add(kind="合計", style="total", count=data.meetings_total,
          formulas={"count": SumOf("count", "k0", f"k{len(kinds) - 1}")})
    return t


def _meeting_list(data: EvaluationReportData) -> Table:
    t = Table("会議一覧", [
        Column("held_on", "開催日", "date", 11), Column("kind", "種類", "text", 11),
        Column("committee", "部会", "text", 12), Column("title", "会議名", "text", 22),
        Column("attendees", "出席者数", "int", 8), Column("agenda", "議題", "text", 34),
        Column("decisions", "決定事項", "text", 34),
    ])
    for m in data.meetings:
        t.add(held_on=m.held_on, kind=m.kind, committee=m.committee, title=m.title, attendees=m.attendees,
              agenda=m.agenda, decisions=m.decisions)
    return t


def _criteria(data: EvaluationReportData) -> Table:
    t = Table("評価の視点", [
        Column("short", "略称", "text", 8), Column("group", "区分", "text", 16),
        Column("wording", "評価の視点（プランの文言）", "text", 60), Column("scope", "対象", "text", 8),
    ])
    first = data.criteria_first_year
    t.caption = "評価の視点: 一関市協働推進アクションプランの評価の視点" if first <= 1900 else f"評価の視点: {FiscalYear(first).label}から適用"
    for c in data.criteria:
        t.add(short=c.short, group=c.group, wording=f"{c.mark} {c.wording}".strip(),
              scope="事業" if c.scope == "project" else "団体")
    return t


def _targets(data: EvaluationReportData) -> Table | None:
    plan = data.targets
    if plan is None:
        return None
    columns = [Column("item", "プランの項目", "text", 30)] + [
        Column(f"y{y}", FiscalYear(y).label, "text", 26) for y in plan.years
    ]
    t = Table("実施年次指標", columns, caption=f"実施年次指標（{FiscalYear(plan.plan_year).label}策定、3か年度分）")
    for label, texts in plan.rows:
        t.add({"item": label, **{f"y{y}": text for y, text in zip(plan.years, texts, strict=True)}})
    return t


def _chart(data: EvaluationReportData) -> BarChart:
    year = data.year
    return BarChart(
        "評価項目別の評点（A=100・B=75・C=50・D=25 の平均）",
        [p.short for p in data.grade_profile],
        [(year.previous().label, [p.last_year or 0 for p in data.grade_profile]),
         (year.label, [p.this_year or 0 for p in data.grade_profile])],
        value_label="点",
    )


def evaluation_report(data: EvaluationReportData, profile: str = "full") -> Report:
    public = profile == "public"
    year, body = data.year, data.body
    lines = []
    if body:
        lines.append(" ".join(x for x in (body.name, body.centre_name) if x))
        if not public:
            contact = "　".join(x for x in (
                f"会長 {body.chair_name}" if body.chair_name else "",
                body.address, f"電話 {body.phone}" if body.phone else "") if x)
            if contact:
                lines.append(contact)
    lines += [data.meetings_summary, f"{format_wareki(data.made_on)} 作成"]
    tables = [_project_grades(data), _evidence_figures(data, public), _body_evaluation(data), _meeting_counts(data)]
    if not public:
        tables.append(_meeting_list(data))
    tables.append(_criteria(data))
    targets = _targets(data)
    if targets is not None:
        tables.append(targets)
    return Report(
        f"{year.label} 自己評価シート" + ("（公表用）" if public else ""),
        tables,
        lines,
        landscape=True,
        contains_personal_data=not public,
        charts=[_chart(data)],
        metadata={"format_version": FORMAT_VERSION, "kind": "evaluation", "fiscal_year": str(year.year),
                  "profile": profile},
        meta_sheet=True,
    )
