"""What a new catalog version adds, changes and drops (core/catalog_diff.py)."""

from __future__ import annotations

from app.core.catalog import Catalog, Item, Material
from app.core.catalog_diff import Entry, compare

ID_CARD = Material("m1", "居民身份证")
PHOTO = Material("m2", "一寸照片", copies=2)
OLD = Catalog(
    (
        Item("A1", "居住证申领", legal_days=10, promised_days=5, materials=(ID_CARD, PHOTO)),
        Item("A2", "老年优待证办理", materials=(ID_CARD,)),
        Item("A3", "临时救助申请", materials=(ID_CARD,)),
    )
)


def test_added_changed_dropped_in_readable_lines() -> None:
    new = Catalog(
        (
            Item(
                "A1",
                "居住证申领",
                legal_days=10,
                promised_days=3,
                materials=(
                    ID_CARD,
                    Material("m2", "一寸照片", copies=2, necessity="容缺"),
                    Material("m3", "租房合同"),
                ),
            ),
            Item("A2", "老年优待证办理", materials=(ID_CARD,)),
            Item("B1", "残疾人证申请转报"),
        )
    )
    d = compare(OLD, new)
    assert d.added == (Entry("B1", "残疾人证申请转报"),)
    assert d.dropped == (Entry("A3", "临时救助申请"),)
    assert d.unchanged == 1 and not d.empty
    (a1,) = d.changed
    assert a1.code == "A1"
    assert a1.changes == (
        "承诺办结时限 5 个工作日 → 3 个工作日",
        "材料 新增“租房合同”",
        "材料“一寸照片” 必要 → 容缺",
    )


def test_same_catalog_is_empty_and_first_import_adds_everything() -> None:
    assert compare(OLD, OLD).empty and compare(OLD, OLD).unchanged == 3
    first = compare(None, OLD)
    assert [e.code for e in first.added] == ["A1", "A2", "A3"] and not first.dropped


def test_material_removed_reordered_and_renamed_item() -> None:
    new = Catalog(
        (
            Item(
                "A1",
                "居住证申领（首次）",
                legal_days=10,
                promised_days=5,
                materials=(PHOTO, ID_CARD),
            ),
            Item("A2", "老年优待证办理", materials=()),
            Item("A3", "临时救助申请", materials=(Material("m1", "居民身份证", copies=1),)),
        )
    )
    by = {c.code: c.changes for c in compare(OLD, new).changed}
    assert by["A1"] == ("名称 “居住证申领” → “居住证申领（首次）”", "材料 顺序调整")
    assert by["A2"] == ("材料 删除“居民身份证”",)
    assert by["A3"] == ("材料“居民身份证” 修改份数",)


def test_the_english_interface_gets_english_lines_with_the_catalogs_own_names() -> None:
    new = Catalog(
        (
            Item(
                "A1",
                "居住证申领（首次）",
                legal_days=10,
                promised_days=0,
                materials=(Material("m2", "一寸照片", copies=1, necessity="容缺"), ID_CARD),
            ),
            Item("A2", "老年优待证办理", materials=(ID_CARD, Material("m3", "户口簿"))),
        )
    )
    by = {c.code: c.changes for c in compare(OLD, new, "en").changed}
    assert by["A1"] == (
        "Name: “居住证申领” → “居住证申领（首次）”",
        "Promised time limit: 5 working days → at once",
        "Material “一寸照片”: Required → Tolerable (容缺)",
        "Material “一寸照片”: changed copies",
        "Materials reordered",
    )
    assert by["A2"] == ("Material added: “户口簿”",)
    # The Chinese lines are as before, and an unknown language gets them too.
    assert compare(OLD, new, "fr").changed == compare(OLD, new).changed
    assert compare(OLD, new).changed[0].changes[1] == "承诺办结时限 5 个工作日 → 即办"
    one = Catalog((Item("A1", "居住证申领", legal_days=10, promised_days=1),))
    assert compare(OLD, one, "en").changed[0].changes[0] == (
        "Promised time limit: 5 working days → 1 working day"
    )
    # Every field and material field has its English word.
    from app.core.catalog_diff import EN, FIELDS, MATERIAL_FIELDS

    assert set(EN.fields) == set(FIELDS) and set(EN.material_fields) == set(MATERIAL_FIELDS)
