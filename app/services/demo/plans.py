"""Demo: the 総会 that closed last year and opened this one — its record (委任状, 議案 and 議決,
議事録) and this year's plan as approved there, so that last year ends with a printable 議案書."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.services.projects.meetings import MeetingData, list_meetings, update_meeting
from app.services.projects.motions import Motion, save_motions
from app.services.projects.plans import record_approved_plan
from app.storage.database import Database

if TYPE_CHECKING:
    from app.services.demo.create import DemoContext

MOTIONS = ("事業報告について", "決算報告及び監査報告について", "役員改選について", "事業計画（案）について",
           "予算（案）について")


def plans_demo_step(db: Database, ctx: DemoContext) -> None:
    year = ctx.current_year
    general = next((m for m in list_meetings(db, year) if m.data.kind == "総会"), None)
    if general is None:  # the demo opens before this year's 総会
        return
    assert general.data.held_on is not None
    update_meeting(db, general.id, MeetingData(**{
        **vars(general.data), "proxies": ctx.rng.randint(20, 60),
        "minutes": "議長を選出し、第1号議案から第5号議案までを審議した。いずれも原案どおり承認された。",
    }))
    save_motions(db, general.id, [Motion(f"第{n}号議案 {title}", "承認") for n, title in enumerate(MOTIONS, 1)])
    district = ctx.body_name.removesuffix("地域協働体") or ctx.body_name
    record_approved_plan(db, year, general.data.held_on, f"{district}市民センター", general.id)
