"""read_snapshot: the services called inside it read one state of the database, over one connection."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import event

from app.domain.fiscal_year import FiscalYear
from app.services.demo.create import create_demo
from app.services.fiscal_years import add_fiscal_year, list_fiscal_years
from app.services.reading import read_snapshot
from app.storage.database import Database
from tests.postgres_support import open_target


def test_a_write_from_another_window_is_not_seen_half_way(db: Database, db_target: Path | str) -> None:
    add_fiscal_year(db, FiscalYear(2025))
    other = open_target(db_target)  # another window (another PC, on a server) on the same database
    try:
        with read_snapshot(db) as view:
            before = list_fiscal_years(view)
            add_fiscal_year(other, FiscalYear(2026))
            assert list_fiscal_years(view) == before  # the same state as the first read
        assert FiscalYear(2026) in list_fiscal_years(db)  # and the write was not lost
    finally:
        other.close()


def test_report_data_is_read_over_one_connection(db: Database) -> None:
    from app.services.reports import KINDS, build_report

    create_demo(db, today=date(2025, 11, 15))
    for kind in KINDS:
        checkouts: list[object] = []

        def listener(*args: object, checkouts: list[object] = checkouts) -> None:
            checkouts.append(args)

        event.listen(db.engine, "checkout", listener)
        try:
            build_report(db, kind, FiscalYear(2025), "public")
        finally:
            event.remove(db.engine, "checkout", listener)
        assert len(checkouts) == 1, kind
