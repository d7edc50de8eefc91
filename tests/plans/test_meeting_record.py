"""会議の記録: 出席者数 and 委任状, 議案 with their 議決, 議事録; a 総会 linked to the plan it approved."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.validation import ValidationError
from app.services.projects.approval import approve_plan
from app.services.projects.meetings import MeetingData, create_meeting, list_meetings, update_meeting
from app.services.projects.motions import Motion, list_motions, save_motions
from app.services.projects.plans import make_next_plan, plan_status
from tests.plans.conftest import FY2025, FY2026


def test_a_meeting_keeps_proxies_motions_and_minutes(year_db) -> None:
    db, _ = year_db
    meeting = next(m for m in list_meetings(db, FY2025) if m.data.kind == "総会")
    update_meeting(db, meeting.id, MeetingData(**{**meeting.data.__dict__, "attendees": 48, "proxies": 30,
                                                  "minutes": "議長に○○氏を選出。全議案を原案どおり承認。"}))
    save_motions(db, meeting.id, [Motion("第1号議案 事業報告について", "承認"), Motion("第2号議案 決算報告について", "継続")])
    again = next(m for m in list_meetings(db, FY2025) if m.id == meeting.id).data
    assert (again.attendees, again.proxies) == (48, 30) and again.minutes.startswith("議長に")
    assert list_motions(db, meeting.id) == [Motion("第1号議案 事業報告について", "承認"),
                                            Motion("第2号議案 決算報告について", "継続")]


def test_bad_motions_and_proxies_are_refused_and_change_nothing(year_db) -> None:
    db, _ = year_db
    meeting = list_meetings(db, FY2025)[0]
    save_motions(db, meeting.id, [Motion("第1号議案", "承認")])
    with pytest.raises(ValidationError) as refused:
        save_motions(db, meeting.id, [Motion("", "承認"), Motion("第2号議案", "保留")])
    assert "1件目の議案の名前" in str(refused.value) and "2件目の議決は 承認・否決・継続" in str(refused.value)
    assert list_motions(db, meeting.id) == [Motion("第1号議案", "承認")]
    with pytest.raises(ValidationError, match="委任状"):
        update_meeting(db, meeting.id, MeetingData(**{**meeting.data.__dict__, "proxies": -1}))


def test_the_general_meeting_of_the_approval_day_is_linked_to_the_plan(budget_db) -> None:
    db, _ = budget_db
    make_next_plan(db, FY2025)
    general = create_meeting(db, FY2026, MeetingData(held_on=date(2026, 5, 16), kind="総会", title="通常総会",
                                                     attendees=40, proxies=25)).value
    approve_plan(db, FY2026, date(2026, 5, 16))
    assert plan_status(db, FY2026).meeting_id == general


def test_a_general_meeting_recorded_after_the_approval_is_linked_and_lets_go_when_changed(budget_db) -> None:
    db, _ = budget_db
    make_next_plan(db, FY2025)
    approve_plan(db, FY2026, date(2026, 5, 16))  # the record is written up after the 総会
    assert plan_status(db, FY2026).meeting_id is None
    board = create_meeting(db, FY2026, MeetingData(held_on=date(2026, 5, 16), kind="役員会", title="役員会")).value
    assert plan_status(db, FY2026).meeting_id is None  # not every meeting of that day is the 総会
    data = MeetingData(held_on=date(2026, 5, 16), kind="総会", title="通常総会", place="ひばり野市民センター")
    general = create_meeting(db, FY2026, data)
    assert plan_status(db, FY2026).meeting_id == general.value
    assert FY2026.year in (general.changes.ids("plans") or ())  # the plan's screens hear of it
    assert board != general.value

    update_meeting(db, general.value, MeetingData(**{**data.__dict__, "held_on": date(2026, 5, 23)}))
    assert plan_status(db, FY2026).meeting_id is None  # now a 総会 of another day: not the approving one
    update_meeting(db, general.value, data)
    assert plan_status(db, FY2026).meeting_id == general.value
