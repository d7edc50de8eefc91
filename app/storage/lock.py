"""One writer at a time: a lock file beside the database (`kyodo.sqlite.lock`).

The file holds JSON (host, user, pid, started, heartbeat, token). It is created with
O_CREAT|O_EXCL, so of two programs starting together exactly one gets it, also on a shared
folder reached from two PCs. The holder refreshes the heartbeat every HEARTBEAT_SECONDS and
removes the file on exit. A lock left behind is taken over:
- on this PC when the holder's process is gone;
- from another PC when its heartbeat is older than STALE_AFTER (we cannot see its processes).
"""

from __future__ import annotations

import atexit
import contextlib
import getpass
import json
import os
import socket
import sys
import threading
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from app.storage.database import DatabaseOpenError

HEARTBEAT_SECONDS = 30
STALE_AFTER = timedelta(minutes=2)


@dataclass(frozen=True)
class LockInfo:
    host: str
    user: str
    pid: int
    started: str  # ISO local time
    heartbeat: str  # ISO local time
    token: str = ""  # tells our own lock from someone else's

    @property
    def holder_text(self) -> str:
        """「○○さん（ホスト名）が 2026-11-29 10:15 から使用中」"""
        try:
            since = datetime.fromisoformat(self.started).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            since = "不明な時刻"
        return f"{self.user or '不明'}さん（{self.host or '不明なPC'}）が {since} から使用中"

    @property
    def read_only_notice(self) -> str:
        return f"{self.holder_text}のため、読み取り専用で開きました"

    @property
    def refusal(self) -> str:
        return (
            f"{self.holder_text}のため、書き込めません。使用中の方が終了してから、もう一度実行してください。"
        )


class DatabaseInUse(DatabaseOpenError):
    """Someone else holds the file; the message (Japanese) says who and since when."""

    def __init__(self, info: LockInfo):
        super().__init__(info.refusal)
        self.info = info


def lock_path(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _this_host() -> str:
    return socket.gethostname()


def _this_user() -> str:
    try:
        return getpass.getuser()
    except (ImportError, KeyError, OSError):  # no user name in the environment (services, some Windows setups)
        return ""


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate the process on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True


# Locks this process holds, by lock-file path: a second window in the same process is a second writer too.
_HELD: dict[Path, DatabaseLock] = {}


@dataclass(frozen=True)
class _Seen:
    info: LockInfo
    raw: bytes
    modified: datetime


def _read(path: Path) -> _Seen | None:
    try:
        raw = path.read_bytes()
        modified = datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    except FileNotFoundError:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
        info = LockInfo(
            **{k: data[k] for k in ("host", "user", "pid", "started", "heartbeat")},
            token=data.get("token", ""),
        )
    except (ValueError, KeyError, TypeError):
        # Being written this very moment, or damaged: judge it by the file's age alone.
        stamp = modified.isoformat()
        info = LockInfo(host="", user="", pid=0, started=stamp, heartbeat=stamp)
    return _Seen(info, raw, modified)


def read_lock(db_path: Path) -> LockInfo | None:
    """Who holds the database now (None when nobody does)."""
    seen = _read(lock_path(db_path))
    return seen.info if seen else None


def _stale_reason(seen: _Seen, path: Path, now: datetime) -> str | None:
    """Why a lock may be taken over, or None while its holder may still be writing."""
    info = seen.info
    if info.host and info.host.lower() == _this_host().lower() and info.pid:
        if info.pid == os.getpid():
            return None if path in _HELD else "このPCの以前の協働デスクが正しく終了しなかった"
        return None if _pid_alive(info.pid) else "このPCの以前の協働デスクが正しく終了しなかった"
    try:
        beat = max(datetime.fromisoformat(info.heartbeat), seen.modified)
    except ValueError:
        beat = seen.modified
    if now - beat > STALE_AFTER:
        return f"最後の応答（{beat:%Y-%m-%d %H:%M}）から{int(STALE_AFTER.total_seconds() // 60)}分以上たっている"
    return None


def _write_new(path: Path, payload: bytes) -> bool:
    """Create the lock file only if it does not exist (atomic on local disks and SMB/NFS shares)."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as f:
        f.write(payload)
        f.flush()
        os.fsync(f.fileno())
    return True


def _payload(info: LockInfo) -> bytes:
    return json.dumps(asdict(info), ensure_ascii=False, indent=1).encode("utf-8")


class DatabaseLock:
    """This process's right to write one database file."""

    def __init__(self, path: Path, info: LockInfo, took_over: LockInfo | None, stale_reason: str | None):
        self.path = path
        self.info = info
        self.took_over = took_over  # the lock left behind that we replaced, if any
        self._stale_reason = stale_reason
        self.released = False

    @property
    def takeover_note(self) -> str | None:
        """The note to show the user when a lock left behind was taken over."""
        if self.took_over is None:
            return None
        who = f"{self.took_over.user or '不明'}さん（{self.took_over.host or '不明なPC'}）"
        return f"{who}の使用中の印が残っていましたが、{self._stale_reason}ため、引き継ぎました。"

    def still_ours(self) -> bool:
        seen = _read(self.path)
        return seen is not None and seen.info.token == self.info.token

    def refresh(self) -> bool:
        """Renew the heartbeat. False when the lock is no longer ours (taken over while we slept)."""
        if self.released or not self.still_ours():
            return False
        self.info = replace(self.info, heartbeat=_now().isoformat())
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        _write_new(tmp, _payload(self.info))
        os.replace(tmp, self.path)  # readers see the old or the new heartbeat, never half a file
        return True

    def release(self) -> None:
        if self.released:
            return
        self.released = True
        _HELD.pop(self.path, None)
        if self.still_ours():
            self.path.unlink(missing_ok=True)


def acquire(db_path: Path, now: datetime | None = None) -> DatabaseLock:
    """Take the lock on `db_path`, or raise DatabaseInUse naming the holder."""
    path = lock_path(Path(db_path).resolve())
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = (now or _now()).isoformat()
    info = LockInfo(_this_host(), _this_user(), os.getpid(), stamp, stamp, uuid.uuid4().hex)
    took_over: LockInfo | None = None
    reason: str | None = None
    for _attempt in range(3):
        if _write_new(path, _payload(info)):
            lock = DatabaseLock(path, info, took_over, reason)
            _HELD[path] = lock
            atexit.register(lock.release)
            return lock
        seen = _read(path)
        if seen is None:  # released between our two steps: try again
            continue
        reason = _stale_reason(seen, path, now or _now())
        if reason is None:
            raise DatabaseInUse(seen.info)
        if not _remove_if_unchanged(path, seen):
            continue
        took_over = seen.info
    current = read_lock(db_path)
    raise DatabaseInUse(current or info)


def _remove_if_unchanged(path: Path, seen: _Seen) -> bool:
    """Set a stale lock aside, but only the very file we judged: of two programs taking over
    together, one renames it; the other finds it gone (or finds the winner's new lock, puts it back)."""
    aside = path.with_name(f"{path.name}.stale-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        os.rename(path, aside)
    except FileNotFoundError:
        return False
    if aside.read_bytes() != seen.raw:  # not the file we judged: someone's fresh lock
        _write_new(path, aside.read_bytes())  # put it back, unless yet another lock appeared meanwhile
        aside.unlink(missing_ok=True)
        return False
    aside.unlink(missing_ok=True)
    return True


class Heartbeat(threading.Thread):
    """Keeps a command-line lock fresh while a long command runs."""

    def __init__(self, lock: DatabaseLock, seconds: float):
        super().__init__(daemon=True, name="kyodo-lock-heartbeat")
        self.lock, self.seconds = lock, seconds
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(self.seconds):
            if not self.lock.refresh():
                return


@contextlib.contextmanager
def acquire_for_cli(db_path: Path, heartbeat_seconds: float = HEARTBEAT_SECONDS) -> Iterator[DatabaseLock]:
    """For commands that write: hold the lock for the duration of the `with` block.

    Raises DatabaseInUse (→ exit 1 with the Japanese message) while another live program holds it;
    a lock left behind is taken over with a note on stderr.
    """
    lock = acquire(db_path)
    if lock.takeover_note:
        print(lock.takeover_note, file=sys.stderr)
    beat = Heartbeat(lock, heartbeat_seconds)
    beat.start()
    try:
        yield lock
    finally:
        beat.stop.set()
        beat.join()
        lock.release()
