"""Every slip, both layouts, read back as text: required elements, masking, rare names, fonts."""

from __future__ import annotations

from typing import Any

import pytest
from slip_helpers import flat_text, fonts_in, page_sizes, page_texts, render_pdf, squash

from app.core.identity import mask, mask_phone
from app.printing import DOCS, LAYOUTS, CaseSlip, Party, samples
from app.printing.documents import _what_to_bring

HEADER = samples.HEADER
SETTINGS = samples.SETTINGS


def _parties(data: Any) -> list[Party]:
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
        return [*common, item.name, item.code, *(m.name for m in item.materials),
                *(o.text for q in item.questions for o in q.options), HEADER.complaint_phone,
                HEADER.query_phone]
    if doc == "transfer":
        return [*common, "材料流转单", data.transfer_no, data.receiver_unit, "3件，材料22份",
                "2026年11月23日 16:30", "移交人（窗口）", "接收人（后台）", HEADER.clerk_name,
                *(e.case_no for e in data.entries), *(e.item_name for e in data.entries),
                *(e.applicant_name for e in data.entries),
                *(m.name for e in data.entries for m in e.materials)]
    if doc == "pickup":
        return [*common, "结果领取凭证", data.case_no, data.item_name, data.result,
                data.applicant.name, data.collector.name, "代领人", "2026年12月18日 14:05",
                "领取人（签字）", "发放人", HEADER.clerk_name, HEADER.complaint_phone]
    c: CaseSlip = data
    case = [*common, c.case_no, c.item_name, c.item_code, c.applicant.name, HEADER.clerk_name,
            HEADER.complaint_phone, HEADER.query_phone,
            f"https://zwfw.example.gov.cn/q?no={c.case_no}",
            SETTINGS.organ_name, "（盖章）", "2026年11月23日", "申请人（签收）"]
    if c.agent:
        case += [c.agent.name, mask(c.agent.id_number)]
    received = [x for m in c.received for x in (m.name, m.form) if x]
    if doc == "acceptance":
        return [*case, "受理通知书", "决定予以受理", "2026年11月23日 09:42", "2026年12月24日前",
                "22个工作日", "30个工作日", *received,
                *(f"{m.copies}份" for m in c.received if m.copies)]
    if doc == "correction":
        return [*case, "一次性告知书", "补正材料通知书", SETTINGS.correction_basis,
                f"共{len(c.outstanding)}项", "2026年11月30日前补正",
                *(x for m in c.outstanding for x in (m.name, _what_to_bring(m), m.reason) if x)]
    if doc in ("tolerance", "commitment"):
        tolerated = [x for m in c.outstanding for x in (m.name, m.requirement) if x]
        consequence = SETTINGS.tolerance_consequence.rstrip("。")
        base = [*tolerated, "容缺受理承诺书", "2026年11月27日前", consequence,
                "携带本通知书到本窗口", "承诺人（签字）"]
        if doc == "commitment":
            # addressed to the organ, signed by the applicant: no seal, no contact block
            unsealed = ("申请人（签收）", "（盖章）", "2026年11月23日", c.item_code,
                        HEADER.complaint_phone, HEADER.query_phone)
            return [x for x in case if x not in unsealed and "zwfw" not in str(x)] + base
        return [*case, *base, "容缺受理通知书", "第一联", "申请人留存", "第二联", "窗口存档",
                "决定予以容缺受理", "2026年11月30日前", *received]
    if doc == "refusal":
        return [*case, "不予受理通知书", "决定不予受理", c.refusal_reason, SETTINGS.refusal_basis,
                f"自收到本通知书之日起{SETTINGS.reconsideration_limit}内向"
                f"{SETTINGS.reconsideration_body}申请行政复议",
                f"{SETTINGS.litigation_limit}内依法向{SETTINGS.litigation_court}提起行政诉讼"]
    raise AssertionError(doc)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("doc", sorted(DOCS))
def test_every_required_element_is_printed(doc: str, layout: str, slips: dict[str, Any]) -> None:
    data = slips[doc]
    text = flat_text(render_pdf(doc, data, layout))
    missing = [x for x in _required(doc, data) if squash(x) not in text]
    assert len(_required(doc, data)) > 10
    assert not missing, f"{doc}/{layout} lacks {missing}"


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("doc", sorted(DOCS))
def test_identity_numbers_are_masked_and_fonts_embedded(doc: str, layout: str,
                                                        slips: dict[str, Any]) -> None:
    data = slips[doc]
    pdf = render_pdf(doc, data, layout)
    text = flat_text(pdf)
    for party in _parties(data):
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
@pytest.mark.parametrize(("doc", "name"), [
    ("acceptance", "张𠈌"), ("acceptance", "刘䶮"), ("refusal", "王𪚥"), ("tolerance", "刘䶮"),
])
def test_rare_names_extract_exactly(doc: str, name: str, layout: str,
                                    slips: dict[str, Any]) -> None:
    pdf = render_pdf(doc, slips[doc], layout)
    lines = [line for page in page_texts(pdf) for line in page.splitlines()]
    # a whole token: the salutation "张𠈌：" or a table cell, never a neighbour's characters
    assert any(name in line.replace("：", " ").split() for line in lines)
    if "𪚥" in name:  # not in Noto Sans CJK SC: drawn with HanaMinB, embedded too
        fonts = fonts_in(pdf)
        assert any("HanaMinB" in f for f in fonts) and all(fonts.values())


@pytest.mark.parametrize("layout", LAYOUTS)
def test_organisation_applicant(layout: str, items: list[dict[str, Any]]) -> None:
    c = samples.organisation_acceptance(items)
    text = flat_text(render_pdf("acceptance", c, layout))
    org = samples.ORGANISATION
    assert "申请单位" in text and org.name in text and "你单位于" in text
    assert "法定代表人" in text and "王𪚥" in text
    assert mask(org.id_number) in text and org.id_number not in text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_acceptance_for_every_real_item(layout: str, items: list[dict[str, Any]]) -> None:
    """Each of the 12 real items, all materials accepted: every material is on the slip."""
    base = samples.acceptance(items)
    for item in items:
        c = samples._case(item, 1, "accepted", samples.material_lines(item),
                          promised_date=base.promised_date)
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
        gs = guide_from_item(item, HEADER, samples.ACCEPTED_AT)
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
    gs = samples.guide(items, chosen=["s1"])  # 个体工商户开业登记, 委托代理人办理
    text = flat_text(render_pdf("guide", gs, layout))
    assert "《委托代理人证明》" in text  # when s1 (one of the material's situations)
    assert "港澳居民身份文件" not in text  # when s5 only
    assert "（您的情形）" in text
