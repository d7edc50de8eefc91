"""The one flow every `kyodo … import` follows: preview → summary → refuse on errors → lock → commit."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.commands.common import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, err, open_office

if TYPE_CHECKING:  # the parser is built at start-up: keep SQLAlchemy out of it
    from app.importing.preview import ImportPreview
    from app.services.changes import Result
    from app.services.office import Database

MAX_LINES = 100  # on a terminal; a whole year of wrong dates would scroll away otherwise

PreviewFn = Callable[["Database"], "ImportPreview"]
CommitFn = Callable[["Database", "ImportPreview"], "Result[str]"]


def add_mapping_options(parser: argparse.ArgumentParser) -> None:
    """--map "見出し=項目" (repeatable), shared by every import command."""
    parser.add_argument("--map", action="append", default=[], metavar="見出し=項目", dest="mapping",
                        help="列の対応を指定する（例: --map \"TEL=電話\" --map \"班=取り込まない\"。繰り返し可）")


def add_error_workbook_option(parser: argparse.ArgumentParser) -> None:
    """--errors FILE.xlsx: the window's 「エラー一覧を保存」 for the command line."""
    from pathlib import Path

    parser.add_argument("--errors", type=Path, default=None, metavar="FILE.xlsx",
                        help="エラーがあるとき、エラー一覧（元のファイルにエラーの印と説明を付けたもの）をこのファイルに保存する。"
                             "直してそのまま取り込み直せます")


def run_import(args: argparse.Namespace, preview_fn: PreviewFn, commit_fn: CommitFn) -> int:
    """Import `args.file` into `args.db`; `--dry-run` only shows what would happen.

    `--dry-run` reads only (another window may be writing meanwhile); a real import holds the lock
    from the check to the commit, so nobody else writes the file in between. A mapping the sheet
    cannot take (--map, --category) is a usage error: exit 2, nothing imported.
    """
    from app.importing.columns import MappingError

    with open_office(args.db, write=not args.dry_run) as office:
        db = office.db
        try:
            preview = preview_fn(db)
        except MappingError as exc:
            err(f"使い方の誤り: {exc}")
            err("何も取り込んでいません。")
            return EXIT_USAGE
        lines = preview.summary_lines(long_form=True)
        header = f"ファイル『{args.file.name}』 シート『{preview.sheet_name}』: {lines[0]}"
        details = [*preview.column_lines(), *preview.skipped_lines(), *lines[1:]]
        if preview.has_errors:
            err(header)
            for line in details[:MAX_LINES]:
                err(line)
            if len(details) > MAX_LINES:
                err(f"…ほか{len(details) - MAX_LINES}件（--errors FILE.xlsx か、画面の取り込みで「エラー一覧を保存」すると"
                    "全件を確認できます）")
            if getattr(args, "errors", None) is not None:
                _save_error_workbook(args, preview)
            err(f"『{args.file.name}』にエラーがあるため取り込みませんでした。何も変更していません。")
            return EXIT_REJECTED
        print(header)
        for line in details:
            print(line)
        if args.dry_run:
            print("確認のみ（--dry-run）: 何も変更していません。")
            return EXIT_OK
        print(commit_fn(db, preview).value)
    return EXIT_OK


def _save_error_workbook(args: argparse.Namespace, preview: ImportPreview) -> None:
    """Write --errors FILE: the source with its errors marked, to fix and import again."""
    from app.domain.validation import ValidationError
    from app.importing import RowStatus, write_error_workbook
    from app.importing.formats import file_kind

    if not any(r.status is RowStatus.ERROR or r.issues for r in preview.rows):
        err("エラー一覧は作りませんでした（ファイルの行に誤りはありません。上のとおり、取り込む前に決めることがあります）。")
        return
    if file_kind(args.file) == "xls":
        err(f"エラー一覧は Excel ブック（.xlsx）か CSV からだけ作れます（古い形式の .xls『{args.file.name}』からは"
            "作りませんでした）。上に挙げた行を直すか、Excelで .xlsx として保存してから取り込んでください。")
        return
    try:
        out = write_error_workbook(args.file, preview, args.errors)
    except ValidationError as exc:
        err(f"エラー一覧を保存できませんでした: {exc}")
    except OSError as exc:
        err(f"エラー一覧を保存できませんでした（{exc.strerror or exc}）: {args.errors}")
    else:
        err(f"エラー一覧を保存しました: {out}（エラーの印を見て直し、このファイルをそのまま取り込み直せます"
            + ("。元の CSV ではなく、この .xlsx を取り込んでください）" if file_kind(args.file) == "csv" else "）"))
