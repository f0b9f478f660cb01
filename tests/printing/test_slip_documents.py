"""Every slip, both layouts, read back as text: required elements, masking, rare names, fonts."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
import slip_samples
from slip_helpers import flat_text, fonts_in, page_sizes, page_texts, render_pdf, squash

from app.core.identity import mask, mask_phone
from app.printing import DOCS, LAYOUTS, CaseSlip, SlipParty
from app.printing.documents import _what_to_bring

HEADER = slip_samples.HEADER
SETTINGS = slip_samples.SETTINGS


def _parties(data: Any) -> list[SlipParty]:
    if isinstance(data, CaseSlip):
        return [p for p in (data.applicant, data.agent) if p]
    if hasattr(data, "collector"):
        return [data.applicant, data.collector]
    return []


def _required(doc: str, data: Any) -> list[str]:
    """What each document must show, as plain strings found in the extracted text."""
    return [x for x in _elements(doc, data) if x]


def _elements(doc: str, data: Any) -> list[Any]:
    common = [HEADER.centre_name, HEADER.window_name]
    if doc == "guide":
        item = data.item
        return [
            *common,
            item.name,
            item.code,
            *(m.name for m in item.materials),
            *(o.text for q in item.questions for o in q.options),
            HEADER.complaint_phone,
            HEADER.query_phone,
        ]
    if doc == "promise":  # the rest in test_promise_letter.py
        return [
            *common,
            "证明事项告知承诺书",
            data.case.case_no,
            data.case.item_name,
            data.case.applicant.name,
            *(x for m in data.promised for x in (m.name, m.text, m.consequences, m.check)),
            "2026年12月7日前",
            "申请人留存联",
            "窗口留存联",
            "承诺人（签字）",
        ]
    if doc == "transfer":
        return [
            *common,
            "材料流转单",
            data.transfer_no,
            data.receiver_unit,
            "3件，材料22份",
            "2026年11月23日 16:30",
            "移交人（窗口）",
            "接收人（后台）",
            HEADER.clerk_name,
            *(e.case_no for e in data.entries),
            *(e.item_name for e in data.entries),
            *(e.applicant_name for e in data.entries),
            *(m.name for e in data.entries for m in e.materials),
        ]
    if doc == "bundle":  # every member: its case, outcome, promise, and each gap and why
        return [
            *common,
            "一件事办理告知单",
            data.bundle_name,
            data.applicant.name,
            "受理1项、一次性告知1项",
            f"“{data.members[1].item_name}”尚未受理",
            "未受理，暂不计时",
            "联办承诺办结",
            HEADER.complaint_phone,
            "申请人（签收）",
            *(x for m in data.members for x in (m.case_no, m.item_name)),
            *(x for m in data.members for g in m.gaps for x in (g.name, g.reason)),
        ]
    if doc == "bundletransfer":
        return [
            *common,
            "移交人（窗口）",
            "接收人（后台）",
            HEADER.clerk_name,
            *(x for t in data.slips for x in (t.transfer_no, t.receiver_unit)),
            *(x for t in data.slips for e in t.entries for x in (e.case_no, e.item_name)),
            *(m.name for t in data.slips for e in t.entries for m in e.materials),
        ]
    if doc == "pickup":
        return [
            *common,
            "结果领取凭证",
            data.case_no,
            data.item_name,
            data.result,
            data.applicant.name,
            data.collector.name,
            "代领人",
            "2026年12月18日 14:05",
            "领取人（签字）",
            "发放人",
            HEADER.clerk_name,
            HEADER.complaint_phone,
        ]
    c: CaseSlip = data
    case = [
        *common,
        c.case_no,
        c.item_name,
        c.item_code,
        c.applicant.name,
        HEADER.clerk_name,
        HEADER.complaint_phone,
        HEADER.query_phone,
        f"https://zwfw.example.gov.cn/q?no={c.case_no}",
        SETTINGS.organ_name,
        "（盖章）",
        "2026年11月23日",
        "申请人（签收）",
    ]
    if c.agent:
        case += [c.agent.name, mask(c.agent.id_number)]
    received = [x for m in c.received for x in (m.name, m.form) if x]

    def basis(licence: str) -> str:
        return licence if c.licence else SETTINGS.service_basis

    if doc == "acceptance":
        return [
            *case,
            "受理通知书",
            "决定予以受理",
            basis(SETTINGS.acceptance_basis),
            "2026年11月23日 09:42",
            "2026年12月24日前",
            "22个工作日",
            "30个工作日",
            *received,
            *(f"{m.copies}份" for m in c.received if m.copies),
        ]
    if doc == "correction":
        return [
            *case,
            "一次性告知书",
            "补正材料通知书",
            basis(SETTINGS.correction_basis),
            f"共{len(c.outstanding)}项",
            "2026年11月30日前补正",
            *(x for m in c.outstanding for x in (m.name, _what_to_bring(m), m.reason) if x),
        ]
    if doc in ("tolerance", "commitment"):
        tolerated = [x for m in c.outstanding for x in (m.name, m.requirement) if x]
        consequence = SETTINGS.tolerance_consequence.rstrip("。")
        base = [
            *tolerated,
            "容缺受理承诺书",
            "2026年11月27日前",
            consequence,
            "携带本通知书到本窗口",
            "承诺人（签字）",
        ]
        if doc == "commitment":
            # addressed to the organ, signed by the applicant: no seal, no contact block
            unsealed = (
                "申请人（签收）",
                "（盖章）",
                "2026年11月23日",
                c.item_code,
                HEADER.complaint_phone,
                HEADER.query_phone,
            )
            return [x for x in case if x not in unsealed and "zwfw" not in str(x)] + base
        return [
            *case,
            *base,
            "容缺受理通知书",
            "第一联",
            "申请人留存联",
            "第二联",
            "窗口存档联",
            "决定予以容缺受理",
            "2026年11月30日前",
            *received,
        ]
    if doc == "refusal":
        return [
            *case,
            "不予受理通知书",
            "决定不予受理",
            c.refusal_reason,
            basis(SETTINGS.refusal_basis),
            "退回的申请材料",
            *(m.name for m in c.materials if m.verdict != "missing"),
            f"自收到本通知书之日起{SETTINGS.reconsideration_limit}内向"
            f"{SETTINGS.reconsideration_body}申请行政复议",
            f"{SETTINGS.litigation_limit}内依法向{SETTINGS.litigation_court}提起行政诉讼",
        ]
    raise AssertionError(doc)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("doc", sorted(DOCS))
def test_every_required_element_is_printed(doc: str, layout: str, slips: dict[str, Any]) -> None:
    data = slips[doc]
    text = flat_text(render_pdf(doc, data, layout))
    missing = [x for x in _required(doc, data) if squash(x) not in text]
    assert len(_required(doc, data)) > 10
    assert not missing, f"{doc}/{layout} lacks {missing}"


ARCHIVED = ("tolerance", "commitment")  # carry a window's copy: see the test after this one


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("doc", sorted(DOCS))
def test_identity_numbers_are_masked_and_fonts_embedded(
    doc: str, layout: str, slips: dict[str, Any]
) -> None:
    data = slips[doc]
    pdf = render_pdf(doc, data, layout)
    # What the applicant takes home: the first sheet of the tolerance notice, every other doc.
    text = squash(page_texts(pdf)[0]) if doc == "tolerance" else flat_text(pdf)
    for party in [] if doc == "commitment" else _parties(data):
        assert party.id_number not in text
        assert party.id_number[6:14] not in text  # not even the birth date part
        assert mask(party.id_number) in text
        if party.phone:
            assert squash(party.phone) not in text
    if doc == "pickup":
        assert mask_phone(data.applicant.phone) in text
    fonts = fonts_in(pdf)
    assert fonts and all(fonts.values()), f"a font is not embedded: {fonts}"
    assert any("CounterSansSC" in name for name in fonts)
    assert not any("STSong" in name or "Helvetica" in name for name in fonts)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_only_the_applicants_copy_masks_the_id_number(layout: str, slips: dict[str, Any]) -> None:
    """The 容缺 notice: 申请人留存联 masked; 窗口存档联 and the signed 承诺书 (kept by the window)
    in full, each saying which copy it is."""
    c = slips["tolerance"]
    pages = [squash(t) for t in page_texts(render_pdf("tolerance", c, layout))]
    assert len(pages) == 3
    applicant, archive, commitment = pages
    number = c.applicant.id_number
    assert "申请人留存联" in applicant and mask(number) in applicant and number not in applicant
    assert "窗口存档联" in archive and number in archive
    assert "窗口存档联" in commitment and number in commitment
    reprint = flat_text(render_pdf("commitment", c, layout))
    assert number in reprint and "窗口存档联" in reprint


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_commitment_prints_the_catalogs_promise_of_each_promised_material(
    layout: str, slips: dict[str, Any]
) -> None:
    """A material promised under a 容缺 commitment: the 容缺受理承诺书 the applicant signs says
    what the county's template promises for it (and its consequences), not only the generic
    undertaking; a gap tolerated without a promise gets none."""
    c = slips["tolerance"]
    (promised,) = c.promises
    for doc in ("tolerance", "commitment"):
        pages = [squash(t) for t in page_texts(render_pdf(doc, c, layout))]
        letter = pages[-1]
        assert "容缺受理承诺书" in letter and "本人就下列材料另作承诺如下" in letter
        assert squash(f"1. 承诺补交：{promised.name}") in letter
        assert squash(promised.text) in letter and squash(promised.consequences or "") in letter
        assert "承诺补交：名称预先核准通知书" not in letter  # tolerated, not promised
        assert all(squash(promised.text) not in p for p in pages[:-1])  # the notices: no
    plain = flat_text(render_pdf("commitment", replace(c, promises=()), layout))
    assert "另作承诺" not in plain and squash(promised.text) not in plain


def _words(doc: str, data: Any, layout: str) -> str:
    return flat_text(render_pdf(doc, data, layout))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("doc", sorted(DOCS))
def test_the_wording_an_applicant_reads(doc: str, layout: str, slips: dict[str, Any]) -> None:
    """One word for the case number (办件编号, as on the screen), no doubled verbs."""
    text = _words(doc, slips[doc], layout)
    assert "受理编号" not in text
    assert "补交补交" not in text
    assert "申请）”申请" not in text and "申请”申请" not in text
    assert "未予受理的原因" not in text
    if doc not in ("guide",):
        assert "办件编号" in text or layout == "roll80"  # the roll prints the bare number


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_supplement_method_that_names_the_verb_is_not_doubled(
    layout: str, slips: dict[str, Any]
) -> None:
    from dataclasses import replace

    for method in ("到本窗口补交", "到本窗口", None):
        c = replace(slips["tolerance"], supplement_method=method)
        text = _words("tolerance", c, layout)
        assert "到本窗口补交下列全部材料" in text and "补交补交" not in text
        assert "前到本窗口补交下列全部材料" in text  # the commitment's own sentence too


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_law_is_cited_by_the_items_kind(layout: str, slips: dict[str, Any]) -> None:
    """《行政许可法》 only for a 行政许可; a public service or an item without a type cites
    its guide."""
    from dataclasses import replace

    law = "行政许可法"
    for doc in ("acceptance", "correction", "refusal"):
        for kind, cites in (
            ("行政许可", True),
            ("公共服务", False),
            ("行政给付", False),
            (None, False),
        ):
            c = replace(slips[doc], item_type=kind)
            text = _words(doc, c, layout)
            assert (law in text) is cites, (doc, kind)
            if not cites:
                assert "根据本事项办事指南的规定" in text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_refusal_returns_only_what_was_handed_over(layout: str, slips: dict[str, Any]) -> None:
    c = slips["refusal"]
    text = _words("refusal", c, layout)
    returned = text[text.index("退回的申请材料") :]
    for m in c.materials:
        assert (squash(m.name) in returned) is (m.verdict != "missing"), m.name


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("doc", ["acceptance", "tolerance"])
def test_a_provisional_promised_date_says_so(doc: str, layout: str, slips: dict[str, Any]) -> None:
    from dataclasses import replace
    from datetime import date

    c = replace(
        slips[doc],
        promised_date=date(2027, 1, 18),
        promised_provisional=True,
        supplement_deadline=date(2027, 1, 8) if doc == "tolerance" else None,
    )
    text = _words(doc, c, layout)
    assert "2027年1月18日前（暂定，以国务院公布的2027年节假日安排为准）" in text
    firm = _words(doc, replace(c, promised_provisional=False), layout)
    assert "暂定" not in firm and "2027年1月18日前" in firm


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_gap_column_explains_the_problem(layout: str, slips: dict[str, Any]) -> None:
    text = _words("correction", slips["correction"], layout)
    assert "问题说明" in text


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    ("doc", "name"),
    [
        ("acceptance", "张𠈌"),
        ("acceptance", "刘䶮"),
        ("refusal", "王𪚥"),
        ("tolerance", "刘䶮"),
    ],
)
def test_rare_names_extract_exactly(
    doc: str, name: str, layout: str, slips: dict[str, Any]
) -> None:
    pdf = render_pdf(doc, slips[doc], layout)
    lines = [line for page in page_texts(pdf) for line in page.splitlines()]
    # a whole token: the salutation "张𠈌：" or a table cell, never a neighbour's characters
    assert any(name in line.replace("：", " ").split() for line in lines)
    if "𪚥" in name:  # not in Noto Sans CJK SC: drawn with HanaMinB, embedded too
        fonts = fonts_in(pdf)
        assert any("HanaMinB" in f for f in fonts) and all(fonts.values())


@pytest.mark.parametrize("layout", LAYOUTS)
def test_organisation_applicant(layout: str, items: list[dict[str, Any]]) -> None:
    c = slip_samples.organisation_acceptance(items)
    text = flat_text(render_pdf("acceptance", c, layout))
    org = slip_samples.ORGANISATION
    assert "申请单位" in text and org.name in text and "你单位于" in text
    assert "法定代表人" in text and "王𪚥" in text
    assert mask(org.id_number) in text and org.id_number not in text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_acceptance_for_every_real_item(layout: str, items: list[dict[str, Any]]) -> None:
    """Each of the 12 real items, all materials accepted: every material is on the slip."""
    base = slip_samples.acceptance(items)
    for item in items:
        c = slip_samples._case(
            item, 1, "accepted", slip_samples.material_lines(item), promised_date=base.promised_date
        )
        pdf = render_pdf("acceptance", c, layout)
        text = flat_text(pdf)
        assert squash(item["name"]) in text
        for m in item["materials"]:
            assert squash(m["name"]) in text, (item["code"], m["name"])
        if layout == "a4":
            assert len(page_sizes(pdf)) <= 2


@pytest.mark.parametrize("layout", LAYOUTS)
def test_guide_for_every_real_item(layout: str, items: list[dict[str, Any]]) -> None:
    from app.core.catalog_format import load_item
    from app.printing import guide_from_item

    for raw in items:
        item = load_item(dict(raw))
        gs = guide_from_item(item, HEADER, slip_samples.ACCEPTED_AT)
        text = flat_text(render_pdf("guide", gs, layout))
        for m in item.materials:
            assert squash(m.name) in text, (item.code, m.name)
        for step in item.steps:
            assert squash(step) in text, (item.code, step)
        if item.fee:
            assert squash(item.fee) in text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_guide_for_a_chosen_situation_lists_only_its_materials(
    layout: str, items: list[dict[str, Any]]
) -> None:
    gs = slip_samples.guide(items, chosen=["s1"])  # 个体工商户开业登记, 委托代理人办理
    text = flat_text(render_pdf("guide", gs, layout))
    assert "《委托代理人证明》" in text  # when s1 (one of the material's situations)
    assert "港澳居民身份文件" not in text  # when s5 only
    assert "（您的情形）" in text
