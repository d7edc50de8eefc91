"""Shared fixtures. Qt runs offscreen; every database is built through the Alembic migrations."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from app.storage.database import Database, open_database  # noqa: E402


@pytest.fixture(autouse=True)
def _own_user_settings(tmp_path_factory, monkeypatch) -> None:
    """Each test (and the programs it starts) keeps the window's 'last opened database' in a folder
    of its own, never in the real user's settings."""
    monkeypatch.setenv("KYODO_SETTINGS_DIR", str(tmp_path_factory.mktemp("user_settings")))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kyodo.sqlite"


@pytest.fixture(scope="session")
def _postgres_template() -> bool:
    from tests import postgres_support

    if postgres_support.on_postgres():
        postgres_support.make_template()
        return True
    return False


@pytest.fixture
def db(db_path: Path, request, _postgres_template: bool) -> Database:
    """A new database built by the migrations: a SQLite file, or with KYODO_TEST_DB a PostgreSQL
    database of its own (tests marked sqlite_only keep the file)."""
    if _on_server(request, _postgres_template):
        from app.storage.postgres import postgres_engine
        from tests import postgres_support

        name, url = postgres_support.new_database()
        database = Database(postgres_engine(url))
        yield database
        database.close()
        postgres_support.drop_database(name)
        return
    database = open_database(db_path)
    yield database
    database.close()


def _on_server(request, on_postgres: bool) -> bool:
    return on_postgres and request.node.get_closest_marker("sqlite_only") is None


@pytest.fixture
def db_target(db: Database, db_path: Path) -> Path | str:
    """Where the command line (`--db`) finds this test's `db`: its file, or the server URL."""
    if db.engine.dialect.name == "postgresql":
        from tests import postgres_support

        return postgres_support.server_url(db.engine.url.render_as_string(hide_password=False))
    return db_path


@pytest.fixture
def new_target(tmp_path: Path, request, _postgres_template: bool):
    """new_target("name.sqlite") → where a command may create a new database (`kyodo demo/new --db`):
    a file in tmp_path, or with KYODO_TEST_DB an empty migrated database of its own on the server,
    dropped after the test."""
    from tests import postgres_support

    made: list[str] = []

    def make(name: str = "kyodo.sqlite") -> Path | str:
        if _on_server(request, _postgres_template):
            database, url = postgres_support.new_database()
            made.append(database)
            return postgres_support.server_url(url)
        return tmp_path / name

    yield make
    for database in made:
        postgres_support.drop_database(database)
