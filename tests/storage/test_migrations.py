"""The migrations build exactly the schema the models describe, and the program knows every revision."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.storage.database import Database
from app.storage.migrations import script_revisions
from app.storage.models import Base
from app.storage.schema import APPLICATION_ID, HEAD_REVISION, KNOWN_REVISIONS


def test_models_and_migrations_agree(db: Database) -> None:
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_known_revisions_match_the_scripts() -> None:
    assert list(KNOWN_REVISIONS) == script_revisions()


@pytest.mark.sqlite_only  # the file's own mark (PRAGMA application_id)
def test_new_database_is_marked_and_at_head(db: Database, db_path) -> None:
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION
    con.close()


@pytest.mark.sqlite_only  # SQLite's connection settings
def test_engine_pragmas(db: Database) -> None:
    with db.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("foreign_keys") == 1
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("busy_timeout") >= 5000


@pytest.mark.sqlite_only  # the file's permissions
def test_database_file_is_private(db: Database, db_path) -> None:
    assert db_path.stat().st_mode & 0o077 == 0
