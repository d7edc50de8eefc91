"""`kyodo check`: an integrity check that never modifies the file."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from app.storage.database import FileKind, inspect_file
from app.storage.schema import HEAD_REVISION


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    message: str  # Japanese, one or more lines
    revision: str | None = None
    empty: bool = False  # a server database with no tables yet: ours to initialise, if the user agrees


def check_server(url: str) -> CheckResult:
    """A server database: reachable, ours, its schema version — read only, nothing changed."""
    from app.storage.postgres import PostgresOpenError, inspect_server, postgres_engine, safe_url

    engine = postgres_engine(url)
    try:
        status = inspect_server(engine, url)
    except PostgresOpenError as exc:
        return CheckResult(False, str(exc))
    finally:
        engine.dispose()
    if status.empty:
        return CheckResult(False, f"「{safe_url(url)}」は空のデータベースです（kyodo new で初期化できます）。", empty=True)
    state = "最新" if status.revision == HEAD_REVISION else f"更新が必要（最新は {HEAD_REVISION}）"
    return CheckResult(True, f"問題ありません（サーバー）。スキーマのバージョン: {status.revision}（{state}）", status.revision)


def check_database(path: Path | str) -> CheckResult:
    if isinstance(path, str) and "://" in path:
        return check_server(path)
    status = inspect_file(Path(path))
    if status.kind is FileKind.MISSING:
        return CheckResult(False, f"「{path}」が見つかりません。")
    if status.kind is FileKind.EMPTY:
        return CheckResult(False, f"「{path}」は空のファイルです。協働デスクのデータベースではありません。")
    problem = status.problem()
    if problem:
        return CheckResult(False, problem, status.revision)
    with closing(sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)) as con:
        results = [r[0] for r in con.execute("PRAGMA integrity_check")]
        fk_problems = con.execute("PRAGMA foreign_key_check").fetchall()
    if results != ["ok"]:
        return CheckResult(False, "整合性チェックで問題が見つかりました:\n" + "\n".join(results), status.revision)
    if fk_problems:
        return CheckResult(
            False, f"参照の整合性に問題があります（{len(fk_problems)}件）。", status.revision
        )
    state = "最新" if status.revision == HEAD_REVISION else f"更新が必要（最新は {HEAD_REVISION}）"
    return CheckResult(
        True, f"問題ありません。スキーマのバージョン: {status.revision}（{state}）", status.revision
    )
