"""Argument parsing shared by every subcommand module."""

from __future__ import annotations

import argparse
import sys

from app.paths import HOME_ENV

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_NO_SLIP = 3  # the visit was recorded, its slip could not be written: do not repeat it


class ArgumentParser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line (plus the usage) and exits with 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        from app.core.input_rules import one_line

        print(f"counter: 参数错误: {one_line(message)}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--home",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"data directory (database, printed slips, logs, backups); default: ${HOME_ENV} "
        "or the platform's user data directory",
    )
    common.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="log debug details to the log file",
    )
    return common
