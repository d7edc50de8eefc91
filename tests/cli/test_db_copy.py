"""`kyodo db copy`: a whole office to another database; the exports read the same; never over data."""

from __future__ import annotations

from datetime import date

import pytest

from app.cli import main
from app.services.demo.create import create_demo
from app.storage.database import open_database
from tests import postgres_support


def _ledger_text(tmp_path, db_target, name: str) -> str:
    from pypdf import PdfReader

    out = tmp_path / f"{name}.pdf"
    assert main(["export", "ledger", "--db", str(db_target), "--year", "2025", "--format", "pdf", "--out", str(out)]) == 0
    return "\n".join(page.extract_text() for page in PdfReader(out).pages)


def table_rows(target) -> dict[str, list[tuple]]:
    """Every row of every table, in key order: what a copy must keep as it was (times included)."""
    from sqlalchemy import select

    import app.storage.models  # noqa: F401  (every table registered)
    from app.storage.base import Base

    database = postgres_support.open_target(target)
    try:
        with database.engine.connect() as con:
            return {t.name: [tuple(r) for r in con.execute(select(t).order_by(*t.primary_key.columns))]
                    for t in Base.metadata.sorted_tables}
    finally:
        database.close()


@pytest.fixture
def office(tmp_path):
    path = tmp_path / "office.sqlite"
    db = open_database(path)
    create_demo(db, today=date(2026, 3, 1))
    db.close()
    return path


def test_copy_to_a_new_file_reads_the_same_and_never_overwrites(tmp_path, office, capsys):
    copy = tmp_path / "copy.sqlite"
    assert main(["db", "copy", "--from", str(office), "--to", str(copy)]) == 0
    assert "コピーしました" in capsys.readouterr().out
    assert _ledger_text(tmp_path, office, "a") == _ledger_text(tmp_path, copy, "b")
    # row for row, times included: the 目 linked to their 款 after the copy keep their updated_at
    assert table_rows(copy) == table_rows(office)
    assert main(["db", "copy", "--from", str(office), "--to", str(copy)]) == 1
    assert "既にデータがあります" in capsys.readouterr().err
    assert main(["db", "copy", "--from", str(tmp_path / "none.sqlite"), "--to", str(tmp_path / "x.sqlite")]) == 1
    assert "見つかりません" in capsys.readouterr().err


@pytest.mark.skipif(not postgres_support.on_postgres(), reason="KYODO_TEST_DB is not a PostgreSQL URL")
def test_round_trip_through_the_server_reads_the_same(tmp_path, office, _postgres_template):
    name, url = postgres_support.new_database()  # migrated and empty, as `kyodo new` leaves it
    try:
        server = url.replace("postgresql+psycopg://", "postgresql://")
        back = tmp_path / "back.sqlite"
        assert main(["db", "copy", "--from", str(office), "--to", server]) == 0
        assert main(["db", "copy", "--from", server, "--to", str(back)]) == 0
        assert _ledger_text(tmp_path, office, "a") == _ledger_text(tmp_path, back, "b")
    finally:
        postgres_support.drop_database(name)
