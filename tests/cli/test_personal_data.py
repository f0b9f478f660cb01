"""No error message and no log line carries an applicant's ID number or phone."""

from __future__ import annotations

import json
import logging

import pytest

from tests.cli.test_cli_intake import ID, application, write
from tests.stores import connect_store

PHONE = "13800001111"


@pytest.fixture
def two_cases(initialised, tmp_path):
    nos = []
    for i in range(2):
        code, out, err = initialised(
            "intake", write(tmp_path, application(), f"a{i}.json"), "--json"
        )
        assert code == 0, err
        nos.append(json.loads(out)["case_no"])
    return initialised, nos


def damage(home, seq: int) -> tuple[str, str, int]:
    """Append a byte that is not UTF-8 to a record's payload, as a failing disk might."""
    con = connect_store(home.db)
    con.execute(
        "UPDATE records SET payload = CAST(CAST(payload AS BLOB) || x'ff' AS TEXT) WHERE seq = ?",
        (seq,),
    )
    row = con.execute("SELECT id, device_id, epoch FROM records WHERE seq = ?", (seq,)).fetchone()
    con.commit()
    con.close()
    return row


def log_text(home) -> str:
    for h in logging.getLogger().handlers:
        h.flush()
    return "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in (home.root / "logs").glob("counter.log*")
    )


def test_log_verify_names_a_damaged_record_and_goes_on(two_cases, home):
    cli, _ = two_cases
    rid, device, epoch = damage(home, 1)
    con = connect_store(home.db)
    con.execute("UPDATE records SET created_at = created_at || ' ' WHERE seq = 2")
    second = con.execute("SELECT id FROM records WHERE seq = 2").fetchone()[0]
    con.commit()
    con.close()
    code, out, err = cli("log", "verify")
    assert code == 1
    assert rid in err and device in err and f"纪元 {epoch}" in err and "序号 1" in err
    assert "已损坏" in err
    assert second in err and "被修改" in err  # the walk went on past the damaged one
    assert "内部错误" not in err and "Traceback" not in err
    for text in (out, err, log_text(home)):
        assert ID not in text and PHONE not in text


def test_a_damaged_record_in_a_case_is_an_error_without_its_payload(two_cases, home):
    cli, nos = two_cases
    damage(home, 1)
    code, out, err = cli("case", "show", nos[0])
    assert code == 1
    assert len(err.strip().splitlines()) == 1, err
    for text in (out, err, log_text(home)):
        assert ID not in text and PHONE not in text and "刘䶮" not in text


def test_the_log_filter_masks_id_numbers_and_phones(initialised, home):
    log = logging.getLogger("app.test.personal")
    log.error("applicant %s phone %s", ID, PHONE)
    try:
        json.loads('{"id_number": "' + ID + '", ')
    except json.JSONDecodeError:
        log.exception("decoding %s failed", "x")
    try:
        raise ValueError(f"bad row {ID} {PHONE}")
    except ValueError:
        log.exception("unexpected")
    text = log_text(home)
    assert ID not in text and PHONE not in text
    assert ID[:6] + "********" + ID[-4:] in text and "138****1111" in text
    # Numbers that are neither stay as they are: case numbers, counts, a longer run.
    log.error("case C3301-W03-20261123-0001 took 1234567 ms, ref 1380000111122223333")
    assert "1234567 ms" in log_text(home) and "1380000111122223333" in log_text(home)


def test_safe_exception_text_drops_the_bytes_and_the_quoted_row():
    from app.log_setup import safe_exception_text

    raw = ('{"id_number":"' + ID + '"}').encode() + b"\xff"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        assert ID not in safe_exception_text(exc)
    sqlite_text = (
        "(sqlite3.OperationalError) Could not decode to UTF-8 column 'payload' "
        'with text \'{"name":"刘䶮","id":"x"}\'\n[SQL: SELECT 1]'
    )
    shown = safe_exception_text(RuntimeError(sqlite_text))
    assert "刘䶮" not in shown and "[SQL: SELECT 1]" in shown
