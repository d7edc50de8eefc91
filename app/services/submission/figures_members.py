"""Key figures from 名簿: 構成団体数, 世帯数 and 個人会員数 of the year — members at some time during
the year, the same ones the 構成団体 sheet lists."""

from __future__ import annotations

from app.domain.fiscal_year import FiscalYear
from app.domain.member_fields import active_during
from app.services.members.organisations import list_organisations
from app.services.members.people import list_people
from app.services.submission.figures import Figure
from app.storage.database import Database

GROUP = "名簿"


def register_figures(db: Database, year: FiscalYear) -> list[Figure]:
    organisations = [
        o for o in list_organisations(db) if active_during(o.joined_on, o.left_on, year.start, year.end)
    ]
    people = [p for p in list_people(db) if active_during(p.joined_on, p.left_on, year.start, year.end)]
    return [
        Figure(GROUP, "構成団体数", len(organisations)),
        Figure(GROUP, "世帯数", sum(o.households or 0 for o in organisations)),
        Figure(GROUP, "個人会員数", len(people)),
    ]
