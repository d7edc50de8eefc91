"""Opening files that are not ours, damaged, newer, or older: refuse without touching, or upgrade after a backup."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from app.storage.database import DatabaseOpenError, open_database
from app.storage.schema import HEAD_REVISION


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_text_file_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("これはメモです", encoding="utf-8")
    before = _digest(path)
    with pytest.raises(DatabaseOpenError, match="協働デスクのデータベースではありません"):
        open_database(path)
    assert _digest(path) == before


def test_foreign_sqlite_file_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (name TEXT)")
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(DatabaseOpenError, match="協働デスクのデータベースではありません"):
        open_database(path)
    assert _digest(path) == before
    assert not (tmp_path / "other.sqlite-wal").exists()


def test_damaged_file_is_refused_unchanged(tmp_path: Path, db_path: Path) -> None:
    db = open_database(db_path)
    db.close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * 3996  # smash the schema page (page 1 after the file header)
    db_path.write_bytes(bytes(data))
    before = _digest(db_path)
    with pytest.raises(DatabaseOpenError, match="壊れている"):
        open_database(db_path)
    assert _digest(db_path) == before


def test_newer_database_is_refused_not_downgraded(db_path: Path) -> None:
    open_database(db_path).close()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    before = _digest(db_path)
    with pytest.raises(DatabaseOpenError, match="新しいバージョン"):
        open_database(db_path)
    assert _digest(db_path) == before


def test_older_database_is_upgraded_after_a_backup(db_path: Path) -> None:
    from alembic import command

    from app.storage.engine import sqlite_engine
    from app.storage.migrations import _config

    # Build the oldest schema, then open it with this version of the program.
    engine = sqlite_engine(db_path)
    with engine.begin() as connection:
        command.upgrade(_config(connection), "0001_foundation")
    engine.dispose()
    if HEAD_REVISION == "0001_foundation":
        pytest.skip("only one schema revision so far: nothing to upgrade")
    open_database(db_path).close()
    backups = list(db_path.parent.glob("*.before-upgrade-*.bak"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001_foundation"
    con.close()
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION
    con.close()
