"""`kyodo backup --db PATH [--out FILE]` and `kyodo restore FILE --db PATH`."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.common import EXIT_OK, CommandError, add_db_option, err, open_office


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser(
        "backup", help="データベースのバックアップを作る（元のファイルは変更しない）"
    )
    add_db_option(backup)
    backup.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help="保存先（省略するとデータベースの隣のバックアップフォルダ）",
    )
    backup.set_defaults(handler=run_backup)

    restore = subparsers.add_parser(
        "restore", help="バックアップから復元する（今のファイルもバックアップとして残す）"
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="復元するバックアップファイル")
    add_db_option(restore)
    restore.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from app.services.backups import BackupError, backup_file, labelled_counts

    if isinstance(args.db, str):  # a server: its data as a SQLite copy
        with open_office(args.db, write=False) as office:
            made = office.backup(out=args.out)
        counts = "、".join(f"{label} {n:,}件" for label, n in labelled_counts(made))
        print(f"サーバーのデータをファイルに保存しました: {made}（{counts}）")
        return EXIT_OK
    try:
        made = backup_file(args.db, args.out)
    except BackupError as exc:
        raise CommandError(str(exc)) from exc
    counts = "、".join(f"{label} {n:,}件" for label, n in labelled_counts(made))
    print(f"バックアップを作りました: {made}（{counts}）")
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    from app.services.backups import BackupError
    from app.services.office import restore_file

    try:
        if isinstance(args.db, str):  # a server: replaced in one transaction, the current data kept first
            with open_office(args.db, write=True) as office:
                result = office.restore(args.file)
        else:
            result = restore_file(args.db, args.file, note=err)
    except BackupError as exc:
        raise CommandError(str(exc)) from exc
    counts = "、".join(f"{label} {n:,}件" for label, n in result.counts)
    print(f"復元しました: {args.db} ← {result.restored_from}（{counts}）")
    if result.kept_current:
        print(f"復元前のファイルはバックアップとして残しました: {result.kept_current}")
    return EXIT_OK
