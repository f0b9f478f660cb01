"""The ``counter`` command: one entry point over the same services the GUI uses.

Each area registers its subcommands from its own module (``catalog_cmds``, ...). Every command
takes ``--home DIR`` (or ``COUNTER_HOME``). Exit 0 on success; otherwise a one-line reason on
stderr and a non-zero code: 1 for a refused operation or bad input, 2 for wrong usage.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from app import __version__
from app.cli.parsing import EXIT_FAILED, EXIT_OK, ArgumentParser, common_options
from app.core.errors import CounterError, ValidationFailed

if TYPE_CHECKING:
    from app.bootstrap import Context


# Modules that add subcommands: each has ``register(subparsers, common)``.
COMMAND_MODULES = [
    "app.cli.catalog_cmds",
    "app.cli.window_cmds",
    "app.cli.case_cmds",
    "app.cli.sync_cmds",
    "app.cli.central_cmds",
    "app.cli.post_cmds",  # after central_cmds: adds `central posts`
    "app.cli.period_report_cmds",  # after case_cmds and central_cmds: adds to their `report`
    "app.cli.archive_cmds",
    "app.cli.ticket_cmds",
    "app.cli.store_cmds",
]


# The modules that add to each command: a command named on the command line is parsed with
# its own modules alone (building every command's parser took about 60 ms of each start);
# help, a mistyped command and no command get the outline below. The whole line (every module)
# is what tests/cli/test_command_modules.py checks both against.
COMMAND_OWNERS: dict[str, tuple[str, ...]] = {
    "catalog": ("app.cli.catalog_cmds",),
    **dict.fromkeys(("init", "user", "holidays", "settings", "log"), ("app.cli.window_cmds",)),
    **dict.fromkeys(("intake", "case", "pickup", "print"), ("app.cli.case_cmds",)),
    "report": ("app.cli.case_cmds", "app.cli.period_report_cmds"),
    "sync": ("app.cli.sync_cmds",),
    "central": ("app.cli.central_cmds", "app.cli.post_cmds", "app.cli.period_report_cmds"),
    "post": ("app.cli.post_cmds",),
    "archive": ("app.cli.archive_cmds",),
    "ticket": ("app.cli.ticket_cmds",),
    "store": ("app.cli.store_cmds",),
}


# What `counter --help` lists, in its order: each command's line as its module words it.
# Help, no command and a mistyped one list these without loading any command module (building
# every command's parser took about 50 ms); tests/cli/test_command_modules.py checks that the
# help so made is the one every module's parser makes.
COMMAND_LINES: dict[str, str] = {
    "catalog": "the item checklist: import, search, show",
    "init": "set up this window (centre, window, first administrator)",
    "user": "accounts of this window",
    "holidays": "the holiday table for deadlines",
    "settings": "this window's settings",
    "log": "the record of every interaction",
    "intake": "perform an intake from an application file",
    "case": "look up and move cases",
    "pickup": "hand over a result (结果送达)",
    "print": "reprint a slip of a case, or an item's guide",
    "report": "a day's numbers for the supervisor",
    "sync": "send records to the central database, fetch updates",
    "central": "administer the county's central database",
    "post": "the post table (岗位职责分工表) and absences",
    "archive": "file ended cases as archive volumes (档案立卷归档)",
    "ticket": "rectification tickets (问题整改清单)",
    "store": "the encrypted store: its key, recovery code and backups (administrators)",
}


def command_word(words: Sequence[str]) -> str | None:
    """The command the words name, past the common options (None: none, or not readable)."""
    common = argparse.ArgumentParser(
        add_help=False, parents=[common_options()], exit_on_error=False
    )
    try:
        _, rest = common.parse_known_args(list(words))
    except argparse.ArgumentError:
        return None
    for w in rest:
        if w == "--":  # what follows is not options: argparse decides, with every command
            return None
        if not w.startswith("-"):
            return w
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line; with ``command`` (one of COMMAND_OWNERS), only what parses it."""
    parser, sub, common = _top()
    for name in COMMAND_OWNERS.get(command or "", COMMAND_MODULES):
        importlib.import_module(name).register(sub, common)
    return parser


def outline_parser() -> argparse.ArgumentParser:
    """The command line as `counter --help` shows it: every command named, none built."""
    parser, sub, _ = _top()
    for name, line in COMMAND_LINES.items():
        sub.add_parser(name, help=line)
    return parser


def _top() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction, argparse.ArgumentParser]:
    common = common_options()
    parser = ArgumentParser(
        prog="counter",
        parents=[common],
        description="Counter — the comprehensive acceptance window (综合受理窗口) application. "
        "Without a command, shows this help; `counter gui` starts the window.",
        epilog="Each command has its own --help, e.g. `counter catalog import --help`.",
    )
    parser.add_argument("--version", action="version", version=f"counter {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)
    gui = sub.add_parser(
        "gui",
        parents=[common],
        help="start the window application",
        description="Start the Counter window application.",
    )
    gui.add_argument("--lang", choices=("zh_CN", "en"), help="interface language for this run")
    gui.set_defaults(func=_run_gui, needs_context=False)
    return parser, sub, common


def _run_gui(args: argparse.Namespace) -> int:
    from app.ui.main import main as gui_main

    argv = []
    if getattr(args, "home", None):
        argv += ["--home", args.home]
    if getattr(args, "lang", None):
        argv += ["--lang", args.lang]
    if getattr(args, "verbose", False):
        argv.append("--verbose")
    return gui_main(argv)


@contextmanager
def loading(settle: bool = False) -> Iterator[None]:
    """No cyclic garbage collection while the data layer loads: importing SQLAlchemy and the
    schema makes some hundred thousand objects that live as long as the process, and the
    collector walked them again and again as they came. With ``settle`` (a process of its
    own, its start done), what is loaded by then is set aside for good (``gc.freeze``): else
    the command's first collections walk it all the same: about 0.1 s of the report's 0.5 s at
    500k cases (docs/benchmarks.md). The command's own work runs with collection on."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
        if settle:
            gc.freeze()
    finally:
        if was:
            gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] == ["gui"]:
        # Straight to the window: it parses its own options, and must not wait for every
        # command module (and the data layer under them) to load first.
        from app.ui.main import main as gui_main

        return gui_main(words[1:])
    with loading():
        word = command_word(words)
        parser = build_parser(word) if word in COMMAND_OWNERS else outline_parser()
        args = parser.parse_args(words)  # --help and usage errors end here
    func: Callable[..., int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return EXIT_OK
    with loading():
        from app.bootstrap import open_context
        from app.core.input_rules import one_line
        from app.log_setup import setup_logging
        from app.paths import Home

    home = Home.resolve(getattr(args, "home", None))
    ctx: Context | None = None
    try:
        if not getattr(args, "needs_context", True):
            return func(args)
        # In-process callers (the tests) are not frozen: their objects would never be freed.
        with loading(settle=argv is None):
            setup_logging(home, getattr(args, "verbose", False))
            ctx = open_context(home, load_demo=getattr(args, "load_demo", True))
        return func(args, ctx)
    except ValidationFailed as exc:
        for p in exc.problems:
            print(f"  {one_line(str(p))}", file=sys.stderr)
        print(f"counter: {one_line(exc.message)}", file=sys.stderr)
        return EXIT_FAILED
    except CounterError as exc:
        print(f"counter: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("counter: 已中断", file=sys.stderr)
        return 130
    except Exception as exc:  # last resort: one line for the person, the trace in the log
        import logging

        from app.files import FREE_SPACE, is_disk_full
        from app.log_setup import safe_exception_text

        log = logging.getLogger(__name__)

        if is_disk_full(exc, home.root if home.root.is_dir() else None):
            log.error("disk full: %s", type(exc).__name__)
            print(
                f"counter: 磁盘空间已满，操作未完成（已保存的记录不受影响）：{FREE_SPACE}",
                file=sys.stderr,
            )
            return EXIT_FAILED
        log.exception("unexpected error")
        text = safe_exception_text(exc).splitlines()[0][:200] if str(exc) else ""
        print(
            f"counter: 内部错误 {type(exc).__name__}"
            + (f": {text}" if text else "")
            + f"（详情见 {home.logs}）",
            file=sys.stderr,
        )
        return EXIT_FAILED
    finally:
        if ctx is not None:
            ctx.close()
