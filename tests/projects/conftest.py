"""A small, hand-made year of projects and meetings that the tests can reason about exactly."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.fiscal_year import FiscalYear
from app.services.profile import Profile, save_profile
from app.services.projects.meetings import MeetingData, create_meeting
from app.services.projects.projects import ProjectData, create_project
from tests.ui.conftest import open_window  # noqa: F401 - the window fixture, for the GUI tests here

FY2025 = FiscalYear(2025)


@pytest.fixture
def year_db(db):
    """令和7年度: two projects, five meetings (three of 福祉部会)."""
    save_profile(db, Profile(name="ひばり野地域協働体", centre_name="ひばり野市民センター", chair_name="試験 花子",
                             phone="0191-00-0000", address="岩手県一関市見本町1番地"))
    ids = {
        "watch": create_project(db, FY2025, ProjectData(
            name="見守り活動", item_code="2-2", committee="福祉部会", person_in_charge="架空 次郎",
            target_label="訪問世帯数", target_value=100, result_value=120, unit="世帯",
            budget=50_000, actual_cost=40_000, start_on=date(2025, 5, 1))).value,
        "course": create_project(db, FY2025, ProjectData(
            name="歴史講座", item_code="1-2", committee="生涯学習部会", target_label="参加者数",
            target_value=40, result_value=20, unit="人", participants=20, budget=30_000, actual_cost=33_000)).value,
    }
    for d, kind, committee in ((date(2025, 5, 10), "総会", ""), (date(2025, 6, 1), "部会", "福祉部会"),
                               (date(2025, 9, 1), "部会", "福祉部会"), (date(2026, 1, 20), "部会", "福祉部会"),
                               (date(2026, 2, 2), "ワークショップ", "")):
        create_meeting(db, FY2025, MeetingData(held_on=d, kind=kind, committee=committee, title=f"{kind}の会議",
                                               attendees=12, agenda="事業の報告"))
    create_meeting(db, FiscalYear(2026), MeetingData(held_on=date(2026, 4, 5), kind="役員会", title="翌年度の役員会"))
    return db, ids
