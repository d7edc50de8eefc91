"""Upgrading a database of 0019_more_row_versions to 0020_equipment_move_versions: every 備品 and
流用 stays as it was, each at version 1, and a form's save against that version goes through while
one against an older version is refused."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import text

from app.domain.fiscal_year import FiscalYear
from app.services.accounts.budget_moves import list_budget_moves, update_budget_move
from app.services.accounts.budgets import save_budget
from app.services.accounts.equipment import list_equipment, save_equipment
from app.services.records import EditConflict
from app.storage.database import open_database
from app.storage.engine import sqlite_engine
from app.storage.migrations import _config
from app.storage.schema import APPLICATION_ID, HEAD_REVISION


def _database_at_0019(path) -> dict[str, int]:
    from alembic import command

    engine = sqlite_engine(path)
    with engine.connect() as connection:
        # as upgrade_to_head does: the batch migrations on the way (0014) copy and drop tables
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
        with connection.begin():
            command.upgrade(_config(connection), "0019_more_row_versions")
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()
    with engine.begin() as connection:
        connection.execute(text(f"PRAGMA application_id={APPLICATION_ID}"))
        ids = dict(connection.execute(text("SELECT name, id FROM account_category")).all())
        book = connection.execute(text("SELECT id FROM account_book ORDER BY id")).scalar_one()
        connection.execute(text("INSERT INTO fiscal_year (year) VALUES (2025)"))
        connection.execute(text(
            "INSERT INTO equipment (book_id, name, bought_on, amount, place, disposed_on) VALUES"
            " (:b, '草刈機', '2023-06-01', 85000, '倉庫', NULL), (:b, '長机', NULL, 30000, '', '2024-03-31')"),
            {"b": book})
        connection.execute(text(
            "INSERT INTO budget_move (year, kind, from_category_id, to_category_id, amount, on_date, reason)"
            " VALUES (2025, '流用', :a, :b, 20000, '2025-10-01', '灯油が値下がりしたため')"),
            {"a": ids["燃料費"], "b": ids["消耗品費"]})
    engine.dispose()
    return ids


def test_the_upgrade_keeps_every_equipment_and_move_at_version_1(tmp_path) -> None:
    path = tmp_path / "old.sqlite"
    ids = _database_at_0019(path)
    db = open_database(path)
    try:
        items = list_equipment(db)
        assert [(e.name, e.bought_on, e.amount, e.place, e.disposed_on, e.version) for e in items] == [
            ("草刈機", date(2023, 6, 1), 85_000, "倉庫", None, 1), ("長机", None, 30_000, "", date(2024, 3, 31), 1)]
        moves = list_budget_moves(db, FiscalYear(2025))
        assert [(m.kind, m.from_category_id, m.to_category_id, m.amount, m.on_date, m.reason, m.version)
                for m in moves] == [("流用", ids["燃料費"], ids["消耗品費"], 20_000, date(2025, 10, 1),
                                     "灯油が値下がりしたため", 1)]
        mower = items[0]
        save_equipment(db, replace(mower, place="車庫"))  # a form read at version 1: saved
        with pytest.raises(EditConflict):
            save_equipment(db, replace(mower, place="物置"))  # the same old version again: refused
        move = moves[0]
        save_budget(db, FiscalYear(2025), {ids["燃料費"]: 100_000})  # (what the giving 目 may give)
        update_budget_move(db, move.id, move.from_category_id, move.to_category_id, 15_000, move.reason,
                           on_date=move.on_date, version=1)
        assert list_budget_moves(db, FiscalYear(2025))[0].version == 2
    finally:
        db.close()
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
    assert HEAD_REVISION == "0020_equipment_move_versions"
    assert con.execute("SELECT count(*) FROM equipment").fetchone() == (2,)
    con.close()
