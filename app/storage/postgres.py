"""A body's data on a PostgreSQL server: recognise the database, refuse what is not ours, migrate.

The URL is `postgresql://USER@HOST[:PORT]/DBNAME` (as on the command line); the password never sits
in it for long: it comes from the OS keyring (the `keyring` package, if installed), a libpq
`.pgpass` file or PGPASSWORD, which libpq itself reads. Shown URLs hide any password.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError

from app.storage.schema import HEAD_REVISION, KNOWN_REVISIONS
from app.storage.server_sync import client_name

# libpq waits this long for each address a host name has (localhost: ::1, then 127.0.0.1), so two
# addresses still answer within the 10 s a user is promised, overhead included
CONNECT_TIMEOUT_S = 5
KEYRING_SERVICE = "kyodo-desk"


class PostgresOpenError(Exception):
    """The server or database cannot be used; the message is Japanese and says what to do."""


def is_postgres_url(target: object) -> bool:
    return isinstance(target, str) and target.split("://", 1)[0] in ("postgresql", "postgres", "postgresql+psycopg")


def safe_url(url: str) -> str:
    """The URL as shown in the window and logs: any password replaced by ***."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def _keyring_password(user: str, host: str, dbname: str) -> str | None:
    try:
        import keyring  # optional: the office PC's credential store
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, f"{user}@{host}/{dbname}")
    except Exception:  # a keyring without a backend (a server, a fresh Linux box) simply has none
        return None


def postgres_engine(url: str) -> Engine:
    """An engine for the URL with psycopg 3, a connect timeout, and the keyring's password if any."""
    parsed = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1).replace("postgres://", "postgresql+psycopg://", 1))
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.password is None and parsed.username:
        password = _keyring_password(parsed.username, parsed.host or "", parsed.database or "")
        if password:
            parsed = parsed.set(password=password)
    query = dict(parsed.query)
    query.setdefault("connect_timeout", str(CONNECT_TIMEOUT_S))
    query.setdefault("application_name", client_name())  # who holds a lock, for the other PCs
    return create_engine(parsed.set(query=query), future=True, pool_pre_ping=True)


@dataclass(frozen=True)
class ServerStatus:
    empty: bool  # no tables at all: a new database for one body
    revision: str | None


def describe_connect_error(url: str, exc: Exception) -> str:
    """A Japanese sentence for a failed connection: wrong password, no such database, unreachable."""
    shown = safe_url(url)
    detail = str(getattr(exc, "orig", exc) or exc)
    parts = urlsplit(url)
    if "password authentication failed" in detail or "no password supplied" in detail:
        return (f"データベース「{shown}」に接続できません: ユーザー名かパスワードが違います。"
                "パスワードを確かめてください（.pgpass・PGPASSWORD・資格情報マネージャー）。")
    if "does not exist" in detail and "database" in detail:
        return f"データベース「{parts.path.lstrip('/')}」はサーバーにありません。サーバーの管理者に作成を依頼してください。"
    if "timeout" in detail.lower() or "timed out" in detail.lower():
        waited = dict(parse_qsl(parts.query)).get("connect_timeout", CONNECT_TIMEOUT_S)  # a URL may set its own
        return (f"サーバー「{parts.hostname}」から{waited}秒以内に応答がありません。"
                "ネットワークとサーバーが動いているかを確かめてください。")
    unreachable = ("Connection refused", "could not connect", "could not translate host", "failed to resolve host")
    if any(sign in detail for sign in unreachable):  # the last: psycopg 3 on a host name that does not resolve
        return (f"サーバー「{parts.hostname}:{parts.port or 5432}」に接続できません。"
                "サーバーが動いているか、ホスト名とポートが正しいかを確かめてください。")
    return f"データベース「{shown}」に接続できません。（{detail.splitlines()[0] if detail else type(exc).__name__}）"


def inspect_server(engine: Engine, url: str) -> ServerStatus:
    """Look at the database without changing it; refuse another application's or a newer schema."""
    try:
        with engine.connect() as con:
            tables = set(inspect(con).get_table_names())
            if not tables:
                return ServerStatus(True, None)
            if "alembic_version" not in tables or "body" not in tables:
                raise PostgresOpenError(
                    f"「{safe_url(url)}」は協働デスクのデータベースではありません（別のアプリの表があります）。"
                    "協働デスク用の空のデータベースを指定してください。何も変更していません。"
                )
            revision = con.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except OperationalError as exc:
        raise PostgresOpenError(describe_connect_error(url, exc)) from exc
    if revision not in KNOWN_REVISIONS:
        raise PostgresOpenError(
            f"「{safe_url(url)}」は新しいバージョンの協働デスクで作られています（スキーマ {revision}）。"
            "協働デスクを更新してから開いてください。何も変更していません。"
        )
    return ServerStatus(False, revision)


def prepare_server(url: str, *, create: bool) -> Engine:
    """An engine on an up-to-date Kyodo Desk database: an empty database is initialised only when
    `create` (the user confirmed, or `kyodo new`); an older schema is migrated."""
    engine = postgres_engine(url)
    status = inspect_server(engine, url)
    if status.empty and not create:
        engine.dispose()
        raise PostgresOpenError(
            f"「{safe_url(url)}」は空のデータベースです。協働デスクのデータベースとして初期化するには "
            "kyodo new --db URL --body 団体名 --year 年度 を実行するか、画面で初期化を確認してください。"
        )
    if status.empty or status.revision != HEAD_REVISION:
        from app.storage.migrations import upgrade_to_head

        try:
            upgrade_to_head(engine)
        except ProgrammingError as exc:
            engine.dispose()
            if "permission denied" in str(exc):
                raise PostgresOpenError(
                    f"「{safe_url(url)}」を更新する権限がありません（表の作成・変更の権限）。"
                    "サーバーの管理者に、このデータベースの所有者のユーザーで開くよう依頼してください。何も変更していません。"
                ) from exc
            raise
    return engine
