"""Demo data for 事業・会議・自己評価: about 10 projects a year across the plan's three pillars,
20–30 meetings a year, full evaluations for the two finished years, a partial one for the current
year, and 実施年次指標 rolled forward each year. Every name is fictional.

担当部会 and meetings name the committees of the 名簿 (the members step comes first), so they are
linked; the current year's 事業費 entries in the cash book are linked to projects (the finished
years are closed, their 決算額 stay as entered).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from app.domain.fiscal_year import FiscalYear
from app.domain.plan import PLAN_ITEMS
from app.services.accounts.ledger import list_entries, update_entry
from app.services.projects.evaluation import get_evaluation, set_evaluation_text, set_grade
from app.services.projects.meetings import MeetingData, create_meeting
from app.services.projects.projects import ProjectData, create_project, list_projects
from app.services.projects.rolling_targets import Target, roll_forward, set_target
from app.storage.database import Database

if TYPE_CHECKING:
    from app.services.demo.create import DemoContext

COMMITTEES = ("総務部会", "生涯学習部会", "福祉部会", "環境・安全部会")  # as in members_demo
PEOPLE = ("見本 一郎", "架空 花子", "仮名 次郎", "試験 良子", "例示 三郎")

# (name, plan item, committee, 指標, unit, target, budget)
PROJECT_TEMPLATES = (
    ("地域づくり通信の発行", "1-1", "総務部会", "発行回数", "回", 6, 120_000),
    ("協働のまちづくり説明会", "1-1", "総務部会", "参加者数", "人", 60, 30_000),
    ("地域リーダー養成講座", "1-2", "生涯学習部会", "受講者数", "人", 25, 80_000),
    ("ふるさと歴史講座", "1-2", "生涯学習部会", "参加者数", "人", 40, 50_000),
    ("地域懇談会（市長と語る会）", "2-1", "総務部会", "参加者数", "人", 50, 20_000),
    ("地域福祉見守り活動", "2-2", "福祉部会", "訪問世帯数", "世帯", 120, 90_000),
    ("子育てサロン", "2-3", "福祉部会", "開催回数", "回", 10, 60_000),
    ("地域文化祭（実行委員会事業）", "2-4", "生涯学習部会", "来場者数", "人", 400, 350_000),
    ("地域づくり計画の見直しワークショップ", "2-5", "総務部会", "参加者数", "人", 30, 40_000),
    ("自治会長連絡会議", "3-1", "総務部会", "参加自治会数", "団体", 18, 15_000),
    ("市民センター周辺の環境美化", "3-2", "環境・安全部会", "参加者数", "人", 150, 70_000),
    ("子ども地域体験教室", "3-2", "生涯学習部会", "参加児童数", "人", 35, 55_000),
)

# 実施年次指標 per plan item: (指標, unit, first-year value, yearly step)
TARGET_TEMPLATES = {
    "1-1": ("広報紙・説明会の実施回数", "回", 7, 1), "1-2": ("講座・研修会の受講者数", "人", 60, 5),
    "1-3": ("市職員との合同研修", "回", 1, 0), "2-1": ("懇談会・意見交換会", "回", 3, 0),
    "2-2": ("見守り訪問世帯数", "世帯", 110, 10), "2-3": ("中間支援を受けた活動", "件", 8, 1),
    "2-4": ("共催・実行委員会事業", "件", 2, 0), "2-5": ("地域づくり計画の点検", "回", 2, 0),
    "3-1": ("連携した団体数", "団体", 16, 1), "3-2": ("交流・体験事業の参加者数", "人", 170, 10),
}

MEETING_PLAN = (  # (kind, committee, title, month offsets from April)
    ("総会", "", "定期総会", (1,)),
    ("役員会", "", "役員会", (0, 2, 4, 6, 8, 10, 11)),
    ("部会", "総務部会", "総務部会", (1, 5, 9)),
    ("部会", "生涯学習部会", "生涯学習部会", (1, 4, 8)),
    ("部会", "福祉部会", "福祉部会", (2, 6, 10)),
    ("部会", "環境・安全部会", "環境・安全部会", (2, 7)),
    ("部会", "総務部会", "総務部会（地域づくり計画）", (3, 11)),
    ("ワークショップ", "総務部会", "地域づくり計画ワークショップ", (5, 7)),
    ("懇談会", "", "地域懇談会", (6,)),
    ("その他", "", "自治会長連絡会議", (8,)),
)

COMMENTS = {
    "A": "目標を上回る成果があった。", "B": "概ね計画どおり実施できた。",
    "C": "一部に課題が残った。", "D": "目標に届かなかった。次年度の進め方を見直す。",
}


def _day(year: FiscalYear, month_offset: int, day: int) -> date:
    y, m = year.months()[month_offset]
    return date(y, m, min(day, 28))


def _grade_for(rate: float | None) -> str:
    if rate is None:
        return "B"
    return "A" if rate >= 1.0 else "B" if rate >= 0.8 else "C" if rate >= 0.5 else "D"


def _projects(db: Database, ctx: DemoContext, year: FiscalYear) -> None:
    rng = ctx.rng
    chosen = rng.sample(PROJECT_TEMPLATES, 10)
    for n, (name, item, committee, label, unit, target, budget) in enumerate(chosen):
        start = _day(year, rng.randint(0, 9), rng.randint(1, 28))
        end = min(start + timedelta(days=rng.choice((0, 0, 30, 90))), year.end)
        done = end < ctx.today
        result = round(target * rng.uniform(0.55, 1.25)) if done else None
        cost = (budget * rng.randint(80, 102) // 100) if done else None
        create_project(db, year, ProjectData(
            name=name, item_code=item, committee=committee, person_in_charge=PEOPLE[n % len(PEOPLE)],
            goal=f"{PLAN_ITEMS[item].goals[0]}を進める。", target_label=label, target_value=target,
            result_value=result, unit=unit, start_on=start, end_on=end,
            participants=(result if unit == "人" else None), budget=budget, actual_cost=cost,
        ))


def _meetings(db: Database, ctx: DemoContext, year: FiscalYear) -> None:
    rng = ctx.rng
    extra = rng.randint(0, 5)  # 20–30 a year
    plan = [(k, c, t, o) for k, c, t, offsets in MEETING_PLAN for o in offsets]
    plan += [("その他", "", "打合せ", rng.randint(0, 11)) for _ in range(extra)]
    for kind, committee, title, offset in plan:
        held = _day(year, offset, rng.randint(1, 28))
        if held > ctx.today:
            continue
        create_meeting(db, year, MeetingData(
            held_on=held, kind=kind, committee=committee, title=title, attendees=rng.randint(8, 40),
            agenda=f"{title}の議題（事業の進み具合、次の予定）", decisions="原案どおり承認",
        ))


def _evaluate(db: Database, ctx: DemoContext, year: FiscalYear, partial: bool) -> None:
    rng = ctx.rng
    projects = list_projects(db, year)
    for i, p in enumerate(projects):
        if partial and (p.data.result_value is None or i % 2):
            continue  # the current year: only some finished projects are graded so far
        state = get_evaluation(db, year, p.id)
        for c in state.criteria:
            if partial and c.evidence == "":
                continue
            if c.evidence == "target":
                d = p.data
                grade = _grade_for(d.result_value / d.target_value if d.target_value and d.result_value else None)
            elif c.evidence == "cost":
                grade = "A" if (p.settled_cost or 0) <= p.data.budget else "B"
            else:
                grade = rng.choice("AABBBC")
            set_grade(db, year, p.id, c.key, grade, COMMENTS[grade])
        if not partial:
            direction = rng.choice(("継続", "継続", "拡充", "見直し"))
            set_evaluation_text(db, year, p.id, "direction", direction)
    if partial:
        return
    body = get_evaluation(db, year)
    for c in body.criteria:
        grade = rng.choice("ABB")
        set_grade(db, year, None, c.key, grade, COMMENTS[grade])
    set_evaluation_text(db, year, None, "outcome", "部会ごとの事業が定着し、参加者が増えた。")
    set_evaluation_text(db, year, None, "issues", "役員の高齢化と担い手不足。若い世代の参加が少ない。")
    set_evaluation_text(db, year, None, "improvements", "子育て世代向けの事業を増やし、ワークショップで意見を集める。")


def _targets(db: Database, ctx: DemoContext) -> None:
    first = ctx.years[0]
    for item, (indicator, unit, value, step) in TARGET_TEMPLATES.items():
        for k in range(3):
            set_target(db, first, item, first.year + k, Target(indicator, value + step * k, unit))
    plan = first
    for _ in ctx.years[1:]:
        plan = roll_forward(db, plan).value
        newest = plan.year + 2  # the year the roll opened, empty until filled
        for item, (indicator, unit, value, step) in TARGET_TEMPLATES.items():
            set_target(db, plan, item, newest, Target(indicator, value + step * (newest - first.year), unit))


def _link_ledger(db: Database, year: FiscalYear) -> None:
    """Each 事業費 payment of the year goes to the project that started last before it."""
    dated = [(p.data.start_on, p) for p in list_projects(db, year) if p.data.start_on]
    projects = sorted(dated, key=lambda d: d[0])
    for entry in list_entries(db, year):
        if entry.category_name != "事業費" or entry.direction != "expense":
            continue
        started = [p for start_on, p in projects if start_on <= entry.entry_date]
        if started:
            update_entry(db, entry.id, replace(entry.as_input(year), project_id=started[-1].id))


def projects_demo_step(db: Database, ctx: DemoContext) -> None:
    for year in ctx.years:
        _projects(db, ctx, year)
        _meetings(db, ctx, year)
    _targets(db, ctx)
    for year in ctx.years[:-1]:
        _evaluate(db, ctx, year, partial=False)
    _evaluate(db, ctx, ctx.current_year, partial=True)
    _link_ledger(db, ctx.current_year)
