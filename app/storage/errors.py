"""What went wrong with the database file, in a person's words — never SQL or its parameters.

SQLite reports a busy file, a full disk or a read-only file as an OperationalError whose text
SQLAlchemy wraps together with the statement and its parameters (names, addresses). Here the error
is sorted by SQLite's own code (Python ≥ 3.11 carries it on the exception) and turned into a
Japanese sentence that names the file and what to do.
"""

from __future__ import annotations

import sqlite3
from enum import Enum
from pathlib import Path

from app.storage import engine


class StorageFailure(Enum):
    BUSY = "busy"  # another program holds the file (SQLITE_BUSY / SQLITE_LOCKED)
    FULL = "full"  # the disk is full (SQLITE_FULL, ENOSPC)
    READ_ONLY = "read_only"  # the file or its folder cannot be written (SQLITE_READONLY, EROFS, EACCES)
    CANNOT_OPEN = "cannot_open"  # SQLITE_CANTOPEN: a folder without the right to create the -wal/-shm files
    IO = "io"  # SQLITE_IOERR: the disk or the network share failed


# SQLite's extended names start with the primary one ("SQLITE_READONLY_DBMOVED", "SQLITE_IOERR_WRITE").
_BY_CODE_NAME = {
    "SQLITE_BUSY": StorageFailure.BUSY,
    "SQLITE_LOCKED": StorageFailure.BUSY,
    "SQLITE_FULL": StorageFailure.FULL,
    "SQLITE_READONLY": StorageFailure.READ_ONLY,
    "SQLITE_CANTOPEN": StorageFailure.CANNOT_OPEN,
    "SQLITE_IOERR": StorageFailure.IO,
    "SQLITE_PERM": StorageFailure.READ_ONLY,
}
# Older drivers give only the text.
_BY_TEXT = (
    ("database is locked", StorageFailure.BUSY),
    ("database table is locked", StorageFailure.BUSY),
    ("database is busy", StorageFailure.BUSY),
    ("database or disk is full", StorageFailure.FULL),
    ("attempt to write a readonly database", StorageFailure.READ_ONLY),
    ("unable to open database file", StorageFailure.CANNOT_OPEN),
    ("disk i/o error", StorageFailure.IO),
)


def _sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    """The driver's own error inside SQLAlchemy's wrapper (or the error itself)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sqlite3.Error):
            return current
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    return None


def storage_failure(exc: BaseException) -> StorageFailure | None:
    """The kind of SQLite failure behind `exc`, or None when it is something else (an OSError names its
    own file: app.domain.file_errors)."""
    error = _sqlite_error(exc)
    if error is None or not isinstance(error, sqlite3.OperationalError | sqlite3.DatabaseError):
        return None
    name = getattr(error, "sqlite_errorname", "") or ""
    for prefix, failure in _BY_CODE_NAME.items():
        if name == prefix or name.startswith(prefix + "_"):
            return failure
    text = str(error).casefold()
    return next((failure for words, failure in _BY_TEXT if words in text), None)


def describe_storage_failure(failure: StorageFailure, path: Path | None) -> str:
    """One Japanese message for the person: which file, what happened, what to do, nothing changed."""
    name = f"「{path.name}」（{path}）" if path is not None else "データベース"
    unchanged = "何も変更していません。"
    if failure is StorageFailure.BUSY:
        return (
            f"{name}は他のプログラムが使用中のため、{max(1, round(engine.BUSY_TIMEOUT_MS / 1000))}秒待っても書き込めませんでした。"
            f"そのプログラム（DB Browser などのデータベースを開く道具）を閉じてから、もう一度実行してください。{unchanged}"
        )
    if failure is StorageFailure.FULL:
        return (
            f"ディスクの空きが足りないため、{name}に書き込めませんでした。"
            f"不要なファイルを消して空きを作ってから、もう一度実行してください。{unchanged}"
        )
    if failure is StorageFailure.READ_ONLY:
        return (
            f"{name}は読み取り専用のため、書き込めませんでした。"
            f"ファイルの「読み取り専用」の設定とフォルダの書き込みの権限を確かめてください。{unchanged}"
        )
    if failure is StorageFailure.CANNOT_OPEN:
        return (
            f"{name}を開けませんでした。ファイルが壊れているのではありません。ファイルのあるフォルダに書き込めるか"
            f"（読み取り専用の場所や CD-ROM でないか）、ファイルが移動されていないかを確かめてください。{unchanged}"
        )
    return (
        f"{name}の読み書き中にディスクの誤りが起きました。USB メモリやネットワークの接続を確かめて、"
        f"もう一度実行してください。{unchanged}"
    )
