"""What every sub-command shares: the --db option, opening the database, Japanese errors."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the parser is built at start-up: keep SQLAlchemy out of it
    from app.services.office import Office

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """Input rejected: the message (Japanese) goes to stderr and the exit code is 1."""


def db_target(text: str) -> Path | str:
    """A database file, or a server URL (postgresql://USER@HOST[:PORT]/DB) kept as text: a Path
    would fold its "//"."""
    return text if "://" in text else Path(text)


def add_db_option(parser: argparse.ArgumentParser, required: bool = True) -> None:
    # SUPPRESS keeps a top-level `kyodo --db X …` from being overwritten by the sub-parser default.
    parser.add_argument(
        "--db", type=db_target, required=required, default=argparse.SUPPRESS, metavar="PATH",
        help="データベースファイル、または postgresql://USER@HOST[:PORT]/DB",
    )


@contextmanager
def open_office(path: Path, *, write: bool, create: bool = False, replace: bool = False) -> Iterator[Office]:
    """The office at `path` for one command; only `demo` creates (or replaces) a database.

    `write`: hold the writer lock for the whole command (refused, naming the holder, while another
    program writes; a lock left behind is taken over with a note on stderr). Commands that only
    read open without the lock, so they work while a window is open.
    """
    from app.services.office import HEARTBEAT_SECONDS, Office
    from app.startup_gc import resume_collector

    office = Office.open(
        path,
        create=create,
        replace=replace,
        lock=write,
        if_held="refuse",
        start_up=False,
        heartbeat_seconds=HEARTBEAT_SECONDS if write else None,
        year_wide=write,  # on a server: one whole-office command at a time (the file lock's role)
    )
    resume_collector()  # the program is loaded: now the data (app.startup_gc)
    try:
        for notice in office.notices:
            err(notice)
        yield office
    finally:
        office.close()


def err(message: str) -> None:
    print(message, file=sys.stderr)


def fiscal_year_type(text: str):
    from app.domain.fiscal_year import FiscalYear
    from app.domain.input_bounds import check_fiscal_year_bounds

    try:
        year = FiscalYear(int(text))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"--year は年度の始まる西暦年（例: 2025 = 令和7年度）: {text}") from exc
    problems: list = []
    check_fiscal_year_bounds(year, problems)  # --year 2173 is a slip, as 2173 typed in a date
    if problems:
        raise argparse.ArgumentTypeError(problems[0].message)
    return year


def date_type(text: str) -> date:
    """A date option (2025-04-01; also 2025/4/1 or 令和7年4月1日, as typed in the window)."""
    from app.domain.dates import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日付は YYYY-MM-DD で指定してください: {text}") from exc


def add_year_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--year", type=fiscal_year_type, required=True, metavar="YYYY", help="年度の始まる西暦年（2025 = 令和7年度）"
    )
