"""Every command a message names exists: each ``counter ...`` in a string of app/ (messages,
help texts, the window's labels; docstrings aside) is a command the parser knows, spelt so."""

from __future__ import annotations

import argparse
import ast
import re
from functools import cache
from pathlib import Path

from app.cli.main import build_parser

APP = Path(__file__).resolve().parents[2] / "app"
# "counter" and the lower-case words after it, up to an option, a placeholder or the text's end.
MENTION = re.compile(r"(?<![\w.$/])counter((?: +[a-z][a-z0-9_-]*)+)")


def strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module, f-strings' literal parts included, docstrings not."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def mentions() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(APP.rglob("*.py")):
        for line, text in strings(path):
            for m in MENTION.finditer(text):
                where = f"{path.relative_to(APP.parent)}:{line}"
                found.setdefault(m.group(0), []).append(where)
    return found


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


@cache
def counter() -> argparse.ArgumentParser:
    return build_parser()


def known(words: list[str]) -> bool:
    """``counter`` followed by ``words``: the commands must exist; once a command takes no
    further subcommand, or runs without one, the rest are its arguments."""
    parser = counter()
    for i, word in enumerate(words):
        sub = subcommands(parser)
        if word in sub:
            parser = sub[word]
        else:
            return bool(sub) is False or (i > 0 and parser.get_default("func") is not None)
    return True


def test_the_scan_finds_what_it_must():
    # The scan itself: commands the messages are known to name are found (it is not empty),
    # and a misspelt one would not pass.
    found = mentions()
    assert "counter store restore" in found and "counter store recover" in found
    assert not known(["store", "recovery"]) and not known(["stor"])
    assert known(["sync", "status"]) and known(["print"])


def test_every_command_a_message_names_exists():
    unknown = {m: where for m, where in mentions().items() if not known(m.split()[1:])}
    assert unknown == {}
