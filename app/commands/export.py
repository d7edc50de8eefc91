"""`kyodo export KIND --db PATH --year YYYY --format xlsx|pdf --out FILE [--profile full|public]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.commands.common import EXIT_OK, EXIT_USAGE, add_db_option, add_year_option, open_office


def register(subparsers: argparse._SubParsersAction) -> None:
    from app.reports.kinds import KIND_TITLES  # not app.services.reports: --help must not load SQLAlchemy

    parser = subparsers.add_parser("export", help="名簿・予算書・決算書・出納簿・財産目録・監査報告書・自己評価シートなどを出力する")
    parser.add_argument("kind", choices=list(KIND_TITLES), metavar="KIND", help=" | ".join(KIND_TITLES))
    add_db_option(parser)
    add_year_option(parser)
    parser.add_argument("--format", choices=["xlsx", "pdf"], required=True, dest="fmt", help="出力する形式")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE", help="保存先のファイル")
    parser.add_argument(
        "--profile", choices=["full", "public"], default="full", help="public: 公表用（個人情報を除く）"
    )
    parser.add_argument("--month", type=int, default=None, metavar="M",
                        help="施設利用状況の月報（1〜12、省略すると年報）")
    parser.add_argument("--book", default=None, metavar="NAME", help="会計名（予算書・決算書・出納簿・財産目録・監査報告書）")
    parser.add_argument("--account", default=None, metavar="NAME", help="口座名（出納簿: その口座の現金出納簿・預金出納帳）")
    parser.add_argument("--stamps", action="store_true", default=None, help="会長・会計・監事の印欄をつける")
    parser.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    from app.domain.report_data import ReportOptions
    from app.reports.kinds import KIND_TITLES, KINDS_WITH_PUBLIC_PROFILE
    from app.services.reports import export_report, unsupported_options

    if args.profile == "public" and args.kind not in KINDS_WITH_PUBLIC_PROFILE:
        # a usage error (exit 2), like an unknown option: the same form would come out either way
        print(f"{KIND_TITLES[args.kind]}には個人情報が含まれないため、公表用（--profile public）はありません。"
              "--profile を付けずに出力してください。", file=sys.stderr)
        return EXIT_USAGE
    options = ReportOptions(book=args.book, account=args.account, stamps=args.stamps)
    wrong = unsupported_options(args.kind, options)
    if wrong:
        print(f"{KIND_TITLES[args.kind]}には {' '.join(wrong)} は使えません"
              "（予算書・決算書・出納簿・財産目録・監査報告書だけです）。", file=sys.stderr)
        return EXIT_USAGE
    with open_office(args.db, write=False) as office:
        path = export_report(office.db, args.kind, args.year, args.fmt, args.out, args.profile, month=args.month,
                             options=options)
    month = f"（{args.month}月分）" if args.month else ""
    title = KIND_TITLES[args.kind]
    if args.kind == "ledger" and args.account is not None:  # a bank's is a 預金出納帳: name the 口座 instead
        title = f"出納簿（口座: {args.account}）"
    print(f"{args.year.label}の{title}{month}を書き出しました: {path}")
    return EXIT_OK
