"""Upgrading a 0006 database: 部会 names are linked to the register, evaluations survive the copy."""

from __future__ import annotations

import sqlite3

from sqlalchemy import text

from app.storage.database import open_database
from app.storage.engine import sqlite_engine
from app.storage.migrations import _config
from app.storage.schema import APPLICATION_ID


def _database_at_0006(path) -> None:
    from alembic import command

    engine = sqlite_engine(path)
    with engine.begin() as connection:
        command.upgrade(_config(connection), "0006_submission")
        connection.execute(text(f"PRAGMA application_id={APPLICATION_ID}"))
        for sql in (
            "INSERT INTO committee (id, name, furigana, position, note) VALUES (7, '福祉部会', '', 1, '')",
            "INSERT INTO project (id, year, name, item_code, committee, person_in_charge, goal, target_label, unit,"
            " budget, actual_cost, note) VALUES (1, 2025, '見守り活動', '2-2', '福祉 部会', '', '', '', '', 50000,"
            " 40000, ''), (2, 2025, '歴史講座', '1-2', '歴史部会', '', '', '', '', 0, NULL, '')",
            "INSERT INTO meeting (id, held_on, year, kind, committee, title, agenda, decisions) VALUES"
            " (1, '2025-06-01', 2025, '部会', '福祉部会', '', '', ''), (2, '2025-07-01', 2025, '総会', '', '', '', '')",
            "INSERT INTO criteria_set (id, first_year, name) VALUES (1, 1900, '既定')",
            "INSERT INTO criterion (id, criteria_set_id, key, group_name, mark, wording, scope, evidence, position)"
            " VALUES (1, 1, 'objective_1', '客観的評価検証', '❶', '目標', 'project', 'target', 0)",
            "INSERT INTO evaluation (id, year, project_id, criteria_set_id, direction, outcome, issues, improvements)"
            " VALUES (5, 2025, 1, 1, '継続', '', '', '')",
            "INSERT INTO evaluation_grade (id, evaluation_id, criterion_id, grade, comment) VALUES (9, 5, 1, 'A', 'よい')",
        ):
            connection.execute(text(sql))
    engine.dispose()


def test_upgrade_links_matching_names_and_keeps_evaluations(tmp_path) -> None:
    path = tmp_path / "old.sqlite"
    _database_at_0006(path)
    open_database(path).close()

    con = sqlite3.connect(path)
    assert con.execute("SELECT id, committee_id, committee FROM project ORDER BY id").fetchall() == [
        (1, 7, "福祉部会"),  # matched in spite of the space, and spelled as the register spells it
        (2, None, "歴史部会"),  # no such committee: the name stays as text
    ]
    assert con.execute("SELECT id, committee_id FROM meeting ORDER BY id").fetchall() == [(1, 7), (2, None)]
    assert con.execute("SELECT id, project_id, direction FROM evaluation").fetchall() == [(5, 1, "継続")]
    assert con.execute("SELECT id, evaluation_id, grade, comment FROM evaluation_grade").fetchall() == [
        (9, 5, "A", "よい")]
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()
