"""One writer at a time: real processes holding the lock, stale locks, locks from another PC."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main as kyodo
from app.storage.lock import DatabaseInUse, acquire, acquire_for_cli, lock_path, read_lock

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX signals")

def test_lock_file_says_who_holds_it_and_is_private(db_path: Path) -> None:
    lock = acquire(db_path)
    data = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
    assert data["pid"] == os.getpid() and data["host"] and {"user", "started", "heartbeat"} <= set(data)
    assert lock_path(db_path).stat().st_mode & 0o777 == 0o600
    lock.release()
    assert not lock_path(db_path).exists()


def test_commands_that_write_refuse_while_another_process_holds_the_file(holder, capsys) -> None:
    path, _proc = holder
    with pytest.raises(DatabaseInUse) as caught:
        acquire(path)
    message = str(caught.value)
    assert (
        f"さん（{os.uname().nodename}）が {datetime.now():%Y-%m-%d} " in message and "から使用中" in message
    )
    out = path.with_name("copy.sqlite")
    assert kyodo(["backup", "--db", str(path), "--out", str(out)]) == 0  # reading is fine
    before = path.read_bytes()
    assert kyodo(["restore", str(out), "--db", str(path)]) == 1
    assert kyodo(["demo", "--db", str(path), "--replace"]) == 1
    err = capsys.readouterr().err
    assert err.count("から使用中のため、書き込めません") == 2
    assert path.read_bytes() == before


def test_lock_of_a_killed_process_is_taken_over_with_a_note(holder, capsys) -> None:
    path, proc = holder
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert lock_path(path).exists()  # left behind
    assert kyodo(["demo", "--db", str(path), "--replace", "--body", "別の地域協働体"]) == 0
    err = capsys.readouterr().err
    assert "正しく終了しなかったため、引き継ぎました" in err and "しませんでしたため" not in err
    assert not lock_path(path).exists()


def test_heartbeat_of_a_live_holder_moves(holder) -> None:
    path, _proc = holder
    first = read_lock(path).heartbeat
    deadline = time.monotonic() + 5
    while read_lock(path).heartbeat == first and time.monotonic() < deadline:
        time.sleep(0.1)
    assert read_lock(path).heartbeat != first


def _foreign_lock(db_path: Path, beat: datetime) -> None:
    lock_path(db_path).write_text(
        json.dumps(
            {
                "host": "JIMUKYOKU-PC2",
                "user": "架空",
                "pid": 4242,
                "started": "2026-11-29T10:15:00",
                "heartbeat": beat.isoformat(),
            }
        ),
        encoding="utf-8",
    )


def test_lock_from_another_pc_counts_while_its_heartbeat_is_fresh(db_path: Path) -> None:
    _foreign_lock(db_path, datetime.now())
    with pytest.raises(DatabaseInUse, match="架空さん（JIMUKYOKU-PC2）が 2026-11-29 10:15 から使用中"):
        acquire(db_path)


def test_lock_from_another_pc_with_an_old_heartbeat_is_taken_over(db_path: Path) -> None:
    _foreign_lock(db_path, datetime.now() - timedelta(minutes=10))
    old = datetime.now().timestamp() - 600
    os.utime(lock_path(db_path), (old, old))
    lock = acquire(db_path)
    assert "架空さん（JIMUKYOKU-PC2）" in lock.takeover_note and "引き継ぎました" in lock.takeover_note
    assert read_lock(db_path).host == os.uname().nodename
    lock.release()


def test_a_second_writer_in_the_same_process_is_refused(db_path: Path) -> None:
    with acquire_for_cli(db_path), pytest.raises(DatabaseInUse):
        acquire(db_path)
    assert read_lock(db_path) is None


def test_a_lock_taken_over_is_noticed_and_not_deleted_by_the_old_holder(db_path: Path) -> None:
    lock = acquire(db_path)
    assert lock.refresh()
    _foreign_lock(db_path, datetime.now())  # e.g. this PC slept and another took over
    assert not lock.refresh()
    lock.release()
    assert read_lock(db_path).host == "JIMUKYOKU-PC2"


RACER = textwrap.dedent(
    """
    import sys, time
    from app.storage.lock import DatabaseInUse, acquire
    start = float(sys.argv[2])
    while time.time() < start:
        pass
    try:
        lock = acquire(sys.argv[1])
    except DatabaseInUse:
        print("busy", flush=True)
    else:
        print("won", flush=True)
        time.sleep(1.5)
        lock.release()
    """
)


def test_of_processes_starting_together_exactly_one_writes(db_path: Path) -> None:
    start = time.time() + 1.5
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(db_path), str(start)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = sorted(p.communicate(timeout=60)[0].strip() for p in procs)
    assert results == ["busy", "busy", "busy", "won"]
