"""`kyodo db copy --from PATH_OR_URL --to PATH_OR_URL`: a whole office between SQLite and PostgreSQL."""

from __future__ import annotations

import argparse

from app.commands.common import EXIT_OK, CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    db = subparsers.add_parser("db", help="データベース全体の操作（SQLite ⇄ PostgreSQL）")
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True, parser_class=type(db))
    copy = actions.add_parser(
        "copy", help="データベースを丸ごとコピーする（コピー先は新しいか空のものに限る。上書きしない）"
    )
    copy.add_argument("--from", dest="source", required=True, metavar="PATH_OR_URL",
                      help="コピー元（ファイル、または postgresql://USER@HOST[:PORT]/DB）")
    copy.add_argument("--to", dest="target", required=True, metavar="PATH_OR_URL", help="コピー先（同上）")
    copy.set_defaults(handler=run_copy)


def run_copy(args: argparse.Namespace) -> int:
    from app.services.db_copy import DbCopyError, copy_database, describe
    from app.startup_gc import resume_collector

    resume_collector()  # the program is loaded: now the rows (app.startup_gc)
    try:
        result = copy_database(args.source, args.target)
    except DbCopyError as exc:
        raise CommandError(f"コピーできませんでした: {exc} 何も変更していません。") from exc
    print(f"{describe(args.source)} を {describe(args.target)} にコピーしました（{result.tables}表、{result.rows:,}行）。")
    return EXIT_OK
