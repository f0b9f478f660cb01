"""A command named on the command line is parsed by its own modules alone (app/cli/main.py,
COMMAND_OWNERS): each command's parser so built is the one the whole command line has."""

from __future__ import annotations

import argparse
from typing import Any

import pytest

from app.cli.main import COMMAND_LINES, COMMAND_OWNERS, build_parser, command_word, outline_parser


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _shape(parser: argparse.ArgumentParser) -> dict[str, Any]:
    """Every option, default and subcommand under a parser, recursively."""
    out: dict[str, Any] = {
        "options": sorted(
            (a.dest, tuple(a.option_strings), repr(a.default), repr(a.choices))
            for a in parser._actions
            if not isinstance(a, argparse._SubParsersAction)
        ),
        "defaults": sorted((k, repr(v)) for k, v in parser._defaults.items()),
    }
    for a in parser._actions:
        if isinstance(a, argparse._SubParsersAction):
            out["commands"] = {k: _shape(v) for k, v in a.choices.items()}
    return out


def test_every_command_has_its_owners() -> None:
    assert set(_commands(build_parser())) - {"gui"} == set(COMMAND_OWNERS)


@pytest.mark.parametrize("command", sorted(COMMAND_OWNERS))
def test_a_command_built_alone_is_the_command_of_the_whole_line(command: str) -> None:
    whole = _commands(build_parser())[command]
    alone = _commands(build_parser(command))
    assert _shape(alone[command]) == _shape(whole)


@pytest.mark.parametrize(
    ("words", "command"),
    [
        (["report", "--day", "2026-06-30"], "report"),
        (["--home", "report", "case", "show", "X"], "case"),  # --home's value is not the command
        (["--home=x", "-v", "central", "report"], "central"),
        (["-v"], None),
        ([], None),
        (["--home"], None),  # missing value: the whole parser says what is wrong
        (["--help"], None),
        (["nonsense"], "nonsense"),  # not a command: the whole parser lists the commands
        (["--", "report"], None),  # after "--": the outline's error lists every command
        (["report", "--", "x"], "report"),
    ],
)
def test_the_command_word_is_found_past_the_common_options(
    words: list[str], command: str | None
) -> None:
    assert command_word(words) == command


def test_the_outline_is_the_help_of_the_whole_command_line() -> None:
    """`counter --help` lists the commands from COMMAND_LINES, built from no module: word for
    word the help every module's parser makes, in the same order."""
    assert outline_parser().format_help() == build_parser().format_help()
    assert list(_commands(outline_parser())) == list(_commands(build_parser()))
    assert set(COMMAND_LINES) == set(COMMAND_OWNERS)


def test_help_and_a_mistyped_command_load_no_command_module() -> None:
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from app.cli.main import main\n"
        "for words in ([], ['--help'], ['catalgo']):\n"
        "    try:\n"
        "        main(words)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in sys.modules if m.endswith('_cmds')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr
    assert "invalid choice: 'catalgo'" in done.stderr
