"""原件核验: an ``ok`` on a material handed in or shown as the original says the original was
checked, which needs that authorisation depth (core/checklist.py ``check_originals``)."""

from __future__ import annotations

import pytest

from app.core.catalog import Item, Material
from app.core.checklist import OK, Evaluation, Verdict, check_originals, evaluate
from app.core.errors import CounterError

ITEM = Item(
    code="T-2",
    name="测试事项",
    promised_days=5,
    materials=(
        Material("m1", "申请表", form="收原件"),
        Material("m2", "身份证", form="验原件收复印件"),
        Material("m3", "户口簿复印件", form="收复印件"),
        Material("m4", "电子照片", form="电子材料"),
    ),
)
NO_ORIGINALS = {"收件", "一次性告知", "受理"}


def ev(verdicts: dict[str, str], authorised: set[str]) -> Evaluation:
    return evaluate(ITEM, {}, {k: Verdict(v) for k, v in verdicts.items()}, authorised)


def test_an_original_marked_present_needs_original_checking() -> None:
    e = ev({"m1": "missing", "m2": OK, "m3": OK, "m4": OK}, NO_ORIGINALS)
    assert e.authorised == frozenset(NO_ORIGINALS)
    with pytest.raises(CounterError) as err:
        check_originals(e, e.authorised)
    assert err.value.code == "verdict.original" and err.value.path == "materials.m2"
    assert "身份证" in err.value.message and "原件核验" in err.value.message


def test_copies_electronic_files_and_missing_originals_need_nothing() -> None:
    e = ev({"m1": "missing", "m2": "missing", "m3": OK, "m4": OK}, NO_ORIGINALS)
    check_originals(e, e.authorised)


def test_with_original_checking_or_outside_this_visit_it_passes() -> None:
    e = ev({"m1": OK, "m2": OK, "m3": OK, "m4": OK}, NO_ORIGINALS | {"原件核验"})
    check_originals(e, e.authorised)
    only_copies = ev({"m1": OK, "m2": OK, "m3": OK, "m4": OK}, NO_ORIGINALS)
    check_originals(only_copies, only_copies.authorised, only={"m3", "m4"})
