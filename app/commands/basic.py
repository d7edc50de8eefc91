"""Foundation commands: demo and check."""

from __future__ import annotations

import argparse

from app.commands.common import (
    EXIT_OK,
    EXIT_REJECTED,
    CommandError,
    add_db_option,
    add_year_option,
    err,
    open_office,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser("demo", help="架空の地域協働体のデモデータベースを作る")
    add_db_option(demo)
    demo.add_argument("--body", default=None, metavar="NAME", help="地域協働体名（架空）")
    demo.add_argument(
        "--replace", action="store_true", help="既存のデモデータベースを作り直す（協働デスクのファイルに限る）"
    )
    demo.set_defaults(handler=run_demo)

    new = subparsers.add_parser("new", help="一つの地域協働体の空のデータベースを作る（デモデータなし）")
    add_db_option(new)
    new.add_argument("--body", required=True, metavar="NAME", help="地域協働体名")
    add_year_option(new)
    new.set_defaults(handler=run_new)

    check = subparsers.add_parser("check", help="データベースの整合性を調べる（ファイルは変更しない）")
    add_db_option(check)
    check.set_defaults(handler=run_check)


def run_demo(args: argparse.Namespace) -> int:
    from app.services.demo.create import DEFAULT_DEMO_BODY, create_demo
    from app.services.profile import get_profile

    # The lock first: nobody else may be writing the file we create or replace (--replace deletes
    # only a sound Kyodo Desk database; any other file is refused as ever).
    with open_office(args.db, write=True, create=True, replace=args.replace) as office:
        if get_profile(office.db) is not None:
            raise CommandError(
                f"「{args.db}」には既にデータがあります。別のファイル名を指定するか、"
                "デモを作り直すときは --replace を付けてください。"
            )
        ctx = create_demo(office.db, args.body or DEFAULT_DEMO_BODY)
    years = "、".join(y.label for y in ctx.years)
    print(f"デモデータベースを作りました: {args.db}（{ctx.body_name}、{years}）")
    return EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    from app.services.fiscal_years import add_fiscal_year, select_fiscal_year
    from app.services.profile import Profile, get_profile, save_profile

    with open_office(args.db, write=True, create=True) as office:
        if get_profile(office.db) is not None:
            raise CommandError(f"「{args.db}」には既にデータがあります。別のファイル名を指定してください。")
        save_profile(office.db, Profile(name=args.body.strip()))
        add_fiscal_year(office.db, args.year)
        select_fiscal_year(office.db, args.year)
    print(f"空のデータベースを作りました: {args.db}（{args.body.strip()}、{args.year.label}）")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    from app.services.check import check_database

    result = check_database(args.db)
    if not result.ok:
        err(result.message)
        return EXIT_REJECTED
    print(result.message)
    return EXIT_OK
