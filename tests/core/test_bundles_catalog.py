"""Bundles (一件事) and commitments (告知承诺) in the catalog: validation, round trip, checklist."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from app.core.bundles import checklist, materials_saved, member_answers, members_for, per_member
from app.core.catalog import AnswerError
from app.core.catalog_format import (
    FORMAT_TAG,
    FORMAT_TAG_V1,
    dump_catalog,
    parse_catalog,
)
from app.core.checklist import MISSING, OK, Verdict

DEMO = Path(__file__).resolve().parents[2] / "resources" / "catalog" / "demo-catalog.json"


@pytest.fixture(scope="module")
def demo_doc() -> dict:
    return json.loads(DEMO.read_text(encoding="utf-8"))


@pytest.fixture
def doc(demo_doc) -> dict:
    return copy.deepcopy(demo_doc)


def problems(doc: dict) -> list[tuple[str, str, str]]:
    result = parse_catalog(doc)
    assert result.catalog is None, "the document should have been refused"
    return [(e.where, e.path, e.code) for e in result.errors]


def bundle_of(doc: dict, code: str) -> dict:
    return next(b for b in doc["bundles"] if b["code"] == code)


def test_demo_catalog_has_bundles_and_commitments_and_round_trips(demo_doc):
    result = parse_catalog(demo_doc)
    assert result.errors == []
    catalog = result.catalog
    assert len(catalog.bundles) >= 3
    promised = [m for i in catalog.items for m in i.materials if m.commitment is not None]
    assert len(promised) >= 10
    assert {m.commitment.kind for m in promised} == {"告知承诺", "容缺"}
    assert dump_catalog(catalog) == demo_doc


def test_version_1_still_reads_and_an_export_without_new_parts_stays_version_1(real_guides):
    assert real_guides["format"] == FORMAT_TAG_V1
    result = parse_catalog(real_guides)
    assert result.errors == []
    assert dump_catalog(result.catalog)["format"] == FORMAT_TAG_V1


def test_version_1_cannot_carry_bundles_or_commitments(doc):
    doc["format"] = FORMAT_TAG_V1
    found = problems(doc)
    assert ("", "bundles", "catalog.format_tag") in found
    assert any(p.endswith(".commitment") and c == "catalog.format_tag" for _, p, c in found)


def test_a_member_that_does_not_exist_is_named(doc):
    bundle_of(doc, "BUNDLE-0001")["members"][1]["item"] = "DEMO-9999"
    assert ("BUNDLE-0001", "bundles[0].members[1].item", "catalog.unknown_item") in problems(doc)


def test_a_bundle_inside_a_bundle_is_a_cycle(doc):
    bundle_of(doc, "BUNDLE-0001")["members"][0]["item"] = "BUNDLE-0001"
    bundle_of(doc, "BUNDLE-0002")["members"][0]["item"] = "BUNDLE-0001"
    found = problems(doc)
    assert ("BUNDLE-0001", "bundles[0].members[0].item", "catalog.bundle_cycle") in found
    assert ("BUNDLE-0002", "bundles[1].members[0].item", "catalog.bundle_cycle") in found


def test_a_shared_material_whose_forms_disagree_is_refused_with_the_forms(doc):
    # 失业登记's termination proof is kept as a copy, 失业保险金's as the original.
    bundle_of(doc, "BUNDLE-0002")["shared"].append(
        {
            "id": "contract",
            "name": "解除或终止劳动合同证明",
            "materials": [
                {"item": "DEMO-0031", "material": "m4"},
                {"item": "DEMO-0032", "material": "m3"},
            ],
        }
    )
    result = parse_catalog(doc)
    assert result.catalog is None
    error = next(e for e in result.errors if e.code == "catalog.shared_form")
    assert error.path == "bundles[1].shared[2].materials"
    assert "收复印件" in error.reason and "收原件" in error.reason


def test_shared_materials_must_exist_in_members_and_be_used_once(doc):
    shared = bundle_of(doc, "BUNDLE-0003")["shared"]
    shared[0]["materials"][0]["material"] = "m99"
    shared[1]["materials"].append({"item": "DEMO-0001", "material": "m1"})
    shared[2]["materials"] = list(shared[3]["materials"])
    found = problems(doc)
    assert ("BUNDLE-0003", "bundles[2].shared[0].materials[0].material", "catalog.shared") in found
    assert ("BUNDLE-0003", "bundles[2].shared[1].materials[2].item", "catalog.shared") in found
    assert ("BUNDLE-0003", "bundles[2].shared[3].materials[0]", "catalog.duplicate_id") in found


def test_bundle_codes_unique_among_items_and_bundles(doc):
    doc["bundles"][1]["code"] = "DEMO-0001"
    doc["bundles"][2]["code"] = "BUNDLE-0001"
    found = problems(doc)
    assert ("DEMO-0001", "bundles[1].code", "catalog.duplicate_code") in found
    assert ("BUNDLE-0001", "bundles[2].code", "catalog.duplicate_code") in found


def test_fixed_member_answers_are_checked_against_the_member(doc):
    bundle_of(doc, "BUNDLE-0001")["members"][1]["answers"] = {"q1": ["zz"]}
    found = problems(doc)
    assert any(p.startswith("bundles[0].members[1].answers") for _, p, _ in found)


def test_a_bundle_needs_two_members(doc):
    bundle_of(doc, "BUNDLE-0003")["members"] = bundle_of(doc, "BUNDLE-0003")["members"][:1]
    bundle_of(doc, "BUNDLE-0003")["shared"] = []
    assert ("BUNDLE-0003", "bundles[2].members", "catalog.bundle_members") in problems(doc)


def test_commitment_rules(doc):
    items = {i["code"]: i for i in doc["items"]}
    first = items["DEMO-0036"]["materials"][4]["commitment"]
    del first["consequences"]
    first["check_days"] = None
    # A 容缺 promise on a 必要 material, and an unknown kind.
    items["DEMO-0001"]["materials"][0]["commitment"] = {"kind": "容缺", "text": "我承诺"}
    items["DEMO-0002"]["materials"][0]["commitment"] = {"kind": "口头", "text": "我承诺"}
    found = problems(doc)
    path = "items[{}].materials[{}].commitment.{}"
    i36 = next(n for n, i in enumerate(doc["items"]) if i["code"] == "DEMO-0036")
    i01 = next(n for n, i in enumerate(doc["items"]) if i["code"] == "DEMO-0001")
    i02 = next(n for n, i in enumerate(doc["items"]) if i["code"] == "DEMO-0002")
    assert ("DEMO-0036", path.format(i36, 4, "consequences"), "catalog.required") in found
    assert ("DEMO-0036", path.format(i36, 4, "check_days"), "catalog.required") in found
    assert ("DEMO-0001", path.format(i01, 0, "kind"), "catalog.commitment") in found
    assert ("DEMO-0002", path.format(i02, 0, "kind"), "catalog.enum") in found


def test_newborn_bundle_asks_shared_materials_once(demo_doc):
    catalog = parse_catalog(demo_doc).catalog
    items = {i.code: i for i in catalog.items}
    bundle = next(b for b in catalog.bundles if b.code == "BUNDLE-0001")
    members = members_for(bundle, {"x1": ["x1a", "x1b"]})
    assert [m.item for m in members] == ["DEMO-0026", "DEMO-0004", "DEMO-0009"]
    given = {
        "DEMO-0026": {"q2": ["c1"], "q3": ["b3"]},
        "DEMO-0004": {"q2": ["c2"]},
        "DEMO-0009": {"q2": ["b1", "b2"]},
    }
    answers = {m.item: member_answers(m, given[m.item]) for m in members}
    assert answers["DEMO-0004"]["q1"] == ("a2",)  # fixed by the bundle: 新生儿
    lines = checklist(bundle, items, answers, members)
    asked, one_by_one = materials_saved(lines)
    assert asked < one_by_one
    shared = {line.key: line for line in lines if line.shared}
    assert set(shared) == {"birth", "parent_id", "proxy", "proxy_id"}
    assert len(shared["parent_id"].refs) == 3
    # Verdicts per line reach every member the line serves.
    verdicts = {line.key: Verdict(OK) for line in lines}
    verdicts["parent_id"] = Verdict(MISSING)
    spread = per_member(lines, verdicts)
    assert spread["DEMO-0026"]["m2"].verdict == MISSING
    assert spread["DEMO-0004"]["m5"].verdict == MISSING
    assert spread["DEMO-0009"]["m4"].verdict == MISSING
    assert spread["DEMO-0009"]["m1"].verdict == OK


def test_members_follow_the_bundle_answers_and_fixed_answers_cannot_be_overridden(demo_doc):
    catalog = parse_catalog(demo_doc).catalog
    bundle = next(b for b in catalog.bundles if b.code == "BUNDLE-0001")
    assert [m.item for m in members_for(bundle, {"x1": []})] == ["DEMO-0026"]
    with pytest.raises(AnswerError):
        members_for(bundle, {"x1": ["nope"]})
    with pytest.raises(AnswerError):
        member_answers(bundle.members[1], {"q1": ["a1"]})


def test_format_tag_is_version_2_when_the_catalog_uses_it(demo_doc):
    assert dump_catalog(parse_catalog(demo_doc).catalog)["format"] == FORMAT_TAG


def test_a_bundle_is_decided_per_member_and_may_be_accepted_in_part(demo_doc):
    from datetime import date

    from app.core.bundles import decide_bundle
    from app.core.checklist import ACCEPT, CORRECTION
    from app.core.workdays import WorkCalendar

    catalog = parse_catalog(demo_doc).catalog
    items = {i.code: i for i in catalog.items}
    bundle = next(b for b in catalog.bundles if b.code == "BUNDLE-0001")
    given = {
        "DEMO-0026": {"q2": ["c1"], "q3": []},
        "DEMO-0004": {"q2": ["c1"]},
        "DEMO-0009": {"q2": ["b1"]},
    }
    everything = ("收件", "原件核验", "一次性告知", "受理", "结果送达")
    authorised = dict.fromkeys(items, everything)
    today = date(2026, 3, 2)

    def decided(verdicts):
        return decide_bundle(
            bundle,
            items,
            {"x1": ["x1a", "x1b"]},
            given,
            verdicts,
            authorised,
            WorkCalendar(),
            today,
        )

    lines = decided({}).lines
    verdicts = {line.key: Verdict(OK) for line in lines}
    verdicts["DEMO-0009/m1"] = Verdict(MISSING)  # only the 社保卡 form is missing
    result = decided(verdicts)
    outcomes = {m.item.code: m.decision.suggested for m in result.members}
    assert outcomes == {"DEMO-0026": ACCEPT, "DEMO-0004": ACCEPT, "DEMO-0009": CORRECTION}
    told = result.member("DEMO-0009").decision.gaps
    assert [g.material for g in told] == ["m1"]
    # The shared 出生医学证明 counts for both members that ask for it.
    assert result.member("DEMO-0004").verdicts["m4"] == Verdict(OK)
    assert result.promised_date == WorkCalendar().add_workdays(today, 5)


def test_a_bundle_decision_names_what_is_wrong(demo_doc):
    from datetime import date

    from app.core.bundles import decide_bundle
    from app.core.errors import CounterError
    from app.core.workdays import WorkCalendar

    catalog = parse_catalog(demo_doc).catalog
    items = {i.code: i for i in catalog.items}
    bundle = next(b for b in catalog.bundles if b.code == "BUNDLE-0001")

    def attempt(answers, given, verdicts):
        with pytest.raises(CounterError) as exc:
            decide_bundle(
                bundle, items, answers, given, verdicts, {}, WorkCalendar(), date(2026, 3, 2)
            )
        return exc.value

    assert attempt({"x1": []}, {"DEMO-0004": {"q1": ["a1"]}}, {}).path.startswith(
        "members.DEMO-0004"
    )
    assert attempt({"x1": []}, {"DEMO-0001": {}}, {}).path == "members.DEMO-0001"
    assert attempt({"x1": []}, {"DEMO-0026": {"q2": ["zz"]}}, {}).path.startswith(
        "members.DEMO-0026"
    )
    assert attempt({"x1": []}, {}, {"DEMO-0004/m1": Verdict(OK)}).code == "verdict.material"
