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


def open_db(path: Path):
    from app.storage.database import open_database

    return open_database(path)


def err(message: str) -> None:
    print(message, file=sys.stderr)
