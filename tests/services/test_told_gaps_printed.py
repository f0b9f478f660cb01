"""The one-time notice prints the gap list recorded with its visit, not a list derived again;
a visit recorded before gap lists were kept still prints (from the case's materials)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import select

from app.core.cases import IntakeRequest
from app.core.checklist import CORRECTION, Verdict
from app.core.identity import resident_id_check_char
from app.core.parties import Party
from app.models.schema import Case, Record
from tests.printing.slip_helpers import flat_text, squash

NOW = datetime(2026, 3, 2, 9, 30)
ITEM, ANSWERS = "LOCAL-0001", {"s": ["s2", "s3"]}


# ``ctx`` is the tests' window (tests/conftest.py: set_up_window).
pytestmark = pytest.mark.usefixtures("window")


def correction(ctx) -> tuple[str, list[dict]]:
    first17 = "11010519491231002"
    applicant = Party("person", "张三", "resident_id", first17 + resident_id_check_char(first17))
    ids = [m.id for m in ctx.visits.preview(ITEM, ANSWERS, {}, NOW.date()).evaluation.applicable]
    verdicts = {ids[0]: Verdict("ok"), ids[1]: Verdict("defective", "复印件不清晰，请重新复印")}
    res = ctx.visits.submit(IntakeRequest("clerk1", ITEM, applicant, ANSWERS, verdicts), now=NOW)
    assert res.outcome == CORRECTION
    with ctx.store.read() as s:
        rec = s.get(Record, res.record_id)
        gaps = json.loads(rec.payload)["gaps"]
    assert [g["name"] for g in gaps] == res.missing and len(gaps) == len(ids) - 1
    return res.case_no, gaps


def told(slip) -> list[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    return [(m.name, m.verdict, m.reason) for m in slip.outstanding]


def recorded(gaps) -> list[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    return [(g["name"], g["verdict"], g["reason"]) for g in gaps]


def test_the_notice_prints_the_recorded_gap_list(ctx, printed):
    case_no, gaps = correction(ctx)
    assert told(printed[-1]) == recorded(gaps)
    pdf = ctx.slips.reprint(case_no, "correction").read_bytes()
    text = flat_text(pdf)
    assert squash(f"需要补正的材料（共{len(gaps)}项）") in text
    for g in gaps:
        assert squash(g["name"]) in text
        assert squash(g["reason"] or "缺少") in text


def test_printing_again_never_derives_the_list_again(ctx, printed):
    case_no, gaps = correction(ctx)
    # The case's materials change (as a later record could change them): a list derived again
    # would now lose the first gap; the notice of the visit still tells all of them.
    with ctx.store.write() as s:
        row = s.scalar(select(Case).where(Case.case_no == case_no))
        first = gaps[0]["material"]
        row.materials = {**row.materials, first: {"verdict": "ok", "reason": None}}
    ctx.slips.render_case(ctx.cases.case(case_no), "correction")
    assert told(printed[-1]) == recorded(gaps)


def test_a_visit_recorded_before_gap_lists_were_kept_still_prints(ctx, printed):
    case_no, gaps = correction(ctx)
    with ctx.store.write() as s:  # the record as it was written before the list was kept
        rec = s.scalars(select(Record).where(Record.kind == "intake")).one()
        payload = json.loads(rec.payload)
        del payload["gaps"]
        rec.payload = json.dumps(payload, ensure_ascii=False)
    assert ctx.cases.case(case_no).told is None
    ctx.slips.render_case(ctx.cases.case(case_no), "correction")
    assert told(printed[-1]) == recorded(gaps)  # from the case's materials, the same list
