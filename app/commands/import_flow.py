"""The one flow every `kyodo … import` follows: preview → summary → refuse on errors → lock → commit."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.commands.common import EXIT_OK, EXIT_REJECTED, err, open_office

if TYPE_CHECKING:  # the parser is built at start-up: keep SQLAlchemy out of it
    from app.importing.preview import ImportPreview
    from app.services.changes import Result
    from app.services.office import Database

MAX_LINES = 100  # on a terminal; a whole year of wrong dates would scroll away otherwise

PreviewFn = Callable[["Database"], "ImportPreview"]
CommitFn = Callable[["Database", "ImportPreview"], "Result[str]"]


def run_import(args: argparse.Namespace, preview_fn: PreviewFn, commit_fn: CommitFn) -> int:
    """Import `args.file` into `args.db`; `--dry-run` only shows what would happen.

    `--dry-run` reads only (another window may be writing meanwhile); a real import holds the lock
    from the check to the commit, so nobody else writes the file in between.
    """
    with open_office(args.db, write=not args.dry_run) as office:
        db = office.db
        preview = preview_fn(db)
        lines = preview.summary_lines(long_form=True)
        header = f"ファイル『{args.file.name}』 シート『{preview.sheet_name}』: {lines[0]}"
        details = lines[1:]
        if preview.has_errors:
            err(header)
            for line in details[:MAX_LINES]:
                err(line)
            if len(details) > MAX_LINES:
                err(f"…ほか{len(details) - MAX_LINES}件（画面の取り込みで「エラー一覧を保存」すると全件を確認できます）")
            err(f"『{args.file.name}』にエラーがあるため取り込みませんでした。何も変更していません。")
            return EXIT_REJECTED
        print(header)
        for line in details:
            print(line)
        if args.dry_run:
            print("確認のみ（--dry-run）: 何も変更していません。")
            return EXIT_OK
        print(commit_fn(db, preview).value)
    return EXIT_OK
