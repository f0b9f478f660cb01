"""What the slips print: plain, frozen data the intake service fills in.

The printing layer owns this contract so it does not depend on how cases are stored. Every
field is a plain Python type (str, int, date, datetime, tuples of these dataclasses). Identity
numbers and phones are given in full; the slips mask them (``app.core.identity.mask``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from app.core.catalog import Item

Layout = Literal["a4", "roll80"]
LAYOUTS: tuple[Layout, ...] = ("a4", "roll80")

Outcome = Literal["accepted", "tolerated", "correction", "refused"]
Verdict = Literal["ok", "missing", "defective"]
PartyKind = Literal["person", "organisation"]

DEFAULT_TOLERANCE_CONSEQUENCE = (
    "逾期未补交或补交材料不符合要求的，视为申请人撤回申请，本中心终止办理，"
    "已作出的审批决定依法撤销，相关情况按规定记入申请人信用记录。"
)


@dataclass(frozen=True, slots=True)
class SlipHeader:
    """Who issues the slip: the centre, the window and the clerk at it."""

    centre_name: str  # 便民服务中心名称
    centre_code: str
    window_name: str  # e.g. "综合受理3号窗口"
    window_code: str
    clerk_name: str
    complaint_phone: str  # 投诉监督电话
    query_phone: str | None = None  # 咨询查询电话
    # Where to follow the case online. "{case_no}" inside it is replaced by the case number
    # (URL-quoted) for the QR code; without it the QR carries "case number + address".
    query_url: str | None = None
    seal_image: str | None = None  # this window's own e-seal (PNG); wins over the settings' one


@dataclass(frozen=True, slots=True)
class SlipParty:
    """An applicant (申请人) or agent (代办人) as a slip prints them: the labels to print, not the
    core's ``app.core.parties.Party`` (codes). ``id_number`` and ``phone`` are full; slips mask them."""

    name: str
    id_type: str = "居民身份证"  # the label to print, e.g. 居民身份证, 统一社会信用代码
    id_number: str = ""
    phone: str | None = None
    kind: PartyKind = "person"
    legal_representative: str | None = None  # 法定代表人, organisations only


@dataclass(frozen=True, slots=True)
class MaterialLine:
    """One material as checked at the window."""

    name: str
    form: str | None = None  # 收原件, 收复印件, 验原件收复印件, 收原件及复印件, 电子材料
    copies: int | None = None
    requirement: str | None = None  # 受理标准 from the checklist
    verdict: Verdict = "ok"
    reason: str | None = None  # why missing/defective, as the clerk recorded it
    necessity: str | None = None  # 必要, 容缺, 非必要; None means 必要 (catalog format)

    @property
    def tolerable(self) -> bool:
        return self.necessity == "容缺"

    @property
    def outstanding(self) -> bool:
        return self.verdict != "ok"


@dataclass(frozen=True, slots=True)
class PromisedMaterial:
    """One material the applicant promised, with the catalog's template of the promise: a
    告知承诺 (the promise replaces the proof) or a 容缺 promise (the proof comes later)."""

    name: str
    text: str  # what the applicant promises
    consequences: str | None = None
    check: str | None = None  # how the department verifies it (核查)
    check_days: int | None = None  # working days after acceptance


@dataclass(frozen=True, slots=True)
class CaseSlip:
    """One case at the moment its outcome slip is printed (受理, 容缺, 一次性告知, 不予受理)."""

    case_no: str
    header: SlipHeader
    item_code: str
    item_name: str
    applicant: SlipParty
    accepted_at: datetime  # when the application was received and decided at the window
    outcome: Outcome
    # What was received, then the gap list the visit told the applicant (recorded with it;
    # app.core.checklist.is_gap decided it): ``outstanding`` are the lines not ok.
    materials: tuple[MaterialLine, ...] = ()
    agent: SlipParty | None = None
    department: str | None = None  # 实施主体
    situation: tuple[str, ...] = ()  # the chosen 办理情形, as text
    promised_days: int | None = None  # 承诺办结时限 (working days); 0 = 即办
    promised_date: date | None = None
    legal_days: int | None = None
    result: str | None = None  # 办理结果 (certificate or decision)
    fee: str | None = None
    supplement_deadline: date | None = None  # 容缺: by when; 一次性告知: optional
    supplement_method: str | None = None  # 容缺: how to supply (到窗口补交, 邮寄, 网上提交 …)
    refusal_reason: str | None = None
    refusal_basis: str | None = None  # legal basis of the refusal, if the clerk gave one
    refer_to: str | None = None  # 不予受理: the organ the applicant should apply to instead
    catalog_version: str | None = None  # the published checklist the case was checked against
    note: str | None = None
    # 事项类型 from the catalog: only a 行政许可 cites 《行政许可法》; None counts as 公共服务.
    item_type: str | None = None
    # The promised date was counted with the statutory holidays of a year whose schedule
    # (调休) the State Council has not yet published: printed as 暂定.
    promised_provisional: bool = False
    # The signed return ticket (core/return_ticket.py) printed as a QR on slips that ask the
    # applicant to come back: any window of the centre continues the case from it.
    return_code: str | None = None
    # 容缺受理: the materials the applicant promised under a 容缺 commitment of the catalog,
    # each with its own text, printed on the 容缺受理承诺书 they sign.
    promises: tuple[PromisedMaterial, ...] = ()
    # The 一件事 the case was taken in, named on the 容缺受理承诺书 as on the 告知承诺书: each
    # member's letter is checked and revoked alone, and is matched with the bundle's 告知单.
    bundle_name: str | None = None

    @property
    def licence(self) -> bool:
        return self.item_type == "行政许可"

    @property
    def received(self) -> tuple[MaterialLine, ...]:
        return tuple(m for m in self.materials if not m.outstanding)

    @property
    def outstanding(self) -> tuple[MaterialLine, ...]:
        return tuple(m for m in self.materials if m.outstanding)


@dataclass(frozen=True, slots=True)
class TransferEntry:
    """One case in a transfer to the back office, with the paper materials handed over."""

    case_no: str
    item_name: str
    applicant_name: str
    materials: tuple[MaterialLine, ...]
    note: str | None = None

    @property
    def copies(self) -> int:
        return sum(m.copies or 1 for m in self.materials)


@dataclass(frozen=True, slots=True)
class TransferSlip:
    """材料流转单: paper materials handed from the window to the back office.

    ``transfer_no`` is what the barcode carries; for a one-case transfer use the case number,
    so scanning the sheet at the back office opens that case.
    """

    transfer_no: str
    header: SlipHeader
    receiver_unit: str  # 接收单位/科室
    created_at: datetime
    entries: tuple[TransferEntry, ...]
    receiver_name: str | None = None  # printed when known; the line is signed either way


@dataclass(frozen=True, slots=True)
class BundleMemberLine:
    """One member of a 一件事 visit as its own case recorded it."""

    case_no: str
    item_code: str
    item_name: str
    outcome: Outcome
    department: str | None = None
    promised_days: int | None = None
    promised_date: date | None = None
    promised_provisional: bool = False
    # The gap list told with this member's visit (recorded with it), each with its reason.
    gaps: tuple[MaterialLine, ...] = ()
    supplement_deadline: date | None = None  # 容缺 / 一次性告知: by when
    refusal_reason: str | None = None
    # The materials a signed 告知承诺 replaced (its 证明事项告知承诺书 is kept with the case)
    # and the date the department checks them by; the materials under a signed 容缺 promise.
    promised: tuple[str, ...] = ()
    check_due: date | None = None
    tolerance_promised: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BundleSlip:
    """一件事办理告知单: every member of one bundle visit, its case and its outcome."""

    header: SlipHeader
    bundle_code: str
    bundle_name: str
    applicant: SlipParty
    accepted_at: datetime
    members: tuple[BundleMemberLine, ...]
    promised_date: date | None = None  # the bundle's 联办 date, when the catalog gives one
    agent: SlipParty | None = None
    catalog_version: str | None = None


@dataclass(frozen=True, slots=True)
class TransferSet:
    """The 材料流转单 of one bundle visit: one sheet per back office."""

    header: SlipHeader
    slips: tuple[TransferSlip, ...]


@dataclass(frozen=True, slots=True)
class PickupSlip:
    """结果领取凭证: who collected the result of a case, and when."""

    case_no: str
    header: SlipHeader
    item_name: str
    applicant: SlipParty
    result: str  # what was handed over, e.g. 《残疾人证》
    collector: SlipParty
    collector_role: Literal["applicant", "agent"]
    collected_at: datetime
    result_copies: int | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class GuideSlip:
    """办事指南 of one item, printed for a consultation.

    With ``chosen`` (option ids the clerk ticked while asking), only the materials for that
    situation are printed; without it, every material with the situations it applies to.
    """

    header: SlipHeader
    item: Item  # the catalog's own item: a guide prints exactly what the checklist says
    printed_at: datetime
    chosen: frozenset[str] | None = None
    catalog_version: str | None = None
    notes: tuple[str, ...] = field(default=())  # extra lines, e.g. 易错提醒 the clerk picked


def guide_from_item(
    item: Item,
    header: SlipHeader,
    printed_at: datetime,
    chosen: Iterable[str] | None = None,
    catalog_version: str | None = None,
) -> GuideSlip:
    """Build a guide from a catalog item."""
    picked = None if chosen is None else frozenset(chosen)
    return GuideSlip(
        header=header,
        item=item,
        printed_at=printed_at,
        chosen=picked,
        catalog_version=catalog_version,
        # 易错提醒 of the materials printed: what applicants most often get wrong.
        notes=tuple(
            dict.fromkeys(
                err
                for m in item.materials
                if picked is None or m.applies(picked)
                for err in m.common_errors
            )
        ),
    )


@dataclass(frozen=True, slots=True)
class PrintSettings:
    """Per-centre printing settings (the administrator fills them once)."""

    organ_name: str = ""  # the organ whose seal goes on the slip; empty: the centre's name
    reconsideration_body: str = ""  # 行政复议机关 (required for the refusal notice)
    reconsideration_limit: str = "60日"
    litigation_court: str = ""  # 行政诉讼: the people's court (required for the refusal notice)
    litigation_limit: str = "6个月"
    correction_basis: str = "《中华人民共和国行政许可法》第三十二条"
    acceptance_basis: str = "《中华人民共和国行政许可法》第三十二条"
    refusal_basis: str = "《中华人民共和国行政许可法》第三十二条第一款"
    # The three above are for 行政许可 items; every other kind (公共服务, 行政给付, 行政确认 ...)
    # is accepted, corrected or refused under the item's published guide.
    service_basis: str = "本事项办事指南"
    tolerance_consequence: str = DEFAULT_TOLERANCE_CONSEQUENCE
    qr: bool = False  # also print a QR code with the case number and the query address
    e_seal_image: str | None = None  # organ e-seal (PNG with transparency)
    # Thermal printer drivers cap the page length (often 3276 mm); longer slips continue on
    # further pages of this length.
    roll_max_height_mm: float = 3000.0
    # Printed from a practice store (练习模式): every page says so, across it and at its top.
    practice: bool = False
