"""The window's connection form for a database server: from the fields a person types to the
`postgresql://` URL that Office.open takes, and the password into the OS keyring (never settings).

The URL carries the password only in memory, when the person chose not to store it; every URL that
is shown goes through safe_url (the password as ***).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from app.domain.validation import Problem, ValidationError
from app.storage.postgres import KEYRING_SERVICE

SSL_MODES = ("prefer", "require", "verify-ca", "verify-full", "allow", "disable")
DEFAULT_PORT = 5432


@dataclass(frozen=True)
class ServerForm:
    host: str
    port: str
    database: str
    user: str
    sslmode: str = "prefer"


def server_url(form: ServerForm, password: str = "") -> str:
    """`postgresql://USER[:PASSWORD]@HOST:PORT/DB?sslmode=…`, or every problem of the form at once."""
    problems = []
    host, database, user = form.host.strip(), form.database.strip(), form.user.strip()
    if not host:
        problems.append(Problem("host", "ホスト（サーバーの名前か IP アドレス）を入力してください"))
    if not database:
        problems.append(Problem("database", "データベース名を入力してください"))
    if not user:
        problems.append(Problem("user", "ユーザー名を入力してください"))
    port_text = form.port.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789")) or str(DEFAULT_PORT)
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        problems.append(Problem("port", "ポートは 1〜65535 の数字で入力してください（ふつうは 5432）"))
    if form.sslmode not in SSL_MODES:
        problems.append(Problem("sslmode", f"SSL モードは {'・'.join(SSL_MODES)} のどれかです"))
    if problems:
        raise ValidationError(problems)
    secret = f":{quote(password, safe='')}" if password else ""
    return (f"postgresql://{quote(user, safe='')}{secret}@{host}:{int(port_text)}/{quote(database, safe='')}"
            f"?sslmode={form.sslmode}")  # fmt: skip


def keyring_user(form: ServerForm) -> str:
    """The keyring's entry name, as app/storage/postgres.py looks it up when the URL has no password."""
    return f"{form.user.strip()}@{form.host.strip()}/{form.database.strip()}"


def store_password(form: ServerForm, password: str) -> None:
    """Keep the password in the OS keyring (Windows 資格情報マネージャー, macOS キーチェーン, Secret Service)."""
    try:
        import keyring
    except ImportError as exc:
        raise ValidationError(Problem("password", NO_KEYRING)) from exc
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_user(form), password)
    except Exception as exc:  # keyring.errors.KeyringError and a backend's own failures alike
        raise ValidationError(Problem("password", f"{NO_KEYRING}（{type(exc).__name__}）")) from exc


NO_KEYRING = ("このパソコンではパスワードを保存できません（資格情報の保管場所がありません）。"
              "保存せずに開くか、.pgpass を使ってください。")  # fmt: skip
