"""``counter init``, ``counter intake FILE``, ``counter case show``, ``counter log verify``."""

from __future__ import annotations

import json

import pytest

from tests.conftest import resident_id
from tests.stores import connect_store

ID = resident_id("11010519491231002")


def application(**over):
    doc = {
        "format": "counter-application/1",
        "clerk": "clerk1",
        "item": "LOCAL-0001",
        "case": None,
        "answers": {"s": ["s2"]},
        "applicant": {
            "kind": "person",
            "name": "刘䶮",
            "id_type": "resident_id",
            "id_number": ID,
            "phone": "13800001111",
        },
        "agent": None,
        "materials": {"m1": "ok", "m2": "ok", "m3": "ok"},
        "outcome": None,
        "reason": None,
        "supplement_deadline": None,
    }
    doc.update(over)
    return doc


def write(tmp_path, doc, name="app.json"):
    p = tmp_path / name
    p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(p)


def test_init_requires_an_admin_first(cli, monkeypatch):
    monkeypatch.setenv("COUNTER_PASSWORD", "counter2026")
    code, _, err = cli("init", "--centre", "C1", "--centre-name", "x", "--window", "W1")
    assert code == 1 and "--admin" in err
    code, _, err = cli(
        "init", "--centre", "C-1", "--centre-name", "x", "--window", "W1", "--admin", "a"
    )
    assert code == 1 and "中心编码" in err


def test_intake_file_accepts_and_case_show(initialised, tmp_path):
    cli = initialised
    code, out, err = cli("intake", write(tmp_path, application()), "--json")
    assert code == 0, err
    res = json.loads(out)
    assert res["outcome"] == "accept" and res["missing"] == []
    assert res["case_no"].startswith("C3301-W03-")
    code, out, _ = cli("case", "show", res["case_no"], "--json")
    shown = json.loads(out)
    assert shown["applicant"]["name"] == "刘䶮"
    assert ID not in out  # only the masked number leaves the store
    assert shown["applicant"]["id_number_masked"] == ID[:6] + "********" + ID[-4:]


def test_unlisted_materials_count_as_missing(initialised, tmp_path):
    code, out, err = initialised(
        "intake", write(tmp_path, application(materials={"m1": "ok"})), "--json"
    )
    assert code == 0, err
    res = json.loads(out)
    assert res["outcome"] == "correction" and len(res["missing"]) == 2


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"item": "NOPE-1"}, "$.item"),
        ({"answers": {"s": ["s9"]}}, "$.answers.s"),
        ({"materials": {"m9": "ok"}}, "$.materials.m9"),
        ({"materials": {"m1": {"verdict": "defective"}}}, "$.materials.m1"),
        ({"clerk": ""}, "$.clerk"),  # an unknown clerk: see test_clerk_passwords.py
        ({"outcome": "accept", "materials": {}}, "$.outcome"),
        ({"outcome": "refuse"}, "$.reason"),
        ({"format": "x"}, "$.format"),
    ],
)
def test_every_problem_has_its_json_path_and_writes_nothing(
    initialised, tmp_path, home, change, path
):
    code, _, err = initialised("intake", write(tmp_path, application(**change)))
    assert code == 1
    assert err.startswith(f"counter: {path}:"), err
    con = connect_store(home.db)
    assert con.execute("select count(*) from records").fetchone()[0] == 0
    con.close()


def test_bad_id_number_is_reported_at_its_path(initialised, tmp_path):
    doc = application()
    doc["applicant"]["id_number"] = ID[:-1] + ("0" if ID[-1] != "0" else "1")
    code, _, err = initialised("intake", write(tmp_path, doc))
    assert code == 1 and "$.applicant.id_number" in err


def tamper(home, sql):
    con = connect_store(home.db)
    con.execute(sql)
    con.commit()
    con.close()


@pytest.fixture
def three_records(initialised, tmp_path):
    for i in range(3):
        assert initialised("intake", write(tmp_path, application(), f"a{i}.json"))[0] == 0
    assert initialised("log", "verify")[0] == 0
    return initialised


def record_ids(home):
    con = connect_store(home.db)
    ids = [r[0] for r in con.execute("select id from records order by seq")]
    con.close()
    return ids


def test_log_verify_names_an_edited_record(three_records, home):
    ids = record_ids(home)
    tamper(
        home, f"update records set payload = replace(payload, '刘䶮', '刘一') where id = '{ids[1]}'"
    )
    code, _, err = three_records("log", "verify", "--full")
    assert code == 1 and ids[1] in err and "被修改" in err


def test_everyday_verify_walks_from_the_last_clean_one(three_records, home, tmp_path):
    """The fixture's clean verify left a checkpoint at the third record: the everyday verify
    starts after it (an older record edited since is for --full, what an auditor runs), but a
    record made after it, or the checkpoint's own record, is walked."""
    ids = record_ids(home)
    tamper(
        home, f"update records set payload = replace(payload, '刘䶮', '刘一') where id = '{ids[0]}'"
    )
    code, out, _ = three_records("log", "verify")
    assert code == 0 and "增量核验" in out
    assert three_records("log", "verify", "--full")[0] == 1
    assert three_records("intake", write(tmp_path, application(), "a4.json"))[0] == 0
    newest = record_ids(home)[-1]
    tamper(
        home, f"update records set payload = replace(payload, '刘䶮', '刘二') where id = '{newest}'"
    )
    code, _, err = three_records("log", "verify")
    assert code == 1 and newest in err and ids[0] not in err


def test_a_changed_checkpoint_record_means_a_full_walk(three_records, home):
    ids = record_ids(home)
    tamper(
        home, f"update records set payload = replace(payload, '刘䶮', '刘一') where id = '{ids[0]}'"
    )
    tamper(home, f"update records set chain_hash = '{'0' * 64}' where id = '{ids[2]}'")
    code, _, err = three_records("log", "verify")
    assert code == 1 and ids[0] in err


def test_log_verify_names_the_record_after_a_deletion(three_records, home):
    ids = record_ids(home)
    tamper(home, "pragma foreign_keys=off")
    con = connect_store(home.db)
    con.execute(f"delete from outbox where record_id = '{ids[1]}'")
    con.execute(f"delete from records where id = '{ids[1]}'")
    con.commit()
    con.close()
    code, _, err = three_records("log", "verify", "--full")
    assert code == 1 and ids[2] in err and "删除" in err


def test_log_verify_names_an_inserted_record(three_records, home):
    ids = record_ids(home)
    con = connect_store(home.db)
    row = con.execute("select * from records where id = ?", (ids[2],)).fetchone()
    cols = [d[0] for d in con.execute("select * from records").description]
    fake = dict(zip(cols, row, strict=True))
    # A forged record squeezed in between 1 and 2, renumbering the last one.
    con.execute("update records set seq = seq + 1 where id = ?", (ids[2],))
    fake.update(id="01900000-0000-7000-8000-000000000000", seq=fake["seq"])
    con.execute(
        f"insert into records ({','.join(cols)}) values ({','.join('?' * len(cols))})",
        list(fake.values()),
    )
    con.commit()
    con.close()
    code, _, err = three_records("log", "verify", "--full")
    assert code == 1 and "01900000-0000-7000-8000-000000000000" in err


def test_several_problems_are_reported_at_once(initialised, tmp_path, home):
    doc = application(clerk=7, answers={"s": ["s9"]}, materials={"m9": "ok"})
    doc["applicant"]["id_number"] = "123"
    code, _, err = initialised("intake", write(tmp_path, doc))
    assert code == 1
    for path in ("$.clerk", "$.answers.s", "$.materials.m9", "$.applicant.id_number"):
        assert f"counter: {path}:" in err, err
    con = connect_store(home.db)
    assert con.execute("select count(*) from records").fetchone()[0] == 0
    con.close()
