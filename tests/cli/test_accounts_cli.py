"""Accounts from the shell: whose password comes from where, what the answers give away, and
which passwords are refused."""

from __future__ import annotations

import io
import sys

import pytest

from app.core.errors import CounterError
from app.services.accounts import check_password_strength
from tests.conftest import PASSWORD

NEW = "Lan-tern42"


def can_log_in(home, username: str, password: str) -> bool:
    from app.services import login

    try:
        login.authenticate(home.db, username, password)
    except CounterError:
        return False
    return True


def test_the_admins_password_never_becomes_the_new_accounts(initialised, home, monkeypatch):
    monkeypatch.delenv("COUNTER_NEW_PASSWORD", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # no terminal to ask at
    code, _, err = initialised("user", "add", "clerk2", "--name", "王二", "--by", "admin")
    assert code == 1
    assert "COUNTER_NEW_PASSWORD" in err and "--password-stdin" in err
    assert len(err.strip().splitlines()) == 1
    assert not can_log_in(home, "clerk2", PASSWORD)


def test_the_new_password_from_its_own_variable(initialised, home, monkeypatch):
    monkeypatch.setenv("COUNTER_NEW_PASSWORD", NEW)
    code, _, err = initialised("user", "add", "clerk2", "--name", "王二", "--by", "admin")
    assert code == 0, err
    assert can_log_in(home, "clerk2", NEW) and not can_log_in(home, "clerk2", PASSWORD)


def test_password_stdin_is_the_new_accounts_password_alone(initialised, home, monkeypatch):
    monkeypatch.delenv("COUNTER_NEW_PASSWORD", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(NEW + "\n"))
    code, _, err = initialised(
        "user", "add", "clerk2", "--name", "王二", "--by", "admin", "--password-stdin"
    )
    assert code == 0, err
    assert can_log_in(home, "clerk2", NEW)
    # The administrator's own password is checked: from COUNTER_PASSWORD, not from stdin.
    monkeypatch.setenv("COUNTER_PASSWORD", NEW)
    monkeypatch.setattr(sys, "stdin", io.StringIO("Other-pass42\n"))
    code, _, err = initialised(
        "user", "add", "clerk3", "--name", "王三", "--by", "admin", "--password-stdin"
    )
    assert code == 1 and not can_log_in(home, "clerk3", "Other-pass42")


def test_the_help_names_the_right_password(cli, capsys):
    with pytest.raises(SystemExit):
        cli("user", "add", "--help")
    text = " ".join(capsys.readouterr().out.split())
    assert "NEW account's password" in text and "COUNTER_NEW_PASSWORD" in text


def test_an_unknown_admin_and_a_wrong_password_get_the_same_answer(initialised, monkeypatch):
    monkeypatch.setenv("COUNTER_PASSWORD", "Not-the-one42")
    answers = []
    for by in ("admin", "nobody"):
        code, _, err = initialised("settings", "set", "print.layout", "roll80", "--by", by)
        assert code == 1
        answers.append(err)
        code, _, err = initialised("user", "add", "clerk9", "--name", "某", "--by", by)
        assert code == 1
        answers.append(err)
    assert answers[0] == answers[2] and answers[1] == answers[3]
    assert "nobody" not in "".join(answers)


def test_common_passwords_are_refused_at_user_add(initialised, home, monkeypatch):
    monkeypatch.setenv("COUNTER_NEW_PASSWORD", "password1")
    code, _, err = initialised("user", "add", "clerk2", "--name", "王二", "--by", "admin")
    assert code == 1 and "常见密码" in err
    assert not can_log_in(home, "clerk2", "password1")


@pytest.mark.parametrize(
    "weak",
    [
        "password1",
        "Password1",
        "P@ssw0rd",
        "passw0rd!",
        "qwerty123",
        "1qaz2wsx",
        "abc12345",
        "a1b2c3d4",
        "woaini1314",
        "admin888",
        "aaaa1111",
        "abcdefg1",
        "12345678",
        "abcdefgh",
        "!!!!!!!!",
        "short1",
        "clerk1-2026",
    ],
)
def test_the_policy_refuses(weak):
    with pytest.raises(CounterError) as info:
        check_password_strength(weak, "clerk1")
    assert info.value.code == "user.weak_password"


@pytest.mark.parametrize(
    "good", ["counter2026", "Lan-tern42", "s3cret-Pw", "Zx9#kq2m", "晚霞-2026-长桥"]
)
def test_the_policy_accepts(good):
    check_password_strength(good, "clerk1")


def test_user_passwd_resets_a_local_account_and_refuses_a_central_one(
    initialised, home, monkeypatch
):
    from sqlalchemy import update

    from app.bootstrap import open_context
    from app.models.schema import User
    from app.services.settings import Settings

    monkeypatch.setenv("COUNTER_NEW_PASSWORD", NEW)
    code, out, err = initialised("user", "passwd", "clerk1", "--by", "admin")
    assert code == 0, err
    assert "clerk1" in out and can_log_in(home, "clerk1", NEW)

    ctx = open_context(home)
    try:
        with ctx.store.write() as s:
            Settings.central_url.set(s, "postgresql://win_c3301_w03@127.0.0.1/county")
            s.execute(update(User).where(User.username == "clerk1").values(origin="central"))
    finally:
        ctx.close()
    monkeypatch.setenv("COUNTER_NEW_PASSWORD", "Other-pass42")
    code, _, err = initialised("user", "passwd", "clerk1", "--by", "admin")
    assert code == 1
    assert "counter central user passwd clerk1" in err
    assert can_log_in(home, "clerk1", NEW) and not can_log_in(home, "clerk1", "Other-pass42")
