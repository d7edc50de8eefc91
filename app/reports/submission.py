"""The reports only the submission has: 団体概要 (profile and key figures) and 事業実績.

Pure shaping: the data comes from app.services.submission.report_data.
"""

from __future__ import annotations

from datetime import date

from app.domain.report_data.projects import ResultsReportData
from app.domain.report_data.submission import OverviewReportData
from app.domain.wareki import format_wareki
from app.reports.model import Column, Report, SumOf, Table

# Labels of the profile rows; city hall reads 地域協働体名 and 年度 back (app.services.city.aggregate).
PROFILE_GROUP = "団体"
NAME_LABEL = "地域協働体名"
YEAR_LABEL = "年度"


def overview_columns() -> list[Column]:
    return [
        Column("group", "区分", "text", 12),
        Column("label", "項目", "text", 24),
        Column("value", "数値", "int", 12),
        Column("text", "内容", "text", 44),
    ]


def overview_report(data: OverviewReportData) -> Report:
    year, profile = data.year, data.body
    name = profile.name if profile else ""
    table = Table("団体概要", overview_columns())
    table.add(group=PROFILE_GROUP, label=NAME_LABEL, text=name)
    table.add(group=PROFILE_GROUP, label=YEAR_LABEL, text=year.label_full)
    if profile:
        address = " ".join(
            x for x in (f"〒{profile.postal_code}" if profile.postal_code else "", profile.address) if x
        )
        for label, text in (
            ("市民センター名", profile.centre_name),
            ("地域", profile.area),
            ("会長名", profile.chair_name),
            ("所在地", address),
            ("電話", profile.phone),
            ("設立日", format_wareki(profile.established_on) if profile.established_on else ""),
        ):
            table.add(group=PROFILE_GROUP, label=label, text=text)
    for figure in data.figures:
        table.add(group=figure.group, label=figure.label, value=figure.value)
    return Report(f"{year.label} 団体概要", [table], [name])


def _period(start: date | None, end: date | None) -> str:
    if start and end and start != end:
        return f"{format_wareki(start)}〜{format_wareki(end)}"
    day = start or end
    return format_wareki(day) if day else ""


def results_report(data: ResultsReportData) -> Report:
    """事業実績: what each project set out to do and what it achieved, without 担当者 (personal data)."""
    year, profile, projects = data.year, data.body, data.projects
    columns = [
        Column("name", "事業名", "text", 24),
        Column("plan", "プランの項目", "text", 22),
        Column("committee", "担当部会", "text", 12),
        Column("period", "実施期間", "text", 20),
        Column("goal", "目標", "text", 28),
        Column("target_label", "指標", "text", 12),
        Column("target", "数値目標", "int", 9),
        Column("result", "実績", "int", 9),
        Column("unit", "単位", "text", 6),
        Column("participants", "参加者数", "int", 9),
        Column("budget", "予算額", "yen", 12),
        Column("settled", "決算額", "yen", 12),
    ]
    table = Table("事業実績", columns)
    for i, p in enumerate(projects):
        table.add(
            id=f"p{i}",
            name=p.name,
            plan=p.plan_label,
            committee=p.committee or None,
            period=_period(p.start_on, p.end_on) or None,
            goal=p.goal or None,
            target_label=p.target_label or None,
            target=p.target_value,
            result=p.result_value,
            unit=p.unit or None,
            participants=p.participants,
            budget=p.budget,
            settled=p.settled_cost,
        )
    if projects:
        last = f"p{len(projects) - 1}"
        table.add(
            name="合計",
            style="total",
            formulas={k: SumOf(k, "p0", last) for k in ("participants", "budget", "settled")},
        )
    else:
        table.add(name="（この年度の事業はありません）")
    return Report(f"{year.label} 事業実績", [table], [profile.name if profile else ""], landscape=True)
