"""The message about another PC's change names dates as the office prints them (令和7年4月1日 or
2025/4/1, never 2025-04-01) and a 記帳's 戻入・戻出 as the cash book does (never refund); the change
history names a record deleted since by the name it had, else by its number. Runs on SQLite and
PostgreSQL."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from app.domain.fiscal_year import FiscalYear
from app.services.accounts.categories import list_categories
from app.services.accounts.ledger import EntryInput, add_entry, get_entry, update_entry
from app.services.history import history_for
from app.services.projects.projects import ProjectData, create_project, delete_project
from app.services.records import EditConflict
from app.services.settings import DATE_STYLE, write_setting
from app.storage.history import gone_record_text
from app.storage.models import LedgerEntry

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
KIND = "区分（戻入・戻出・振替）"


def _form(entry, **changes) -> EntryInput:
    """The correction form as it was filled from `entry` (its version), with `changes` typed."""
    inp = EntryInput(entry.entry_date, entry.direction, entry.category_id, entry.amount, entry.description,
                     kind=entry.kind, project_id=entry.project_id, version=entry.version)
    return replace(inp, **changes)


def _supplies(db, on: date, **kw):
    cats = {c.name: c.id for c in list_categories(db)}
    return add_entry(db, FiscalYear(2025), EntryInput(on, "expense", cats["消耗品費"], 800, "紙", **kw)).value


@pytest.mark.parametrize(("style", "before", "after"), [("wareki", "令和7年4月1日", "令和7年4月2日"),
                                                        ("slash", "2025/4/1", "2025/4/2")])
def test_their_new_date_is_named_as_the_office_prints_dates(db, style, before, after) -> None:
    write_setting(db, DATE_STYLE, style)
    shown = _supplies(db, date(2025, 4, 1))
    update_entry(db, shown.id, _form(shown, entry_date=date(2025, 4, 2)))  # on another PC
    with pytest.raises(EditConflict) as refused:
        update_entry(db, shown.id, _form(shown, amount=900))
    message = str(refused.value)
    assert f"・日付: {before} → {after}" in message and not ISO.search(message)
    assert get_entry(db, shown.id).amount == 800  # nothing stored


def test_their_change_to_a_refund_is_named_as_the_cash_book_does(db) -> None:
    shown = _supplies(db, date(2025, 4, 1))
    update_entry(db, shown.id, _form(shown, direction="income", kind="refund"))  # 戻入, on another PC
    with pytest.raises(EditConflict) as refused:
        update_entry(db, shown.id, _form(shown, amount=900))
    message = str(refused.value)
    assert f"・{KIND}: 支出 → 戻入" in message and "・区分: 支出 → 収入" in message
    assert "refund" not in message


def test_a_deleted_project_is_named_by_the_name_it_had_and_else_by_its_number(db) -> None:
    project = create_project(db, FiscalYear(2025), ProjectData(name="夏祭り", item_code="1-1")).value
    entry = _supplies(db, date(2025, 7, 20), project_id=project)
    delete_project(db, project)
    changes = [(e.field, e.before, e.after) for e in history_for(db, LedgerEntry, entry.id) if e.field == "事業"]
    assert changes == [("事業", "", "夏祭り（削除済み）"), ("事業", "夏祭り（削除済み）", "（空欄）")]
    with db.session() as session:
        assert gone_record_text(session, "project", project + 100) == f"（削除済み: 番号 {project + 100}）"
