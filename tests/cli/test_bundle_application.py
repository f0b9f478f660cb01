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
