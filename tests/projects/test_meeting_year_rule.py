"""A meeting belongs to the year being edited: a 開催日 outside it is refused with a Japanese message
(it used to be filed quietly under another year by the service, and refused only by the window)."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.services.changes import MEETINGS, Changes
from app.services.projects.meetings import MeetingData, create_meeting, list_meetings, update_meeting
from app.services.projects.operations import AddMeeting, DeleteMeeting
from tests.projects.conftest import FY2025


def test_a_date_outside_the_year_is_refused_and_nothing_is_written(db) -> None:
    with pytest.raises(ValidationError, match=r"開催日 2026/04/05 は令和7年度（2025/04/01〜2026/03/31）の外です"):
        create_meeting(db, FY2025, MeetingData(held_on=date(2026, 4, 5), kind="役員会"))
    assert list_meetings(db, FY2025) == [] and list_meetings(db, FiscalYear(2026)) == []


def test_moving_a_meeting_out_of_its_year_is_refused(db) -> None:
    created = create_meeting(db, FY2025, MeetingData(held_on=date(2025, 6, 1), kind="総会"))
    assert created.changes == Changes.of(MEETINGS, created.value)
    with pytest.raises(ValidationError, match="の外です"):
        update_meeting(db, created.value, MeetingData(held_on=date(2025, 3, 31), kind="総会"))
    assert [m.data.held_on for m in list_meetings(db, FY2025)] == [date(2025, 6, 1)]


def test_meeting_operations_come_back_under_their_id(db) -> None:
    add = AddMeeting(db, FY2025, MeetingData(held_on=date(2025, 7, 1), kind="部会", committee="福祉部会"))
    add.apply()
    add.revert()
    add.apply()
    delete = DeleteMeeting(db, add.meeting_id)
    delete.apply()
    assert list_meetings(db, FY2025) == []
    delete.revert()
    assert [m.id for m in list_meetings(db, FY2025)] == [add.meeting_id]


def test_a_meeting_date_beyond_the_bound_of_every_date_is_refused(db) -> None:
    """開催日 within 1900 … a year from today, like every other date: the last 年度 that may be
    opened ends after that bound, and a 2173 typed in a 2173年度 is a slip all the same."""
    from app.domain.input_bounds import latest_date, latest_fiscal_year

    last_year = latest_fiscal_year()
    for year, held_on in ((last_year, last_year.end), (FiscalYear(2173), date(2173, 5, 1))):
        if held_on <= latest_date():
            continue  # today + 1 year is 31 March: that year ends on the bound itself
        with pytest.raises(ValidationError) as refused:
            create_meeting(db, year, MeetingData(held_on=held_on, kind="役員会"))
        assert [p.field for p in refused.value.problems] == ["held_on"]
        assert str(refused.value).startswith(f"開催日（{held_on:%Y/%m/%d}）は1900/01/01から")
        assert list_meetings(db, year) == []
