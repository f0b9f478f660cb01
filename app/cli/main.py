"""The ``counter`` command: one entry point over the same services the GUI uses.

Each area registers its subcommands from its own module (``catalog_cmds``, ...). Every command
takes ``--home DIR`` (or ``COUNTER_HOME``). Exit 0 on success; otherwise a one-line reason on
stderr and a non-zero code: 1 for a refused operation or bad input, 2 for wrong usage.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence

from app import __version__
from app.bootstrap import Context, open_context, setup_logging
from app.cli.parsing import EXIT_FAILED, EXIT_OK, ArgumentParser, common_options
from app.core.errors import CounterError, ValidationFailed
from app.paths import Home

log = logging.getLogger(__name__)

# Modules that add subcommands: each has ``register(subparsers, common)``.
COMMAND_MODULES = [
    "app.cli.catalog_cmds",
    "app.cli.window_cmds",
    "app.cli.case_cmds",
    "app.cli.sync_cmds",
    "app.cli.central_cmds",
]

def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = ArgumentParser(
        prog="counter", parents=[common],
        description="Counter — the comprehensive acceptance window (综合受理窗口) application. "
                    "Without a command, shows this help; `counter gui` starts the window.",
        epilog="Each command has its own --help, e.g. `counter catalog import --help`.")
    parser.add_argument("--version", action="version", version=f"counter {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)
    gui = sub.add_parser("gui", parents=[common], help="start the window application",
                         description="Start the Counter window application.")
    gui.set_defaults(func=_run_gui, needs_context=False)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # that area is not part of this build
            raise
        module.register(sub, common)
    return parser


def _run_gui(args: argparse.Namespace) -> int:
    from app.ui.main import main as gui_main

    argv = []
    if getattr(args, "home", None):
        argv += ["--home", args.home]
    return gui_main(argv)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[..., int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return EXIT_OK
    home = Home.resolve(getattr(args, "home", None))
    ctx: Context | None = None
    try:
        if not getattr(args, "needs_context", True):
            return func(args)
        setup_logging(home, getattr(args, "verbose", False))
        ctx = open_context(home, load_demo=getattr(args, "load_demo", True))
        return func(args, ctx)
    except ValidationFailed as exc:
        for p in exc.problems:
            print(f"  {p}", file=sys.stderr)
        print(f"counter: {exc.message}", file=sys.stderr)
        return EXIT_FAILED
    except CounterError as exc:
        print(f"counter: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("counter: 已中断", file=sys.stderr)
        return 130
    except Exception as exc:  # last resort: one line for the person, the trace in the log
        log.exception("unexpected error")
        print(f"counter: 内部错误 {type(exc).__name__}: {exc}（详情见 {home.logs}）",
              file=sys.stderr)
        return EXIT_FAILED
    finally:
        if ctx is not None:
            ctx.close()
