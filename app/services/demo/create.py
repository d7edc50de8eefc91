"""A fictional body with three fiscal years of plausible data, for trying the program and for tests.

Every area of the application adds its own step to DEMO_STEPS; each step gets the same context
so the data is reproducible for a given body name.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from app.domain.areas import AREAS
from app.domain.fiscal_year import FiscalYear
from app.services.demo.accounts import accounts_demo_step
from app.services.demo.facility import facility_demo_step
from app.services.demo.members import members_step
from app.services.demo.plans import plans_demo_step
from app.services.demo.projects import projects_demo_step
from app.services.fiscal_years import add_fiscal_year, select_fiscal_year
from app.services.profile import Profile, save_profile
from app.storage.database import Database

DEFAULT_DEMO_BODY = "みどり野地域協働体"


@dataclass
class DemoContext:
    body_name: str
    today: date
    years: list[FiscalYear]
    rng: random.Random = field(repr=False, default_factory=random.Random)

    @property
    def current_year(self) -> FiscalYear:
        return self.years[-1]


def _profile_step(db: Database, ctx: DemoContext) -> None:
    district = ctx.body_name.removesuffix("地域協働体") or ctx.body_name
    save_profile(
        db,
        Profile(
            name=ctx.body_name,
            centre_name=f"{district}市民センター",
            area=ctx.rng.choice(AREAS),
            chair_name="架空 太郎",
            postal_code=f"029-{ctx.rng.randint(0, 9999):04d}",
            address=f"岩手県一関市{district}字見本{ctx.rng.randint(1, 200)}番地",
            phone=f"0191-{ctx.rng.randint(10, 99)}-{ctx.rng.randint(0, 9999):04d}",
            established_on=date(2008, 4, 1),
        ),
    )


def _years_step(db: Database, ctx: DemoContext) -> None:
    for year in ctx.years:
        add_fiscal_year(db, year)
    select_fiscal_year(db, ctx.current_year)


# Later areas append their steps (名簿, 管理費, 事業・会議, 自己評価 …).
DEMO_STEPS: list[Callable[[Database, DemoContext], None]] = [
    _profile_step,
    _years_step,
    members_step,
    accounts_demo_step,
    projects_demo_step,
    plans_demo_step,
    facility_demo_step,
]


def create_demo(db: Database, body_name: str = DEFAULT_DEMO_BODY, today: date | None = None) -> DemoContext:
    today = today or date.today()
    current = FiscalYear.of(today)
    # Seeded by the name, so `demo --body X` always gives the same data and bodies differ.
    ctx = DemoContext(
        body_name=body_name,
        today=today,
        years=[current.previous().previous(), current.previous(), current],
        rng=random.Random(zlib.crc32(body_name.encode("utf-8"))),
    )
    for step in DEMO_STEPS:
        step(db, ctx)
    return ctx
