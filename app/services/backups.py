"""Backups and restore, as the window and the command line use them.

Other features call `backup_before(db, REASON_IMPORT)` before an import commits and
`backup_before(db, REASON_YEAR_CLOSE)` before a year is closed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.services.settings import BACKUP_KEEP_COUNT, read_setting, read_setting_of_file
from app.storage.backup import (
    DEFAULT_KEEP_COUNT,
    REASON_IMPORT,
    REASON_MANUAL,
    REASON_RESTORE,
    REASON_START,
    REASON_YEAR_CLOSE,
    backup_copy,
    backup_files,
    backups_dir,
    has_backup_on,
    make_backup,
    table_row_counts,
)
from app.storage.database import Database, FileKind, inspect_file
from app.storage.models import Base

__all__ = [
    "REASON_IMPORT",
    "REASON_MANUAL",
    "REASON_YEAR_CLOSE",
    "BackupError",
    "BackupInfo",
    "RestoreResult",
    "backup_before",
    "backup_before_change",
    "backup_now",
    "backup_on_start",
    "backups_dir",
    "backup_file",
    "list_backups",
    "restore_database",
    "table_label",
]


class BackupError(Exception):
    """A backup or restore was refused; the message is Japanese and nothing was changed."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    reason: str
    size_bytes: int
    counts: tuple[tuple[str, int], ...]  # (Japanese table label, rows), every table that has rows
    problem: str | None = None  # why this file cannot be restored, if it cannot

    def count_of(self, label: str) -> int:
        return dict(self.counts).get(label, 0)

    @property
    def counts_text(self) -> str:
        return "、".join(f"{label} {n:,}件" for label, n in self.counts) or "（データなし）"


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    kept_current: Path | None  # the file as it was before the restore (None if there was none)
    counts: tuple[tuple[str, int], ...]


def table_label(table_name: str) -> str:
    """The Japanese name of a table for people (a model's `__label__`), else the table name."""
    for mapper in Base.registry.mappers:
        if mapper.local_table is not None and getattr(mapper.local_table, "name", None) == table_name:
            return getattr(mapper.class_, "__label__", table_name)
    return table_name


def labelled_counts(path: Path) -> tuple[tuple[str, int], ...]:
    return tuple((table_label(name), n) for name, n in table_row_counts(path).items())


def _keep_count(db: Database) -> int:
    return read_setting(db, BACKUP_KEEP_COUNT)


def keep_count_of_file(db_path: Path) -> int:
    """backup_keep_count of a database that is not open (it is read without changing the file)."""
    return read_setting_of_file(db_path, BACKUP_KEEP_COUNT)


def _require_file(db: Database) -> Path:
    if db.path is None:
        raise BackupError("このデータベースはファイルではないため、バックアップできません。")
    return db.path


def backup_before(db: Database, reason: str) -> Path:
    """A backup before a risky step (REASON_IMPORT, REASON_YEAR_CLOSE); rotated by the keep count."""
    return make_backup(_require_file(db), reason, keep=_keep_count(db))


def backup_before_change(db: Database, reason: str) -> Path | None:
    """What services call before an import commits or a year is closed: a backup of a file
    database (an in-memory database, as some tests use, has no file to copy)."""
    return None if db.path is None else backup_before(db, reason)


def backup_now(db: Database) -> Path:
    """「今すぐバックアップ」 and `kyodo backup` without --out."""
    return make_backup(_require_file(db), REASON_MANUAL, keep=_keep_count(db))


def backup_on_start(db: Database, today: date | None = None) -> Path | None:
    """At most one start-up backup a day; returns the new file, or None if today's exists."""
    path = _require_file(db)
    if has_backup_on(path, REASON_START, today or date.today()):
        return None
    return make_backup(path, REASON_START, keep=_keep_count(db))


def _check_ours(path: Path, role: str) -> None:
    status = inspect_file(path)
    if status.kind is FileKind.MISSING:
        raise BackupError(f"{role}「{path}」が見つかりません。")
    if status.kind is FileKind.EMPTY:
        raise BackupError(
            f"{role}「{path.name}」は空のファイルです。協働デスクのデータベースではありません。"
        )
    problem = status.problem()
    if problem:
        raise BackupError(f"{role}: {problem}")


def backup_file(db_path: Path, out: Path | None = None) -> Path:
    """`kyodo backup`: into the backups folder, or to `out` (never overwriting a file).

    Reads the database only; it need not be opened (and so is not upgraded) to be backed up.
    """
    db_path = Path(db_path)
    _check_ours(db_path, "データベース")
    if out is None:
        return make_backup(db_path, REASON_MANUAL, keep=keep_count_of_file(db_path))
    if out.exists():
        raise BackupError(f"「{out}」は既にあります。別のファイル名を指定してください。")
    return backup_copy(db_path, out)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups of a database, newest first, with rows per table (read without changing them)."""
    infos = []
    for f in backup_files(db_path):
        problem = inspect_file(f.path).problem()
        counts: tuple[tuple[str, int], ...] = ()
        if problem is None:
            try:
                counts = labelled_counts(f.path)
            except sqlite3.DatabaseError as exc:
                problem = f"読み取れません（{exc}）"
        infos.append(BackupInfo(f.path, f.made_at, f.reason, f.path.stat().st_size, counts, problem))
    return infos


def restore_database(backup: Path, db_path: Path) -> RestoreResult:
    """Replace the database with a backup. Every connection to `db_path` must be closed.

    The backup is checked first (nothing changes if it is not a Kyodo Desk database); the current
    file is kept as a 「復元前」 backup; the replacement is one atomic rename of a verified copy.
    """
    backup, db_path = Path(backup), Path(db_path)
    _check_ours(backup, "バックアップ")
    if db_path.exists() and backup.resolve() == db_path.resolve():
        raise BackupError("復元元と復元先が同じファイルです。")
    current = inspect_file(db_path)
    if current.kind is FileKind.FOREIGN:
        raise BackupError(f"復元先: {current.problem()}")

    staging = db_path.with_name(db_path.name + ".restoring")
    staging.unlink(missing_ok=True)
    backup_copy(backup, staging)
    if inspect_file(staging).problem():
        staging.unlink(missing_ok=True)
        raise BackupError(f"バックアップ「{backup.name}」を読み取れませんでした。")

    kept = _keep_current(db_path, current.kind)
    _fold_wal(db_path)
    os.replace(staging, db_path)  # atomic: the file is either the old one or the restored one
    return RestoreResult(backup, kept, labelled_counts(db_path))


def _keep_current(db_path: Path, kind: FileKind) -> Path | None:
    keep = keep_count_of_file(db_path) if kind is FileKind.KYODO else DEFAULT_KEEP_COUNT
    if kind is FileKind.KYODO:
        return make_backup(db_path, REASON_RESTORE, keep=keep)
    if kind is FileKind.CORRUPT:  # the backup API may fail on a damaged file: keep its bytes as they are
        folder = backups_dir(db_path)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        dest = folder / f"{db_path.stem}_{stamp}_{REASON_RESTORE}.damaged"
        shutil.copyfile(db_path, dest)
        os.chmod(dest, 0o600)
        return dest
    return None


def _fold_wal(db_path: Path) -> None:
    """Write the WAL back into the file and leave rollback mode, so no -wal file of the old
    database survives to be replayed onto the restored one."""
    if inspect_file(db_path).kind is FileKind.KYODO:
        with closing(sqlite3.connect(db_path)) as con:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            con.execute("PRAGMA journal_mode=DELETE")
    for suffix in ("-wal", "-shm"):
        leftover = db_path.with_name(db_path.name + suffix)
        if leftover.exists():
            leftover.unlink()
