"""The steps only a database on a PostgreSQL server needs (a file has none of them): opening it with
the server's own checks, the change announcements for other PCs, and backups as SQLite copies.

A server has no lock file (several PCs write at once; year-wide work takes an advisory lock), and
its backups are SQLite files, so restore and every other tool keep working on them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from app.paths import user_data_dir
from app.storage.copy import CopyError, copy_rows
from app.storage.database import Database, DatabaseOpenError, open_database
from app.storage.postgres import PostgresOpenError, is_postgres_url, prepare_server, safe_url
from app.storage.server_sync import announce_changes

__all__ = ["backup_server", "is_postgres_url", "open_server", "restore_server", "safe_url"]


def open_server(url: str, *, create: bool) -> Database:
    try:
        db = Database(prepare_server(url, create=create))
    except PostgresOpenError as exc:
        raise DatabaseOpenError(str(exc)) from exc
    announce_changes(db.session_factory, db.origin)
    return db


def server_backups_dir(url: str) -> Path:
    name = urlsplit(url).path.lstrip("/") or "server"
    return user_data_dir() / "server_backups" / name


def backup_server(db: Database, url: str, kind: str, out: Path | None = None) -> Path:
    """A SQLite copy of the server's data: `out`, or `<user data>/server_backups/<db>/<db>_<日時>_<kind>.sqlite`."""
    if out is None:
        folder = server_backups_dir(url)
        folder.mkdir(parents=True, exist_ok=True)
        out = folder / f"{folder.name}_{datetime.now():%Y%m%d_%H%M%S}_{kind}.sqlite"
    if out.exists():
        raise DatabaseOpenError(f"「{out}」は既にあります。別のファイル名を指定してください。")
    target = open_database(out, create=True)
    try:
        copy_rows(db.engine, target.engine)
    except CopyError as exc:
        raise DatabaseOpenError(str(exc)) from exc
    finally:
        target.close()
    return out


def restore_server(db: Database, url: str, backup: Path) -> tuple[Path, int]:
    """Replace the server's data with a backup file (the current data is kept first as a 復元前 copy);
    one transaction: a failure leaves the server as it was. Returns (the 復元前 copy, rows restored)."""
    kept = backup_server(db, url, "復元前")
    source = open_database(backup, create=False)  # an older backup is upgraded (after its own backup)
    try:
        result = copy_rows(source.engine, db.engine, replace=True)
    except CopyError as exc:
        raise DatabaseOpenError(str(exc)) from exc
    finally:
        source.close()
    return kept, result.rows
