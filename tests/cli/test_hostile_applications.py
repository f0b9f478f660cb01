"""Application files: every field has a type, a size and a character set, checked before
anything is written; each refusal is one line naming the field."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_cli_intake import application
from tests.stores import connect_store


def applicant(**over):
    return {**application()["applicant"], **over}


def records(home) -> int:
    con = connect_store(home.db)
    try:
        return con.execute("select count(*) from records").fetchone()[0]
    finally:
        con.close()


def run(cli, tmp_path, text: str | bytes):
    p = tmp_path / "app.json"
    if isinstance(text, str):
        text = text.encode("utf-8", "surrogatepass")
    p.write_bytes(text)
    return cli("intake", str(p))


def one_clear_line(code: int, err: str) -> None:
    assert code == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("counter: ") and "Traceback" not in err and "内部错误" not in err


BIG = "长" * (10 * 1024 * 1024 // 3)

CASES = [
    ("id_type object", application(applicant=applicant(id_type={"a": 1})), "$.applicant.id_type"),
    (
        "org id_type object",
        application(
            applicant={
                "kind": "organisation",
                "name": "某公司",
                "id_type": ["x"],
                "id_number": "91350100M000100Y43",
            }
        ),
        "$.applicant.id_type",
    ),
    ("NUL in reason", application(outcome="refuse", reason="不符合\x00条件"), "$.reason"),
    ("reason 10 MB", application(outcome="refuse", reason=BIG), "$"),
    ("phone 5 MB", application(applicant=applicant(phone="1" * 5_000_000)), "$"),
    ("item code 10 MB", application(item="A" * 10_000_000), "$"),
    ("circled digits", application(applicant=applicant(phone="①②③٣٤")), "$.applicant.phone"),
    ("reason a number", application(outcome="refuse", reason=5), "$.reason"),
    (
        "verdict reason a number",
        application(materials={"m1": {"verdict": "defective", "reason": 5}}),
        "$.materials.m1.reason",
    ),
    ("traversal item", application(item="../../../x/pwn"), "$.item"),
    (
        "deadline a number",
        application(outcome="tolerate", supplement_deadline=20270101),
        "$.supplement_deadline",
    ),
    ("unknown applicant key", application(applicant=applicant(extra="x")), "$.applicant.extra"),
    ("bidi in name", application(applicant=applicant(name="张\u202e三")), "$.applicant.name"),
    ("control in answer id", application(answers={"s\x07": ["s1"]}), "$.answers"),
]


@pytest.mark.parametrize("doc,path", [(d, p) for _, d, p in CASES], ids=[c[0] for c in CASES])
def test_bad_field_is_refused_naming_it_and_writes_nothing(initialised, tmp_path, home, doc, path):
    code, _out, err = run(initialised, tmp_path, json.dumps(doc, ensure_ascii=False))
    assert code == 1, err
    assert "Traceback" not in err and "内部错误" not in err
    assert all(len(line) < 400 for line in err.splitlines()), err[:500]
    assert err.startswith(f"counter: {path}"), err[:300]
    assert records(home) == 0


RAW = [
    (
        "duplicate key",
        '{"format": "counter-application/1", "clerk": "a", "clerk": "clerk1"}',
        "clerk",
    ),
    ("lone surrogate", json.dumps(application(reason="\ud800")).replace("\\ud800", "\\ud800"), "$"),
    (
        "number over 4300 digits",
        '{"format": "counter-application/1", "case": ' + "9" * 5000 + "}",
        "$",
    ),
    ("deep nesting", '{"answers": ' + "[" * 100_000 + "]" * 100_000 + "}", "$"),
    ("NaN", '{"format": "counter-application/1", "reason": NaN}', "NaN"),
    ("not an object", "[1, 2]", "$"),
    ("not UTF-8", b"\xff\xfe\x00{", "UTF-8"),
]


@pytest.mark.parametrize("text,needle", [(t, n) for _, t, n in RAW], ids=[r[0] for r in RAW])
def test_hostile_json_is_one_clear_line(initialised, tmp_path, home, text, needle):
    code, _out, err = run(initialised, tmp_path, text)
    one_clear_line(code, err)
    assert needle in err
    assert records(home) == 0


def test_a_folder_is_not_an_application_file(initialised, tmp_path):
    (tmp_path / "folder.json").mkdir()
    code, _out, err = initialised("intake", str(tmp_path / "folder.json"))
    one_clear_line(code, err)
    assert "文件夹" in err


def test_a_device_is_refused_without_reading_it(initialised):
    code, _out, err = initialised("intake", "/dev/zero")
    one_clear_line(code, err)
    assert "不是普通文件" in err


def test_an_oversized_file_is_refused(initialised, tmp_path):
    p = tmp_path / "big.json"
    p.write_bytes(b" " * (2 * 1024 * 1024) + json.dumps(application()).encode())
    code, _out, err = initialised("intake", str(p))
    one_clear_line(code, err)
    assert "过大" in err


@pytest.mark.parametrize("phone", ["13800001111", "0571-12345", "+86 138 0000 1111"])
def test_ordinary_phone_numbers_still_pass(initialised, tmp_path, phone):
    doc = application(applicant=applicant(phone=phone))
    code, _out, err = run(initialised, tmp_path, json.dumps(doc, ensure_ascii=False))
    assert code == 0, err


def test_a_full_width_phone_is_stored_in_ascii(initialised, tmp_path):
    doc = application(applicant=applicant(phone="１３８００００１１１１"))
    code, _out, err = run(initialised, tmp_path, json.dumps(doc, ensure_ascii=False))
    assert code == 0, err
