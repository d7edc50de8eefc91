"""`kyodo aggregate PATH... --out FILE.xlsx`: city hall totals the bodies' submission workbooks."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.common import EXIT_OK, CommandError, err
from app.startup_gc import resume_collector


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("aggregate", help="（市役所用）各地域協働体の提出ファイルを集計する")
    parser.add_argument(
        "paths", type=Path, nargs="+", metavar="PATH", help="提出ファイル（.xlsx）またはフォルダ"
    )
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx", help="集計表の保存先")
    parser.add_argument(
        "--keys", type=Path, default=None, metavar="DIR",
        help="登録した公開鍵のフォルダ（指定すると署名を確かめ、確かめられないファイルは集計しない）",
    )
    parser.set_defaults(handler=run_aggregate)


def run_aggregate(args: argparse.Namespace) -> int:
    from app.reports.city_summary import write_city_summary
    from app.services.city.aggregate import aggregate

    if args.out.suffix.lower() != ".xlsx":
        raise CommandError(f"--out には .xlsx で終わるファイル名を指定してください: {args.out}")
    keys = None
    if args.keys is not None:
        from app.services.city.signatures import load_keys

        keys = load_keys(args.keys)
    resume_collector()  # the program is loaded: now the files (app.startup_gc)
    result = aggregate(args.paths, exclude=args.out, keys=keys)
    for p in result.problems:
        err(f"集計に含めません: {p.path}: {p.reason}")
    if not result.bodies:
        raise CommandError(
            f"集計できる提出ファイルがありませんでした（調べたExcelファイル {result.files}件）。"
        )
    path = write_city_summary(result, args.out)
    year = result.year.label if result.year else ""
    print(
        f"{year}の提出ファイルを集計しました: {len(result.bodies)}団体、問題のあるファイル {len(result.problems)}件 → {path}"
    )
    if keys is None:
        print("署名は確かめていません（--keys なし）。集計表では全団体が「署名未確認」です。")
    return EXIT_OK
