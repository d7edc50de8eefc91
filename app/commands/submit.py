"""`kyodo submit --db PATH --year YYYY --out DIR [--accept-warnings]`: the year's files for city hall."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.common import EXIT_OK, add_db_option, add_year_option, open_office


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("submit", help="市役所へ提出するファイル（Excel・PDF・一覧）を作成する")
    add_db_option(parser)
    add_year_option(parser)
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="提出ファイルを保存するフォルダ"
    )
    parser.add_argument(
        "--accept-warnings",
        action="store_true",
        help="チェックリストの警告を確認したうえで提出ファイルを作成する",
    )
    parser.set_defaults(handler=run_submit)


def run_submit(args: argparse.Namespace) -> int:
    from app.services.submission.create import create_submission
    from app.services.submission.figures import figure_changes
    from app.services.submission.history import last_submission

    with open_office(args.db, write=True) as office:  # the submission is recorded in the database
        previous = last_submission(office.db, args.year)
        # SubmissionBlocked is a ValidationError: the checklist goes to stderr, exit 1
        record = create_submission(office.db, args.year, args.out, accept_warnings=args.accept_warnings)
    print(f"{args.year.label}の提出ファイル（{record.edition_label}）を作成しました: {record.folder}")
    for f in record.files:
        print(f"  {f.name}  SHA-256 {f.sha256}")
    for line in record.accepted_warnings:
        print(f"確認済みの警告: {line}")
    if previous is not None:
        changes = figure_changes(list(previous.figures), list(record.figures))
        same = previous.data_sha256 == record.data_sha256
        print(
            f"再提出です（前回は{previous.edition_label}）。"
            + (
                "前回からデータの変更はありません。"
                if same
                else "前回から変わった主な数値: " + ("、".join(changes) or "なし（内容の変更のみ）")
            )
        )
    return EXIT_OK
