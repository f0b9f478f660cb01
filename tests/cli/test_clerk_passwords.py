"""Commands that record something in a person's name prove that person with their password.

The GUI checks the password at log-in; from the shell, ``intake`` (the file's clerk),
``case state --clerk``, ``pickup --clerk`` and the ticket steps (``--user``) take it from
``$COUNTER_PASSWORD``, the first line of stdin with ``--password-stdin``, or the terminal.
A wrong password and an unknown name get the same one line, and nothing is recorded.
"""

from __future__ import annotations

import io
import json
import sys

import pytest

from app.services.login import FAILED
from tests.cli.test_cli_intake import ID, application, write
from tests.cli.test_output_files import snapshot
from tests.stores import connect_store

CLERK2_PASSWORD = "Window-two-77"


@pytest.fixture
def desk(initialised, home, tmp_path, monkeypatch):
    """An initialised window with a second clerk, one case ready for pickup and one open
    rectification ticket; returns (cli, case number, ticket id)."""
    from sqlalchemy import select

    from app.bootstrap import open_context
    from app.models.schema import Record

    cli = initialised
    monkeypatch.setenv("COUNTER_NEW_PASSWORD", CLERK2_PASSWORD)
    assert cli("user", "add", "clerk2", "--name", "周窗口", "--by", "admin")[0] == 0
    code, out, err = cli("intake", write(tmp_path, application(), "first.json"), "--json")
    assert code == 0, err
    case_no = json.loads(out)["case_no"]
    for state in ("transferred", "result_ready"):
        code, _, err = cli("case", "state", case_no, state, "--clerk", "clerk1")
        assert code == 0, err
    ctx = open_context(home)
    try:
        with ctx.store.read() as s:
            record_id = s.scalar(select(Record.id).where(Record.kind == "intake"))
        ticket = ctx.feedback.review(record_id, 1, "等候太久", "pad", "clerk1").ticket
        assert ticket is not None
    finally:
        ctx.close()
    assert cli("case", "list")[0] == 0  # the last close checkpoints the WAL
    monkeypatch.delenv("COUNTER_PASSWORD")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # no terminal to ask at
    return cli, case_no, ticket.id


def commands(tmp_path, case_no: str, ticket_id: str, who: str) -> dict[str, list[str]]:
    return {
        "intake": ["intake", write(tmp_path, application(clerk=who), f"by-{who}.json")],
        "case state": ["case", "state", case_no, "delivered", "--clerk", who],
        "pickup": ["pickup", case_no, "--clerk", who, "--name", "刘䶮", "--id-number", ID],
        "ticket": ["ticket", "taken", ticket_id, "--user", who],
    }


def what_was_recorded(home) -> tuple:
    con = connect_store(home.db)
    try:
        return (
            con.execute("SELECT id, kind FROM records ORDER BY seq").fetchall(),
            con.execute("SELECT case_no, state, visits FROM cases").fetchall(),
            con.execute("SELECT id, state, responsible FROM tickets").fetchall(),
        )
    finally:
        con.close()


def misses(home, username: str) -> int:
    con = connect_store(home.db)
    try:
        return con.execute(
            "SELECT failed_attempts FROM users WHERE username = ?", (username,)
        ).fetchone()[0]
    finally:
        con.close()


NAMES = ["intake", "case state", "pickup", "ticket"]


@pytest.mark.parametrize("name", NAMES)
def test_a_wrong_password_records_nothing(desk, home, tmp_path, monkeypatch, name):
    cli, case_no, ticket_id = desk
    who = "admin" if name == "ticket" else "clerk1"
    before = what_was_recorded(home)
    # Another clerk's own password does not let them record in clerk1's name.
    monkeypatch.setenv("COUNTER_PASSWORD", CLERK2_PASSWORD)
    code, out, err = cli(*commands(tmp_path, case_no, ticket_id, who)[name])
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [f"counter: {FAILED}"]
    assert what_was_recorded(home) == before
    assert misses(home, who) == 1  # counted as at log-in: five lock the account


@pytest.mark.parametrize("name", NAMES)
def test_an_unknown_name_gets_the_same_answer_and_the_store_is_untouched(
    desk, home, tmp_path, monkeypatch, name
):
    cli, case_no, ticket_id = desk
    before = snapshot(home)
    monkeypatch.setenv("COUNTER_PASSWORD", "counter2026")
    code, out, err = cli(*commands(tmp_path, case_no, ticket_id, "nobody")[name])
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [f"counter: {FAILED}"]
    assert "nobody" not in err
    assert snapshot(home) == before


@pytest.mark.parametrize("name", NAMES)
def test_without_a_password_nothing_is_recorded(desk, home, tmp_path, name):
    cli, case_no, ticket_id = desk
    before = snapshot(home)
    who = "admin" if name == "ticket" else "clerk1"
    code, out, err = cli(*commands(tmp_path, case_no, ticket_id, who)[name])
    assert code == 1 and out == ""
    (line,) = err.strip().splitlines()
    assert "--password-stdin" in line and "$COUNTER_PASSWORD" in line
    assert snapshot(home) == before


def test_each_command_works_with_its_own_persons_password(desk, home, tmp_path, monkeypatch):
    cli, case_no, ticket_id = desk
    todo = commands(tmp_path, case_no, ticket_id, "clerk2")
    monkeypatch.setenv("COUNTER_PASSWORD", CLERK2_PASSWORD)
    code, out, err = cli(*todo["intake"], "--json")
    assert code == 0, err
    assert json.loads(out)["outcome"] == "accept"
    code, _, err = cli(*todo["pickup"])  # the case is result_ready: handed over
    assert code == 0, err
    monkeypatch.delenv("COUNTER_PASSWORD")
    # From stdin: the first line.
    monkeypatch.setattr(sys, "stdin", io.StringIO("counter2026\n"))
    code, _, err = cli(
        *commands(tmp_path, case_no, ticket_id, "admin")["ticket"], "--password-stdin"
    )
    assert code == 0, err
    con = connect_store(home.db)
    try:
        clerks = [
            json.loads(p).get("clerk")
            for (p,) in con.execute(
                "SELECT payload FROM records WHERE kind IN ('intake', 'pickup') ORDER BY seq"
            )
        ]
    finally:
        con.close()
    assert clerks == ["clerk1", "clerk2", "clerk2"]


def test_the_right_password_of_an_account_without_the_permission(desk, tmp_path, monkeypatch):
    cli, case_no, ticket_id = desk
    monkeypatch.setenv("COUNTER_PASSWORD", CLERK2_PASSWORD)
    code, _, err = cli(*commands(tmp_path, case_no, ticket_id, "clerk2")["ticket"])
    assert code == 1 and "无权" in err


@pytest.mark.parametrize("who", ["\udcff\udcfe", "a\x00b", "clerk1\n", "x" * 65, "李窗口"])
def test_a_name_no_account_can_have_is_the_same_refusal(desk, home, tmp_path, monkeypatch, who):
    cli, case_no, _ = desk
    before = snapshot(home)
    monkeypatch.setenv("COUNTER_PASSWORD", "counter2026")
    code, out, err = cli("case", "state", case_no, "delivered", "--clerk", who)
    assert (code, out, err.strip().splitlines()) == (1, "", [f"counter: {FAILED}"])
    assert snapshot(home) == before


def test_a_password_that_is_not_text_is_a_wrong_one(desk, home, monkeypatch):
    cli, case_no, _ = desk
    monkeypatch.setenv("COUNTER_PASSWORD", "counter2026\udcff")
    code, _, err = cli("case", "state", case_no, "delivered", "--clerk", "clerk1")
    assert (code, err.strip().splitlines()) == (1, [f"counter: {FAILED}"])
    assert misses(home, "clerk1") == 1
