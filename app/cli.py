"""The `kyodo` command line (contract in DESIGN.md). A thin shell over services and reports.

    kyodo [--db PATH] [--smoke]     open the window
    kyodo demo|check|… --db PATH    work without a screen

Exit codes: 0 success, 1 input rejected (Japanese message on stderr, nothing changed), 2 usage error.
A failure that is not the input's (a busy or full disk, a fault of the program) also exits 1 with one
Japanese sentence; a fault is logged beside the database first (app.services.office.failures).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app.commands.common import EXIT_REJECTED, CommandError, db_target, err
from app.startup_gc import pause_collector, resume_collector


def build_parser() -> argparse.ArgumentParser:
    from app.commands import (
        aggregate,
        backup,
        basic,
        books,
        db,
        export,
        facility,
        keys,
        ledger,
        members,
        plan,
        settings,
        submit,
    )
    from app.commands.japanese_help import JapaneseParser, describe_subcommands

    # Each module adds its sub-commands; keep this list in the order of the help text.
    command_modules = [basic, members, ledger, books, facility, plan, export, backup, submit, keys, settings, aggregate, db]
    # Usage errors exit 2 with a Japanese message; help and argparse's own words are Japanese too.
    parser = JapaneseParser(prog="kyodo", description="協働デスク — 地域協働体の事務局のためのアプリ")
    parser.add_argument("--db", type=db_target, default=None, metavar="PATH",
                        help="データベースファイル、または postgresql://USER@HOST[:PORT]/DB")
    parser.add_argument("--smoke", action="store_true", help="メイン画面を開き、表示されたら終了する")
    parser.add_argument(
        "--text-size", type=int, choices=[100, 125, 150], default=None, metavar="100|125|150",
        help="--smoke と一緒に: この文字の大きさ（%%）で全画面・全ダイアログの配置を確かめる",
    )
    parser.add_argument(
        "--screen", default=None, metavar="WxH",
        help="--smoke と一緒に: この画面の大きさ（例: 1366x768）で確かめる。はみ出し・切れた文字を表示し、あれば終了コード 1",
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", title="コマンド", parser_class=JapaneseParser
    )
    for module in command_modules:
        module.register(subparsers)
    describe_subcommands(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """`kyodo …`; without `argv` this process is the command (the console script, python -m app)."""
    if argv is None:
        pause_collector()  # resumed once the data is being worked on (app.startup_gc)
    try:
        return _run(argv)
    finally:
        resume_collector(freeze=False)  # a command that never got that far


def _run(argv: list[str] | None) -> int:
    args = _window_start(sys.argv[1:] if argv is None else argv)
    if args is not None:
        from app.ui.launch import run_gui  # Qt is imported only for the window

        return run_gui(args.db, smoke=args.smoke)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from app.ui.launch import run_gui

        return run_gui(args.db, smoke=args.smoke, check=_layout_check(parser, args))
    from app.domain.validation import ValidationError

    try:
        return args.handler(args)
    except Exception as exc:  # noqa: BLE001 — refused input, a busy or full disk, or a fault: one sentence
        # OfficeOpenError comes only from a command that opened a database, which imported
        # app.services.office: the others (aggregate) do not load SQLAlchemy for this except
        office = sys.modules.get("app.services.office")
        if isinstance(exc, (CommandError, ValidationError)) or (
            office is not None and isinstance(exc, office.OfficeOpenError)
        ):
            err(str(exc))
            return EXIT_REJECTED
        from app.services.office import failure_message

        # A known cause (busy, disk full, read-only …) is told as such; anything else is logged
        # beside the database and the message says where.
        err(failure_message(exc, getattr(args, "db", None), f"kyodo {args.command}"))
        return EXIT_REJECTED


def _window_start(argv: list[str]) -> argparse.Namespace | None:
    """`kyodo [--db PATH] [--smoke]`, the window's usual start, read without building the parser of
    every command (their modules' imports were a tenth of the time to the frame's first paint).
    Anything else (a command, --help, the layout check, a mistake) is the full parser's."""
    db: Path | str | None = None
    smoke = False
    rest = list(argv)
    while rest:
        token = rest.pop(0)
        if token == "--smoke" and not smoke:
            smoke = True
        elif token == "--db" and db is None and rest and not rest[0].startswith("-"):
            db = db_target(rest.pop(0))
        elif token.startswith("--db=") and db is None and len(token) > len("--db="):
            db = db_target(token[len("--db="):])
        else:
            return None
    return argparse.Namespace(db=db, smoke=smoke)


def _layout_check(parser: argparse.ArgumentParser, args: argparse.Namespace):
    """`--smoke --text-size N --screen WxH`: the layout self-check, or None for a plain start."""
    if args.text_size is None and args.screen is None:
        return None
    if not args.smoke:
        parser.error("--text-size と --screen は --smoke と一緒に使います")
    from app.ui.layout_check import LayoutCheck, parse_screen

    try:
        screen = parse_screen(args.screen or "1366x768")
    except ValueError as exc:
        parser.error(str(exc))
    shots = os.environ.get("KYODO_LAYOUT_SHOTS")  # a folder for screenshots (the tests use it)
    check = LayoutCheck(args.text_size or 100, screen, Path(shots) if shots else None)
    check.emulate_screen()
    return check


if __name__ == "__main__":
    sys.exit(main())
