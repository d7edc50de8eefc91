"""Two PCs keep the 休館日 at once: closing, re-wording or opening a day another PC changed since
the list was read is refused naming who changed which day and when (and to what); nothing is stored,
and the same change against what is stored now saves on purpose. Days nobody else touched, and a
change that another PC already made the same way, go through."""

from __future__ import annotations

import getpass
import socket
from datetime import date

import pytest

from app.domain.fiscal_year import FiscalYear
from app.services.facility.calendar import list_closed_days, new_year_holidays, set_closed, set_open
from app.services.history import history_for
from app.services.records import EditConflict

FY = FiscalYear(2025)
WHO = f"{getpass.getuser()}さん（{socket.gethostname()}）が"  # the change log's actor: the OS user and the PC
DAY = date(2025, 8, 13)


def test_closing_a_day_another_pc_closed_since_is_refused_then_saves_on_purpose(db) -> None:
    shown = list_closed_days(db, FY)  # the dialog opens: no 休館日 yet
    set_closed(db, {DAY: "お盆"}, shown=shown)  # another PC closes the day first
    with pytest.raises(EditConflict) as refused:
        set_closed(db, {DAY: "館内点検"}, shown=shown)
    message = str(refused.value)
    assert "この休館日は、開いた後に" in message and WHO in message
    assert "・2025/8/13（水）: 開館日 → お盆" in message  # their version
    assert list_closed_days(db, FY) == {DAY: "お盆"}  # nothing of theirs overwritten
    set_closed(db, {DAY: "館内点検"}, shown=list_closed_days(db, FY))  # having read it: on purpose
    assert list_closed_days(db, FY) == {DAY: "館内点検"}


def test_opening_a_day_whose_reason_another_pc_changed_is_refused(db) -> None:
    set_closed(db, {DAY: "お盆"})
    shown = list_closed_days(db, FY)
    set_closed(db, {DAY: "お盆（館内消毒）"}, shown=shown)
    with pytest.raises(EditConflict, match="お盆 → お盆"):
        set_open(db, [DAY], shown=shown)
    assert DAY in list_closed_days(db, FY)
    set_open(db, [DAY], shown=list_closed_days(db, FY))
    assert list_closed_days(db, FY) == {}


def test_closing_a_day_another_pc_opened_since_is_refused(db) -> None:
    set_closed(db, {DAY: "お盆"})
    shown = list_closed_days(db, FY)
    set_open(db, [DAY], shown=shown)  # another PC opens it
    with pytest.raises(EditConflict, match="お盆 → 開館日"):
        set_closed(db, {DAY: "お盆休み"}, shown=shown)
    assert list_closed_days(db, FY) == {}


def test_other_days_and_the_same_change_go_through(db) -> None:
    shown = list_closed_days(db, FY)
    set_closed(db, {DAY: "お盆"}, shown=shown)  # another PC
    set_closed(db, {DAY: "お盆"}, shown=shown)  # the same change here: nothing to lose
    set_closed(db, new_year_holidays(FY), shown=shown)  # days nobody else touched
    assert len(list_closed_days(db, FY)) == 7


def test_every_change_of_a_day_is_in_its_history(db) -> None:
    set_closed(db, {DAY: "お盆"})
    set_closed(db, {DAY: "館内点検"})
    set_open(db, [DAY])
    entries = history_for(db, "closed_day", DAY.isoformat())
    assert len(entries) == 3
