"""Who may run a command from the shell.

Administrators: on a fresh install there are no accounts yet, and setting up (init, first
catalog, holidays) must work; from the first account on, these commands name an administrator
with ``--by`` and prove it with their password (asked for, or ``$COUNTER_PASSWORD`` for
automation).

Clerks: every command that records something in a person's name (``intake``, ``pickup``,
``case state``, the steps of a ticket) proves that person with their password the same way,
always: a record names who made it, and only the GUI's log-in or the password vouches for that.
A wrong password and an unknown name get the same one line, and nothing is recorded.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.passwords import read_password
from app.core.errors import CounterError

if TYPE_CHECKING:
    from app.bootstrap import Context


def add_by_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--by",
        metavar="ADMIN",
        help="the administrator doing this (needed once any account exists)",
    )


def add_password_stdin_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password of the person named from the first line of stdin "
        "(else $COUNTER_PASSWORD, else asked for)",
    )


def require_user(ctx: Context, username: str, permission: str, *, stdin: bool = False) -> str:
    """Check the password of ``username`` (the first line of stdin with ``stdin``, else
    ``$COUNTER_PASSWORD``, else a prompt), then the permission; returns the username.

    The password first: an unknown or disabled name gets the same answer as a wrong password,
    and only someone who gave the right password learns that the account may not do this."""
    ctx.users.authenticate(username, read_password(f"{username} 的密码：", stdin=stdin))
    ctx.users.require(username, permission)
    return username


def require_admin(
    ctx: Context, args: argparse.Namespace, permission: str, *, stdin: bool = False
) -> str | None:
    """Check ``--by`` and its password; returns the username (None on a fresh install).

    ``stdin``: the password is the first line of stdin (a command that reads more from it)."""
    if ctx.users.count() == 0:
        return None
    by = getattr(args, "by", None)
    if not by:
        raise CounterError("user.by", "此操作需要管理员：请加上 --by 管理员用户名")
    return require_user(ctx, str(by), permission, stdin=stdin)
