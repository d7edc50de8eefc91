"""`kyodo members import FILE --db PATH [--sheet NAME] [--map "見出し=項目"]... [--rest-to-note] [--dry-run]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands import import_flow
from app.commands.common import add_db_option


def register(subparsers: argparse._SubParsersAction) -> None:
    members = subparsers.add_parser("members", help="名簿（構成団体・個人会員）")
    actions = members.add_subparsers(dest="members_command", metavar="ACTION", required=True)
    parser = actions.add_parser("import", help="Excelの名簿を取り込む（確認してから全件まとめて）")
    parser.add_argument("file", type=Path, metavar="FILE", help="取り込むファイル（.xlsx .xlsm .xls .csv、CSVは UTF-8 か Shift_JIS）")
    add_db_option(parser)
    parser.add_argument("--dry-run", action="store_true", help="確認結果を表示するだけで取り込まない")
    parser.add_argument(
        "--sheet", default=None, metavar="NAME", help="取り込むシート（省略時は見出しのある最初のシート）"
    )
    import_flow.add_mapping_options(parser)
    import_flow.add_error_workbook_option(parser)
    parser.add_argument("--rest-to-note", action="store_true",
                        help="どの項目にも当たらない列を「見出し: 値」として備考に入れる")
    parser.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    from app.services.members.importer import commit_member_import, preview_member_import

    return import_flow.run_import(
        args,
        lambda db: preview_member_import(db, args.file, args.sheet, mapping=args.mapping,
                                         rest_to_note=args.rest_to_note),
        commit_member_import,
    )
