"""The `kyodo` command line (contract in DESIGN.md). A thin shell over services and reports.

    kyodo [--db PATH] [--smoke]     open the window
    kyodo demo|check|… --db PATH    work without a screen

Exit codes: 0 success, 1 input rejected (Japanese message on stderr, nothing changed), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys

from app.commands import aggregate, backup, basic, db, export, facility, keys, ledger, members, submit
from app.commands.common import EXIT_REJECTED, CommandError, db_target, err

# Each module adds its sub-commands; keep this list in the order of the help text.
COMMAND_MODULES = [basic, members, ledger, facility, export, backup, submit, keys, aggregate, db]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 on usage errors; keep that, in Japanese
        self.print_usage(sys.stderr)
        self.exit(2, f"使い方の誤り: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kyodo", description="協働デスク — 地域協働体の事務局のためのアプリ")
    parser.add_argument("--db", type=db_target, default=None, metavar="PATH",
                        help="データベースファイル、または postgresql://USER@HOST[:PORT]/DB")
    parser.add_argument("--smoke", action="store_true", help="メイン画面を開き、表示されたら終了する")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        from app.ui.launch import run_gui  # Qt is imported only for the window

        return run_gui(args.db, smoke=args.smoke)
    from app.domain.validation import ValidationError
    from app.services.office import OfficeOpenError

    try:
        return args.handler(args)
    except (CommandError, OfficeOpenError, ValidationError) as exc:
        err(str(exc))
        return EXIT_REJECTED
    except OSError as exc:  # a folder that cannot be written, a full disk: a message, not a traceback
        from app.domain.file_errors import describe_os_error

        err(f"ファイルを読み書きできませんでした。{describe_os_error(exc)}")
        return EXIT_REJECTED


if __name__ == "__main__":
    sys.exit(main())
