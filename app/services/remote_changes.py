"""What other PCs changed, for a window to refresh its lists within seconds (without reloading them all).

- PostgreSQL: every commit that wrote rows sends NOTIFY kyodo_changes with the tables it touched
  (app/storage/server_sync.py); `RemoteChanges` listens and turns the tables into `Changes` areas,
  skipping what this window itself committed (it refreshed already).
- SQLite: one program writes the file; a window that opened it read-only (someone else holds it)
  watches `PRAGMA data_version` (it changes when another connection commits — cheap, no query of
  the data) and reads which tables changed from the change log.

`poll()` never blocks: the window calls it from a timer.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterable
from contextlib import suppress

from app.services import changes as areas
from app.services.changes import Changes
from app.storage.database import Database
from app.storage.server_sync import ChangeListener


@functools.cache
def table_areas() -> dict[str, tuple[str, ...]]:
    """The screens' area of each table. A table not listed here reloads every screen (safe by
    default). Made when first needed: the facility's area names come with its services, which a
    window that watches nobody (it holds the file) does not load at start."""
    from app.services.facility.bookings import BOOKINGS
    from app.services.facility.calendar import CLOSED_DAYS
    from app.services.facility.report_data import NOTES
    from app.services.facility.rooms import ROOMS
    from app.services.facility.users import USERS

    return {
        "body": (areas.PROFILE,),
        "fiscal_year": (areas.YEARS,),
        "setting": (areas.SETTINGS,),
        "member_organisation": (areas.ORGANISATIONS,),
        "person": (areas.PEOPLE,),
        "officer_term": (areas.OFFICERS,),
        "office_post": (areas.OFFICE_POSTS,),
        "committee": (areas.COMMITTEES,),
        "committee_member": (areas.COMMITTEES,),
        "member_kind": (areas.MEMBER_KINDS,),
        "ledger_entry": (areas.LEDGER,),
        "budget_version": (areas.BUDGETS,),
        "budget_line": (areas.BUDGETS,),
        "account_category": (areas.CATEGORIES,),
        "account_book": (areas.BOOKS,),
        "money_account": (areas.MONEY_ACCOUNTS,),
        "passbook_check": (areas.MONEY_ACCOUNTS,),  # a 口座's 照合
        "ledger_transfer": (areas.LEDGER,),  # its two halves are cash-book entries
        "budget_move": (areas.BUDGETS,),  # 予備費充用・流用 change the 予算現額
        "budget_draft_line": (areas.BUDGETS,),  # 予算（案）
        "settlement_note": (areas.BUDGETS,),  # 備考 of the 予算・決算 table
        "year_plan": (areas.PLANS,),
        "officer_proposal": (areas.OFFICERS,),  # 役員（案）
        "meeting_motion": (areas.MEETINGS,),  # a 総会's 議案 and their results
        "year_closing_event": (areas.CLOSING,),
        "equipment": (areas.EQUIPMENT,),
        "project": (areas.PROJECTS,),
        "meeting": (areas.MEETINGS,),
        "rolling_target": (areas.TARGETS,),
        "evaluation": (areas.EVALUATION,),
        "evaluation_grade": (areas.EVALUATION,),
        "criteria_set": (areas.CRITERIA,),
        "criterion": (areas.CRITERIA,),
        "submission": (areas.SUBMISSIONS,),
        "submission_file": (areas.SUBMISSIONS,),
        "room": (ROOMS,),
        "facility_user": (USERS,),
        "booking": (BOOKINGS,),
        "closed_day": (CLOSED_DAYS,),
        "facility_year_note": (NOTES,),
        # the log and the trash follow other changes; on their own (a trash emptied) nothing to show
        "change_log": (),
        "trash": (),
    }


def changes_of_tables(tables: Iterable[str]) -> Changes:
    """The areas (whole areas: another PC's ids are not known) of the tables another PC wrote."""
    touched: dict[str, frozenset[int]] = {}
    for table in tables:
        found = table_areas().get(table)
        if found is None:
            return EVERYTHING_REMOTE
        for area in found:
            touched[area] = frozenset()
    return Changes(touched, remote=True)


EVERYTHING_REMOTE = Changes({areas.EVERYTHING: frozenset()}, remote=True)


class RemoteChanges:
    """Polls for other PCs' commits; `poll()` returns their `Changes` (empty when nothing new).
    Made by `watch(office)`: a server database, or a file this window may only read."""

    def __init__(self, db: Database):
        self._db = db
        self._listener: ChangeListener | None = None
        self._file: sqlite3.Connection | None = None
        if db.engine.dialect.name == "postgresql":
            self._listener = ChangeListener(db.engine, ignore_origin=db.origin)
        elif db.path is not None:
            self._file = sqlite3.connect(f"{db.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            self._data_version = self._version()
            self._last_log_id = self._file.execute("SELECT coalesce(max(id), 0) FROM change_log").fetchone()[0]

    def _version(self) -> int:
        assert self._file is not None
        return int(self._file.execute("PRAGMA data_version").fetchone()[0])

    def poll(self) -> Changes:
        if self._listener is not None:
            tables = self._listener.poll()
            return changes_of_tables(tables) if tables else Changes()
        if self._file is None:
            return Changes()
        version = self._version()
        if version == self._data_version:
            return Changes()
        self._data_version = version
        rows = self._file.execute(
            "SELECT id, table_name FROM change_log WHERE id > ? ORDER BY id", (self._last_log_id,)
        ).fetchall()
        if not rows:
            return EVERYTHING_REMOTE  # a write the change log does not record (settings, a closing)
        self._last_log_id = rows[-1][0]
        return changes_of_tables(table for _id, table in rows)

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
        if self._file is not None:
            with suppress(sqlite3.Error):
                self._file.close()


def watch(db: Database) -> RemoteChanges | None:
    """What a window polls to see other PCs' changes, or None when nobody else can write: a SQLite
    file this program holds the writer lock of (the others open it read-only)."""
    if db.engine.dialect.name == "postgresql" or (db.path is not None and db.read_only):
        return RemoteChanges(db)
    return None
