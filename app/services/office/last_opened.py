"""The database this PC's window opened last — a file, or a server's connection without its
password — kept in the user's own settings folder, so that the next start opens it again.

The password is never written here: it comes from the OS keyring (when the user stored it there),
a .pgpass or PGPASSWORD, as for any server URL without one. KYODO_SETTINGS_DIR moves the folder
(tests, a portable install); by default it is the user's data folder beside kyodo.sqlite.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from app.domain.validation import ValidationError
from app.services.office.connection import DEFAULT_PORT, SSL_MODES, ServerForm, server_url
from app.storage.postgres import is_postgres_url

FILE_NAME = "last_database.json"
SETTINGS_DIR_VARIABLE = "KYODO_SETTINGS_DIR"


def settings_file() -> Path:
    folder = os.environ.get(SETTINGS_DIR_VARIABLE)
    if folder:
        return Path(folder) / FILE_NAME
    from app.paths import user_data_dir

    return user_data_dir() / FILE_NAME


def server_form_of(url: str) -> ServerForm | None:
    """The connection form of a `postgresql://` URL (host, port, database, user, SSL mode), without
    its password; None for anything else."""
    if not is_postgres_url(url):
        return None
    parts = urlsplit(url)
    mode = parse_qs(parts.query).get("sslmode", ["prefer"])[0]
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:  # a port that is not a number: the form says so when it is used
        port = DEFAULT_PORT
    return ServerForm(parts.hostname or "", str(port), unquote(parts.path.lstrip("/")),
                      unquote(parts.username or ""), mode if mode in SSL_MODES else "prefer")  # fmt: skip


def remember_database(target: Path | str) -> None:
    """Keep `target` as the one to open at the next start. A failure to write (a read-only profile)
    only means the next start opens the default database: never an error for the user."""
    form = server_form_of(str(target))
    if form is not None:
        record: dict[str, object] = {"server": {"host": form.host, "port": form.port, "database": form.database,
                                                "user": form.user, "sslmode": form.sslmode}}  # fmt: skip
    else:
        record = {"file": str(Path(target).resolve())}
    path = settings_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump(record, out, ensure_ascii=False)
        os.replace(temporary, path)
    except OSError:
        pass


def last_database() -> Path | str | None:
    """The file (Path) or server URL (str, without a password) opened last; None when there is none
    or the record cannot be read."""
    try:
        record = json.loads(settings_file().read_text(encoding="utf-8"))
        if isinstance(record.get("file"), str) and record["file"]:
            return Path(record["file"])
        server = record.get("server")
        if isinstance(server, dict):
            return server_url(ServerForm(str(server.get("host", "")), str(server.get("port", "")),
                                         str(server.get("database", "")), str(server.get("user", "")),
                                         str(server.get("sslmode", "prefer"))))  # fmt: skip
    except (OSError, ValueError, AttributeError, ValidationError):  # none yet, unreadable, edited by hand
        return None
    return None
