"""`kyodo ledger import FILE.xlsx --db PATH --year YYYY [--dry-run] [--sheet NAME] [--settlement-period]
[--book NAME] [--account NAME]`."""

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
    imp.add_argument("file", type=Path, metavar="FILE", help="取り込むファイル（.xlsx .xlsm .xls .csv、CSVは UTF-8 か Shift_JIS）")
    add_db_option(imp)
    add_year_option(imp)
    imp.add_argument("--dry-run", action="store_true", help="確認だけして取り込まない")
    imp.add_argument("--sheet", default=None, metavar="NAME", help="読み込むシート名（省略時は見出しのある最初のシート）")
    imp.add_argument("--settlement-period", action="store_true",
                     help="翌年4月・5月の日付を出納整理期間の前年度分として受け付ける")
    imp.add_argument("--book", default=None, metavar="NAME", help="会計名（省略時は最初の会計）")
    imp.add_argument("--account", default=None, metavar="NAME",
                     help="口座名（省略時は現金）。費目欄が同じ会計の別の口座名の行は振替になる")
    import_flow.add_mapping_options(imp)
    import_flow.add_error_workbook_option(imp)
    imp.add_argument("--category", action="append", default=[], metavar="元=費目",
                     help="シートの費目を登録済みの費目に当てる（例: --category \"会議費=事業費\"。繰り返し可）")
    imp.add_argument("--add-categories", action="store_true",
                     help="登録されていない費目を、その行の収入・支出の側の新しい費目として作る")
    imp.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    from app.services.accounts.books import find_account, find_book
    from app.services.accounts.ledger_import import commit_ledger_import, preview_ledger_import

    def preview(db):
        account = find_account(db, find_book(db, args.book).id, args.account)
        return preview_ledger_import(db, args.file, args.year, sheet_name=args.sheet,
                                     settlement_period=args.settlement_period, mapping=args.mapping,
                                     category_map=_category_map(args.category),
                                     add_categories=args.add_categories, account_id=account.id)

    return import_flow.run_import(
        args,
        preview,
        lambda db, preview: commit_ledger_import(db, args.year, preview),
    )


def _category_map(pairs: list[str]) -> dict[str, str]:
    from app.importing.columns import MappingError

    result: dict[str, str] = {}
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise MappingError(f"--category は「元の名前=費目」の形で指定してください: {pair}")
        result[source.strip()] = target.strip()
    return result
