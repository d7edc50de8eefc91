"""Backup files of a database: copy with SQLite's online backup API, name, rotate, list, read.

Backups live in a folder beside the database (`kyodo.sqlite` → `kyodo_backups/`), one file per
backup named `<stem>_<YYYYmmdd-HHMMSS>_<reason>.sqlite`, so a person browsing the folder sees when
and why each was made. Every file (and the folder) is readable by the owner only where the OS allows.
Reading a backup never modifies it (SQLite `immutable` read-only connection).
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

# Why a backup was made; the Japanese word is part of the file name.
REASON_START = "起動時"
REASON_MIGRATION = "移行前"
REASON_IMPORT = "取込前"
REASON_YEAR_CLOSE = "年度締め前"
REASON_RESTORE = "復元前"
REASON_MANUAL = "手動"
REASONS = (REASON_START, REASON_MIGRATION, REASON_IMPORT, REASON_YEAR_CLOSE, REASON_RESTORE, REASON_MANUAL)

DEFAULT_KEEP_COUNT = 20  # per reason; the setting "backup_keep_count" (app.services.settings) overrides it
STAMP_FORMAT = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)_(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?_(?P<reason>[^_.]+)\.sqlite$")
# Tables that say nothing to a person comparing backups.
_INTERNAL_TABLES = ("alembic_version",)


def create_private_file(path: Path) -> None:
    """Create the file readable by the owner only (POSIX 0600) before SQLite opens it."""
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


PARTIAL_SUFFIX = ".partial"


def backup_copy(source: Path, dest: Path) -> Path:
    """Copy a live SQLite database with the online backup API (consistent even in WAL mode).

    The copy is written under a temporary name and renamed when complete, so a program killed
    half-way leaves no file that looks like a backup but is not whole.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + PARTIAL_SUFFIX)
    for leftover in (partial, partial.with_name(partial.name + "-journal")):
        leftover.unlink(missing_ok=True)
    create_private_file(partial)
    try:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)
            # One self-contained file (no -wal beside it), which reading never changes.
            dst.execute("PRAGMA journal_mode=DELETE")
        os.replace(partial, dest)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return dest


def backups_dir(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}_backups")


def _ensure_private_dir(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # e.g. a shared folder that does not allow it; files stay 0600
        os.chmod(folder, 0o700)


def make_backup(
    db_path: Path, reason: str, keep: int = DEFAULT_KEEP_COUNT, now: datetime | None = None
) -> Path:
    """Back up `db_path` into its backups folder, then rotate that reason's backups to `keep`."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason: {reason}")
    db_path = Path(db_path)
    folder = backups_dir(db_path)
    _ensure_private_dir(folder)
    stamp = (now or datetime.now()).strftime(STAMP_FORMAT)
    dest = folder / f"{db_path.stem}_{stamp}_{reason}.sqlite"
    n = 1
    while dest.exists():  # two backups within one second
        n += 1
        dest = folder / f"{db_path.stem}_{stamp}-{n}_{reason}.sqlite"
    _remove_leftover_partials(folder, db_path.stem)
    backup_copy(db_path, dest)
    rotate(db_path, reason, keep)
    return dest


def _remove_leftover_partials(folder: Path, stem: str, older_than_seconds: float = 3600) -> None:
    """Half-written copies of a program that was killed; recent ones may still be being written."""
    limit = datetime.now().timestamp() - older_than_seconds
    for path in folder.glob(f"{glob.escape(stem)}_*.sqlite{PARTIAL_SUFFIX}*"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < limit:
                path.unlink()


@dataclass(frozen=True)
class BackupFile:
    path: Path
    made_at: datetime
    reason: str


def backup_files(db_path: Path) -> list[BackupFile]:
    """The backups of `db_path` in its folder, newest first (files not named by us are ignored)."""
    db_path = Path(db_path)
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if not match or match["stem"] != db_path.stem:
            continue
        made = datetime.strptime(match["stamp"], STAMP_FORMAT)
        found.append((made, int(match["n"] or 1), BackupFile(path, made, match["reason"])))
    found.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [f for _, _, f in found]


def rotate(db_path: Path, reason: str, keep: int) -> list[Path]:
    """Delete the oldest backups of one reason beyond `keep`; return what was deleted.

    Per reason, so a year of daily start-up backups never pushes out the copy made before
    closing a year or before a restore.
    """
    keep = max(int(keep), 1)
    same = [f for f in backup_files(db_path) if f.reason == reason]
    removed = []
    for old in same[keep:]:
        old.path.unlink(missing_ok=True)
        removed.append(old.path)
    return removed


def has_backup_on(db_path: Path, reason: str, day: date) -> bool:
    return any(f.reason == reason and f.made_at.date() == day for f in backup_files(db_path))


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection to a backup that can neither change the file nor create -wal/-shm files beside it.

    `immutable` is right for backups only: nothing else writes them.
    """
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def table_row_counts(path: Path) -> dict[str, int]:
    """Rows per table, for every table that has rows (new tables are counted without code changes)."""
    counts: dict[str, int] = {}
    with closing(open_read_only(path)) as con:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for name in names:
            if name in _INTERNAL_TABLES:
                continue
            quoted = '"' + name.replace('"', '""') + '"'
            count = con.execute(f"SELECT COUNT(*) FROM {quoted}").fetchone()[0]
            if count:
                counts[name] = count
    return counts


def read_stored_setting(db_path: Path, key: str) -> str | None:
    """A setting's stored text, read without opening (or changing) the database; None when there is
    none or the file cannot be read. Its meaning is app.services.settings' business."""
    try:
        # mode=ro without `immutable`: the live file's WAL may hold the latest settings.
        with closing(sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=ro", uri=True)) as con:
            row = con.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    except sqlite3.DatabaseError:
        return None
    return str(row[0]) if row else None
