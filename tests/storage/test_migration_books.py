"""Upgrading a database of the previous release (0013_estimated_readings) to 会計・口座 (0014_books): every
entry, budget and closing stays; the flat 費目 become 目 under one 款 per side."""

from __future__ import annotations

import sqlite3

from sqlalchemy import text

from app.domain.fiscal_year import FiscalYear
from app.services.accounts.analysis import budget_vs_actual, statement_lines
from app.services.accounts.books import list_accounts, list_books
from app.services.accounts.closing import year_status
from app.services.accounts.ledger import ledger_rows
from app.storage.database import open_database
from app.storage.engine import sqlite_engine
from app.storage.migrations import _config
from app.storage.schema import APPLICATION_ID


def _database_of_the_previous_release(path) -> dict[str, int]:
    from alembic import command

    engine = sqlite_engine(path)
    with engine.begin() as connection:
        command.upgrade(_config(connection), "0013_estimated_readings")
        connection.execute(text(f"PRAGMA application_id={APPLICATION_ID}"))
        ids = dict(connection.execute(text("SELECT name, id FROM account_category")).all())
        for sql, params in (
            ("INSERT INTO fiscal_year (year) VALUES (2024), (2025)", {}),
            ("INSERT INTO budget_version (id, year, number, adopted_on, note) VALUES (1, 2025, 0, '2025-04-20', '総会')", {}),
            ("INSERT INTO budget_line (version_id, category_id, amount, note) VALUES (1, :a, 9000000, ''),"
             " (1, :b, 300000, '灯油')", {"a": ids["指定管理料（市からの管理費）"], "b": ids["燃料費"]}),
            ("INSERT INTO ledger_entry (year, entry_date, direction, category_id, description, counterparty, amount,"
             " voucher_no, payment_method, source) VALUES"
             " (2024, '2024-06-01', 'income', :a, '指定管理料', '一関市', 500000, 1, '振込', ''),"
             " (2024, '2024-07-01', 'expense', :b, '灯油', '架空石油店', 120000, 2, '現金', ''),"
             " (2025, '2025-04-01', 'income', :c, '令和6年度より繰越', '', 380000, 1, '現金', 'carry_forward'),"
             " (2025, '2025-05-10', 'income', :a, '指定管理料', '一関市', 2450000, 2, '振込', '')",
             {"a": ids["指定管理料（市からの管理費）"], "b": ids["燃料費"], "c": ids["前年度繰越金"]}),
            ("INSERT INTO year_closing_event (year, action, reason, balance) VALUES (2024, 'close', '総会', 380000)", {}),
        ):
            connection.execute(text(sql), params)
    engine.dispose()
    return ids


def test_upgrade_keeps_every_entry_budget_and_closing(tmp_path) -> None:
    path = tmp_path / "old.sqlite"
    ids = _database_of_the_previous_release(path)
    db = open_database(path)
    try:
        assert [(b.name, b.funded_by_city) for b in list_books(db)] == [("一般会計", True)]
        assert [(a.name, a.kind) for a in list_accounts(db)] == [("現金", "cash")]
        rows = ledger_rows(db, FiscalYear(2025))
        assert [(r.entry.voucher_no, r.entry.amount, r.entry.account_name, r.balance) for r in rows] == [
            (1, 380_000, "現金", 380_000), (2, 2_450_000, "現金", 2_830_000)]
        assert [r.balance for r in ledger_rows(db, FiscalYear(2024))] == [500_000, 380_000]
        figures = {r.category_id: (r.budget, r.actual, r.note) for r in budget_vs_actual(db, FiscalYear(2025))}
        assert figures[ids["指定管理料（市からの管理費）"]] == (9_000_000, 2_450_000, "")
        assert figures[ids["燃料費"]] == (300_000, 0, "灯油")
        assert year_status(db, FiscalYear(2024)).closed
        heads = [(x.name, x.level_label, x.budget) for x in statement_lines(db, FiscalYear(2025)) if x.heading]
        assert heads == [("収入", "款", 9_000_000), ("支出", "款", 300_000)]
    finally:
        db.close()
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM ledger_entry WHERE account_id = 1 AND kind = ''").fetchone() == (4,)
    assert con.execute("SELECT count(*) FROM account_category WHERE heading = 0 AND parent_id IS NULL").fetchone() == (0,)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()


def test_a_closing_made_before_books_closed_apart_still_closes_every_book(tmp_path) -> None:
    """0016_closing_per_book: the old closing event has no 会計 and keeps every 会計 closed; reopening
    one 会計 afterwards leaves the others closed."""
    from app.services.accounts.books import add_book, default_book
    from app.services.accounts.closing import reopen_year

    path = tmp_path / "old.sqlite"
    _database_of_the_previous_release(path)
    db = open_database(path)
    try:
        general = default_book(db)
        special = add_book(db, "特別会計").value
        year = FiscalYear(2024)
        assert year_status(db, year, book_id=general.id).closed and year_status(db, year, book_id=special.id).closed
        reopen_year(db, year, "特別会計の訂正", book_id=special.id)
        assert year_status(db, year, book_id=general.id).closed
        assert not year_status(db, year, book_id=special.id).closed and not year_status(db, year).closed
    finally:
        db.close()
