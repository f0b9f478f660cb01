"""Demonstration slips built from catalog items (counter-catalog/1 item dicts): test data, not
part of the application.

Used by the slip tests, scripts/render_slips.py (docs/slips) and bench/slips.py, and fit for a printer test page: the names
carry rare characters from CJK extensions A and B (张𠈌, 刘䶮, 王𪚥), so a wrong font setup shows
at once. All people, numbers and phones are made up; the ID numbers have valid check digits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from app.core.identity import credit_code_check_char, resident_id_check_char
from app.printing.model import (
    BundleMemberLine,
    BundleSlip,
    CaseSlip,
    GuideSlip,
    MaterialLine,
    PickupSlip,
    PrintSettings,
    SlipHeader,
    SlipParty,
    TransferEntry,
    TransferSet,
    TransferSlip,
    guide_from_item,
)
from app.printing.promise_letter import PromisedMaterial, PromiseSlip

Item = Mapping[str, Any]


def resident_id(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


def credit_code(first17: str) -> str:
    return first17 + credit_code_check_char(first17)


HEADER = SlipHeader(
    centre_name="示例市东湖区东湖街道便民服务中心",
    centre_code="C3301",
    window_name="综合受理3号窗口",
    window_code="W03",
    clerk_name="陈静",
    complaint_phone="0571-12345",
    query_phone="0571-87654321",
    query_url="https://zwfw.example.gov.cn/q?no={case_no}",
)

SETTINGS = PrintSettings(
    organ_name="示例市东湖区人民政府东湖街道办事处",
    reconsideration_body="示例市东湖区人民政府",
    litigation_court="示例市东湖区人民法院",
    qr=True,
)

APPLICANT = SlipParty("张𠈌", "居民身份证", resident_id("33010619850312123"), "13812345678")
AGENT = SlipParty("刘䶮", "居民身份证", resident_id("33010619900101456"), "13900001111")
RARE = SlipParty("王𪚥", "居民身份证", resident_id("33010619470802001"), "13700002222")
ORGANISATION = SlipParty(
    "示例市东湖区㛃记餐饮店",
    "统一社会信用代码",
    credit_code("92330106MA2H3K5L7"),
    "0571-88886666",
    kind="organisation",
    legal_representative="王𪚥",
)

ACCEPTED_AT = datetime(2026, 11, 23, 9, 42)


def case_no(seq: int) -> str:
    from app.core.case_numbers import format_case_no

    return format_case_no(HEADER.centre_code, HEADER.window_code, ACCEPTED_AT.date(), seq, "K7")


def item_by_code(items: Sequence[Item], code: str) -> Item:
    return next(i for i in items if i["code"] == code)


def material_lines(
    item: Item,
    problems: Mapping[int, tuple[str, str]] | None = None,
    tolerable: Sequence[int] = (),
) -> tuple[MaterialLine, ...]:
    """The item's materials, all accepted except ``problems`` {index: (verdict, reason)}."""
    problems = problems or {}
    lines = []
    for i, m in enumerate(item["materials"]):
        verdict, reason = problems.get(i, ("ok", None))
        lines.append(
            MaterialLine(
                name=m["name"],
                form=m["form"],
                copies=m["copies"],
                requirement=m["requirements"],
                verdict=verdict,  # type: ignore[arg-type]
                reason=reason,
                necessity="容缺" if i in tolerable else m["necessity"],
            )
        )
    return tuple(lines)


def _case(
    item: Item, seq: int, outcome: str, materials: tuple[MaterialLine, ...], **kw: Any
) -> CaseSlip:
    base: dict[str, Any] = dict(
        case_no=case_no(seq),
        header=HEADER,
        item_code=item["code"],
        item_name=item["name"],
        applicant=APPLICANT,
        accepted_at=ACCEPTED_AT,
        outcome=outcome,
        materials=materials,
        department=item["department"],
        promised_days=item["promised_days"],
        legal_days=item["legal_days"],
        result=item["result"],
        fee=item["fee"],
        catalog_version="2026-11-23",
        item_type=item.get("item_type"),
    )
    base.update(kw)
    return CaseSlip(**base)


def acceptance(items: Sequence[Item]) -> CaseSlip:
    item = item_by_code(items, "LOCAL-0014")
    return _case(
        item,
        12,
        "accepted",
        material_lines(item),
        agent=AGENT,
        situation=("80-89岁高龄低保老人",),
        promised_date=date(2026, 12, 24),
    )


def correction(items: Sequence[Item]) -> CaseSlip:
    item = item_by_code(items, "LOCAL-0015")
    problems = {
        1: ("defective", "身份证已过有效期"),
        3: ("missing", "未携带"),
        4: ("defective", "照片为黑白打印件，须为近期免冠彩色照片"),
        6: ("missing", "未提供，独生子女死亡情形必须提交"),
    }
    return _case(
        item,
        13,
        "correction",
        material_lines(item, problems),
        situation=("独生子女死亡",),
        supplement_deadline=date(2026, 11, 30),
    )


def correction_many(items: Sequence[Item], n: int = 12) -> CaseSlip:
    """A one-time notice listing ``n`` missing materials (the long-list case)."""
    pool = [
        m
        for code in ("LOCAL-0015", "LOCAL-0016", "LOCAL-0024")
        for m in item_by_code(items, code)["materials"]
    ]
    lines = tuple(
        MaterialLine(
            m["name"],
            m["form"],
            m["copies"],
            m["requirements"],
            "missing",
            f"第{i}项：申请人未携带",
            m["necessity"],
        )
        for i, m in enumerate(pool[:n], 1)
    )
    item = item_by_code(items, "LOCAL-0015")
    return _case(item, 14, "correction", lines)


# The 容缺 promise of the 经营场所使用证明, as the demo catalog words it (DEMO-0039 m3).
TOLERANCE_PROMISES = (
    PromisedMaterial(
        "经营场所使用证明",
        "本人承诺：经营场所可合法使用，并在补齐期限内提交经营场所使用证明。以上情况真实、准确、"
        "完整，本人愿意配合有关部门核查。",
        "本人知晓：未在补齐期限内提交的，申请将按不予受理或终止办理处理。",
    ),
)


def tolerance(items: Sequence[Item]) -> CaseSlip:
    item = item_by_code(items, "LOCAL-0024")
    problems = {2: ("missing", "租赁合同尚在签订"), 6: ("missing", "核准通知书尚未领取")}
    standards = {2: "房屋产权证明或租赁合同复印件，加盖出租方印章", 6: "原件，名称与申请书一致"}
    lines = tuple(
        replace(m, requirement=standards[i]) if i in standards else m
        for i, m in enumerate(material_lines(item, problems, tolerable=(2, 6)))
    )
    return _case(
        item,
        15,
        "tolerated",
        lines,
        item_type="行政许可",
        applicant=AGENT,
        promised_days=5,
        promised_date=date(2026, 11, 30),
        supplement_deadline=date(2026, 11, 27),
        supplement_method="携带本通知书到本窗口",
        promises=TOLERANCE_PROMISES,
    )


def refusal(items: Sequence[Item]) -> CaseSlip:
    item = item_by_code(items, "LOCAL-0006")
    # The applicant brought the household register and an ID card past its date, not the rest:
    # only what was handed over is returned.
    brought = material_lines(
        item, {1: ("defective", "身份证已过有效期"), 2: ("missing", None), 3: ("missing", None)}
    )
    return _case(
        item,
        16,
        "refused",
        brought,
        applicant=RARE,
        item_type="行政给付",
        refusal_reason="申请人户籍不在本街道，该事项应向户籍所在地乡镇人民政府（街道办事处）提出",
        refer_to="户籍所在地乡镇人民政府（街道办事处）",
    )


def organisation_acceptance(items: Sequence[Item]) -> CaseSlip:
    item = item_by_code(items, "LOCAL-0024")
    return _case(
        item,
        17,
        "accepted",
        material_lines(item)[:6],
        applicant=ORGANISATION,
        item_type="行政许可",
        agent=AGENT,
        promised_days=3,
        promised_date=date(2026, 11, 26),
    )


def transfer(items: Sequence[Item]) -> TransferSlip:
    cases = (acceptance(items), tolerance(items), organisation_acceptance(items))
    entries = tuple(
        TransferEntry(
            c.case_no,
            c.item_name,
            c.applicant.name,
            tuple(m for m in c.received if m.form != "电子材料"),
            note="容缺受理，待补交2项" if c.outcome == "tolerated" else None,
        )
        for c in cases
    )
    return TransferSlip(
        transfer_no=f"{HEADER.centre_code}-{HEADER.window_code}-{ACCEPTED_AT:%Y%m%d}-T01",
        header=HEADER,
        receiver_unit="东湖街道社会事务办公室（后台审批）",
        created_at=datetime(2026, 11, 23, 16, 30),
        entries=entries,
    )


def _member(c: CaseSlip) -> BundleMemberLine:
    return BundleMemberLine(
        c.case_no,
        c.item_code,
        c.item_name,
        c.outcome,
        c.department,
        c.promised_days,
        c.promised_date,
        gaps=c.outstanding,
        supplement_deadline=c.supplement_deadline,
    )


def bundle(items: Sequence[Item]) -> BundleSlip:
    """A 一件事 visit accepted in part: one member accepted, one told to correct."""
    taken, told = acceptance(items), correction(items)
    told = replace(told, case_no=told.case_no[:-1] + "2")
    return BundleSlip(
        HEADER,
        "BUNDLE-0001",
        "新生儿出生一件事",
        taken.applicant,
        ACCEPTED_AT,
        (_member(taken), _member(told)),
        promised_date=taken.promised_date,
    )


def bundle_transfers(items: Sequence[Item]) -> TransferSet:
    """Two back offices, one 材料流转单 each."""
    one = transfer(items)
    other = replace(
        one,
        transfer_no=one.entries[1].case_no,
        receiver_unit="县医疗保障局",
        entries=one.entries[1:2],
    )
    return TransferSet(HEADER, (replace(one, entries=one.entries[:1]), other))


def pickup(items: Sequence[Item]) -> PickupSlip:
    c = acceptance(items)
    return PickupSlip(
        case_no=c.case_no,
        header=HEADER,
        item_name=c.item_name,
        applicant=c.applicant,
        result="高龄津贴审批决定书",
        result_copies=1,
        collector=AGENT,
        collector_role="agent",
        collected_at=datetime(2026, 12, 18, 14, 5),
    )


def guide(items: Sequence[Item], chosen: Sequence[str] | None = None) -> GuideSlip:
    from app.core.catalog_format import load_item

    return guide_from_item(
        load_item(dict(item_by_code(items, "LOCAL-0024"))),
        HEADER,
        datetime(2026, 11, 23, 10, 15),
        chosen=chosen,
        catalog_version="2026-11-23",
    )


# The demo catalog's 居住证申领 (DEMO-0036): 就业证明 and 住所证明 replaced by 告知承诺.
_PROMISE_CONSEQUENCES = (
    "本人知晓：承诺不实的，行政机关将依法终止办理或者撤销已作出的决定，本人依法承担相应的"
    "法律责任，不实承诺将记入本人信用记录。"
)
PROMISED = (
    PromisedMaterial(
        "就业证明（劳动合同、单位就业证明或营业执照）",
        "本人承诺：本人在本县合法稳定就业，就业单位及起始时间如申请表所填。以上情况真实、准确、"
        "完整，本人愿意配合有关部门核查。",
        _PROMISE_CONSEQUENCES,
        "公安机关通过社保参保信息或向用人单位核实",
        10,
    ),
    PromisedMaterial(
        "住所证明（不动产权证书或房屋租赁合同）",
        "本人承诺：本人在本县有合法稳定住所，地址如申请表所填。以上情况真实、准确、完整，"
        "本人愿意配合有关部门核查。",
        _PROMISE_CONSEQUENCES,
        "公安机关通过不动产登记信息或实地走访核实",
        10,
    ),
)


def promise() -> PromiseSlip:
    case = CaseSlip(
        case_no=case_no(36),
        header=HEADER,
        item_code="DEMO-0036",
        item_name="居住证申领（含签注、换领、补领）",
        applicant=APPLICANT,
        accepted_at=ACCEPTED_AT,
        outcome="accepted",
        agent=AGENT,
        department="县公安局（居住地公安派出所）",
        situation=("首次申领", "合法稳定就业", "合法稳定住所"),
        catalog_version="2026-11-23",
    )
    return PromiseSlip(case, PROMISED, check_due=date(2026, 12, 7))


def all_slips(items: Sequence[Item]) -> dict[str, Any]:
    """One realistic slip per document name."""
    tol = tolerance(items)
    return {
        "acceptance": acceptance(items),
        "correction": correction(items),
        "tolerance": tol,
        "commitment": tol,
        "refusal": refusal(items),
        "transfer": transfer(items),
        "pickup": pickup(items),
        "guide": guide(items),
        "promise": promise(),
        "bundle": bundle(items),
        "bundletransfer": bundle_transfers(items),
    }


def demo_seal(path: str, text: str = "示例市东湖区东湖街道便民服务中心", size: int = 480) -> str:
    """Draw a made-up red round seal (PNG with transparency) for e-seal demonstrations."""
    import math

    from PIL import Image, ImageDraw, ImageFont

    from app.printing.fonts import FONTS_DIR

    red = (210, 20, 20, 255)
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    c = size / 2
    ring = size * 0.03
    draw.ellipse((ring, ring, size - ring, size - ring), outline=red, width=int(ring))
    star = [
        (
            c + size * (0.17 if i % 2 == 0 else 0.068) * math.sin(math.pi * i / 5),
            c - size * (0.17 if i % 2 == 0 else 0.068) * math.cos(math.pi * i / 5),
        )
        for i in range(10)
    ]
    draw.polygon(star, fill=red)
    font = ImageFont.truetype(str(FONTS_DIR / "CounterSansSC-Regular.ttf"), int(size * 0.085))
    span = 240.0  # degrees of the arc the name takes, centred on the top
    for i, ch in enumerate(text):
        angle = -span / 2 + span * (i + 0.5) / len(text)
        glyph = Image.new("RGBA", (int(size * 0.12), int(size * 0.12)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (glyph.width / 2, glyph.height / 2), ch, font=font, fill=red, anchor="mm"
        )
        glyph = glyph.rotate(-angle, resample=Image.Resampling.BICUBIC)
        r = size * 0.36
        x = c + r * math.sin(math.radians(angle)) - glyph.width / 2
        y = c - r * math.cos(math.radians(angle)) - glyph.height / 2
        img.alpha_composite(glyph, (int(x), int(y)))
    label = "业务专用章"
    draw.text((c, c + size * 0.27), label, font=font, fill=red, anchor="mm")
    img.save(path)
    return path
