"""施設: `kyodo room add …` and `kyodo bookings import FILE …`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.commands import import_flow
from app.commands.common import EXIT_OK, CommandError, add_db_option, date_type, open_office

if TYPE_CHECKING:  # the parser is built at start-up: keep SQLAlchemy out of it
    from app.services.facility.bookings import BookingInfo
    from app.services.office import Database


def _yen(text: str) -> int:
    from app.domain.money import parse_yen

    try:
        return parse_yen(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"--fee は円の整数で指定してください: {text}") from exc


def register(subparsers: argparse._SubParsersAction) -> None:
    room = subparsers.add_parser("room", help="施設の部屋（貸館）")
    actions = room.add_subparsers(dest="room_command", metavar="ACTION", required=True, parser_class=type(room))
    add = actions.add_parser("add", help="部屋を登録する")
    add_db_option(add)
    add.add_argument("--name", required=True, metavar="NAME", help="部屋名（例: 会議室1）")
    add.add_argument("--capacity", type=int, default=None, metavar="N", help="定員")
    add.add_argument("--slots", default="午前,午後,夜間", metavar="午前,午後,夜間", help="貸し出す時間帯（カンマ区切り）。1時間ごとに貸す部屋は 9〜21時 のように範囲で（使用料は1時間あたり）")
    add.add_argument("--fee", type=_yen, default=0, metavar="YEN", help="1コマの使用料（円）。時間貸しの部屋は1時間あたり")
    add.add_argument("--not-in-rate", action="store_true", help="稼働率の計算に含めない部屋")
    add.set_defaults(handler=run_room_add)

    bookings = subparsers.add_parser("bookings", help="施設の予約・利用")
    actions = bookings.add_subparsers(dest="bookings_command", metavar="ACTION", required=True,
                                      parser_class=type(bookings))
    imp = actions.add_parser(
        "import", help="利用簿（1行1件）または月ごとの予定表（1か月1シート）を取り込む（全件か、何も取り込まないか）"
    )
    imp.add_argument("file", type=Path, metavar="FILE",
                     help="取り込む利用簿（.xlsx .xlsm .xls .csv、CSVは UTF-8 か Shift_JIS）または月ごとの予定表")
    add_db_option(imp)
    imp.add_argument("--sheet", default=None, metavar="NAME", help="利用簿のシート名（省略時は見出しのある最初のシート）")
    import_flow.add_mapping_options(imp)
    import_flow.add_error_workbook_option(imp)
    imp.add_argument("--add-users", action="store_true", help="登録のない利用団体を新しく登録する（似た名前は一つに）")
    imp.add_argument("--keep-apart", action="append", default=[], metavar="NAME",
                     help="確認で「似ています」「似た名前」と示された利用団体名 NAME を、似た登録済みの利用団体や似た名前と"
                          "まとめず、別の利用団体にする（--add-users で登録。繰り返し可）")
    imp.add_argument("--dry-run", action="store_true", help="確認結果を表示するだけで取り込まない")
    imp.set_defaults(handler=run_bookings_import)

    fee = actions.add_parser("fee", help="予約の使用料を変える（1コマあたり。理由を付けて）")
    _add_booking_choice(fee)
    fee.add_argument("--fee", type=_yen, required=True, metavar="YEN", help="1コマの使用料（円）")
    fee.add_argument("--reason", default="", metavar="TEXT",
                     help="理由（例: 減免・行事への協力）。部屋と減免どおりの使用料に戻すときは不要")
    fee.set_defaults(handler=run_bookings_fee)

    receive = actions.add_parser("receive", help="予約の使用料を前納として受け取り、出納簿に施設使用料として記帳する")
    _add_booking_choice(receive)
    receive.add_argument("--on", type=date_type, default=None, metavar="YYYY-MM-DD", help="受け取った日（省略時は今日）")
    receive.set_defaults(handler=run_bookings_receive)


def _add_booking_choice(parser: argparse.ArgumentParser) -> None:
    """The bookings a command acts on: a room's day, all its slots or those named."""
    add_db_option(parser)
    parser.add_argument("--date", type=date_type, required=True, metavar="YYYY-MM-DD", help="利用日")
    parser.add_argument("--room", required=True, metavar="NAME", help="部屋名")
    parser.add_argument("--slot", action="append", default=[], metavar="時間帯",
                        help="時間帯（例: 午後。繰り返し可。省略時はその日のその部屋の予約すべて）")


def _chosen_bookings(db: Database, args: argparse.Namespace) -> list[BookingInfo]:
    """The bookings (not cancelled) of --room on --date, in --slot if given; refused when there are none."""
    from app.domain.facility import parse_slots
    from app.domain.kana import normalize_text
    from app.services.facility.bookings import list_bookings

    slots = [s for text in args.slot for s in parse_slots(text)]
    found = [b for b in list_bookings(db, args.date, args.date, include_cancelled=False)
             if normalize_text(b.room_name) == normalize_text(args.room) and (not slots or b.slot in slots)]
    if not found:
        what = f"{args.room}の{args.date:%Y/%m/%d}" + (f" {'・'.join(slots)}" if slots else "")
        raise CommandError(f"{what}の予約がありません（取り消した予約は対象にしません）。")
    missing = [s for s in slots if s not in {b.slot for b in found}]
    if missing:
        raise CommandError(f"{args.room}の{args.date:%Y/%m/%d} {'・'.join(missing)}の予約がありません。何も変更していません。")
    return found


def run_room_add(args: argparse.Namespace) -> int:
    from app.domain.facility import format_slots, is_hourly, parse_slots
    from app.domain.validation import ValidationError
    from app.services.facility.rooms import RoomData, add_room

    data = RoomData(args.name, args.capacity, parse_slots(args.slots), args.fee, not args.not_in_rate)
    with open_office(args.db, write=True) as office:
        try:
            info, _ = add_room(office.db, data)
        except ValidationError as exc:
            raise CommandError(f"部屋を登録できませんでした: {exc}") from exc
    unit = "1時間" if is_hourly(info.data.slots) else "1コマ"
    fee = f"、{unit} {info.data.fee_per_slot:,}円" if info.data.fee_per_slot else "、使用料なし"
    print(f"部屋「{info.name}」を登録しました（{format_slots(info.data.slots, '・')}{fee}）。")
    return EXIT_OK


def run_bookings_import(args: argparse.Namespace) -> int:
    from app.domain.kana import normalize_text
    from app.importing.columns import MappingError
    from app.services.facility.booking_import import (
        BookingImportPreview,
        commit_booking_import,
        preview_booking_import,
    )

    apart = [normalize_text(n) for n in args.keep_apart]

    def preview(db: Database) -> BookingImportPreview:
        found = preview_booking_import(db, args.file, sheet_name=args.sheet, mapping=args.mapping,
                                       add_users=args.add_users, declined=apart, apart=apart)
        alike = set(found.suggestions).union(*found.similar)
        wrong = [n for n in apart if n not in alike]
        if wrong:  # a usage error (exit 2): the name is neither suggested nor in a look-alike group
            raise MappingError(f"--keep-apart の「{'」「'.join(wrong)}」は、このファイルの似た名前にありません"
                               f"（似た名前: {'、'.join(sorted(alike)) or 'なし'}）")
        return found

    return import_flow.run_import(args, preview, lambda db, found: commit_booking_import(db, found))


def run_bookings_fee(args: argparse.Namespace) -> int:
    """使用料の変更 of the chosen bookings (one fee per slot, with its reason), as 使用料を変更… does."""
    from app.domain.validation import ValidationError
    from app.services.facility.bookings import change_fee

    with open_office(args.db, write=True) as office:
        chosen = _chosen_bookings(office.db, args)
        try:
            change_fee(office.db, [b.id for b in chosen], args.fee, args.reason)
        except ValidationError as exc:
            raise CommandError(f"使用料を変えられませんでした。何も変更していません。{exc}") from exc
    slots = "・".join(b.slot for b in chosen)
    reason = f"（理由: {args.reason.strip()}）" if args.reason.strip() else ""
    print(f"{chosen[0].room_name}の{args.date:%Y/%m/%d} {slots}の使用料を1コマ {args.fee:,}円にしました{reason}。")
    return EXIT_OK


def run_bookings_receive(args: argparse.Namespace) -> int:
    """前納: the fees of the chosen bookings received on --on (today), one 施設使用料 receipt."""
    from app.domain.fiscal_year import FiscalYear
    from app.domain.validation import ValidationError
    from app.services.facility.fees import receive_in_advance

    on = args.on or date.today()
    with open_office(args.db, write=True) as office:
        chosen = _chosen_bookings(office.db, args)
        try:
            posted, _ = receive_in_advance(office.db, FiscalYear.of(on), [b.id for b in chosen], on)
        except ValidationError as exc:
            raise CommandError(f"使用料を受け取れませんでした。何も変更していません。{exc}") from exc
    total = sum(p.amount for p in posted)
    vouchers = "、".join(str(p.voucher_no) for p in posted)
    print(f"施設使用料 {total:,}円（{chosen[0].room_name}の{args.date:%Y/%m/%d}）を{on:%Y/%m/%d}の受け取りとして"
          f"出納簿に記帳しました（証憑番号 {vouchers}）。")
    return EXIT_OK
