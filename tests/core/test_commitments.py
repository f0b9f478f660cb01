"""告知承诺 at the window: a signed promise replaces a proof; a 容缺 promise leaves it outstanding."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.catalog import Commitment, Item, Material
from app.core.checklist import ACCEPT, CORRECTION, MISSING, OK, PROMISED, TOLERATE, Verdict, is_gap
from app.core.decision import decide
from app.core.errors import CounterError
from app.core.workdays import WorkCalendar

ALL = ("收件", "原件核验", "一次性告知", "受理", "结果送达")
TODAY = date(2026, 3, 2)
NOTIFY = Commitment("告知承诺", "本人承诺……", "承诺不实的……", "户籍信息核查", 20)
TOLERANT = Commitment("容缺", "本人承诺限期补交")
ITEM = Item(
    code="T-2",
    name="承诺事项",
    promised_days=10,
    materials=(
        Material("m1", "申请表"),
        Material("m2", "亲属关系证明", commitment=NOTIFY),
        Material("m3", "婚姻状况证明", necessity="容缺", commitment=TOLERANT),
        Material("m4", "身份证"),
    ),
)


def decided(**verdicts: str):
    return decide(
        ITEM, {}, {k: Verdict(x) for k, x in verdicts.items()}, ALL, WorkCalendar(), TODAY
    )


def test_a_signed_notice_promise_is_not_a_gap_and_the_case_may_be_accepted():
    d = decided(m1=OK, m2=PROMISED, m3=OK, m4=OK)
    assert d.gaps == ()
    assert d.allowed[ACCEPT] and d.suggested == ACCEPT
    assert [m.id for m in d.evaluation.promised] == ["m2"]
    assert "m2" not in [m.id for m in d.evaluation.received]


def test_without_the_promise_the_proof_is_a_gap_as_before():
    d = decided(m1=OK, m2=MISSING, m3=OK, m4=OK)
    assert [g.material for g in d.gaps] == ["m2"]
    assert d.suggested == CORRECTION


def test_a_tolerance_promise_leaves_the_material_outstanding():
    d = decided(m1=OK, m2=OK, m3=PROMISED, m4=OK)
    assert [(g.material, g.verdict) for g in d.gaps] == [("m3", MISSING)]
    assert d.suggested == TOLERATE
    assert d.evaluation.promised == ()


def test_a_promise_where_the_catalog_offers_none_is_refused():
    with pytest.raises(CounterError) as exc:
        decided(m1=OK, m2=OK, m3=OK, m4=PROMISED)
    assert exc.value.code == "verdict.promise"
    assert "身份证" in exc.value.message


def test_the_gap_rule_knows_the_promise():
    assert not is_gap(ITEM.materials[1], Verdict(PROMISED))
    assert is_gap(ITEM.materials[1], Verdict(MISSING))
