"""Catalog files: sizes, characters and strict JSON, refused with the item and field named."""

from __future__ import annotations

import json

import pytest

from app.core import catalog_format
from app.core.errors import ValidationFailed


def doc(**item_over) -> dict:
    item = {
        "code": "LOCAL-9001",
        "name": "测试事项",
        "questions": [
            {
                "id": "s",
                "text": "办理情形",
                "multiple": False,
                "options": [{"id": "s1", "text": "新办", "hint": None}],
            }
        ],
        "materials": [{"id": "m1", "name": "申请表"}],
    }
    item.update(item_over)
    return {"format": "counter-catalog/1", "items": [item]}


def problems_of(text: str) -> list:
    result = catalog_format.parse_catalog_text(text)
    assert result.catalog is None
    assert result.errors
    for p in result.errors:
        assert "\n" not in str(p) and len(str(p)) < 400
    return result.errors


def test_a_10_mb_name_is_refused_at_once():
    """It used to go on to the pinyin index, minutes of CPU."""
    errors = problems_of(json.dumps(doc(name="长" * 10_000_000), ensure_ascii=False))
    assert errors[0].path == "items[0].name" and "过长" in errors[0].reason


@pytest.mark.parametrize(
    "field,value",
    [
        ("name", "申请\x00表"),
        ("department", "民政\x1b[31m局"),
        ("conditions", "\ud800"),
        ("aliases", ["好\x07"]),
        ("name", "换\n行"),
        ("fee", "x" * 3000),
        ("steps", ["步"] * 500),
        ("legal_days", 10**12),
        ("source_url", "http://a/\u202e"),
    ],
    ids=["nul", "escape", "surrogate", "bell", "newline", "long", "many", "huge", "bidi"],
)
def test_bad_text_and_sizes_name_the_field(field, value):
    errors = problems_of(json.dumps(doc(**{field: value})))
    assert any(e.path.startswith(f"items[0].{field}") for e in errors), errors


def test_material_and_option_ids_have_a_character_set():
    d = doc()
    d["items"][0]["materials"][0]["id"] = "m 1|x"
    d["items"][0]["questions"][0]["options"][0]["id"] = "s1+s2"
    errors = problems_of(json.dumps(d))
    assert {e.path for e in errors} >= {
        "items[0].materials[0].id",
        "items[0].questions[0].options[0].id",
    }


def test_an_empty_items_list_is_an_error():
    errors = problems_of('{"format": "counter-catalog/1", "items": []}')
    assert errors[0].path == "items"


@pytest.mark.parametrize(
    "text,needle",
    [
        ('{"format": "counter-catalog/1", "format": "x", "items": []}', "format"),
        (
            '{"format": "counter-catalog/1", "items": [{"code": "A", "legal_days": '
            + "9" * 5000
            + "}]}",
            "过大",
        ),
        ('{"items": ' + "[" * 50_000 + "]" * 50_000 + "}", "嵌套"),
        ('{"format": "counter-catalog/1", "items": [{"code": "A", "legal_days": NaN}]}', "NaN"),
        (
            '{"format": "counter-catalog/1", "items": [{"code": "A", "copies": Infinity}]}',
            "Infinity",
        ),
    ],
    ids=["duplicate-key", "5000-digits", "deep", "nan", "infinity"],
)
def test_hostile_json_is_one_problem(text, needle):
    errors = problems_of(text)
    assert len(errors) == 1 and needle in errors[0].reason, errors


def test_import_of_a_device_or_folder_is_refused(empty_ctx, tmp_path):
    from app.core.errors import CounterError

    (tmp_path / "d.json").mkdir()
    for path in (tmp_path / "d.json", tmp_path.parent / "nope" / ".." / "zero"):
        with pytest.raises(CounterError):
            empty_ctx.catalog.import_file(path)
    import pathlib

    with pytest.raises(CounterError) as info:
        empty_ctx.catalog.import_file(pathlib.Path("/dev/zero"))
    assert "不是普通文件" in info.value.message


def test_the_real_guides_and_the_demo_catalog_still_import(empty_ctx, real_guides_file):
    from app.bootstrap import DEMO_CATALOG
    from app.paths import resources_dir

    assert empty_ctx.catalog.import_file(real_guides_file).items == 12
    assert empty_ctx.catalog.import_file(resources_dir() / DEMO_CATALOG).items == 60


def test_a_bad_catalog_import_changes_nothing(empty_ctx, tmp_path):
    f = tmp_path / "c.json"
    f.write_text(json.dumps(doc(name="\x00")), encoding="utf-8")
    with pytest.raises(ValidationFailed):
        empty_ctx.catalog.import_file(f)
    assert empty_ctx.catalog.versions() == []
