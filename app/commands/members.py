"""`kyodo members import FILE.xlsx --db PATH [--dry-run] [--sheet NAME]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.common import EXIT_OK, EXIT_REJECTED, add_db_option, err, open_db


def register(subparsers: argparse._SubParsersAction) -> None:
    members = subparsers.add_parser("members", help="名簿（構成団体・個人会員）")
    actions = members.add_subparsers(dest="members_command", metavar="ACTION", required=True)
    parser = actions.add_parser("import", help="Excelの名簿を取り込む（確認してから全件まとめて）")
    parser.add_argument("file", type=Path, metavar="FILE.xlsx")
    add_db_option(parser)
    parser.add_argument("--dry-run", action="store_true", help="確認結果を表示するだけで取り込まない")
    parser.add_argument(
        "--sheet", default=None, metavar="NAME", help="取り込むシート（省略時は見出しのある最初のシート）"
    )
    parser.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    from app.storage.lock import acquire_for_cli

    if args.dry_run:  # reading only: another window may be writing meanwhile
        return _import(args)
    with acquire_for_cli(args.db):  # from the check to the commit, nobody else writes the file
        return _import(args)


def _import(args: argparse.Namespace) -> int:
    from app.services.member_import import commit_member_import, preview_member_import

    db = open_db(args.db)
    try:
        preview = preview_member_import(db, args.file, args.sheet)
        lines = preview.summary_lines(long_form=True)
        header = f"ファイル『{args.file.name}』 シート『{preview.sheet_name}』: {lines[0]}"
        if preview.has_errors:
            err(header)
            for line in lines[1:]:
                err(line)
            err("エラーがあるため取り込みませんでした。何も変更していません。")
            return EXIT_REJECTED
        print(header)
        for line in lines[1:]:
            print(line)
        if args.dry_run:
            print("確認のみ（--dry-run）: 何も変更していません。")
            return EXIT_OK
        print(commit_member_import(db, preview))
    finally:
        db.close()
    return EXIT_OK
