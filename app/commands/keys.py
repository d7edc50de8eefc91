"""`kyodo keys export --db PATH --out FILE`: the body's public signing key, for city hall to register."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.common import EXIT_OK, CommandError, add_db_option, open_office


def register(subparsers: argparse._SubParsersAction) -> None:
    keys = subparsers.add_parser("keys", help="提出ファイルの署名鍵（公開鍵を市役所に登録する）")
    actions = keys.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="公開鍵をファイルに書き出す（市役所に渡して登録してもらう）")
    add_db_option(export)
    export.add_argument("--out", type=Path, required=True, metavar="FILE", help="公開鍵の保存先（.json）")
    export.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    from app.services.profile import get_profile
    from app.services.submission.signing import export_public_key, key_file

    with open_office(args.db, write=True) as office:  # the first export makes and stores the key
        profile = get_profile(office.db)
        if profile is None or not profile.name:
            raise CommandError("団体情報（地域協働体名）が登録されていません。先に団体情報を登録してください。")
        path = export_public_key(office.db, args.out, profile.name)
        private = key_file(office.path) if office.path is not None else None
    print(f"{profile.name}の公開鍵を書き出しました: {path}")
    if private is not None:
        print(f"秘密鍵は「{private}」にあります（このファイルは誰にも渡さないでください）。")
    return EXIT_OK
