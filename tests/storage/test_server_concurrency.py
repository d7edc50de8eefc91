"""Two PCs on one server: two imports at once never interleave (the second is told who runs the
first), and an import killed mid-way leaves all of it or none."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from app.storage.postgres import postgres_engine
from tests import postgres_support
from tests.safety.crash_support import ROOT, write_workbook

pytestmark = pytest.mark.skipif(not postgres_support.on_postgres(), reason="KYODO_TEST_DB is not a PostgreSQL URL")
ROWS_SLOW = 8000
COUNT = "SELECT (SELECT COUNT(*) FROM member_organisation) + (SELECT COUNT(*) FROM person)"


@pytest.fixture
def server():
    name, url = postgres_support.new_database()
    url = url.replace("postgresql+psycopg://", "postgresql://")
    engine = postgres_engine(url)
    with engine.begin() as con:
        con.execute(text("INSERT INTO body (name, centre_name, area, chair_name, postal_code, address, phone) "
                         "VALUES ('試験地域協働体', '', '', '', '', '', '')"))
    yield url, engine
    engine.dispose()
    postgres_support.drop_database(name)


def _members(engine) -> int:
    with engine.connect() as con:
        return con.execute(text(COUNT)).scalar()


def _import(url: str, workbook: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-u", "-m", "app", "members", "import", str(workbook), "--db", url],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_advisory_lock(engine, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with engine.connect() as con:
            # this database's advisory locks only: other tests run imports on other databases meanwhile
            if con.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                                "(SELECT oid FROM pg_database WHERE datname = current_database())")).scalar():
                return
        time.sleep(0.05)
    raise AssertionError("the first import never took the lock")


def test_a_second_import_is_refused_while_the_first_runs(tmp_path, server):
    url, engine = server
    workbook = write_workbook(tmp_path / "roster.xlsx", rows=ROWS_SLOW)  # long enough to start a second
    first = _import(url, workbook)
    _wait_for_advisory_lock(engine)
    second = subprocess.run([sys.executable, "-m", "app", "members", "import", str(workbook), "--db", url],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert second.returncode == 1
    assert "を実行中です" in second.stderr and "何も変更していません" in second.stderr
    out, errors = first.communicate(timeout=300)
    assert first.returncode == 0, errors
    assert _members(engine) == ROWS_SLOW  # the first import, whole; nothing of the second


def test_an_import_killed_mid_way_leaves_all_or_nothing(tmp_path, server):
    url, engine = server
    workbook = write_workbook(tmp_path / "roster.xlsx", rows=3000)
    outcomes = set()
    for delay in (1.0, 2.5):
        before = _members(engine)
        proc = _import(url, workbook)
        _wait_for_advisory_lock(engine)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        after = _members(engine)
        assert after in (before, before + 3000)
        outcomes.add(after - before)
        if after != before:
            break
    assert outcomes  # at least one trial ran
