"""`kyodo account add …` and `kyodo book add …`: 口座 and 会計 from the command line.

    kyodo account add --db PATH [--book NAME] --name NAME --kind cash|bank [--bank TEXT] [--opening YEN --year YYYY]
    kyodo book add --db PATH --name NAME [--funded-by-city]
"""

from __future__ import annotations

import argparse

from app.commands.common import EXIT_OK, CommandError, add_db_option, fiscal_year_type, open_office


def add_book_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--book", default=None, metavar="NAME", help="会計名（省略時は最初の会計）")


def register(subparsers: argparse._SubParsersAction) -> None:
    account = subparsers.add_parser("account", help="口座（現金・預金）")
    actions = account.add_subparsers(dest="account_command", metavar="ACTION", required=True,
                                     parser_class=type(account))
    add = actions.add_parser("add", help="会計に口座を追加する（開始残高も指定できる）")
    add_db_option(add)
    add_book_option(add)
    add.add_argument("--name", required=True, metavar="NAME", help="口座名（例: 普通預金_ゆうちょ）")
    add.add_argument("--kind", required=True, choices=["cash", "bank"], help="cash: 現金 / bank: 預金")
    add.add_argument("--bank", default="", metavar="TEXT",
                     help="金融機関・支店・種別・口座番号（例: 「ゆうちょ銀行 八四八支店 普通 1234567」）")
    add.add_argument("--opening", default=None, metavar="YEN", help="開始残高（--year の年度の前年度繰越金になる）")
    add.add_argument("--year", type=fiscal_year_type, default=None, metavar="YYYY", help="開始残高の年度（2025 = 令和7年度）")
    add.set_defaults(handler=run_account_add)

    book = subparsers.add_parser("book", help="会計（一般会計・指定管理・特別会計）")
    book_actions = book.add_subparsers(dest="book_command", metavar="ACTION", required=True,
                                       parser_class=type(book))
    add_book = book_actions.add_parser("add", help="会計を追加する（現金の口座がつく）")
    add_db_option(add_book)
    add_book.add_argument("--name", required=True, metavar="NAME", help="会計名（例: 特別会計（積立金））")
    add_book.add_argument("--funded-by-city", action="store_true",
                          help="市の交付金の会計（提出・集計・自己評価の費用はこの会計を使う）")
    add_book.set_defaults(handler=run_book_add)


def split_bank_text(text: str) -> dict[str, str]:
    """「ゆうちょ銀行 八四八支店 普通 1234567」 → bank name, branch, kind, number (what is there)."""
    from app.domain.kana import normalize_text

    parts = normalize_text(text or "").split()
    fields = {"bank_name": "", "branch": "", "account_type": "", "number": ""}
    rest = []
    for part in parts:
        if part.replace("-", "").isdigit() and not fields["number"]:
            fields["number"] = part
        elif part in ("普通", "当座", "定期", "通常", "通常貯金", "貯蓄") and not fields["account_type"]:
            fields["account_type"] = part
        elif part.endswith(("支店", "店", "出張所")) and not fields["branch"] and rest:
            fields["branch"] = part
        else:
            rest.append(part)
    fields["bank_name"] = " ".join(rest)
    return fields


def run_account_add(args: argparse.Namespace) -> int:
    from app.domain.money import format_yen, parse_yen
    from app.services.accounts.books import AccountInput, add_account, find_book

    if (args.opening is None) != (args.year is None):
        raise CommandError("開始残高は --opening と --year を一緒に指定してください")
    with open_office(args.db, write=True) as office:  # the writer lock for the whole command
        book = find_book(office.db, args.book)
        inp = AccountInput(args.name, args.kind, **split_bank_text(args.bank))
        year = args.year
        info = add_account(office.db, inp, book_id=book.id, opening=args.opening, year=year).value
    opening = f"、開始残高 {format_yen(parse_yen(args.opening))}（{year.label}の前年度繰越金）" if year else ""
    print(f"会計「{book.name}」に口座「{info.name}」（{info.kind_label}）を追加しました{opening}")
    return EXIT_OK


def run_book_add(args: argparse.Namespace) -> int:
    from app.services.accounts.books import add_book

    with open_office(args.db, write=True) as office:
        info = add_book(office.db, args.name, funded_by_city=args.funded_by_city).value
    funded = "（提出対象）" if info.funded_by_city else ""
    print(f"会計「{info.name}」{funded}を追加しました（口座: 現金）")
    return EXIT_OK
