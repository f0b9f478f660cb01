"""一件事 slips: one 告知单 naming every member's case, outcome, promise and gaps, kept with each
member's case; one 材料流转单 per back office for the members taken in; both layouts scan."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.checklist import ACCEPT
from app.core.documents import BY_NAME
from app.services import bundle_slips
from tests.printing.slip_helpers import decode, flat_text, pages_1bit, squash
from tests.services.test_bundle_intake import NOW, request


@pytest.fixture
def taken(window, applicant):
    ctx = window
    return ctx, ctx.bundles.submit(request(ctx, applicant), now=NOW)


def _pdf(path: str | Path) -> bytes:
    return Path(path).read_bytes()


def _codes(pdf: bytes) -> list[str]:
    return [code for page in pages_1bit(pdf) for code in decode(page)]


def test_the_bundle_slip_lists_every_member_with_its_case_outcome_and_gaps(taken):
    ctx, result = taken
    assert result.slip_error is None
    slip = next(p for p in result.documents if Path(p).name.startswith("bundle-"))
    text = flat_text(_pdf(slip))
    assert squash("一件事办理告知单") in text
    for m in result.members:
        assert squash(m.result.case_no) in text
        assert squash(m.item_name) in text
    assert squash("受理2项、一次性告知1项") in text
    corrected = result.members[2]
    assert squash(f"“{corrected.item_name}”尚未受理") in text
    told = ctx.cases.case(corrected.result.case_no).told
    assert told  # the gap list recorded with that member's visit is what the slip prints
    for gap in told:
        assert squash(gap.name) in text
    assert squash("未受理，暂不计时") in text
    # Every member's case barcode scans back from the printed page.
    assert set(_codes(_pdf(slip))) >= {m.result.case_no for m in result.members}


def test_the_same_bundle_slip_is_kept_with_every_member_and_reprinted_from_any(taken):
    ctx, result = taken
    kept = [ctx.slips.reprint(m.result.case_no, "bundle").read_bytes() for m in result.members]
    assert kept[0] == kept[1] == kept[2]
    assert kept[0] == _pdf(next(p for p in result.documents if Path(p).name.startswith("bundle-")))


def test_a_transfer_list_per_back_office_for_the_members_taken_in(taken):
    ctx, result = taken
    pdf = ctx.slips.reprint(result.members[0].result.case_no, "bundletransfer").read_bytes()
    text = flat_text(pdf)
    accepted = [m for m in result.members if m.result.outcome == ACCEPT]
    offices = {ctx.catalog.item(m.item_code).department for m in accepted}
    assert text.count(squash("材料流转单")) >= len(offices)
    for m in accepted:
        assert squash(m.result.case_no) in text
    assert squash(result.members[2].result.case_no) not in text  # not taken in: not sent
    from app.core.errors import CounterError

    with pytest.raises(CounterError):  # the member told to correct has no transfer list
        ctx.slips.reprint(result.members[2].result.case_no, "bundletransfer")


@pytest.mark.parametrize("layout", ["a4", "roll80"])
def test_both_layouts_print_and_scan(taken, layout):
    ctx, result = taken
    import io

    from app.printing import render
    from app.services.slips import _print_settings

    numbers = [m.result.case_no for m in result.members]
    tie, found = bundle_slips.bundle_tie(ctx.slips, numbers[1])
    assert found == numbers and tie["id"] == result.bundle_id
    buf = io.BytesIO()
    w = ctx.slips._window()
    slip = bundle_slips.bundle_slip(ctx.slips, tie, [ctx.cases.case(n) for n in numbers], w)
    render("bundle", slip, layout, buf, _print_settings(w))
    assert set(_codes(buf.getvalue())) >= set(numbers)
    assert BY_NAME["bundle"].title in "".join(flat_text(buf.getvalue()))


def test_a_slip_lost_to_a_printing_failure_is_made_again_from_the_cases(taken):
    ctx, result = taken
    folder = ctx.home.case_dir(result.members[1].result.case_no)
    for kept in folder.glob("bundle-*.pdf"):
        kept.unlink()
    again = ctx.slips.reprint(result.members[1].result.case_no, "bundle").read_bytes()
    assert squash(result.members[0].result.case_no) in flat_text(again)


def test_a_case_taken_alone_has_no_bundle_slip(window, applicant):
    ctx = window
    from app.core.cases import IntakeRequest
    from app.core.errors import CounterError

    done = ctx.visits.submit(
        IntakeRequest(
            clerk="clerk1",
            item_code="DEMO-0004",
            applicant=applicant,
            answers={"q1": ["a2"], "q2": ["c1"]},
        ),
        now=NOW,
    )
    with pytest.raises(CounterError) as exc:
        ctx.slips.reprint(done.case_no, "bundle")
    assert "不是一件事" in exc.value.message


def test_a_shared_material_is_on_the_transfer_list_of_every_office_that_uses_it(taken):
    """The 出生医学证明 and the parents' 身份证, handed in once for the 生育登记 (卫健) and the
    医保参保 (医保), go on both offices' lists: each back office receives the materials its
    own member needs, whichever member the checklist line was asked for first."""
    ctx, result = taken
    views = [ctx.cases.case(m.result.case_no) for m in result.members]
    data = bundle_slips.transfer_set(ctx.slips, views, "新生儿出生一件事", ctx.slips._window())
    by_office = {slip.receiver_unit: slip for slip in data.slips}
    accepted = [m for m in result.members if m.result.outcome == ACCEPT]
    assert len(by_office) == 2 == len(accepted)  # two back offices, one list each
    bundle = ctx.catalog.bundle("BUNDLE-0001")
    assert bundle is not None
    for m in accepted:
        item = ctx.catalog.item(m.item_code)
        slip = by_office[item.department]
        (entry,) = [e for e in slip.entries if e.case_no == m.result.case_no]
        handed = {line.name for line in entry.materials}
        verdicts = ctx.cases.case(m.result.case_no).verdicts
        shared_here = {
            item.material(r.material).name
            for group in bundle.shared
            for r in group.materials
            if r.item == m.item_code and r.material in verdicts
            if verdicts[r.material].verdict == "ok"
        }
        assert shared_here, "the bundle shares materials with this member"
        assert shared_here <= handed
    # The 出生医学证明 in particular, on both lists.
    birth = next(g for g in bundle.shared if g.id == "birth")
    for ref in birth.materials:
        office = ctx.catalog.item(ref.item).department
        names = {line.name for e in by_office[office].entries for line in e.materials}
        assert ctx.catalog.item(ref.item).material(ref.material).name in names
    # And on the printed sheets: each office's page names it.
    pdf = ctx.slips.reprint(result.members[0].result.case_no, "bundletransfer").read_bytes()
    text = flat_text(pdf)
    assert text.count(squash("出生医学证明")) >= 2
