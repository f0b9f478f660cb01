"""Property: for random items, answers, verdicts and visit histories, the preview the wizard
shows (``VisitService.preview``, the wizard's only source), the decision the service records
and the notice it prints agree.

Each visit picks any outcome: one the preview allows is recorded as it is, with the preview's
gaps; one it does not allow is refused with the preview's reason, writing nothing. A one-time
notice or a 容缺 notice prints exactly the gap list recorded with its visit.
"""

from __future__ import annotations

import itertools
import json
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.core.cases import OPEN_FOR_SUPPLEMENT, IntakeRequest
from app.core.catalog import Catalog, Item, Material, Option, Question
from app.core.checklist import CONSULT, CORRECTION, OUTCOMES, REFUSE, TOLERATE, Verdict
from app.core.errors import CounterError
from app.core.identity import resident_id_check_char
from app.core.parties import Party
from app.models.schema import Record

NOW = datetime(2026, 3, 2, 9, 30)  # a Monday
CODES = itertools.count(1)
OPTIONS = ("o1", "o2", "o3")
NECESSITIES = (None, "必要", "容缺", "非必要")


# ``ctx`` is the tests' window (tests/conftest.py: set_up_window).
pytestmark = pytest.mark.usefixtures("window")


@st.composite
def items(draw) -> Item:  # type: ignore[no-untyped-def]
    n = draw(st.integers(1, 5))
    materials = tuple(
        Material(
            f"m{i}",
            f"材料{i}",
            necessity=draw(st.sampled_from(NECESSITIES)),
            requirements=draw(st.sampled_from((None, "原件，加盖公章"))),
            when=draw(st.sampled_from((None, (("o1",),), (("o2", "o3"),)))),
        )
        for i in range(n)
    )
    return Item(
        code=f"P-{next(CODES)}",
        name="随机事项",
        promised_days=draw(st.sampled_from((None, 0, 3, 15))),
        legal_days=draw(st.sampled_from((None, 20))),
        questions=(
            Question("q", "情形", True, tuple(Option(o, f"情形{o}") for o in OPTIONS), True),
        ),
        materials=materials,
    )


verdict_st = st.sampled_from(
    (Verdict("ok"), Verdict("missing"), Verdict("defective", "复印件不清晰"))
)


def applicant() -> Party:
    first17 = "11010519491231002"
    return Party("person", "张三", "resident_id", first17 + resident_id_check_char(first17))


def store_bytes(ctx) -> bytes:
    wal = ctx.home.db.with_name(ctx.home.db.name + "-wal")
    return ctx.home.db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def recorded_gaps(ctx, record_id: str) -> list[dict]:
    with ctx.store.read() as s:
        return json.loads(s.get(Record, record_id).payload)["gaps"]


def visit(ctx, printed, data, when, pv, request) -> str | None:  # type: ignore[no-untyped-def]
    """One visit with any outcome; the case when it stays open for another visit."""
    outcome = data.draw(st.none() | st.sampled_from(OUTCOMES), label="outcome")
    chosen = outcome or pv.suggested
    req = IntakeRequest(
        **{
            **request,
            "outcome": outcome,
            "reason": "不属于受理范围" if chosen == REFUSE else None,
            "question": "问",
            "answer": "答",
        }
    )
    allowed = outcome is not None and pv.allowed[outcome]
    if outcome is None:
        allowed = chosen in (*OUTCOMES[:3],) and pv.allowed[chosen]
    before, slips = store_bytes(ctx), len(printed)
    if not allowed:
        with pytest.raises(CounterError) as err:
            ctx.visits.submit(req, now=when)
        if outcome is not None and not pv.allowed[outcome]:
            assert pv.why_not[outcome] in err.value.message
        assert store_bytes(ctx) == before
        return None
    res = ctx.visits.submit(req, now=when)
    assert res.outcome == chosen
    if chosen == CONSULT:
        return None
    gaps = recorded_gaps(ctx, res.record_id)
    assert gaps == [g.to_json() for g in pv.gaps]
    assert res.missing == [g.name for g in pv.gaps]
    if chosen == TOLERATE:
        expected = req.supplement_deadline or pv.default_deadline
        assert res.supplement_deadline == expected
    if chosen in (CORRECTION, TOLERATE):
        slip = printed[slips]
        assert [(m.name, m.verdict, m.reason) for m in slip.outstanding] == [
            (g["name"], g["verdict"], g["reason"]) for g in gaps
        ]
    event(f"recorded {'a return visit' if req.case_no else 'a first visit'}: {chosen}")
    return res.case_no if res.state in OPEN_FOR_SUPPLEMENT else None


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(item=items(), data=st.data())
def test_preview_decision_and_notice_agree(ctx, printed, item, data):
    ctx.catalog.import_catalog(Catalog((item,)))
    chosen = data.draw(st.lists(st.sampled_from(OPTIONS), unique=True), label="answers")
    answers = {"q": chosen}
    applicable = [m for m in item.materials if m.applies(frozenset(chosen))]
    verdicts = {m.id: data.draw(verdict_st, label=m.id) for m in applicable}
    pv = ctx.visits.preview(item.code, answers, verdicts, NOW.date())
    request = {"clerk": "clerk1", "item_code": item.code, "applicant": applicant()}
    request |= {"answers": answers, "verdicts": verdicts}
    case_no = visit(ctx, printed, data, NOW, pv, request)
    if case_no is None:
        return
    when = NOW
    for _ in range(data.draw(st.integers(0, 2), label="return visits")):
        view = ctx.cases.case(case_no)
        if view.state not in OPEN_FOR_SUPPLEMENT:
            return
        when += timedelta(days=data.draw(st.integers(0, 20), label="days later"))
        again = {m: data.draw(verdict_st, label=f"again {m}") for m in view.outstanding}
        pv = ctx.visits.preview("", {}, again, when.date(), case_no=case_no)
        request = {"clerk": "clerk1", "item_code": "", "applicant": None}
        request |= {"verdicts": again, "case_no": case_no}
        visit(ctx, printed, data, when, pv, request)
