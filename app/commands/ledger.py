"""`kyodo ledger import FILE.xlsx --db PATH --year YYYY [--dry-run] [--sheet NAME] [--settlement-period]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands import import_flow
from app.commands.common import add_db_option, add_year_option


def register(subparsers: argparse._SubParsersAction) -> None:
    ledger = subparsers.add_parser("ledger", help="現金出納簿")
    actions = ledger.add_subparsers(dest="ledger_command", metavar="ACTION", required=True,
                                    parser_class=type(ledger))
    imp = actions.add_parser("import", help="Excelの現金出納簿を取り込む（全件取り込むか、何も取り込まないか）")
    imp.add_argument("file", type=Path, metavar="FILE.xlsx", help="取り込むExcelファイル")
    add_db_option(imp)
    add_year_option(imp)
    imp.add_argument("--dry-run", action="store_true", help="確認だけして取り込まない")
    imp.add_argument("--sheet", default=None, metavar="NAME", help="読み込むシート名（省略時は見出しのある最初のシート）")
    imp.add_argument("--settlement-period", action="store_true",
                     help="翌年4月・5月の日付を出納整理期間の前年度分として受け付ける")
    imp.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    from app.services.accounts.ledger_import import commit_ledger_import, preview_ledger_import

    return import_flow.run_import(
        args,
        lambda db: preview_ledger_import(db, args.file, args.year, sheet_name=args.sheet,
                                         settlement_period=args.settlement_period),
        lambda db, preview: commit_ledger_import(db, args.year, preview),
    )
