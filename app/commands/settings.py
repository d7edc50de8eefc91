"""`kyodo settings list --db PATH` and `kyodo settings set NAME VALUE --db PATH`: the office's
preferences (市外局番, 印刷する日付の書き方, 印欄, …), as the window's 「設定…」 shows them."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from app.commands.common import EXIT_OK, EXIT_USAGE, add_db_option, err, open_office

if TYPE_CHECKING:
    from app.services.settings import Setting


def register(subparsers: argparse._SubParsersAction) -> None:
    settings = subparsers.add_parser("settings", help="団体の設定（市外局番・日付の書き方・印欄など）を見る・変える")
    actions = settings.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="設定の一覧（名前・設定・今の値・既定値）")
    add_db_option(listing)
    listing.set_defaults(handler=run_list)
    change = actions.add_parser("set", help="設定を変える（例: settings set area_code 0192）")
    change.add_argument("name", metavar="NAME", help="設定の名前（settings list の1列目、または「市外局番」などの設定名）")
    change.add_argument("value", metavar="VALUE", help="新しい値（空にするには \"\"）")
    add_db_option(change)
    change.set_defaults(handler=run_set)


def run_list(args: argparse.Namespace) -> int:
    from app.services.settings import OFFICE_SETTINGS

    with open_office(args.db, write=False) as office:
        values = [(s, office.settings.get(s)) for s in OFFICE_SETTINGS]
    print("名前\t設定\t値\t既定値")
    for setting, value in values:
        print(f"{setting.name}\t{setting.label}\t{setting.shown(value)}\t{setting.shown(setting.default)}")
    return EXIT_OK


def _find(name: str) -> Setting[Any] | str:
    """The office setting called `name` (stored name or label), or why there is none."""
    from app.services.settings import ELSEWHERE, OFFICE_SETTINGS, REGISTRY

    wanted = name.strip()
    for setting in OFFICE_SETTINGS:
        if wanted in (setting.name, setting.label):
            return setting
    for stored, setting in REGISTRY.items():
        if wanted in (stored, setting.label) and stored in ELSEWHERE:
            return f"設定「{setting.label}」はここでは変えません（{ELSEWHERE[stored]}で変えます）。"
    names = "、".join(f"{s.name}（{s.label}）" for s in OFFICE_SETTINGS)
    return f"「{name}」という設定はありません。使える名前: {names}"


def run_set(args: argparse.Namespace) -> int:
    from app.services.settings import write_settings

    found = _find(args.name)
    if isinstance(found, str):
        err(found)
        return EXIT_USAGE
    try:
        value = found.check(found.parse(args.value))
    except ValueError as exc:
        err(f"設定「{found.label}」に「{args.value}」は使えません: {exc}")
        return EXIT_USAGE
    with open_office(args.db, write=True) as office:
        write_settings(office.db, {found: value})
    print(f"{found.label}を{found.shown(value)}にしました。")
    return EXIT_OK
