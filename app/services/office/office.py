"""One open office: its data, the writer lock and the settings — what the window and the command line open.

Modelled on Anki's Collection. `Office.open(target)` does, in this order:

1. take the writer lock; when another program holds it, open read-only naming the holder
   (`if_held="read_only"`, the window) or refuse with a message naming them (`if_held="refuse"`,
   commands that write); a lock left behind is taken over with a note;
2. open the database: a file from an older version is upgraded after a 移行前 backup; files that
   are not Kyodo Desk databases, damaged or from a newer version are refused (OfficeOpenError with
   the Japanese message) and left untouched;
3. (`start_up=True`) a 起動時 backup, at most once a day, and the fiscal year of today registered.

This is the one place where opening turns errors into Japanese messages (OfficeOpenError). The
steps only a SQLite file needs (lock, replacing the file) live in `sqlite_file`; a target with
"://" (a database server) is where a server engine will plug in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import Literal

from app.domain.file_errors import describe_os_error
from app.domain.validation import ValidationError
from app.services.backups import (
    REASON_MANUAL,
    BackupError,
    RestoreResult,
    backup_before,
    backup_on_start,
    keep_count_of_file,
    labelled_counts,
)
from app.services.fiscal_years import ensure_current_year
from app.services.office.server import backup_server, is_postgres_url, open_server, restore_server, safe_url
from app.services.office.sqlite_file import (
    DatabaseInUse,
    FileLock,
    LockInfo,
    remove_if_ours,
    replace_from_backup,
)
from app.services.settings import Settings
from app.services.submission.atomic import recover_interrupted_submissions
from app.storage.database import Database, DatabaseOpenError, SessionSource, open_database
from app.storage.server_sync import YearWideWorkBusy, year_wide_lock

OfficeOpenError = DatabaseOpenError  # the Japanese message says what to do; the file is unchanged
IfHeld = Literal["read_only", "refuse"]


def sqlite_path(target: str | Path) -> Path:
    """The database file a target names (a server URL names none: say so in Japanese)."""
    if isinstance(target, str) and "://" in target:
        raise OfficeOpenError(
            f"「{safe_url(target)}」はファイルではありません（データベースサーバーです）。この操作はファイルにだけ使えます。"
        )
    return Path(target)


YEAR_WIDE = "year-wide"  # the advisory lock of whole-office work: the CLI's writing commands and the window's
YEAR_WIDE_LABEL = "一括の処理（取り込み・締め・提出など）"


class Office:
    """An office's data, open. Services take `office.db`; close it when done (or use `with`)."""

    def __init__(
        self,
        db: Database,
        lock: FileLock | None = None,
        holder: LockInfo | None = None,
        notices: list[str] | None = None,
    ):
        self.db = db
        self._lock = lock
        self.holder = holder  # who holds the file, when we opened it read-only because of them
        self.notices: list[str] = list(notices or [])  # for the user: read-only, lock taken over, settings
        self.closed = False
        self.url: str | None = None  # a server database's URL (None for a file)
        self._held = ExitStack()  # a server's advisory lock, released on close

    # -- opening ------------------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        target: str | Path,
        *,
        read_only: bool = False,
        create: bool = True,
        lock: bool = True,
        if_held: IfHeld = "read_only",
        start_up: bool = True,
        replace: bool = False,
        heartbeat_seconds: float | None = None,
        today: date | None = None,
        year_wide: bool = False,
    ) -> Office:
        """Open the office at `target` (a file path). Raises OfficeOpenError with a Japanese message.

        `read_only`: no lock, no writes at all. `lock=False`: open without the writer lock (commands
        that only read). `create`: a missing file becomes a new database. `replace`: an existing
        Kyodo Desk database is deleted first (demo). `heartbeat_seconds`: keep the lock fresh from a
        background thread (commands; the window beats on its own timer through `refresh_lock`).
        """
        if is_postgres_url(str(target)):
            return cls._open_server(str(target), create=create, start_up=start_up, today=today, year_wide=year_wide)
        path = sqlite_path(target)
        try:
            if read_only:
                return cls(open_database(path, read_only=True))
            if not lock:
                return cls._open_writable(path, None, create, replace, start_up, today)
            try:
                file_lock = FileLock.take(path, heartbeat_seconds)
            except DatabaseInUse as busy:
                if if_held == "refuse":
                    raise
                db = open_database(path, read_only=True)
                return cls(db, holder=busy.info, notices=[busy.info.read_only_notice])
            try:
                return cls._open_writable(path, file_lock, create, replace, start_up, today)
            except BaseException:
                file_lock.release()
                raise
        except OSError as exc:  # a folder that cannot be written, a full disk: a message, not a traceback
            raise OfficeOpenError(f"ファイルを読み書きできませんでした。{describe_os_error(exc)}") from exc

    @classmethod
    def _open_writable(
        cls, path: Path, file_lock: FileLock | None, create: bool, replace: bool, start_up: bool, today: date | None
    ) -> Office:
        if replace:
            remove_if_ours(path)
        # Migrations run here, after a 移行前 backup (rotated by the office's own keep count).
        db = open_database(path, create=create, keep_backups=keep_count_of_file(path))
        office = cls(db, file_lock)
        if file_lock is not None and file_lock.takeover_note:
            office.notices.append(file_lock.takeover_note)
        try:
            # a submission killed half-way: its files, staging folder and reserved 版 go (we hold the lock)
            office.notices.extend(recover_interrupted_submissions(db))
            if start_up:
                backup_on_start(db, today)
                ensure_current_year(db, today)
            office.notices.extend(office.settings.notes())
        except BaseException:
            db.close()
            raise
        return office

    @classmethod
    def _open_server(cls, url: str, *, create: bool, start_up: bool, today: date | None, year_wide: bool) -> Office:
        """A database on a PostgreSQL server: no lock file (several PCs write at once). `year_wide`
        (imports and other whole-office commands): one at a time, the others told who runs one."""
        office = cls(open_server(url, create=create))
        office.url = url
        if year_wide:
            try:
                office._held.enter_context(year_wide_lock(office.db.engine, YEAR_WIDE, YEAR_WIDE_LABEL))
            except YearWideWorkBusy as exc:
                office.db.close()
                raise OfficeOpenError(str(exc)) from exc
        try:
            office.notices.extend(office._tidy_interrupted_submissions(year_wide))
        except BaseException:
            office.close()
            raise
        if start_up:
            ensure_current_year(office.db, today)
        office.notices.extend(office.settings.notes())
        return office

    @classmethod
    def attach(cls, db: Database) -> Office:
        """An Office around a database opened elsewhere (tests, an in-memory database): no lock."""
        return cls(db)

    # -- what services and screens use --------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self.db.read_only

    @property
    def path(self) -> Path | None:
        return self.db.path

    @property
    def session(self) -> SessionSource:
        """The session factory (`with office.session.begin() as s: …`), as services use it."""
        return self.db.session

    @property
    def settings(self) -> Settings:
        return Settings(self.db)

    def _tidy_interrupted_submissions(self, holding_year_wide: bool) -> list[str]:
        """A server's counterpart of what opening a file does: remove what a submission killed half-way
        left (its reserved 版, files, staging folder). Only under the year-wide lock, which every
        submission holds: without it, another PC's submission in progress would look interrupted.
        Another PC doing year-wide work now: left for the next opening."""
        if holding_year_wide:
            return recover_interrupted_submissions(self.db)
        try:
            with year_wide_lock(self.db.engine, YEAR_WIDE, YEAR_WIDE_LABEL):
                return recover_interrupted_submissions(self.db)
        except YearWideWorkBusy:
            return []

    @contextmanager
    def year_wide_work(self) -> Iterator[None]:
        """Around an import, a year's closing or a submission started from the window: on a server,
        the advisory lock the writing commands hold (one PC at a time does year-wide work); another
        PC's is refused (ValidationError naming who holds it, nothing changed). On a file: nothing to
        take (the file lock lets one PC write at all)."""
        try:
            with year_wide_lock(self.db.engine, YEAR_WIDE, YEAR_WIDE_LABEL):
                yield
        except YearWideWorkBusy as busy:  # raised only by taking the lock: the work did not start
            raise ValidationError(str(busy)) from None

    @property
    def holds_lock(self) -> bool:
        return self._lock is not None and not self._lock.released

    def refresh_lock(self) -> bool:
        """Renew the writer lock's heartbeat; False once another PC has taken the file over."""
        return self._lock.refresh() if self._lock is not None else False

    # -- backups and restore --------------------------------------------------------------------------
    def backup(self, kind: str = REASON_MANUAL, out: Path | None = None) -> Path:
        """A backup named as always (`<name>_<日時>_<kind>.sqlite`), rotated by backup_keep_count; a
        server's data is backed up as a SQLite copy."""
        if self.url is not None:
            return backup_server(self.db, self.url, kind, out)
        return backup_before(self.db, kind)

    def restore(self, backup: Path) -> RestoreResult:
        """Replace the data with a backup (the current data is kept as a 復元前 backup) and reopen.

        An older backup is upgraded on reopening, after a 移行前 backup. Raises BackupError or
        OfficeOpenError (Japanese) with the current data reopened unchanged.
        """
        if self.read_only:
            raise BackupError("読み取り専用で開いているため、復元できません。")
        if self.url is not None:
            kept, _rows = restore_server(self.db, self.url, backup)
            return RestoreResult(backup, kept, labelled_counts(backup))
        path = self.db.path
        if path is None:
            raise BackupError("このデータベースはファイルではないため、復元できません。")
        self.db.close()  # every connection must be closed before the file is replaced
        try:
            result = replace_from_backup(backup, path)
        finally:
            self.db = open_database(path, keep_backups=keep_count_of_file(path))
        ensure_current_year(self.db)
        return result

    # -- closing ------------------------------------------------------------------------------------
    def close(self) -> None:
        """Close the database and release the writer lock (the next person may write at once)."""
        if self.closed:
            return
        self.closed = True
        self._held.close()
        self.db.close()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Office:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def restore_file(target: str | Path, backup: Path, note: Callable[[str], None]) -> RestoreResult:
    """`kyodo restore`: replace the file at `target` with a backup, holding the writer lock meanwhile.

    The target is not opened first (it may be the damaged file being replaced). Raises DatabaseInUse
    (an OfficeOpenError naming the holder) or BackupError; `note` receives a lock-takeover note.
    """
    path = sqlite_path(target)
    file_lock = FileLock.take(path)
    try:
        if file_lock.takeover_note:
            note(file_lock.takeover_note)
        return replace_from_backup(backup, path)
    finally:
        file_lock.release()
