"""A record deleted meanwhile (on another PC, or undone) is named with its id, in the same words in
every area (app.services.records.gone): the cash book, 振替, 備品, 流用, 事業, 会議 and 施設予約."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.validation import ValidationError
from app.services.accounts.budget_moves import delete_budget_move
from app.services.accounts.categories import add_category
from app.services.accounts.equipment import delete_equipment
from app.services.accounts.ledger import EntryInput, add_entry, delete_entry, update_entry
from app.services.accounts.transfers import get_transfer
from app.services.facility.bookings import cancel
from app.services.projects.meetings import MeetingData, update_meeting
from app.services.projects.projects import get_project
from tests.accounts.conftest import FY

GONE = "が見つかりません（削除された可能性があります）"
MISSING = 987_654  # an id nothing has


def test_an_entry_deleted_meanwhile_is_named_with_its_id(db, book, cats) -> None:
    entry = book(date(2025, 4, 1), "光熱水費", 1_000)
    delete_entry(db, entry.id)  # on another PC, between the list and the save
    with pytest.raises(ValidationError, match=rf"^記帳（ID {entry.id}）{GONE}$"):
        update_entry(db, entry.id, EntryInput(date(2025, 4, 2), "expense", cats["光熱水費"], 2_000))
    with pytest.raises(ValidationError, match=rf"^記帳（ID {entry.id}）{GONE}$"):
        delete_entry(db, entry.id)


def test_a_project_or_category_gone_from_a_form_is_named_under_its_field(db, cats) -> None:
    with pytest.raises(ValidationError) as refused:
        add_entry(db, FY, EntryInput(date(2025, 4, 1), "expense", cats["光熱水費"], 500, project_id=MISSING))
    assert refused.value.for_field("project_id") == [f"事業（ID {MISSING}）{GONE}"]
    with pytest.raises(ValidationError) as refused:
        add_entry(db, FY, EntryInput(date(2025, 4, 1), "expense", MISSING, 500))
    assert refused.value.for_field("category_id") == [f"費目（ID {MISSING}）{GONE}"]
    with pytest.raises(ValidationError) as refused:
        add_category(db, "expense", "新しい目", parent_id=MISSING)
    assert refused.value.for_field("parent_id") == [f"上位の款・項（ID {MISSING}）{GONE}"]


@pytest.mark.parametrize(("label", "act"), [
    ("振替", lambda db: get_transfer(db, MISSING)),
    ("備品", lambda db: delete_equipment(db, MISSING)),
    ("予算の流用", lambda db: delete_budget_move(db, MISSING)),
    ("事業", lambda db: get_project(db, MISSING)),
    ("会議・話し合い", lambda db: update_meeting(db, MISSING, MeetingData(held_on=date(2025, 5, 1), kind="総会"))),
    ("施設予約", lambda db: cancel(db, [MISSING], date(2025, 5, 1), "雨天")),
])
def test_every_area_names_a_gone_record_the_same_way(db, label, act) -> None:
    with pytest.raises(ValidationError, match=rf"^{label}（ID {MISSING}）{GONE}$"):
        act(db)
