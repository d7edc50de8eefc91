"""PostgreSQL: opening a server database safely, and copying a whole office between engines.

Run by scripts/test_postgres.sh (KYODO_TEST_DB names the server); skipped in the SQLite run.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.domain.fiscal_year import FiscalYear
from app.services.accounts.ledger import ledger_rows
from app.services.demo.create import create_demo
from app.services.facility.usage import usage_comparison
from app.services.members.organisations import list_organisations
from app.storage.copy import CopyError, copy_rows
from app.storage.database import Database, open_database
from app.storage.postgres import PostgresOpenError, postgres_engine, prepare_server, safe_url
from tests import postgres_support

pytestmark = pytest.mark.skipif(not postgres_support.on_postgres(), reason="KYODO_TEST_DB is not a PostgreSQL URL")
FY = FiscalYear(2025)


@pytest.fixture
def empty_server_db():
    """A database on the server with nothing in it (as an administrator creates one per body)."""
    admin, url = postgres_support._admin()
    name = f"kyodo_e_{uuid.uuid4().hex[:10]}"
    with admin.connect() as con:
        con.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    yield url.set(database=name, drivername="postgresql").render_as_string(hide_password=False)
    postgres_support.drop_database(name)


def _snapshot(db: Database):
    return (ledger_rows(db, FY), usage_comparison(db, FY), list_organisations(db))


def test_an_office_copied_to_the_server_and_back_reads_the_same(tmp_path: Path, empty_server_db: str):
    source = open_database(tmp_path / "office.sqlite")
    create_demo(source, today=date(2026, 3, 1))
    server = prepare_server(empty_server_db, create=True)  # the migrations, from empty to head
    result = copy_rows(source.engine, server)
    assert result.rows > 1000
    back = open_database(tmp_path / "back.sqlite")
    copy_rows(server, back.engine)
    on_server = Database(server)
    assert _snapshot(source) == _snapshot(on_server) == _snapshot(back)
    with pytest.raises(CopyError, match="既にデータがあります"):
        copy_rows(source.engine, server)
    for db in (source, on_server, back):
        db.close()


def test_an_empty_database_is_initialised_only_when_asked(empty_server_db: str):
    with pytest.raises(PostgresOpenError, match="空のデータベースです。.*kyodo new"):
        prepare_server(empty_server_db, create=False)
    engine = postgres_engine(empty_server_db)
    with engine.connect() as con:
        assert con.execute(text("SELECT count(*) FROM information_schema.tables WHERE table_schema='public'")).scalar() == 0
    engine.dispose()


def test_another_applications_database_and_a_newer_schema_are_refused(empty_server_db: str):
    engine = postgres_engine(empty_server_db)
    with engine.begin() as con:
        con.execute(text("CREATE TABLE invoices (id integer primary key)"))
    with pytest.raises(PostgresOpenError, match="協働デスクのデータベースではありません"):
        prepare_server(empty_server_db, create=True)
    with engine.begin() as con:
        con.execute(text("DROP TABLE invoices"))
    engine.dispose()
    prepare_server(empty_server_db, create=True).dispose()
    engine = postgres_engine(empty_server_db)
    with engine.begin() as con:
        con.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(PostgresOpenError, match="新しいバージョンの協働デスク"):
        prepare_server(empty_server_db, create=True)


def test_connection_problems_are_plain_japanese_and_hide_the_password(empty_server_db: str):
    assert safe_url("postgresql://kyodo:secret@db.local/body") == "postgresql://kyodo:***@db.local/body"
    with pytest.raises(PostgresOpenError, match="接続できません"):
        prepare_server("postgresql://kyodo@127.0.0.1:1/none", create=False)
    missing = empty_server_db.rsplit("/", 1)[0] + "/kyodo_no_such_db"
    with pytest.raises(PostgresOpenError, match="kyodo_no_such_db」はサーバーにありません"):
        prepare_server(missing, create=False)


def test_the_command_line_works_on_the_server_and_backs_it_up_as_a_file(tmp_path: Path, empty_server_db: str, capsys):
    from app.cli import main

    url = empty_server_db
    office = tmp_path / "office.sqlite"
    db = open_database(office)
    create_demo(db, today=date(2026, 3, 1))
    db.close()
    assert main(["db", "copy", "--from", str(office), "--to", url]) == 0
    assert main(["check", "--db", url]) == 0
    assert "問題ありません（サーバー）" in capsys.readouterr().out
    backup = tmp_path / "server_copy.sqlite"
    assert main(["backup", "--db", url, "--out", str(backup)]) == 0
    assert main(["room", "add", "--db", url, "--name", "図書室"]) == 0
    assert main(["restore", str(backup), "--db", url]) == 0
    out = capsys.readouterr().out
    assert "復元しました" in out and "復元前のファイルはバックアップとして残しました" in out
    server = Database(postgres_engine(url))
    from app.services.facility.rooms import list_rooms

    assert "図書室" not in [r.name for r in list_rooms(server)]
    assert _snapshot(server) == _snapshot(Database(open_database(backup).engine))
    server.close()


def test_a_user_without_the_rights_to_migrate_is_told_so_and_nothing_changes(empty_server_db: str):
    """A clerk's role may read and write rows but not create tables (PostgreSQL 15 gives nobody but the
    owner CREATE on schema public): initialising or upgrading the database is refused in Japanese."""
    from app.services.office import Office, OfficeOpenError

    admin, _url = postgres_support._admin()
    role = f"clerk_{uuid.uuid4().hex[:8]}"
    with admin.connect() as con:
        con.execute(text(f"CREATE ROLE {role} LOGIN"))
    clerk_url = str(make_url(empty_server_db).set(username=role).render_as_string(hide_password=False))
    try:
        with pytest.raises(OfficeOpenError, match="を更新する権限がありません（表の作成・変更の権限）"):
            Office.open(clerk_url, create=True)
        engine = postgres_engine(empty_server_db)
        with engine.connect() as con:  # nothing was created
            assert con.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar() == 0
        engine.dispose()
    finally:
        with admin.connect() as con:
            con.execute(text(f"DROP OWNED BY {role}"))
            con.execute(text(f"DROP ROLE {role}"))
        admin.dispose()
