"""Running the service tests on PostgreSQL too: KYODO_TEST_DB=postgresql://USER@HOST:PORT/DB.

The database named in the URL is only used to connect; each test gets a database of its own,
copied from a template that was migrated once per session (CREATE DATABASE … TEMPLATE is fast).
"""

from __future__ import annotations

import os
import uuid

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
