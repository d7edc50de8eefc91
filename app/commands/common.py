"""What every sub-command shares: the --db option, opening the database, Japanese errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """Input rejected: the message (Japanese) goes to stderr and the exit code is 1."""


def add_db_option(parser: argparse.ArgumentParser, required: bool = True) -> None:
    # SUPPRESS keeps a top-level `kyodo --db X …` from being overwritten by the sub-parser default.
    parser.add_argument(
        "--db", type=Path, required=required, default=argparse.SUPPRESS, metavar="PATH", help="データベースファイル"
    )


def open_db(path: Path, create: bool = False):
    """Open an existing database; only `demo` creates a new one."""
    from app.storage.database import open_database

    return open_database(path, create=create)


def err(message: str) -> None:
    print(message, file=sys.stderr)


def _fiscal_year(text: str):
    from app.domain.fiscal_year import FiscalYear

    try:
        return FiscalYear(int(text))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"--year は年度の始まる西暦年（例: 2025 = 令和7年度）: {text}") from exc


def add_year_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--year", type=_fiscal_year, required=True, metavar="YYYY", help="年度の始まる西暦年（2025 = 令和7年度）"
    )
