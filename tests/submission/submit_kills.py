"""SIGKILL a `kyodo submit` at a chosen moment, open the office again, and check all-or-nothing.

Shared by tests/submission/test_atomic_submit.py (a few kills) and benchmarks/submit_kill_trials.py.
"""

from __future__ import annotations

import hashlib
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def submit_command(db: Path | str, year: int, out: Path) -> list[str]:
    return [sys.executable, "-m", "app", "submit", "--db", str(db), "--year", str(year), "--out", str(out),
            "--accept-warnings"]


def timed_submit(db: Path | str, year: int, out: Path) -> float:
    """Seconds one whole submission takes (it is kept: later trials write the next 版)."""
    start = time.perf_counter()
    subprocess.run(submit_command(db, year, out), cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def killed_submit(db: Path | str, year: int, out: Path, after: float) -> bool:
    """Start a submission and SIGKILL it after `after` seconds; True when it was killed."""
    proc = subprocess.Popen(submit_command(db, year, out), cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=after)
        return False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True


def reopen(db: Path | str) -> None:
    """The next start: open the office for writing (which tidies an interrupted submission)."""
    code = (
        "import sys; from app.services.office import Office;"
        "Office.open(sys.argv[1], create=False, if_held='refuse', start_up=False).close()"
    )
    subprocess.run([sys.executable, "-c", code, str(db)], cwd=ROOT, check=True, capture_output=True)


def _query(db: Path | str, sql: str) -> list[tuple]:
    """Rows of `sql` from a file (read directly, as after a crash) or a server database."""
    if isinstance(db, str) and "://" in db:
        from sqlalchemy import text

        from app.storage.postgres import postgres_engine

        engine = postgres_engine(db)
        try:
            with engine.connect() as con:
                return [tuple(r) for r in con.execute(text(sql))]
        finally:
            engine.dispose()
    with closing(sqlite3.connect(db)) as con:
        return con.execute(sql).fetchall()


def inconsistencies(db: Path | str, out: Path) -> list[str]:
    """What breaks all-or-nothing: a recorded 版 with a file missing or different, a file no 版
    records, a reservation or a staging folder left."""
    found: list[str] = []
    rows = _query(db, "SELECT s.edition, s.content_sha256, f.name, f.sha256 FROM submission s "
                      "JOIN submission_file f ON f.submission_id = s.id")
    recorded = set()
    for edition, content, name, sha in rows:
        if content == "":
            found.append(f"第{edition}版 is still reserved")
            continue
        recorded.add(name)
        path = out / name
        if not path.is_file():
            found.append(f"第{edition}版 recorded but {name} missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != sha:
            found.append(f"第{edition}版 recorded but {name} differs")
    for path in out.iterdir():
        if path.name.startswith(".kyodo-submission-"):
            found.append(f"staging folder {path.name} left")
        elif not path.name.startswith(".") and path.name not in recorded:
            found.append(f"{path.name} is in the folder but no 版 records it")
    return found
