"""The reports only the submission has: 団体概要 (profile and key figures). 事業実績 joins it once
the 事業・会議 area exists."""

from __future__ import annotations

from app.domain.fiscal_year import FiscalYear
from app.domain.wareki import format_wareki
from app.reports.model import Column, Report, Table
from app.services.profile import get_profile
from app.services.submission.figures import Figure
from app.storage.database import Database

# Labels of the profile rows; city hall reads 地域協働体名 and 年度 back (app.services.aggregate).
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


def build_overview_report(db: Database, year: FiscalYear, figures: list[Figure]) -> Report:
    profile = get_profile(db)
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
    for figure in figures:
        table.add(group=figure.group, label=figure.label, value=figure.value)
    return Report(f"{year.label} 団体概要", [table], [name])
