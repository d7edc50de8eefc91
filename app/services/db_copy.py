"""`kyodo db copy`: a whole office from one database to another — SQLite file ⇄ PostgreSQL server.

Moving an office onto a server, or taking a server's data to a laptop or a backup file. The source
is only read; the target must be new or empty (a copy never merges), and is left as it was when
anything fails (one transaction).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.storage.copy import CopyError, CopyResult, copy_rows
from app.storage.database import Database, DatabaseOpenError, FileKind, inspect_file, open_database
from app.storage.postgres import PostgresOpenError, is_postgres_url, prepare_server, safe_url


class DbCopyError(Exception):
    """Refused or failed; nothing was changed. The message is Japanese."""


def describe(target: str | Path) -> str:
    return safe_url(str(target)) if is_postgres_url(str(target)) else f"「{target}」"


def _open(target: str | Path, *, as_target: bool) -> Database:
    if is_postgres_url(str(target)):
        return Database(prepare_server(str(target), create=as_target))
    path = Path(target)
    if as_target:
        status = inspect_file(path)
        if status.kind not in (FileKind.MISSING, FileKind.EMPTY, FileKind.KYODO):
            raise DbCopyError(status.problem() or f"「{path}」はコピー先にできません。")
        return open_database(path, create=True)
    if not path.exists():
        raise DbCopyError(f"コピー元「{path}」が見つかりません。ファイルの場所を確かめてください。")
    return open_database(path, create=False)


def copy_database(source: str | Path, target: str | Path,
                  progress: Callable[[str, int], None] | None = None) -> CopyResult:
    if str(source) == str(target):
        raise DbCopyError("コピー元とコピー先が同じです。")
    try:
        src = _open(source, as_target=False)
        try:
            dst = _open(target, as_target=True)
            try:
                return copy_rows(src.engine, dst.engine, progress)
            finally:
                dst.close()
        finally:
            src.close()
    except (DatabaseOpenError, PostgresOpenError, CopyError) as exc:
        raise DbCopyError(str(exc)) from exc
