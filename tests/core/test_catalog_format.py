"""The interchange format: every error reported at once, lossless round trip."""

from __future__ import annotations

import copy
import json

from app.core.catalog_format import dump_catalog, parse_catalog, parse_catalog_text


def codes(result):
    return [(e.where, e.path, e.code) for e in result.errors]


def test_real_guides_parse_and_round_trip(real_guides):
    result = parse_catalog(real_guides)
    assert result.errors == []
    assert len(result.catalog.items) == 12
    assert dump_catalog(result.catalog) == real_guides


def test_every_error_is_listed_with_item_code_and_field(real_guides):
    doc = copy.deepcopy(real_guides)
    first, second = doc["items"][0], doc["items"][1]
    first["name"] = ""
    first["promised_days"] = -3
    first["materials"][1]["when"] = [["nope"]]
    second["code"] = first["code"]
    second["legal_days"] = "twenty"
    result = parse_catalog(doc)
    assert result.catalog is None
    found = codes(result)
    code0 = first["code"]
    assert (code0, "items[0].name", "catalog.empty") in found
    assert (code0, "items[0].promised_days", "catalog.negative") in found
    assert (code0, "items[0].materials[1].when[0][0]", "catalog.unknown_option") in found
    assert (code0, "items[1].code", "catalog.duplicate_code") in found
    assert (code0, "items[1].legal_days", "catalog.type") in found


def test_format_tag_broken_json_and_empty_when(real_guides):
    doc = copy.deepcopy(real_guides)
    doc["format"] = "counter-catalog/9"
    doc["items"][0]["materials"][0]["when"] = []
    doc["items"][0]["materials"][2]["when"] = [[]]
    found = codes(parse_catalog(doc))
    assert ("", "format", "catalog.format_tag") in found
    assert any(p.endswith("materials[0].when") and c == "catalog.when" for _, p, c in found)
    assert any(p.endswith("materials[2].when[0]") and c == "catalog.when" for _, p, c in found)
    broken = parse_catalog_text('{"format": "counter-catalog/1", "items": [')
    assert broken.catalog is None and broken.errors[0].code == "catalog.json"


def test_wrong_types_and_unknown_keys(real_guides):
    doc = copy.deepcopy(real_guides)
    item = doc["items"][2]
    item["questions"][0]["multiple"] = "yes"
    item["materials"][0]["copies"] = 1.5
    item["materials"][0]["necessity"] = "可选"
    item["promise_days"] = 3
    found = codes(parse_catalog(doc))
    c = item["code"]
    assert (c, "items[2].questions[0].multiple", "catalog.type") in found
    assert (c, "items[2].materials[0].copies", "catalog.type") in found
    assert (c, "items[2].materials[0].necessity", "catalog.enum") in found
    assert (c, "items[2].promise_days", "catalog.unknown_key") in found


def test_item_without_materials_is_a_warning_not_an_error(real_guides):
    doc = copy.deepcopy(real_guides)
    doc["items"][0]["materials"] = []
    result = parse_catalog(doc)
    assert result.catalog is not None
    assert [w.code for w in result.warnings] == ["catalog.no_materials"]
    assert result.warnings[0].where == doc["items"][0]["code"]


def test_text_round_trip_keeps_rare_characters(real_guides):
    doc = copy.deepcopy(real_guides)
    doc["items"][0]["name"] = "𠈌䶮㛃 测试事项"
    result = parse_catalog_text(json.dumps(doc, ensure_ascii=False))
    assert result.catalog.items[0].name == "𠈌䶮㛃 测试事项"


def test_item_type_is_one_of_the_kinds_of_the_national_list(real_guides):
    """The slips cite the law by the item's kind: a type must be a known one (or absent)."""
    from app.core.catalog_format import ITEM_TYPES

    doc = copy.deepcopy(real_guides)
    doc["items"][0]["item_type"] = "许可"
    doc["items"][1]["item_type"] = "行政许可"
    found = codes(parse_catalog(doc))
    c = doc["items"][0]["code"]
    assert (c, "items[0].item_type", "catalog.enum") in found
    assert not any(p.startswith("items[1].") for _, p, _ in found)
    assert {"行政许可", "行政确认", "行政给付", "公共服务", "其他事项"} <= set(ITEM_TYPES)
