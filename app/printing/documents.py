"""The content of each slip, written once for both layouts through ``Kit``.

Each builder takes its data and a kit and returns the sheets to print. A sheet is one
stand-alone paper (a copy, a commitment): it starts on a new page, carries the barcode, and
on the roll becomes one receipt of its own length.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reportlab.platypus import Flowable, KeepTogether

from app.core.catalog import Material
from app.core.errors import CounterError
from app.printing.kit import (
    Cell,
    Kit,
    SignLine,
    cn_date,
    cn_datetime,
    copies_text,
    form_text,
    mask_id,
)
from app.printing.model import (
    BundleMemberLine,
    BundleSlip,
    CaseSlip,
    GuideSlip,
    MaterialLine,
    PickupSlip,
    SlipParty,
    TransferSet,
    TransferSlip,
)


@dataclass(slots=True)
class Sheet:
    title: str  # repeated in the running header of continuation pages
    code: str | None  # barcode value, on the sheet and on each continuation page
    story: list[Flowable] = field(default_factory=list)


# -- shared wording ---------------------------------------------------------------------------
def _you(p: SlipParty) -> str:
    return "你单位" if p.kind == "organisation" else "你"


def _days(days: int | None) -> str:
    if days is None:
        return ""
    return "即办（当场办结）" if days == 0 else f"{days}个工作日"


def _application(item_name: str) -> str:
    """“…”申请, without doubling an item name that already ends in 申请, before a closing
    note in brackets too (“高龄津贴申请（低收入高龄老人）”)."""
    base = re.sub(r"[（(][^（）()]*[）)]$", "", item_name.strip())
    return f"“{item_name}”" if base.endswith("申请") else f"“{item_name}”申请"


def _sentence(text: str) -> str:
    """A clause the clerk typed, trimmed so it fits inside our own sentence."""
    return text.strip().rstrip("。；;.， ,")


def _require(ok: object, code: str, message: str, path: str) -> None:
    if not ok:
        raise CounterError(code, message, path=path)


def _expect_outcome(c: CaseSlip, outcome: str, doc: str) -> None:
    _require(
        c.outcome == outcome,
        "print.wrong_outcome",
        f"办件编号 {c.case_no} 的结果是 {c.outcome}，不能打印{doc}",
        "outcome",
    )


def _basis(kit: Kit, c: CaseSlip, licence_basis: str) -> str:
    """The legal basis by the item's kind: 《行政许可法》 only for a 行政许可."""
    return licence_basis if c.licence else kit.settings.service_basis


def _provisional(c: CaseSlip) -> str:
    """The caveat of a promised date counted without the State Council's schedule of its year."""
    if not (c.promised_provisional and c.promised_date):
        return ""
    return f"（暂定，以国务院公布的{c.promised_date.year}年节假日安排为准）"


def _case_rows(
    kit: Kit, c: CaseSlip, decided: bool = False, full_id: bool = False
) -> list[tuple[str, str]]:
    """Item and parties; for an accepted case also the time limits (one table, one page).
    ``full_id``: the window's archive copy, which shows identity numbers in full."""
    rows = [("事项名称", c.item_name), ("事项编码", c.item_code)]
    if c.department:
        rows.append(("实施部门", c.department))
    if c.situation:
        rows.append(("办理情形", "；".join(c.situation)))
    rows += kit.party_rows(c.applicant, "申请人", full=full_id)
    if c.agent:
        rows += kit.party_rows(c.agent, "代办人", full=full_id)
    if c.note:
        rows.append(("备注", c.note))
    if not decided:
        rows.append(("申请时间", cn_datetime(c.accepted_at)))
        return rows
    rows.append(("受理时间", cn_datetime(c.accepted_at)))
    if c.promised_days is not None:
        rows.append(("承诺办结时限", _days(c.promised_days)))
    if c.promised_date and c.promised_days != 0:
        rows.append(("预计办结日期", f"{cn_date(c.promised_date)}前{_provisional(c)}"))
    if c.legal_days is not None:
        rows.append(("法定办结时限", _days(c.legal_days)))
    if c.result:
        rows.append(("办理结果", c.result))
    if c.fee:
        rows.append(("收费", c.fee))
    return rows


_WIDE = ("事项名称", "实施部门", "办理情形", "办理结果", "移交单位", "接收单位", "备注")


def _promise_sentence(c: CaseSlip) -> str:
    if c.promised_days == 0:
        return "本事项为即办件，当场办结。"
    if c.promised_days and c.promised_date:
        return (
            f"承诺在{c.promised_days}个工作日内（{cn_date(c.promised_date)}前）办结"
            f"{_provisional(c)}。"
        )
    if c.promised_days:
        return f"承诺在{c.promised_days}个工作日内办结。"
    return ""


def _materials_table(kit: Kit, lines: Sequence[MaterialLine]) -> Flowable:
    """Materials received: name, form, copies."""
    if kit.roll:
        rows: list[list[Cell]] = [
            [str(i), f"{m.name}（{m.form}）" if m.form else m.name, copies_text(m)]
            for i, m in enumerate(lines, 1)
        ]
        return kit.grid(
            ["序号", "材料名称（形式）", "份数"], rows, [1.1, 7, 1.6], center_cols=(0, 2)
        )
    rows = [[str(i), m.name, form_text(m.form), copies_text(m)] for i, m in enumerate(lines, 1)]
    return kit.grid(
        ["序号", "材料名称", "材料形式", "份数"], rows, [1, 10, 3.4, 1.4], center_cols=(0, 2, 3)
    )


def _problem(m: MaterialLine) -> str:
    return "缺少" if m.verdict == "missing" else "不符合要求"


def _what_to_bring(m: MaterialLine) -> str:
    """The requirement as the applicant needs it: form, copies and the checklist's standard."""
    return "；".join(x for x in (m.form, f"{m.copies}份" if m.copies else "", m.requirement) if x)


def _received_summary(kit: Kit, lines: Sequence[MaterialLine]) -> Flowable:
    """A compact list of what already passed (the one-time notice is about what did not)."""
    names = "；".join(f"{i}. {m.name}" for i, m in enumerate(lines, 1))
    return kit.text(names, size=kit.g.table)


def _problems_table(kit: Kit, lines: Sequence[MaterialLine]) -> Flowable:
    """EVERY outstanding material with its requirement and why it was not accepted."""
    if kit.roll:
        rows: list[list[Cell]] = [
            [
                str(i),
                kit.block(
                    [
                        m.name,
                        f"问题：{_problem(m)}",
                        f"要求：{_what_to_bring(m)}" if _what_to_bring(m) else "",
                        f"问题说明：{m.reason}" if m.reason else "",
                    ],
                    bold_first=True,
                ),
            ]
            for i, m in enumerate(lines, 1)
        ]
        return kit.grid(["序号", "需补正的材料"], rows, [1.1, 8.6], center_cols=(0,))
    rows = [
        [str(i), m.name, _problem(m), _what_to_bring(m) or "—", m.reason or "—"]
        for i, m in enumerate(lines, 1)
    ]
    return kit.grid(
        ["序号", "材料名称", "问题", "要求", "问题说明"],
        rows,
        [0.9, 4.2, 2.1, 4.4, 4],
        center_cols=(0, 2),
    )


def _tolerated_table(kit: Kit, lines: Sequence[MaterialLine]) -> Flowable:
    if kit.roll:
        rows: list[list[Cell]] = [
            [
                str(i),
                kit.block(
                    [m.name, f"要求：{_what_to_bring(m)}" if _what_to_bring(m) else ""],
                    bold_first=True,
                ),
            ]
            for i, m in enumerate(lines, 1)
        ]
        return kit.grid(["序号", "容缺材料"], rows, [1.1, 8.6], center_cols=(0,))
    rows = [[str(i), m.name, _what_to_bring(m) or "—"] for i, m in enumerate(lines, 1)]
    return kit.grid(["序号", "材料名称", "要求"], rows, [0.9, 6.5, 8.2], center_cols=(0,))


def _closing(kit: Kit, c: CaseSlip, tip: str = "") -> list[Flowable]:
    """Contact, signatures and seal on one page: a signature page never stands alone."""
    lead = [*kit.contact(c.header, c.case_no), *([kit.small(tip)] if tip else [])]
    if c.return_code:  # the slip asks the applicant to come back: any window continues it
        lead += kit.return_qr(c.return_code)
    return [
        kit.closing(
            [
                kit.sign("窗口工作人员", date_line=False, name=c.header.clerk_name),
                kit.sign("申请人（签收）"),
            ],
            kit.seal(c.header, c.accepted_at.date()),
            lead=lead,
        )
    ]


def _heading(kit: Kit, c: CaseSlip, title: str, subtitle: str | None = None) -> list[Flowable]:
    version = f"清单版本：{c.catalog_version}" if c.catalog_version else None
    return kit.heading(c.header, title, c.case_no, subtitle=subtitle, note=version)


# -- 受理通知书 -------------------------------------------------------------------------------
def acceptance(c: CaseSlip, kit: Kit) -> list[Sheet]:
    _expect_outcome(c, "accepted", "受理通知书")
    s = kit.settings
    story: list[Flowable] = [
        *_heading(kit, c, "受理通知书"),
        kit.text(f"{c.applicant.name}：", after=2),
        kit.para(
            f"{_you(c.applicant)}于{cn_datetime(c.accepted_at)}提交的{_application(c.item_name)}，"
            f"申请材料齐全、符合法定形式。根据{_basis(kit, c, s.acceptance_basis)}的规定，"
            "决定予以受理。" + _promise_sentence(c)
        ),
        kit.section("一、申请信息"),
        kit.fields(_case_rows(kit, c, decided=True), wide=_WIDE),
        kit.section("二、已收取的申请材料"),
        _materials_table(kit, c.received) if c.received else kit.text("（无纸质材料）"),
        *_closing(kit, c, "温馨提示：请妥善保管本通知书，领取办理结果时请携带本通知书和身份证件。"),
    ]
    return [Sheet("受理通知书", c.case_no, story)]


# -- 一次性告知书 -----------------------------------------------------------------------------
def correction(c: CaseSlip, kit: Kit) -> list[Sheet]:
    _expect_outcome(c, "correction", "一次性告知书")
    problems = c.outstanding
    _require(
        problems, "print.no_corrections", "一次性告知书至少要列出一项需补正的材料", "materials"
    )
    s = kit.settings
    deadline = f"请于{cn_date(c.supplement_deadline)}前补正。" if c.supplement_deadline else ""
    story: list[Flowable] = [
        *_heading(kit, c, "一次性告知书", "（补正材料通知书）"),
        kit.text(f"{c.applicant.name}：", after=2),
        kit.para(
            f"{_you(c.applicant)}于{cn_datetime(c.accepted_at)}提交的{_application(c.item_name)}，"
            "经审查，申请材料不齐全或者不符合法定形式。"
            f"根据{_basis(kit, c, s.correction_basis)}的规定，"
            f"现将需要补正的全部内容一次性告知如下，请按要求补正后重新提交。{deadline}"
        ),
        kit.section("一、申请信息"),
        kit.fields(_case_rows(kit, c), wide=_WIDE),
        kit.section(f"二、需要补正的材料（共{len(problems)}项）"),
        _problems_table(kit, problems),
    ]
    if c.received:
        story += [
            kit.section(f"三、已核验符合要求的材料（共{len(c.received)}项）"),
            _received_summary(kit, c.received),
        ]
    story += [
        *_closing(
            kit,
            c,
            "以上为需要补正的全部内容。补齐后请携带本告知书到窗口办理，"
            "窗口扫描本告知书上的条码即可调取本次申请。",
        ),
    ]
    return [Sheet("一次性告知书", c.case_no, story)]


# -- 容缺受理通知书 + 承诺书 ------------------------------------------------------------------
# Which copy a sheet is, printed under its title. The applicant's copy masks identity numbers;
# the window's archive copy and the commitment the applicant signs (kept by the window) do not.
COPY_APPLICANT = "（申请人留存联）"
COPY_ARCHIVE = "（窗口存档联）"


def _tolerated(c: CaseSlip) -> tuple[MaterialLine, ...]:
    gaps = c.outstanding
    _require(gaps, "print.no_tolerated", "容缺受理通知书至少要列出一项容缺材料", "materials")
    untolerable = [m.name for m in gaps if not m.tolerable]
    _require(
        not untolerable,
        "print.not_tolerable",
        f"以下材料不是容缺材料，不能容缺受理：{'、'.join(untolerable)}",
        "materials",
    )
    _require(
        c.supplement_deadline,
        "print.no_deadline",
        "容缺受理必须写明补交期限",
        "supplement_deadline",
    )
    _require(
        not (c.promised_date and c.supplement_deadline and c.supplement_deadline > c.promised_date),
        "print.deadline_after_promise",
        f"补交期限 {cn_date(c.supplement_deadline)} 晚于承诺办结日期 {cn_date(c.promised_date)}",
        "supplement_deadline",
    )
    return gaps


def _method(c: CaseSlip) -> str:
    """How to supply, as it reads before our own 补交: “到本窗口”, “携带本通知书到本窗口”, never
    “到本窗口补交补交” when the clerk (or the service) already wrote the verb."""
    method = _sentence(c.supplement_method or "")
    for verb in ("补交", "提交", "补齐"):
        method = method.removesuffix(verb)
    return method or "到本窗口"


def _tolerance_copy(
    c: CaseSlip, kit: Kit, copy: str, gaps: Sequence[MaterialLine], archive: bool
) -> Sheet:
    s = kit.settings
    deadline = cn_date(c.supplement_deadline)
    story: list[Flowable] = [
        *_heading(kit, c, "容缺受理通知书", copy),
        kit.text(f"{c.applicant.name}：", after=2),
        kit.para(
            f"{_you(c.applicant)}于{cn_datetime(c.accepted_at)}提交的{_application(c.item_name)}，"
            "基本条件具备，主要申请材料齐全且符合法定形式，所缺材料属于容缺材料，"
            f"{_you(c.applicant)}已签署《容缺受理承诺书》。经审查，决定予以容缺受理。"
            + _promise_sentence(c)
        ),
        kit.para(
            f"请于{deadline}前{_method(c)}补交下列全部材料。{_sentence(s.tolerance_consequence)}。"
        ),
        kit.section("一、申请信息"),
        kit.fields(_case_rows(kit, c, decided=True, full_id=archive), wide=_WIDE),
        kit.section(f"二、容缺材料（共{len(gaps)}项，须于{deadline}前补交）"),
        _tolerated_table(kit, gaps),
    ]
    if c.received:
        story += [kit.section("三、已收取的申请材料"), _materials_table(kit, c.received)]
    story += _closing(kit, c)
    return Sheet(f"容缺受理通知书{copy}", c.case_no, story)


def _commitment_sheet(c: CaseSlip, kit: Kit, gaps: Sequence[MaterialLine]) -> Sheet:
    s = kit.settings
    a = c.applicant
    org = a.kind == "organisation"
    who = "本单位" if org else "本人"
    # Signed by the applicant and kept by the window: the number in full, as on the archive copy.
    ident = f"（{a.id_type}：{a.id_number}）" if a.id_number else ""
    story: list[Flowable] = [
        *_heading(kit, c, "容缺受理承诺书", COPY_ARCHIVE),
        kit.text(f"{s.organ_name or c.header.centre_name}：", after=2),
        kit.para(
            f"{who}{a.name}{ident}申请办理“{c.item_name}”（办件编号：{c.case_no}"
            + (f"；“{c.bundle_name}”中的事项" if c.bundle_name else "")
            + "），因下列材料暂缺，申请容缺受理，现郑重承诺："
        ),
        kit.para(
            f"一、在{cn_date(c.supplement_deadline)}前{_method(c)}补交下列全部材料，"
            "并保证补交的材料真实、合法、有效，与已提交的材料内容一致。"
        ),
        kit.para(f"二、已知晓并同意：{_sentence(s.tolerance_consequence)}。"),
        kit.para(f"三、{who}对所提交申请材料的真实性负责，本承诺书是{who}的真实意思表示。"),
    ]
    if c.promises:
        # The catalog's own promise of each material the applicant promised (容缺 kind): what
        # the county's template says is promised, as the 告知承诺书 prints it.
        story.append(kit.para(f"四、{who}就下列材料另作承诺如下："))
        for i, m in enumerate(c.promises, 1):
            story += [kit.section(f"{i}. 承诺补交：{m.name}"), kit.para(m.text)]
            if m.consequences:
                story.append(kit.para(m.consequences))
    story += [kit.section(f"容缺材料（共{len(gaps)}项）"), _tolerated_table(kit, gaps)]
    story.append(kit.closing(promise_signs(kit, c), None))
    return Sheet("容缺受理承诺书", c.case_no, story)


def promise_signs(kit: Kit, c: CaseSlip) -> list[SignLine]:
    """Who signs a promise (容缺 or 告知承诺): the applicant (and an organisation's legal
    representative), the agent who came, and the clerk who took it."""
    org = c.applicant.kind == "organisation"
    signs = [kit.sign(f"承诺人（{'盖章' if org else '签字'}）")]
    if org:
        signs.append(kit.sign("法定代表人（签字）"))
    if c.agent:
        signs.append(kit.sign(f"代办人{c.agent.name}（签字）"))
    signs.append(kit.sign("窗口工作人员", date_line=False, name=c.header.clerk_name))
    return signs


def tolerance(c: CaseSlip, kit: Kit) -> list[Sheet]:
    """Two copies of the notice (applicant, archive) and the commitment, in one print job:
    the applicant signs the commitment at the same moment, so none of the three is forgotten."""
    _expect_outcome(c, "tolerated", "容缺受理通知书")
    gaps = _tolerated(c)
    return [
        _tolerance_copy(c, kit, f"（第一联　{COPY_APPLICANT[1:-1]}）", gaps, archive=False),
        _tolerance_copy(c, kit, f"（第二联　{COPY_ARCHIVE[1:-1]}）", gaps, archive=True),
        _commitment_sheet(c, kit, gaps),
    ]


def commitment(c: CaseSlip, kit: Kit) -> list[Sheet]:
    """The commitment alone, to reprint a spoiled or lost one."""
    _expect_outcome(c, "tolerated", "容缺受理承诺书")
    return [_commitment_sheet(c, kit, _tolerated(c))]


# -- 不予受理通知书 ---------------------------------------------------------------------------
def refusal(c: CaseSlip, kit: Kit) -> list[Sheet]:
    _expect_outcome(c, "refused", "不予受理通知书")
    _require(
        c.refusal_reason and c.refusal_reason.strip(),
        "print.no_reason",
        "不予受理通知书必须写明理由",
        "refusal_reason",
    )
    s = kit.settings
    _require(
        s.reconsideration_body and s.litigation_court,
        "print.settings_missing",
        "请先在打印设置中填写行政复议机关和行政诉讼的人民法院",
        "settings",
    )
    basis = c.refusal_basis or _basis(kit, c, s.refusal_basis)
    refer = f"请向{_sentence(c.refer_to)}申请办理。" if c.refer_to else ""
    story: list[Flowable] = [
        *_heading(kit, c, "不予受理通知书"),
        kit.text(f"{c.applicant.name}：", after=2),
        kit.para(
            f"{_you(c.applicant)}于{cn_datetime(c.accepted_at)}提出的{_application(c.item_name)}，"
            f"经审查，{_sentence(c.refusal_reason or '')}。根据{basis}的规定，决定不予受理。{refer}"
        ),
        kit.para(
            f"如对本决定不服，可以自收到本通知书之日起{s.reconsideration_limit}内向"
            f"{s.reconsideration_body}申请行政复议，或者自收到本通知书之日起"
            f"{s.litigation_limit}内依法向{s.litigation_court}提起行政诉讼。"
        ),
        kit.section("一、申请信息"),
        kit.fields(_case_rows(kit, c), wide=_WIDE),
    ]
    # Returned: what the applicant handed over (accepted or not), never what was never brought.
    returned = [m for m in c.materials if m.verdict != "missing"]
    if returned:
        story += [kit.section("二、退回的申请材料"), _materials_table(kit, returned)]
    story += _closing(kit, c)
    return [Sheet("不予受理通知书", c.case_no, story)]


# -- 材料流转单 -------------------------------------------------------------------------------
def transfer(t: TransferSlip, kit: Kit) -> list[Sheet]:
    _require(t.entries, "print.empty_transfer", "流转单没有任何案件", "entries")
    total = sum(e.copies for e in t.entries)
    h = t.header
    story: list[Flowable] = [
        *kit.heading(h, "材料流转单", t.transfer_no, code_label="流转单号"),
        kit.fields(
            [
                ("移交单位", f"{h.centre_name} {h.window_name}"),
                ("接收单位", t.receiver_unit),
                ("移交时间", cn_datetime(t.created_at)),
                ("合计", f"{len(t.entries)}件，材料{total}份"),
            ],
            wide=_WIDE,
        ),
        kit.section("流转明细"),
    ]

    def mat(m: MaterialLine) -> str:
        form = f"（{m.form}）" if m.form else ""
        return f"{m.name}{form}×{m.copies or 1}"

    if kit.roll:
        rows: list[list[Cell]] = [
            [
                str(i),
                kit.block(
                    [
                        e.case_no,
                        e.item_name,
                        f"申请人：{e.applicant_name}",
                        *(f"· {mat(m)}" for m in e.materials),
                        f"备注：{e.note}" if e.note else "",
                    ]
                ),
                str(e.copies),
            ]
            for i, e in enumerate(t.entries, 1)
        ]
        story.append(
            kit.grid(["序号", "案件与材料", "份数"], rows, [1.1, 7.2, 1.4], center_cols=(0, 2))
        )
    else:
        rows = [
            [
                str(i),
                e.case_no,
                e.item_name,
                e.applicant_name,
                kit.block([mat(m) for m in e.materials] + ([f"备注：{e.note}"] if e.note else [])),
                str(e.copies),
            ]
            for i, e in enumerate(t.entries, 1)
        ]
        story.append(
            kit.grid(
                ["序号", "办件编号", "事项名称", "申请人", "材料（形式×份数）", "份数"],
                rows,
                [1.1, 3.6, 3.2, 1.8, 5.2, 1.1],
                center_cols=(0, 5),
            )
        )
    story += [
        kit.text(f"合计：{len(t.entries)}件，材料{total}份", size=kit.g.table, align="right"),
        kit.gap(0.5),
        kit.small("接收人当面清点，核对无误后签字；如有缺漏，请在本单上注明并当场告知移交人。"),
        kit.closing(
            [
                kit.sign("移交人（窗口）", name=h.clerk_name),
                kit.sign("接收人（后台）", name=t.receiver_name or ""),
            ],
            None,
        ),
    ]
    return [Sheet("材料流转单", t.transfer_no, story)]


# -- 一件事办理告知单 ---------------------------------------------------------------------------
BUNDLE_OUTCOME = {
    "accepted": "受理",
    "tolerated": "容缺受理",
    "correction": "一次性告知",
    "refused": "不予受理",
}


def _member_promise(m: BundleMemberLine) -> str:
    """When an accepted member is done; a member not accepted has no promise yet."""
    if m.outcome not in ("accepted", "tolerated"):
        return "未受理，暂不计时"
    if m.promised_days == 0:
        return "即办（当场办结）"
    if m.promised_date:
        late = "（暂定）" if m.promised_provisional else ""
        return f"{cn_date(m.promised_date)}前{late}"
    return _days(m.promised_days) or "—"


# The rows of a member's signed promises: each names the letter the applicant signed for it.
PROMISE_ROWS = ("以承诺代替", "承诺补交")


def _member_promises(m: BundleMemberLine) -> list[tuple[str, str]]:
    """What the applicant signed for this member: the materials a 告知承诺 replaced (with the
    date they are checked by) and those a 容缺 promise will bring, each with its letter's name."""
    rows = []
    if m.promised:
        due = f"，{cn_date(m.check_due)}前核查" if m.check_due else ""
        rows.append(
            (PROMISE_ROWS[0], f"{'、'.join(m.promised)}（已签《证明事项告知承诺书》{due}）")
        )
    if m.tolerance_promised:
        names = "、".join(m.tolerance_promised)
        rows.append((PROMISE_ROWS[1], f"{names}（已签《容缺受理承诺书》）"))
    return rows


def _member_block(kit: Kit, i: int, m: BundleMemberLine) -> list[Flowable]:
    """One member: its case, outcome and promise, its barcode, and every gap with its reason."""
    rows = [("办件编号", m.case_no), ("办理结果", BUNDLE_OUTCOME[m.outcome])]
    if m.department:
        rows.append(("实施部门", m.department))
    rows.append(("预计办结", _member_promise(m)))
    if m.supplement_deadline and m.outcome in ("tolerated", "correction"):
        verb = "补交" if m.outcome == "tolerated" else "补正"
        rows.append((f"{verb}期限", f"{cn_date(m.supplement_deadline)}前"))
    if m.outcome == "refused" and m.refusal_reason:
        rows.append(("不予受理理由", m.refusal_reason))
    rows += _member_promises(m)
    box = kit.width if kit.roll else kit.a4_barcode_width(m.case_no)
    out: list[Flowable] = [
        kit.text(f"{i}. {m.item_name}", bold=True, after=2),
        kit.fields(rows, wide=(*_WIDE, "不予受理理由", *PROMISE_ROWS)),
        kit.barcode(m.case_no, box, align="center" if kit.roll else "left"),
    ]
    if m.gaps:
        what = "容缺材料（后补）" if m.outcome == "tolerated" else "需要补正的材料"
        out += [
            kit.gap(0.5),
            kit.text(f"{what}（共{len(m.gaps)}项）：", bold=True, after=2),
            _problems_table(kit, m.gaps),
        ]
    # A member is read as one: its case, outcome and gaps never split over two pages.
    return [KeepTogether(out)]


def bundle(b: BundleSlip, kit: Kit) -> list[Sheet]:
    _require(b.members, "print.empty_bundle", "一件事告知单没有任何办件", "members")
    first = b.members[0].case_no
    taken = [m for m in b.members if m.outcome in ("accepted", "tolerated")]
    not_taken = [m for m in b.members if m not in taken]
    counts = "、".join(
        f"{label}{n}项"
        for key, label in BUNDLE_OUTCOME.items()
        if (n := sum(m.outcome == key for m in b.members))
    )
    verdict = f"本次共办理{len(b.members)}个事项：{counts}。"
    if taken and not_taken:
        verdict += (
            f"其中“{'”“'.join(m.item_name for m in not_taken)}”尚未受理，"
            "请按下列告知内容补正后再来办理；已受理的事项照常办理。"
        )
    elif not taken:
        verdict += "各事项均未受理，请按下列告知内容补正后再来办理。"
    signed = [m for m in b.members if m.promised or m.tolerance_promised]
    if signed:
        verdict += (
            f"“{'”“'.join(m.item_name for m in signed)}”的部分材料以书面承诺代替或后补，"
            "各事项的承诺书分别列明所承诺的内容，请逐份阅读后签字。"
        )
    rows = [("一件事", b.bundle_name), ("一件事编码", b.bundle_code)]
    rows += kit.party_rows(b.applicant, "申请人")
    if b.agent:
        rows += kit.party_rows(b.agent, "代办人")
    rows.append(("办理时间", cn_datetime(b.accepted_at)))
    if b.promised_date and taken:
        rows.append(("联办承诺办结", f"{cn_date(b.promised_date)}前（已受理事项一并办结）"))
    overview: list[list[Cell]] = [
        [str(i), m.item_name, BUNDLE_OUTCOME[m.outcome], m.case_no]
        for i, m in enumerate(b.members, 1)
    ]
    version = f"清单版本：{b.catalog_version}" if b.catalog_version else None
    story: list[Flowable] = [
        *kit.heading(
            b.header, "一件事办理告知单", first, subtitle=f"（{b.bundle_name}）", note=version
        ),
        kit.text(f"{b.applicant.name}：", after=2),
        kit.para(
            f"{_you(b.applicant)}于{cn_datetime(b.accepted_at)}申请办理“{b.bundle_name}”，"
            f"材料一次提交、各事项分别受理。{verdict}"
        ),
        kit.section("一、申请信息"),
        kit.fields(rows, wide=(*_WIDE, "一件事", "联办承诺办结")),
        kit.section("二、各事项办理结果"),
        kit.grid(
            ["序号", "事项名称", "办理结果", "办件编号"],
            overview,
            [1.1, 5.6, 2.6, 4.2] if kit.roll else [1, 7, 3, 5],
            center_cols=(0, 2),
        ),
        kit.section("三、各事项明细"),
    ]
    for i, m in enumerate(b.members, 1):
        story += _member_block(kit, i, m)
        story.append(kit.gap(0.5))
    story.append(
        kit.closing(
            [
                kit.sign("窗口工作人员", date_line=False, name=b.header.clerk_name),
                kit.sign("申请人（签收）"),
            ],
            kit.seal(b.header, b.accepted_at.date()),
            lead=[
                *kit.contact(b.header, first),
                kit.small(
                    "温馨提示：每个事项有自己的办件编号，查询、补正和领取结果时请出示对应条码；"
                    "本告知单与各事项的通知书"
                    + ("、告知承诺书（申请人留存联）" if any(m.promised for m in signed) else "")
                    + "一并保管。"
                ),
            ],
        )
    )
    return [Sheet("一件事办理告知单", first, story)]


def transfers(t: TransferSet, kit: Kit) -> list[Sheet]:
    """One 材料流转单 per back office, each its own sheet (on the roll its own receipt)."""
    _require(t.slips, "print.empty_transfer", "流转单没有任何案件", "slips")
    return [sheet for slip in t.slips for sheet in transfer(slip, kit)]


# -- 结果领取凭证 -----------------------------------------------------------------------------
def pickup(p: PickupSlip, kit: Kit) -> list[Sheet]:
    role = "申请人本人" if p.collector_role == "applicant" else "代领人"
    rows = [("事项名称", p.item_name), ("办件编号", p.case_no)]
    rows += kit.party_rows(p.applicant, "申请人")
    rows += [("办理结果", p.result)]
    if p.result_copies:
        rows.append(("领取份数", f"{p.result_copies}份"))
    rows += [("领取人", f"{p.collector.name}（{role}）")]
    if p.collector.id_number:
        rows.append(("领取人证件", f"{p.collector.id_type} {mask_id(p.collector.id_number)}"))
    rows += [("领取时间", cn_datetime(p.collected_at)), ("发放人", p.header.clerk_name)]
    if p.note:
        rows.append(("备注", p.note))
    story: list[Flowable] = [
        *kit.heading(p.header, "结果领取凭证", p.case_no),
        kit.fields(rows, wide=(*_WIDE, "领取人", "备注")),
        kit.gap(),
        kit.para(f"本人已于{cn_datetime(p.collected_at)}领取上述办理结果，当场核对无误。"),
        *[kit.small(line) for line in kit.contact_lines(p.header, p.case_no)],
        kit.closing(
            [
                kit.sign("领取人（签字）"),
                kit.sign("发放人", date_line=False, name=p.header.clerk_name),
            ],
            None,
        ),
    ]
    return [Sheet("结果领取凭证", p.case_no, story)]


# -- 办事指南 ---------------------------------------------------------------------------------
def _situations(m: Material, names: dict[str, str]) -> str:
    if m.when is None:
        return "所有情形"
    return "；或".join("且".join(names.get(o, o) for o in group) for group in m.when)


def guide(gs: GuideSlip, kit: Kit) -> list[Sheet]:
    it = gs.item
    names = {o.id: o.text for q in it.questions for o in q.options}
    rows = [("事项编码", it.code)]
    for label, value in (
        ("实施主体", it.department),
        ("事项类型", it.item_type),
        ("法定办结时限", _days(it.legal_days)),
        ("承诺办结时限", _days(it.promised_days)),
        ("收费", it.fee),
        ("办理结果", it.result),
    ):
        if value:
            rows.append((label, value))
    # Whom to ask and where to complain go in the table at the top: a closing section of its
    # own would often be all that reaches a last page.
    contact = [
        (label, value)
        for label, _, value in (line.partition("：") for line in kit.contact_lines(gs.header))
    ]
    rows += sorted(contact, key=lambda r: r[0] == "网上查询")  # the two phones share a row
    if it.source_url:
        rows.append(("信息来源", it.source_url))
    version = f"　清单版本：{gs.catalog_version}" if gs.catalog_version else ""
    story: list[Flowable] = [
        *kit.heading(
            gs.header, "办事指南", None, note=f"打印时间：{cn_datetime(gs.printed_at)}{version}"
        ),
        kit.text(it.name, size=kit.g.body + 2, align="center", bold=True, after=kit.g.gap / 2),
        kit.small("本指南供咨询参考，办理时以窗口审核意见为准。", align="center"),
        kit.gap(0.5),
        kit.fields(rows, wide=(*_WIDE, "实施主体", "网上查询", "信息来源")),
    ]
    n = iter("一二三四五六七八九")
    if it.conditions:
        story += [kit.section(f"{next(n)}、受理条件"), kit.para(it.conditions)]
    if it.questions:
        story.append(kit.section(f"{next(n)}、办理情形"))
        for q in it.questions:
            opts = [o for o in q.options if gs.chosen is None or o.id in gs.chosen]
            story.append(
                kit.text(
                    f"{q.text}{'（您的情形）' if gs.chosen is not None else ''}：",
                    size=kit.g.table,
                    bold=True,
                )
            )
            for o in opts:
                hint = f"：{o.hint}" if o.hint else ""
                story.append(kit.text(f"· {o.text}{hint}", size=kit.g.table))
    materials = [m for m in it.materials if gs.chosen is None or m.applies(gs.chosen)]
    story.append(kit.section(f"{next(n)}、申请材料（共{len(materials)}项）"))
    story.append(_guide_materials(kit, materials, names, show_when=gs.chosen is None))
    if it.steps:
        story.append(kit.section(f"{next(n)}、办理流程"))
        story += [kit.text(f"{i}. {step}", size=kit.g.table) for i, step in enumerate(it.steps, 1)]
    if gs.notes:
        story.append(kit.section(f"{next(n)}、温馨提示"))
        story += kit.bullets(gs.notes)
    return [Sheet("办事指南", None, story)]


def _guide_materials(
    kit: Kit, materials: Sequence[Material], names: dict[str, str], show_when: bool
) -> Flowable:
    def form(m: Material) -> str:
        f = m.form or m.form_text or ""
        return f"{f} {m.copies}份".strip() if m.copies else f

    def standard(m: Material) -> str:
        return "；".join(x for x in (m.requirements, f"来源：{m.source}" if m.source else "") if x)

    if kit.roll:
        rows: list[list[Cell]] = [
            [
                str(i),
                kit.block(
                    [
                        m.name,
                        f"形式：{form(m)}" if form(m) else "",
                        f"必要性：{m.necessity or '必要'}",
                        f"适用：{_situations(m, names)}" if show_when else "",
                        f"要求：{standard(m)}" if standard(m) else "",
                    ],
                    bold_first=True,
                ),
            ]
            for i, m in enumerate(materials, 1)
        ]
        return kit.grid(["序号", "材料"], rows, [1.1, 8.6], center_cols=(0,))
    # (header, relative width, value, centred); a column nobody filled in is left out.
    columns: list[tuple[str, float, Callable[[Material], str], bool]] = [
        ("材料名称", 4.4, lambda m: m.name, False),
        ("形式与份数", 2.4, form, True),
        ("必要性", 1.4, lambda m: m.necessity or "必要", True),
        ("适用情形", 2.8, lambda m: _situations(m, names), False),
        ("要求", 4.6, standard, False),
    ]
    if not show_when:
        columns = [c for c in columns if c[0] != "适用情形"]
    columns = [c for c in columns if c[0] == "材料名称" or any(c[2](m) for m in materials)]
    rows = [[str(i), *(c[2](m) or "—" for c in columns)] for i, m in enumerate(materials, 1)]
    centred = [0] + [i + 1 for i, c in enumerate(columns) if c[3]]
    return kit.grid(
        ["序号"] + [c[0] for c in columns], rows, [1] + [c[1] for c in columns], center_cols=centred
    )
