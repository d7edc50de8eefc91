"""`kyodo demo` ends linked: every 担当部会 and 部会 is a committee of the 名簿, and some of the
current year's projects take their 決算額 from the cash book."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.domain.fiscal_year import FiscalYear
from app.services.demo.create import create_demo
from app.services.projects.projects import list_projects
from app.storage.models import Meeting, Project


def test_demo_projects_and_meetings_are_linked(db) -> None:
    create_demo(db, today=date(2026, 11, 29))
    with db.session() as s:
        for model in (Project, Meeting):
            named = [r for r in s.scalars(select(model)) if r.committee]
            assert named and all(r.committee_id is not None for r in named)
    from_ledger = [p for p in list_projects(db, FiscalYear(2026)) if p.cost_source == "出納簿"]
    assert from_ledger and all(p.settled_cost > 0 for p in from_ledger)
