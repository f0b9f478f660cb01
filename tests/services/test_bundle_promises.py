"""Promises in a 一件事 visit: each member whose materials a promise replaced keeps its own
letter beside its own notice, as a single item does: the 证明事项告知承诺书 (both copies, the
window's unmasked) for a 告知承诺, the 容缺受理承诺书 with the catalog's promise for a 容缺
promise; the 告知单 names what each member promised. 失业一件事 (BUNDLE-0002): 失业登记 with
nothing promised, 失业保险金申领 with the 解除劳动合同证明 promised (告知承诺) and the
外地参保缴费证明 promised for later (容缺), 就业困难人员认定 with its 毕业证书 promised."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from app.core.checklist import ACCEPT, OK, PROMISED, TOLERATE, Verdict
from app.printing.kit import mask_id
from app.services.bundle_intake import BundleRequest
from tests.printing.slip_helpers import flat_text, page_texts, squash

NOW = datetime(2026, 3, 2, 9, 30)  # a Monday
DEADLINE = date(2026, 3, 6)
MEMBERS = {
    "DEMO-0031": {"q1": ["a1"], "q2": ["b1"]},
    "DEMO-0032": {"q1": ["a2"], "q2": ["b1"]},  # dismissed; insured elsewhere before
    "DEMO-0033": {"q1": ["a6"]},  # a graduate of a family in difficulty
}
PROMISES = {"DEMO-0032/m3": PROMISED, "DEMO-0032/m6": PROMISED, "DEMO-0033/m7": PROMISED}


def request(ctx, applicant, promises=PROMISES) -> BundleRequest:  # type: ignore[no-untyped-def]
    base = BundleRequest(
        clerk="clerk1",
        bundle_code="BUNDLE-0002",
        applicant=applicant,
        answers={"y1": ["y1a", "y1b"]},
        members=MEMBERS,
        supplement_deadline=DEADLINE,
    )
    lines = ctx.bundles.preview(base, NOW.date()).lines
    verdicts = {line.key: Verdict(promises.get(line.key, OK)) for line in lines}
    return BundleRequest(**{**base.__dict__, "verdicts": verdicts})


@pytest.fixture
def taken(window, applicant):
    return window, window.bundles.submit(request(window, applicant), now=NOW)


def _by_item(result):  # type: ignore[no-untyped-def]
    return {m.item_code: m for m in result.members}


def _kept(ctx, case_no: str) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(p.name for p in ctx.home.case_dir(case_no).glob("*.pdf"))


def test_each_member_that_promised_keeps_its_own_letter_beside_its_notice(taken):
    ctx, result = taken
    assert result.slip_error is None
    members = _by_item(result)
    assert {c: m.result.outcome for c, m in members.items()} == {
        "DEMO-0031": ACCEPT,
        "DEMO-0032": TOLERATE,
        "DEMO-0033": ACCEPT,
    }
    bundle_docs = ["bundle-01.pdf", "bundletransfer-01.pdf"]
    assert _kept(ctx, members["DEMO-0031"].result.case_no) == ["acceptance-01.pdf", *bundle_docs]
    assert _kept(ctx, members["DEMO-0032"].result.case_no) == [
        *bundle_docs,
        "promise-01.pdf",
        "tolerance-01.pdf",
    ]
    assert _kept(ctx, members["DEMO-0033"].result.case_no) == [
        "acceptance-01.pdf",
        *bundle_docs,
        "promise-01.pdf",
    ]
    # The visit hands every one of them to the slip step and the command line.
    listed = [(Path(p).parent.name, Path(p).name) for p in result.documents]
    for code in ("DEMO-0032", "DEMO-0033"):
        assert (members[code].result.case_no, "promise-01.pdf") in listed
    assert (members["DEMO-0031"].result.case_no, "promise-01.pdf") not in listed


def test_the_letters_print_the_catalogs_promise_for_their_own_case_only(taken):
    ctx, result = taken
    members = _by_item(result)
    unemployed = ctx.catalog.item("DEMO-0032")
    hardship = ctx.catalog.item("DEMO-0033")
    contract, elsewhere = unemployed.material("m3"), unemployed.material("m6")
    diploma = hardship.material("m7")
    case = members["DEMO-0032"].result.case_no
    letter = ctx.slips.reprint(case, "promise").read_bytes()
    text = flat_text(letter)
    # It names its member's case and the bundle, to be matched with the 告知单.
    assert squash(f"申请办理“{unemployed.name}”（办件编号：{case}；“失业一件事”中的事项）") in text
    assert squash(contract.commitment.text) in text
    assert squash(contract.commitment.consequences) in text
    assert squash(contract.commitment.check) in text
    assert squash(diploma.commitment.text) not in text  # the other member's promise
    assert squash(elsewhere.commitment.text) not in text  # 容缺: its own letter, below
    assert squash(members["DEMO-0033"].result.case_no) not in text
    # Both copies, the applicant's masked, the window's in full.
    pages = [squash(t) for t in page_texts(letter)]
    split = next(i for i, t in enumerate(pages) if squash("（第二联　窗口留存联）") in t)
    mine, kept = "".join(pages[:split]), "".join(pages[split:])
    number = ctx.cases.case(case).applicant.id_number
    assert squash("（第一联　申请人留存联）") in mine
    assert number not in mine and mask_id(number) in mine
    assert number in kept
    other = flat_text(
        ctx.slips.reprint(members["DEMO-0033"].result.case_no, "promise").read_bytes()
    )
    assert (
        squash(diploma.commitment.text) in other and squash(contract.commitment.text) not in other
    )


def test_the_tolerated_members_commitment_prints_the_catalogs_tolerance_promise(taken):
    ctx, result = taken
    case = _by_item(result)["DEMO-0032"].result.case_no
    elsewhere = ctx.catalog.item("DEMO-0032").material("m6")
    assert elsewhere.commitment.kind == "容缺"
    text = flat_text(ctx.slips.reprint(case, "commitment").read_bytes())
    assert squash("容缺受理承诺书") in text
    # It names its member's case and the bundle, as the 告知承诺书 does.
    named = squash(f"（办件编号：{case}；“失业一件事”中的事项），因下列材料暂缺")
    assert named in text
    assert squash(f"1.承诺补交：{elsewhere.name}") in text
    assert squash(elsewhere.commitment.text) in text
    assert squash(elsewhere.commitment.consequences) in text
    # Signed at the window and kept there: the number in full.
    assert ctx.cases.case(case).applicant.id_number in text
    # The visit's own print job carries it after the two copies of the notice.
    job = flat_text(ctx.slips.reprint(case, "tolerance").read_bytes())
    assert squash(elsewhere.commitment.text) in job
    assert named in job


def test_the_bundle_slip_names_what_each_member_promised(taken):
    ctx, result = taken
    members = _by_item(result)
    text = flat_text(ctx.slips.reprint(members["DEMO-0031"].result.case_no, "bundle").read_bytes())
    unemployed = ctx.catalog.item("DEMO-0032")
    hardship = ctx.catalog.item("DEMO-0033")
    assert (
        squash(f"以承诺代替{unemployed.material('m3').name}（已签《证明事项告知承诺书》，") in text
    )
    assert squash(f"承诺补交{unemployed.material('m6').name}（已签《容缺受理承诺书》）") in text
    assert squash(f"以承诺代替{hardship.material('m7').name}（已签《证明事项告知承诺书》") in text
    assert squash("请逐份阅读后签字") in text
    assert squash("告知承诺书（申请人留存联）一并保管") in text


def test_a_bundle_without_promises_prints_no_letter_and_no_promise_rows(window, applicant):
    result = window.bundles.submit(request(window, applicant, promises={}), now=NOW)
    assert not any(Path(p).name.startswith("promise-") for p in result.documents)
    text = flat_text(Path(result.documents[0]).read_bytes())
    assert squash("以承诺代替") not in text and squash("请逐份阅读后签字") not in text
