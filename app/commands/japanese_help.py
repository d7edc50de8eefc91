"""argparse in Japanese: `kyodo --help`, every sub-command's help and the usage errors.

argparse takes its own words (usage:, positional arguments, options, show this help message and
exit, the error messages) from `gettext`, looked up through the module's global `_` at call time.
`japanese()` swaps in a Japanese catalogue while the parser is built, prints help or parses, and
puts the original back, so nothing else in the process (pytest, other tools) is affected.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator

_CATALOGUE = {
    "usage: ": "使い方: ",
    "positional arguments": "引数",
    "options": "オプション",
    "optional arguments": "オプション",
    "show this help message and exit": "このヘルプを表示して終了する",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "知らない引数です: %s",
    "the following arguments are required: %s": "次の引数が必要です: %s",
    "one of the arguments %s is required": "次のどれか一つが必要です: %s",
    "not allowed with argument %s": "%s と一緒には使えません",
    "expected one argument": "値を一つ指定してください",
    "expected at most one argument": "値は一つまでです",
    "expected at least one argument": "値を一つ以上指定してください",
    "ambiguous option: %(option)s could match %(matches)s": "%(option)s はどれか分かりません（候補: %(matches)s）",
    "invalid %(type)s value: %(value)r": "%(value)r は正しい値ではありません",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r は選べません（選べるもの: %(choices)s）",
    "ignored explicit argument %r": "%r は使えません",
    "%(prog)s: error: %(message)s\n": "%(prog)s: エラー: %(message)s\n",
}
_PLURALS = {"expected %s argument": "値を %s 個指定してください"}


def _gettext(message: str) -> str:
    return _CATALOGUE.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _PLURALS.get(singular, singular if n == 1 else plural)


@contextlib.contextmanager
def japanese() -> Iterator[None]:
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _gettext, _ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class JapaneseParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are Japanese; usage errors exit 2 with a Japanese message."""

    def __init__(self, *args, **kwargs) -> None:
        with japanese():
            super().__init__(*args, **kwargs)

    def parse_args(self, args=None, namespace=None):
        with japanese():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with japanese():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with japanese():
            return super().format_usage()

    def format_help(self) -> str:
        with japanese():
            return super().format_help()

    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        self.exit(2, f"使い方の誤り: {message}\n")


def describe_subcommands(parser: argparse.ArgumentParser) -> None:
    """Give every sub-command's own help page the one-line description shown in its parent's list."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                if sub.description is None and helps.get(name):
                    sub.description = helps[name]
                describe_subcommands(sub)
