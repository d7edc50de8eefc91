"""Engine factory: SQLite with the PRAGMAs that keep data safe, or any SQLAlchemy URL (PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import ConnectionPoolEntry

BUSY_TIMEOUT_MS = 10_000


def _set_sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # WAL lets a reader see the last committed state while a write is in progress;
    # FULL makes every commit durable even on power loss.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _set_query_only(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def sqlite_engine(path: Path, query_only: bool = False) -> Engine:
    """`query_only`: every connection refuses writes (a window opened while someone else writes)."""
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _set_sqlite_pragmas)
    if query_only:
        event.listen(engine, "connect", _set_query_only)
    return engine


def engine_for(target: str | Path) -> Engine:
    """A path means a local SQLite file; a string with '://' is a SQLAlchemy URL (e.g. PostgreSQL)."""
    if isinstance(target, str) and "://" in target:
        return create_engine(target, future=True)
    return sqlite_engine(Path(target))
