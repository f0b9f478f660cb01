"""Reading a password at the command line: stdin, an environment variable, or a prompt."""

from __future__ import annotations

import getpass
import os
import sys

from app.core.errors import CounterError

PASSWORD_ENV = "COUNTER_PASSWORD"  # the password of whoever runs the command (--by)
NEW_PASSWORD_ENV = "COUNTER_NEW_PASSWORD"  # a password being set (``user add``)


def read_password(
    prompt: str,
    *,
    env: str = PASSWORD_ENV,
    confirm: bool = False,
    stdin: bool = False,
    stdin_option: str | None = "--password-stdin",
) -> str:
    """The first line of stdin (``stdin``), else ``$env`` (for automation), else a prompt.

    Without a terminal and without either, say how to supply it instead of hanging.
    """
    if stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise CounterError("password.empty", "标准输入中没有读到密码")
        return line
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        ways = f"{stdin_option} / ${env}" if stdin_option else f"${env}"
        raise CounterError(
            "password.no_tty",
            f"需要输入{prompt.rstrip('：: ') or '密码'}：请在终端中运行，或用 {ways} 提供",
        )
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("再次输入：") != first:
        raise CounterError("password.mismatch", "两次输入的密码不一致")
    return first
