"""Opening a database file safely: recognise it, refuse what is not ours, back up, then migrate.

A file is only ever written after it has been recognised as a Kyodo Desk database (or is new),
so pointing the program at a wrong file never changes that file.
"""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import AbstractContextManager, closing
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from app.storage.backup import DEFAULT_KEEP_COUNT, REASON_MIGRATION, create_private_file, make_backup
from app.storage.engine import sqlite_engine
from app.storage.errors import StorageFailure, describe_storage_failure, storage_failure
from app.storage.schema import APPLICATION_ID, HEAD_REVISION, KNOWN_REVISIONS

SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseOpenError(Exception):
    """The file cannot be used; the message is Japanese and says what to do. The file is unchanged."""


class FileKind(Enum):
    MISSING = "missing"
    EMPTY = "empty"
    KYODO = "kyodo"
    FOREIGN = "foreign"
    CORRUPT = "corrupt"
    UNREADABLE = "unreadable"  # sound perhaps, but SQLite cannot open it here (rights, a busy or failing disk)


@dataclass(frozen=True)
class FileStatus:
    path: Path
    kind: FileKind
    revision: str | None = None
    detail: str = ""
    failure: StorageFailure | None = None  # UNREADABLE: why

    @property
    def is_newer(self) -> bool:
        return self.kind is FileKind.KYODO and self.revision not in KNOWN_REVISIONS

    @property
    def is_behind(self) -> bool:
        return self.kind is FileKind.KYODO and self.revision != HEAD_REVISION and not self.is_newer

    def problem(self) -> str | None:
        """A Japanese message when the file must not be opened, else None."""
        name = self.path.name
        if self.kind is FileKind.FOREIGN:
            return f"「{name}」は協働デスクのデータベースではありません。正しいファイルを選んでください。（{self.detail}）"
        if self.kind is FileKind.UNREADABLE:
            return describe_storage_failure(self.failure or StorageFailure.CANNOT_OPEN, self.path)
        if self.kind is FileKind.CORRUPT:
            return (
                f"「{name}」は壊れているため開けません。バックアップから復元してください。（{self.detail}）"
            )
        if self.is_newer:
            return (
                f"「{name}」は新しいバージョンの協働デスクで作られています（スキーマ {self.revision}）。"
                "協働デスクを更新してから開いてください。このファイルは変更していません。"
            )
        return None


def inspect_file(path: Path) -> FileStatus:
    """Look at a file without changing it (read-only connection) and say what it is."""
    path = Path(path)
    if not path.exists():
        return FileStatus(path, FileKind.MISSING)
    if path.is_dir():
        return FileStatus(path, FileKind.FOREIGN, detail="フォルダです。データベースのファイルを指定してください")
    if path.stat().st_size == 0:
        return FileStatus(path, FileKind.EMPTY)
    with open(path, "rb") as f:
        if f.read(16) != SQLITE_HEADER:
            return FileStatus(path, FileKind.FOREIGN, detail="SQLite のファイルではありません")
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as con:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if app_id != APPLICATION_ID and "alembic_version" not in tables:
                return FileStatus(path, FileKind.FOREIGN, detail="協働デスクの表がありません")
            check = con.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                return FileStatus(path, FileKind.CORRUPT, detail=str(check))
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            return FileStatus(path, FileKind.KYODO, revision=row[0] if row else None)
    except sqlite3.DatabaseError as exc:
        # Only damage is 壊れている: a folder without write rights (WAL needs its -shm file), a busy
        # or failing disk leave a sound file that must not be "restored from a backup".
        failure = storage_failure(exc)
        if failure is not None:
            return FileStatus(path, FileKind.UNREADABLE, detail=str(exc), failure=failure)
        return FileStatus(path, FileKind.CORRUPT, detail=str(exc))


class SessionSource(Protocol):
    """What services open sessions with: `with db.session() as s:` to read, `with db.session.begin()
    as s:` for one transaction committed on leaving. The session factory is one; app.services.reading
    hands out a stand-in whose every session is the same one (one snapshot, or one write)."""

    def __call__(self) -> AbstractContextManager[Session]: ...

    def begin(self) -> AbstractContextManager[Session]: ...


class Database:
    """An open database: an engine and a session factory. Services take one of these."""

    def __init__(self, engine: Engine, path: Path | None = None, read_only: bool = False):
        self.engine = engine
        self.path = path
        self.read_only = read_only  # every connection refuses writes (PRAGMA query_only)
        self.origin = uuid.uuid4().hex[:12]  # names this opening in change announcements to other PCs
        # the factory itself, for what needs more than a session (server change announcements, a
        # session bound to a connection of one's own); services use `session`
        self.session_factory: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)
        self.session: SessionSource = self.session_factory

    def close(self) -> None:
        self.engine.dispose()


def open_database(
    path: Path,
    *,
    migrate: bool = True,
    create: bool = True,
    read_only: bool = False,
    keep_backups: int = DEFAULT_KEEP_COUNT,
) -> Database:
    """Open (creating or upgrading as needed) the database at `path`.

    `read_only` (someone else holds the file): never create, never migrate, refuse every write.
    `keep_backups`: how many 移行前 backups to keep (the Office passes the office's setting).

    Raises DatabaseOpenError with a Japanese message, leaving the file untouched, when the file
    is not ours, is damaged, or comes from a newer version of the program.
    """
    path = Path(path)
    status = inspect_file(path)
    problem = status.problem()
    if problem:
        raise DatabaseOpenError(problem)
    if read_only:
        return _open_read_only(path, status)
    if status.kind is FileKind.MISSING and not create:
        raise DatabaseOpenError(f"データベース「{path}」が見つかりません。ファイルの場所を確かめてください。")
    if status.kind is FileKind.EMPTY and not create:
        raise DatabaseOpenError(
            f"「{path.name}」は空のファイル（0バイト）で、協働デスクのデータベースではありません（{path}）。"
            "ファイルの場所を確かめるか、バックアップから復元してください。このファイルは変更していません。"
        )
    if status.kind in (FileKind.MISSING, FileKind.EMPTY):
        path.parent.mkdir(parents=True, exist_ok=True)
        create_private_file(path)
    elif status.is_behind and migrate:
        make_backup(path, REASON_MIGRATION, keep=keep_backups)
    engine = sqlite_engine(path)
    if status.kind is not FileKind.KYODO or (status.is_behind and migrate):
        from app.storage.migrations import upgrade_to_head

        upgrade_to_head(engine)
        with engine.begin() as con:
            con.execute(text(f"PRAGMA application_id={APPLICATION_ID}"))
    return Database(engine, path)


def _open_read_only(path: Path, status: FileStatus) -> Database:
    if status.kind is not FileKind.KYODO:
        raise DatabaseOpenError(f"データベース「{path}」が見つかりません。ファイルの場所を確かめてください。")
    if status.is_behind:
        raise DatabaseOpenError(
            f"「{path.name}」は協働デスクの更新に合わせた変換が必要ですが、他の方が使用中のため変換できません。"
            "使用中の方が終了してから開いてください。"
        )
    return Database(sqlite_engine(path, query_only=True), path, read_only=True)
