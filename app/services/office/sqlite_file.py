"""The steps only a SQLite *file* needs, kept in one place (a server database has none of them):

- the writer lock beside the file (`kyodo.sqlite.lock`): who holds it, taking it, keeping it fresh;
- starting afresh (`kyodo demo --replace`): deleting the file with its -wal/-shm, only if it is ours;
- replacing the file from a backup (restore).

Owner-only permissions (0600) are set where the files are created, in app/storage (database,
backups, lock file).
"""

from __future__ import annotations

from pathlib import Path

from app.services.backups import RestoreResult, restore_database
from app.storage.database import FileKind, inspect_file
from app.storage.lock import (
    HEARTBEAT_SECONDS,
    DatabaseInUse,
    DatabaseLock,
    Heartbeat,
    LockInfo,
    acquire,
    read_lock,
)

__all__ = [
    "HEARTBEAT_SECONDS",
    "DatabaseInUse",
    "FileLock",
    "LockInfo",
    "read_lock",
    "remove_if_ours",
    "replace_from_backup",
]


class FileLock:
    """This program's right to write one database file, with an optional background heartbeat."""

    def __init__(self, lock: DatabaseLock, heartbeat_seconds: float | None = None):
        self._lock = lock
        self._beat: Heartbeat | None = None
        if heartbeat_seconds:
            self._beat = Heartbeat(lock, heartbeat_seconds)
            self._beat.start()

    @classmethod
    def take(cls, path: Path, heartbeat_seconds: float | None = None) -> FileLock:
        """Take the lock, or raise DatabaseInUse naming the holder (a lock left behind is taken over)."""
        return cls(acquire(path), heartbeat_seconds)

    @property
    def takeover_note(self) -> str | None:
        return self._lock.takeover_note

    def refresh(self) -> bool:
        """Renew the heartbeat; False once another PC has taken the file over."""
        return self._lock.refresh()

    def release(self) -> None:
        if self._beat is not None:
            self._beat.stop.set()
            self._beat.join()
            self._beat = None
        self._lock.release()

    @property
    def released(self) -> bool:
        return self._lock.released


def remove_if_ours(path: Path) -> bool:
    """Delete a sound Kyodo Desk database file (and its -wal/-shm) to start afresh; never anything else."""
    status = inspect_file(path)
    if status.kind is not FileKind.KYODO or status.problem():
        return False
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    return True


def replace_from_backup(backup: Path, path: Path) -> RestoreResult:
    """Replace the file with a backup (every connection to it must be closed)."""
    return restore_database(backup, path)

