"""一件事 through `counter intake FILE`: counter-application/2 with a bundle."""

from __future__ import annotations

import json
from pathlib import Path

from app.services.application_file import FORMAT_TAG

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "bundle-application.json"


def write(tmp_path: Path, doc: dict) -> str:
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_the_example_bundle_file_is_accepted_in_part(initialised, tmp_path):
    cli = initialised
    code, out, err = cli("intake", str(EXAMPLE), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["bundle"] == "BUNDLE-0001"
    outcomes = {m["item"]: m["outcome"] for m in result["members"]}
    assert outcomes == {"DEMO-0026": "accept", "DEMO-0004": "accept", "DEMO-0009": "correction"}
    third = next(m for m in result["members"] if m["item"] == "DEMO-0009")
    assert third["missing"] == ["《社会保障卡申领登记表》"]
    code, out, err = cli("case", "show", third["case_no"])
    assert code == 0, err
    assert "一件事：新生儿出生一件事（BUNDLE-0001" in out
    assert "DEMO-0026、DEMO-0004、DEMO-0009" in out


def test_bundle_file_problems_name_their_json_path(initialised, tmp_path):
    cli = initialised
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert doc["format"] == FORMAT_TAG
    cases = [
        ({"materials": {**doc["materials"], "nope/../x": "ok"}}, "$.materials"),
        ({"members": {**doc["members"], "DEMO-0004": {"answers": {}, "colour": 1}}}, "$.members"),
        ({"members": {"DEMO-0004": {"outcome": "maybe"}}}, "$.members.DEMO-0004.outcome"),
        ({"format": "counter-application/1"}, "$.format"),
        ({"bundle": "BUNDLE-0099"}, "$.bundle"),
        ({"materials": {"DEMO-0004/m1": "promised"}}, "$.materials.DEMO-0004/m1"),
    ]
    for change, path in cases:
        code, _out, err = cli("intake", write(tmp_path, {**doc, **change}))
        assert code == 1, (change, err)
        assert f"counter: {path}" in err, (change, err)


def test_a_bundle_file_with_promises_keeps_each_members_letter(initialised, tmp_path):
    """失业一件事 with a 告知承诺 for two members and a 容缺 promise for one: `counter intake`
    keeps each member's letter beside its notice and lists it with the visit's documents."""
    from datetime import date, timedelta

    cli = initialised
    doc = {
        "format": FORMAT_TAG,
        "clerk": "clerk1",
        "bundle": "BUNDLE-0002",
        "answers": {"y1": ["y1a", "y1b"]},
        "members": {
            "DEMO-0031": {"answers": {"q1": ["a1"], "q2": ["b1"]}},
            "DEMO-0032": {"answers": {"q1": ["a2"], "q2": ["b1"]}},
            "DEMO-0033": {"answers": {"q1": ["a6"]}},
        },
        "applicant": json.loads(EXAMPLE.read_text(encoding="utf-8"))["applicant"],
        "supplement_deadline": (date.today() + timedelta(days=1)).isoformat(),
        "materials": {
            "form": "ok",
            "id": "ok",
            "DEMO-0031/m4": "ok",
            "DEMO-0031/m5": "ok",
            "DEMO-0032/m1": "ok",
            "DEMO-0032/m3": "promised",
            "DEMO-0032/m5": "ok",
            "DEMO-0032/m6": "promised",
            "DEMO-0033/m1": "ok",
            "DEMO-0033/m7": "promised",
        },
    }
    code, out, err = cli("intake", write(tmp_path, doc), "--json")
    assert code == 0, err
    result = json.loads(out)
    by_item = {m["item"]: m for m in result["members"]}
    assert by_item["DEMO-0032"]["outcome"] == "tolerate"
    letters = {Path(d).parent.name for d in result["documents"] if Path(d).name == "promise-01.pdf"}
    assert letters == {by_item["DEMO-0032"]["case_no"], by_item["DEMO-0033"]["case_no"]}
    tolerance = [d for d in result["documents"] if Path(d).name == "tolerance-01.pdf"]
    assert [Path(d).parent.name for d in tolerance] == [by_item["DEMO-0032"]["case_no"]]
    # Reprinted from the case: the letter the applicant signed, with the catalog's promise.
    code, out, err = cli("print", by_item["DEMO-0033"]["case_no"], "--doc", "promise")
    assert code == 0, err
    from tests.printing.slip_helpers import flat_text, squash

    kept = Path(out.strip().splitlines()[-1].split("：", 1)[1])
    assert squash("本人系离校未就业的高校毕业生") in flat_text(kept.read_bytes())
