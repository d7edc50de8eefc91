"""`kyodo members import FILE.xlsx --db PATH [--dry-run] [--sheet NAME]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands import import_flow
from app.commands.common import add_db_option


def register(subparsers: argparse._SubParsersAction) -> None:
    members = subparsers.add_parser("members", help="名簿（構成団体・個人会員）")
    actions = members.add_subparsers(dest="members_command", metavar="ACTION", required=True)
    parser = actions.add_parser("import", help="Excelの名簿を取り込む（確認してから全件まとめて）")
    parser.add_argument("file", type=Path, metavar="FILE.xlsx", help="取り込むExcelファイル")
    add_db_option(parser)
    parser.add_argument("--dry-run", action="store_true", help="確認結果を表示するだけで取り込まない")
    parser.add_argument(
        "--sheet", default=None, metavar="NAME", help="取り込むシート（省略時は見出しのある最初のシート）"
    )
    parser.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    from app.services.members.importer import commit_member_import, preview_member_import

    return import_flow.run_import(
        args, lambda db: preview_member_import(db, args.file, args.sheet), commit_member_import
    )
