"""A big 出納簿 import is written a batch at a time (issue 14: a 200,000-row import within memory):
the result is the same as one write — every row, the numbers given kept, the blank ones numbered
after all of them, one change-log entry — and a row refused in a later batch still leaves nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.cli import main as kyodo
from app.domain.fiscal_year import FiscalYear
from app.services.accounts import ledger
from app.services.accounts.ledger import list_entries
from app.storage.models import ChangeLog
from tests.postgres_support import open_target

FY = FiscalYear(2025)


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(ledger, "WRITE_EVERY", 3)  # 10 rows: four batches


def _import(db_path, tmp_path, rows: list[str]) -> int:
    sheet = tmp_path / "出納簿.csv"
    sheet.write_text("日付,費目,摘要,支出,証憑番号\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return kyodo(["ledger", "import", str(sheet), "--db", str(db_path), "--year", "2025"])


def test_every_batch_is_written_and_numbered_as_one(new_target, tmp_path, small_batches, capsys):
    db_path = new_target()
    assert kyodo(["new", "--db", str(db_path), "--body", "試験地域協働体", "--year", "2025"]) == 0
    rows = [f"2025/4/{day},消耗品費,用紙 {day},{100 * day}," for day in range(1, 11)]
    rows[8] = "2025/4/9,消耗品費,用紙 9,900,50"  # a number given in the last batch but one
    assert _import(db_path, tmp_path, rows) == 0
    db = open_target(db_path)
    try:
        entries = list_entries(db, FY)
        assert [(e.entry_date, e.amount) for e in entries] == [(date(2025, 4, d), 100 * d) for d in range(1, 11)]
        numbers = {e.description: e.voucher_no for e in entries}
        # the blank ones come after every number given, in the sheet's order, whatever their batch
        assert [numbers[f"用紙 {d}"] for d in (1, 2, 3, 4, 5, 6, 7, 8, 10)] == list(range(51, 60))
        assert numbers["用紙 9"] == 50
        with db.session() as s:
            logged = s.scalars(select(ChangeLog.field).where(ChangeLog.table_name == "ledger_entry")).all()
            assert logged == ["出納簿の取り込み（出納簿.csv）"]  # one entry for the whole import
    finally:
        db.close()


def test_a_problem_in_a_later_batch_leaves_nothing(new_target, tmp_path, small_batches, monkeypatch, capsys):
    """The rows are checked again on writing (the books may have changed since the preview): a
    refusal after earlier batches were flushed rolls the whole import back."""
    db_path = new_target()
    assert kyodo(["new", "--db", str(db_path), "--body", "試験地域協働体", "--year", "2025"]) == 0
    real = ledger.validate_entry

    def refusing_the_eighth(session, year, inp, **kw):
        values, problems = real(session, year, inp, **kw)
        if inp.description == "用紙 8":
            problems.append(ledger.Problem("description", "別の画面で費目が廃止されました"))
        return values, problems

    monkeypatch.setattr(ledger, "validate_entry", refusing_the_eighth)
    rows = [f"2025/4/{day},消耗品費,用紙 {day},{100 * day}," for day in range(1, 11)]
    assert _import(db_path, tmp_path, rows) == 1
    assert "8件目: 別の画面で費目が廃止されました" in capsys.readouterr().err
    db = open_target(db_path)
    try:
        assert list_entries(db, FY) == []
    finally:
        db.close()
