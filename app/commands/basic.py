"""Foundation commands: demo and check."""

from __future__ import annotations

import argparse

from app.commands.common import EXIT_OK, EXIT_REJECTED, CommandError, add_db_option, err, open_db


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser("demo", help="架空の地域協働体のデモデータベースを作る")
    add_db_option(demo)
    demo.add_argument("--body", default=None, metavar="NAME", help="地域協働体名（架空）")
    demo.add_argument(
        "--replace", action="store_true", help="既存のデモデータベースを作り直す（協働デスクのファイルに限る）"
    )
    demo.set_defaults(handler=run_demo)

    check = subparsers.add_parser("check", help="データベースの整合性を調べる（ファイルは変更しない）")
    add_db_option(check)
    check.set_defaults(handler=run_check)


def run_demo(args: argparse.Namespace) -> int:
    from app.storage.lock import acquire_for_cli

    with acquire_for_cli(args.db):  # nobody else may be writing the file we create or replace
        return _demo(args)


def _demo(args: argparse.Namespace) -> int:
    from app.services.demo.create import DEFAULT_DEMO_BODY, create_demo
    from app.services.profile import get_profile
    from app.storage.database import FileKind, inspect_file

    status = inspect_file(args.db)
    if status.kind is FileKind.KYODO and args.replace and not status.problem():
        for suffix in ("", "-wal", "-shm"):
            args.db.with_name(args.db.name + suffix).unlink(missing_ok=True)
    db = open_db(args.db, create=True)
    try:
        if get_profile(db) is not None:
            raise CommandError(
                f"「{args.db}」には既にデータがあります。別のファイル名を指定するか、"
                "デモを作り直すときは --replace を付けてください。"
            )
        ctx = create_demo(db, args.body or DEFAULT_DEMO_BODY)
    finally:
        db.close()
    years = "、".join(y.label for y in ctx.years)
    print(f"デモデータベースを作りました: {args.db}（{ctx.body_name}、{years}）")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    from app.services.check import check_database

    result = check_database(args.db)
    if not result.ok:
        err(result.message)
        return EXIT_REJECTED
    print(result.message)
    return EXIT_OK
