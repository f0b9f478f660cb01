"""The one-time notice prints the gap list recorded with its visit, not a list derived again;
a visit recorded before gap lists were kept still prints (from the case's materials)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import select

import app.printing
from app.bootstrap import open_context
from app.core.cases import IntakeRequest
from app.core.checklist import CORRECTION, Verdict
from app.core.identity import resident_id_check_char
from app.core.parties import Party
from app.models.schema import Case, Record
from app.services.window import FirstAdmin, WindowSetup, initialise
from tests.conftest import publish_coming_years
from tests.printing.slip_helpers import flat_text, squash

NOW = datetime(2026, 3, 2, 9, 30)
ITEM, ANSWERS = "LOCAL-0001", {"s": ["s2", "s3"]}


@pytest.fixture
def ctx(home):
    c = open_context(home)
    publish_coming_years(c)
    initialise(
        c.store,
        c.users,
        WindowSetup("C3301", "城东街道便民服务中心", "W03", complaint_phone="0571-12345"),
        FirstAdmin("admin", "王管理", "counter2026"),
    )
    c.users.add("clerk1", "李窗口", "clerk", "counter2026")
    yield c
    c.close()


@pytest.fixture
def printed(monkeypatch):
    """The data of every slip rendered, in order."""
    slips: list[object] = []
    render = app.printing.render

    def keep(doc, data, *args, **kwargs):  # type: ignore[no-untyped-def]
        slips.append(data)
        return render(doc, data, *args, **kwargs)

    monkeypatch.setattr(app.printing, "render", keep)
    return slips


def correction(ctx) -> tuple[str, list[dict]]:
    first17 = "11010519491231002"
    applicant = Party("person", "张三", "resident_id", first17 + resident_id_check_char(first17))
    ids = [m.id for m in ctx.intake.preview(ITEM, ANSWERS, {}, NOW.date()).evaluation.applicable]
    verdicts = {ids[0]: Verdict("ok"), ids[1]: Verdict("defective", "复印件不清晰，请重新复印")}
    res = ctx.intake.submit(IntakeRequest("clerk1", ITEM, applicant, ANSWERS, verdicts), now=NOW)
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
    ctx.slips.render_case(case_no, "correction")
    assert told(printed[-1]) == recorded(gaps)


def test_a_visit_recorded_before_gap_lists_were_kept_still_prints(ctx, printed):
    case_no, gaps = correction(ctx)
    with ctx.store.write() as s:  # the record as it was written before the list was kept
        rec = s.scalars(select(Record).where(Record.kind == "intake")).one()
        payload = json.loads(rec.payload)
        del payload["gaps"]
        rec.payload = json.dumps(payload, ensure_ascii=False)
    assert ctx.intake.case(case_no).told is None
    ctx.slips.render_case(case_no, "correction")
    assert told(printed[-1]) == recorded(gaps)  # from the case's materials, the same list
