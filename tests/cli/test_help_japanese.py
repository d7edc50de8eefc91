"""`kyodo --help` and every sub-command's help read in Japanese, as do usage errors."""

from __future__ import annotations

import argparse

import pytest

from app.cli import build_parser, main

ARGPARSE_ENGLISH = ["usage:", "positional arguments", "optional arguments", "options:",
                    "show this help message and exit", "error:", "unrecognized arguments", "invalid choice"]


def _command_paths(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command line that has its own help page: (), ("export",), ("members", "import"), …"""
    paths = [prefix]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                paths += _command_paths(sub, (*prefix, name))
    return paths


COMMANDS = _command_paths(build_parser())


def test_every_command_is_walked():
    assert ("export",) in COMMANDS and ("members", "import") in COMMANDS and ("ledger", "import") in COMMANDS


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "kyodo")
def test_help_is_japanese(command, capsys):
    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("使い方: kyodo")
    assert "このヘルプを表示して終了する" in text
    for english in ARGPARSE_ENGLISH:
        assert english not in text, f"kyodo {' '.join(command)} --help に英語が残っています: {english}"
    if command:
        # The one-line description from the parent's list heads the sub-command's own page.
        assert text.split("\n\n")[1].strip(), text


def test_every_argument_says_what_it_is(capsys):
    missing = []

    def walk(parser: argparse.ArgumentParser, name: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, sub in action.choices.items():
                    walk(sub, f"{name} {sub_name}")
            elif not action.help:
                missing.append(f"{name} {action.option_strings or action.metavar or action.dest}")

    walk(build_parser(), "kyodo")
    assert not missing, f"説明のない引数: {missing}"


@pytest.mark.parametrize("argv, words", [
    (["--bogus"], "知らない引数です: --bogus"),
    (["export", "nonsense", "--db", "x", "--year", "2025", "--format", "pdf", "--out", "o.pdf"], "は選べません"),
    (["export", "members"], "次の引数が必要です"),
])
def test_usage_errors_are_japanese(argv, words, capsys):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "使い方: kyodo" in err and "使い方の誤り" in err and words in err
    for english in ARGPARSE_ENGLISH:
        assert english not in err


def test_argparse_is_english_again_outside_kyodo():
    build_parser().format_help()
    assert "usage: " in argparse.ArgumentParser(prog="other").format_usage()
