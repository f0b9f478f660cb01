"""Who may run an administrator's command from the shell.

On a fresh install there are no accounts yet, and setting up (init, first catalog, holidays)
must work; from the first account on, these commands name an administrator with ``--by`` and
prove it with their password (asked for, or ``$COUNTER_PASSWORD`` for automation).
"""

from __future__ import annotations

import argparse

from app.bootstrap import Context
from app.cli.passwords import read_password
from app.core.errors import CounterError


def add_by_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--by", metavar="ADMIN",
                   help="the administrator doing this (needed once any account exists)")


def require_admin(ctx: Context, args: argparse.Namespace, permission: str, *,
                  stdin: bool = False) -> str | None:
    """Check ``--by`` and its password; returns the username (None on a fresh install).

    ``stdin``: the password is the first line of stdin (a command that reads more from it)."""
    if ctx.users.count() == 0:
        return None
    by = getattr(args, "by", None)
    if not by:
        raise CounterError("user.by", "此操作需要管理员：请加上 --by 管理员用户名")
    # The password first: an unknown name gets the same answer as a wrong password.
    ctx.users.authenticate(by, read_password(f"{by} 的密码：", stdin=stdin))
    ctx.users.require(by, permission)
    return str(by)
