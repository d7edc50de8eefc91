"""Kill a large 名簿 import with SIGKILL and look at what is left (the crash test and
benchmarks/crash_trials.py share this).

A trial copies a prepared database, starts `python -m app members import` on a 3,000-row workbook
in a child process, kills it after a chosen delay and then checks the file with SQLite alone:
`PRAGMA integrity_check` must say ok and the register must hold all of the import or none of it.
"""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROWS = 3000
NONE, ALL, PARTIAL, CORRUPT = "none", "all", "partial", "corrupt"
_COUNT_SQL = "SELECT (SELECT COUNT(*) FROM member_organisation) + (SELECT COUNT(*) FROM person)"


def write_workbook(path: Path, rows: int = ROWS) -> Path:
    """構成団体 and 個人会員 mixed, every row new: the import adds exactly `rows` members."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("名簿")
    ws.append(["令和7年度 会員名簿"])
    ws.append([])
    ws.append(["区分", "名称", "ふりがな", "代表者", "電話", "郵便番号", "住所", "メール", "加入日"])
    for i in range(rows):
        if i % 3 == 2:
            ws.append(["個人会員", f"試験 太郎{i:05d}", f"しけん たろう{i:05d}", None, f"090-0000-{i % 10000:04d}",
                       "029-0000", f"岩手県一関市見本町{i}番地", f"p{i}@example.jp", "2024/4/1"])  # fmt: skip
        else:
            ws.append(["老人クラブ", f"見本クラブ{i:05d}", f"みほんくらぶ{i:05d}", f"代表 {i}", "0191-00-0000",
                       "029-0000", f"岩手県一関市見本{i}番地", None, "2020/4/1"])  # fmt: skip
    wb.save(path)
    return path


def make_base(path: Path) -> int:
    """A database with a profile and a few members; returns its member count."""
    from app.domain.validation import ValidationError  # noqa: F401  (services import it anyway)
    from app.services.members.people import Member, save_person
    from app.services.profile import Profile, save_profile
    from app.storage.database import open_database

    db = open_database(path)
    try:
        save_profile(db, Profile(name="試験地域協働体"))
        for i in range(5):
            save_person(db, Member(name=f"既存 会員{i}", furigana=f"きそん かいいん{i}"))
    finally:
        db.close()
    return member_count(path)


def member_count(path: Path) -> int:
    with closing(sqlite3.connect(path)) as con:
        return con.execute(_COUNT_SQL).fetchone()[0]


@dataclass(frozen=True)
class Trial:
    kill_after: float | None  # seconds; None: let it finish
    outcome: str  # NONE / ALL / PARTIAL / CORRUPT
    finished_first: bool  # the import ended before the kill
    integrity: str
    members: int
    first_output: float | None  # seconds until the summary was printed (the commit follows it)
    elapsed: float


def _start(db: Path, workbook: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-u", "-m", "app", "members", "import", str(workbook), "--db", str(db)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )


def run_trial(base: Path, workbook: Path, workdir: Path, base_count: int, kill_after: float | None) -> Trial:
    db = workdir / "trial.sqlite"
    for suffix in ("", "-wal", "-shm", ".lock"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    shutil.rmtree(workdir / "trial_backups", ignore_errors=True)
    shutil.copyfile(base, db)
    start = time.monotonic()
    proc = _start(db, workbook)
    first_output = None
    if kill_after is None:
        assert proc.stdout is not None
        proc.stdout.readline()
        first_output = time.monotonic() - start
        proc.communicate()
    else:
        try:
            proc.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
    elapsed = time.monotonic() - start
    finished = proc.returncode == 0
    return _judge(db, base_count, kill_after, finished, first_output, elapsed)


def _judge(db: Path, base_count: int, kill_after, finished, first_output, elapsed) -> Trial:
    try:
        with closing(sqlite3.connect(db)) as con:  # opening replays or discards the -wal, as the app would
            integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
            members = con.execute(_COUNT_SQL).fetchone()[0]
    except sqlite3.DatabaseError as exc:
        return Trial(kill_after, CORRUPT, finished, str(exc), -1, first_output, elapsed)
    if integrity != "ok":
        outcome = CORRUPT
    elif members == base_count:
        outcome = NONE
    elif members == base_count + ROWS:
        outcome = ALL
    else:
        outcome = PARTIAL
    return Trial(kill_after, outcome, finished, integrity, members, first_output, elapsed)


def kill_times(n: int, first_output: float, total: float, seed: int = 7) -> list[float]:
    """n delays staggered over the whole run: half while the file is read and checked, half
    from the printed summary to the end (backup, the one commit, exit), each with some jitter."""
    import random

    rng = random.Random(seed)
    early = n // 2
    late = n - early
    times = [first_output * (i + rng.random()) / early for i in range(early)]
    span = max(total - first_output, 0.05)
    times += [first_output + span * (i + rng.random()) / late for i in range(late)]
    return times


def backups_are_whole(workdir: Path) -> bool:
    """Every file in the backups folder that looks like a backup opens and passes its check."""
    from app.services.backups import list_backups

    return all(info.problem is None for info in list_backups(workdir / "trial.sqlite"))
