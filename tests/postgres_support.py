"""Running the service tests on PostgreSQL too: KYODO_TEST_DB=postgresql://USER@HOST:PORT/DB.

The database named in the URL is only used to connect; each test gets a database of its own,
copied from a template that was migrated once per session (CREATE DATABASE … TEMPLATE is fast).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

TEST_DB = os.environ.get("KYODO_TEST_DB", "")
# one template per xdist worker: workers build theirs at the same time
TEMPLATE = f"kyodo_test_template_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def on_postgres() -> bool:
    return TEST_DB.startswith("postgres")


def _admin():
    url = make_url(TEST_DB.replace("postgresql://", "postgresql+psycopg://", 1))
    return create_engine(url, isolation_level="AUTOCOMMIT"), url


def make_template() -> None:
    from app.storage.postgres import prepare_server

    admin, url = _admin()
    with admin.connect() as con:
        con.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE}"))
        con.execute(text(f"CREATE DATABASE {TEMPLATE}"))
    engine = prepare_server(url.set(database=TEMPLATE).render_as_string(hide_password=False), create=True)
    engine.dispose()
    admin.dispose()


def new_database() -> tuple[str, str]:
    """(name, url) of a fresh database copied from the template."""
    admin, url = _admin()
    name = f"kyodo_t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as con:
        con.execute(text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}"))
    admin.dispose()
    return name, url.set(database=name).render_as_string(hide_password=False)


def drop_database(name: str) -> None:
    admin, _ = _admin()
    with admin.connect() as con:
        con.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def server_url(url: str) -> str:
    """The URL as a user types it for --db (postgresql://…), from the driver-qualified one."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def open_target(target):
    """A test's database by where it is: a file path (through the migrations) or a server URL."""
    from app.storage.database import Database, open_database

    if isinstance(target, str) and "://" in target:
        from app.storage.postgres import postgres_engine

        return Database(postgres_engine(target))
    return open_database(target)


def fingerprint(target) -> str:
    """What "nothing changed" compares: the file's bytes, or on a server every table's rows in key order."""
    import hashlib

    digest = hashlib.sha256()
    if not (isinstance(target, str) and "://" in target):
        digest.update(Path(target).read_bytes())
        return digest.hexdigest()
    from sqlalchemy import select

    import app.storage.models  # noqa: F401  (every table registered)
    from app.storage.base import Base

    database = open_target(target)
    try:
        with database.engine.connect() as con:
            for table in Base.metadata.sorted_tables:
                digest.update(table.name.encode())
                for row in con.execute(select(table).order_by(*table.primary_key.columns)):
                    digest.update(repr(tuple(row)).encode())
    finally:
        database.close()
    return digest.hexdigest()


@contextmanager
def fresh_database(path: Path) -> Iterator[Path | str]:
    """A new database for a fixture of a module or a session: the file `path`, or with KYODO_TEST_DB
    an empty migrated database of its own on the server (dropped on leaving). The fixture must ask
    for `_postgres_template` first."""
    if not on_postgres():
        yield path
        return
    name, url = new_database()
    try:
        yield server_url(url)
    finally:
        drop_database(name)
