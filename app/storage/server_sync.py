"""Several PCs on one PostgreSQL database: who does year-wide work, and telling the others what changed.

- `year_wide_lock`: imports, year closing and submission take a PostgreSQL advisory lock instead of
  the lock file; a second PC trying one is told who holds it (its application_name says who).
- `announce_changes` + `ChangeListener`: every commit that wrote rows sends NOTIFY kyodo_changes
  with the tables it touched; a window on another PC polls its listener and reloads those lists.

On SQLite none of this is needed (one writer holds the file): the lock is a no-op, nothing is sent.
"""

from __future__ import annotations

import getpass
import socket
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session, sessionmaker

CHANNEL = "kyodo_changes"


def client_name() -> str:
    """「user@host」 for application_name: what another PC is shown as the holder of a lock."""
    try:
        user = getpass.getuser()
    except (ImportError, KeyError, OSError):
        user = "?"
    return f"kyodo-desk {user}@{socket.gethostname()}"[:63]


class YearWideWorkBusy(Exception):
    """Another PC is doing year-wide work (import, closing, submission); the message says who."""


def _key(name: str) -> int:
    return zlib.crc32(name.encode("utf-8"))


@contextmanager
def year_wide_lock(engine: Engine, name: str, label: str) -> Iterator[None]:
    """Hold the advisory lock `name` while the block runs (PostgreSQL); `label` names the work in
    the message, e.g. 「名簿の取り込み」. SQLite: nothing to do, the file lock already serialises."""
    if engine.dialect.name != "postgresql":
        yield
        return
    key = _key(name)
    with engine.connect() as con:
        if not con.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
            holder = con.execute(text(
                "SELECT a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a "
                "ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.objid = :k "
                "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1"
            ), {"k": key & 0xFFFFFFFF}).first()
            who = holder[0].removeprefix("kyodo-desk ") if holder and holder[0] else "別のパソコン"
            con.rollback()
            raise YearWideWorkBusy(f"{who} が{label}を実行中です。終わってからもう一度実行してください。何も変更していません。")
        con.commit()
        try:
            yield
        finally:
            con.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
            con.commit()


def announce_changes(factory: sessionmaker[Session], origin: str = "") -> None:
    """Every commit of this session factory that wrote rows sends NOTIFY with the tables touched
    (delivered to listeners when the transaction commits, never for a rollback). `origin` names the
    sender (the Database), so that its own window can skip what it already shows: "origin;t1,t2"."""

    @event.listens_for(factory, "before_flush")
    def _remember(session: Session, _context: Any, _instances: Any) -> None:
        touched = session.info.setdefault("kyodo_touched", set())
        for obj in (*session.new, *session.dirty, *session.deleted):
            table = getattr(obj, "__tablename__", None)
            if table:
                touched.add(table)

    @event.listens_for(factory, "before_commit")
    def _notify(session: Session) -> None:
        session.flush()  # before_commit runs before the commit's own flush: see every row first
        touched = session.info.pop("kyodo_touched", set())
        if touched and session.get_bind().dialect.name == "postgresql":
            payload = f"{origin};" + ",".join(sorted(touched))
            session.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": payload[:7900]})

    @event.listens_for(factory, "after_rollback")
    def _forget(session: Session) -> None:
        session.info.pop("kyodo_touched", None)


class ChangeListener:
    """LISTEN on its own connection; `poll()` returns the tables other PCs changed since the last poll
    (never blocks: the window calls it from a timer)."""

    def __init__(self, engine: Engine, ignore_origin: str | None = None):
        self._ignore = ignore_origin  # this window's own commits: it has refreshed for them already
        self._raw = engine.raw_connection()
        driver = self._raw.driver_connection
        if driver is None:  # only a pool that has closed the connection leaves none
            raise RuntimeError("the PostgreSQL connection for LISTEN is closed")
        self._driver = driver
        self._driver.autocommit = True
        self._driver.execute(f"LISTEN {CHANNEL}")

    def poll(self) -> set[str]:
        tables: set[str] = set()
        for note in self._driver.notifies(timeout=0):  # what has arrived, without waiting
            origin, _, names = note.payload.rpartition(";")
            if self._ignore is not None and origin == self._ignore:
                continue
            tables.update(t for t in names.split(",") if t)
        return tables

    def close(self) -> None:
        self._raw.close()

