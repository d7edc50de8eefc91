"""`kyodo ledger import FILE.xlsx --db PATH --year YYYY [--dry-run] [--sheet NAME] [--settlement-period]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.common import EXIT_OK, EXIT_REJECTED, add_db_option, add_year_option, err, open_db

MAX_LINES = 100  # on a terminal; a whole year of wrong dates would scroll away otherwise


def register(subparsers: argparse._SubParsersAction) -> None:
    ledger = subparsers.add_parser("ledger", help="現金出納簿")
    actions = ledger.add_subparsers(dest="ledger_command", metavar="ACTION", required=True,
                                    parser_class=type(ledger))
    imp = actions.add_parser("import", help="Excelの現金出納簿を取り込む（全件取り込むか、何も取り込まないか）")
    imp.add_argument("file", type=Path, metavar="FILE.xlsx")
    add_db_option(imp)
    add_year_option(imp)
    imp.add_argument("--dry-run", action="store_true", help="確認だけして取り込まない")
    imp.add_argument("--sheet", default=None, metavar="NAME", help="読み込むシート名（省略時は見出しのある最初のシート）")
    imp.add_argument("--settlement-period", action="store_true",
                     help="翌年4月・5月の日付を出納整理期間の前年度分として受け付ける")
    imp.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    from app.storage.lock import acquire_for_cli

    if args.dry_run:  # reading only: another window may be writing meanwhile
        return _import(args)
    with acquire_for_cli(args.db):  # from the check to the commit, nobody else writes the file
        return _import(args)


def _import(args: argparse.Namespace) -> int:
    from app.services.accounts.ledger_import import commit_ledger_import, preview_ledger_import

    db = open_db(args.db)
    try:
        preview = preview_ledger_import(db, args.file, args.year, sheet_name=args.sheet,
                                        settlement_period=args.settlement_period)
        lines = preview.summary_lines(long_form=True)
        if preview.has_errors:
            err(f"『{args.file.name}』を取り込めません。何も変更していません。")
            for line in lines[:MAX_LINES]:
                err(line)
            if len(lines) > MAX_LINES:
                err(f"…ほか{len(lines) - MAX_LINES}件（画面の取り込みで「エラー一覧を保存」すると全件を確認できます）")
            return EXIT_REJECTED
        for line in lines:
            print(line)
        if args.dry_run:
            print("確認のみ（--dry-run）: 何も変更していません。")
            return EXIT_OK
        print(commit_ledger_import(db, args.year, preview))
    finally:
        db.close()
    return EXIT_OK
