"""What the person sees when something fails outside the rules: one Japanese sentence, never a traceback.

- Failures with a known cause (the database busy in another program, a full disk, a read-only file or
  folder, a file that cannot be written) get a message that names the file and what to do.
- Anything else is a fault of the program: it is written to a crash log beside the database
  (`kyodo.sqlite` → `kyodo.crash.log`; the user data folder when there is no database file) with the
  traceback's code lines but without personal data — exception texts are kept only with quoted text,
  non-ASCII words, e-mail addresses and long numbers blanked — and the message says where the log is.

The command line (app/cli.py) and the window's excepthook (app/ui/launch.py) both ask `failure_message`.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import re
import traceback
from datetime import datetime
from pathlib import Path

from app.domain.file_errors import describe_os_error
from app.paths import install_root, user_data_dir
from app.storage.errors import describe_storage_failure, storage_failure

CRASH_LOG_SUFFIX = ".crash.log"
CRASH_LOG_MAX_BYTES = 512 * 1024  # the log is kept to this size (the older half moves to .old)
_MESSAGE_MAX = 300

# Personal data can reach an exception's text (a value that did not convert, a file name): blank it.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|「[^」]*」|『[^』]*』")
_EMAIL = re.compile(r"\S+@\S+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_LONG_NUMBER = re.compile(r"\d{2,}")


def redact(text: str) -> str:
    """An exception's text without what could name a person: quoted values, Japanese words, e-mail
    addresses and numbers of two digits or more (parts of phone numbers, postal codes) become 「…」/#."""
    text = _QUOTED.sub("'…'", text)
    text = _EMAIL.sub("…@…", text)
    text = _NON_ASCII.sub("…", text)
    text = _LONG_NUMBER.sub("#", text)
    return text[:_MESSAGE_MAX]


def _target_path(db: Path | str | None) -> Path | None:
    if isinstance(db, Path):
        return db
    if isinstance(db, str) and "://" not in db:
        return Path(db)
    return None  # a server database, or none


def crash_log_path(db: Path | str | None) -> Path:
    """Beside the database file (`kyodo.sqlite` → `kyodo.crash.log`), else in the user data folder."""
    path = _target_path(db)
    if path is not None and not path.is_dir():
        return path.with_name(path.stem + CRASH_LOG_SUFFIX)
    return user_data_dir() / f"kyodo{CRASH_LOG_SUFFIX}"


def _short_file(filename: str) -> str:
    """Program files relative to the install folder (the user's home folder name stays out)."""
    try:
        return str(Path(filename).resolve().relative_to(install_root()))
    except ValueError:
        return Path(filename).name


def _version() -> str:
    try:
        return importlib.metadata.version("kyodo-desk")
    except importlib.metadata.PackageNotFoundError:  # a bundle without the package's metadata
        return "?"


def crash_report(exc: BaseException, where: str) -> str:
    """The log entry: when, which version, where, and for each exception of the chain its type, its
    blanked text and the code lines it passed through."""
    lines = [
        f"=== {datetime.now():%Y-%m-%d %H:%M:%S} 協働デスク {_version()} "
        f"(Python {platform.python_version()}, {platform.system()} {platform.release()}) — {where}"
    ]
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 5:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for depth, error in enumerate(chain):
        if depth:
            lines.append("-- caused by / while handling:")
        lines.append(f"{type(error).__module__}.{type(error).__qualname__}: {redact(str(error))}")
        for frame in traceback.extract_tb(error.__traceback__):
            lines.append(f"  {_short_file(frame.filename)}:{frame.lineno} in {frame.name}")
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
    return "\n".join(lines) + "\n"


def _append_private(log: Path, text: str) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    if log.exists() and log.stat().st_size > CRASH_LOG_MAX_BYTES:
        os.replace(log, log.with_name(log.name + ".old"))
    fd = os.open(log, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as f:
        f.write(text)


def write_crash_log(exc: BaseException, db: Path | str | None, where: str) -> Path | None:
    """Append the report beside the database (or, if that folder cannot be written, in the user
    data folder); the log's path, or None when no log could be written at all."""
    report = crash_report(exc, where)
    for log in dict.fromkeys((crash_log_path(db), crash_log_path(None))):
        try:
            _append_private(log, report)
            return log
        except OSError:
            continue
    return None


def known_failure_message(exc: BaseException, db: Path | str | None) -> str | None:
    """The Japanese message for a failure with a known cause, or None."""
    failure = storage_failure(exc)
    if failure is not None:
        path = _target_path(db)
        return describe_storage_failure(failure, path)
    if isinstance(exc, OSError):
        return f"ファイルを読み書きできませんでした。{describe_os_error(exc)}"
    if isinstance(exc, MemoryError):
        return "メモリが足りないため、処理を中止しました。他のプログラムを閉じてから、もう一度実行してください。何も変更していません。"
    return None


def failure_message(exc: BaseException, db: Path | str | None, where: str) -> str:
    """One Japanese message for `exc`; an unexpected one is logged first and the message names the log."""
    known = known_failure_message(exc, db)
    if known is not None:
        return known
    log = write_crash_log(exc, db, where)
    told = f"記録を「{log}」に残しました（個人情報は含みません）。" if log else "記録は書けませんでした。"
    return (
        "予期しない誤りのため、処理を中止しました（途中の変更は保存していません）。"
        f"{told}お手数ですが、この記録を添えて開発者に知らせてください。"
    )

