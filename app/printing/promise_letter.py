"""证明事项告知承诺书: the letter an applicant signs when a promise replaces a proof.

Its parts follow 国办发〔2020〕42号: the fact promised (the catalog's text), the consequences
of a false promise, and how and by when the department checks it. Two copies in one print
job, signed together: the applicant keeps one (identity number masked), the window keeps the
other (in full, like the archive copy of the other notices).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.platypus import Flowable

from app.core.errors import CounterError
from app.printing.documents import (
    _WIDE,
    COPY_APPLICANT,
    Sheet,
    _case_rows,
    _heading,
    promise_signs,
)
from app.printing.kit import Kit, cn_date, mask_id
from app.printing.model import CaseSlip, PromisedMaterial, SlipHeader

__all__ = ["COPY_WINDOW", "TITLE", "PromiseSlip", "PromisedMaterial", "promise"]

TITLE = "证明事项告知承诺书"
COPY_WINDOW = "（窗口留存联）"


@dataclass(frozen=True, slots=True)
class PromiseSlip:
    """The case (parties, item, number) and the materials its signed promise replaced."""

    case: CaseSlip
    promised: tuple[PromisedMaterial, ...]
    check_due: date | None = None  # the case's post-check date; None before acceptance
    # The 一件事 the case was taken in: the letter says so, to be matched with its 告知单.
    bundle_name: str | None = None

    @property
    def header(self) -> SlipHeader:
        return self.case.header

    @property
    def case_no(self) -> str:  # what the barcode carries
        return self.case.case_no


def _when(p: PromiseSlip, m: PromisedMaterial) -> str:
    days = f"自受理之日起{m.check_days}个工作日内" if m.check_days is not None else ""
    if p.check_due is None:
        return days or "受理后核查"
    return f"{cn_date(p.check_due)}前" + (f"（{days}）" if days else "")


def _of(p: PromiseSlip) -> str:
    return f"；“{p.bundle_name}”中的事项" if p.bundle_name else ""


def _material(kit: Kit, p: PromiseSlip, i: int, m: PromisedMaterial) -> list[Flowable]:
    out: list[Flowable] = [kit.section(f"{i}. 以承诺代替：{m.name}"), kit.para(m.text)]
    if m.consequences:
        out.append(kit.para(m.consequences))
    check = f"核查方式：{m.check}。" if m.check else ""
    out.append(kit.para(f"{check}核查期限：{_when(p, m)}。"))
    return out


def _copy(p: PromiseSlip, kit: Kit, copy: str, window: bool) -> Sheet:
    c = p.case
    a = c.applicant
    org = a.kind == "organisation"
    who = "本单位" if org else "本人"
    number = a.id_number if window else mask_id(a.id_number)
    ident = f"（{a.id_type}：{number}）" if a.id_number else ""
    organ = kit.settings.organ_name or c.header.centre_name
    story: list[Flowable] = [
        *_heading(kit, c, TITLE, copy),
        kit.text(f"{organ}：", after=2),
        kit.para(
            f"{who}{a.name}{ident}申请办理“{c.item_name}”（办件编号：{c.case_no}{_of(p)}），"
            f"自愿以书面承诺代替下列{len(p.promised)}项证明材料。{who}已知晓行政机关告知的"
            "全部内容，所作承诺是真实意思表示，愿意配合有关部门核查，并承担不实承诺的法律责任。"
        ),
        kit.section("申请信息"),
        kit.fields(_case_rows(kit, c, full_id=window), wide=_WIDE),
    ]
    for i, m in enumerate(p.promised, 1):
        story += _material(kit, p, i, m)
    story.append(kit.closing(promise_signs(kit, c), None, lead=kit.contact(c.header, c.case_no)))
    return Sheet(f"{TITLE}{copy}", c.case_no, story)


def promise(p: PromiseSlip, kit: Kit) -> list[Sheet]:
    """Both copies, applicant's first: signed at the same moment, so neither is forgotten."""
    if not p.promised:
        raise CounterError(
            "print.no_promise", "告知承诺书至少要列出一项以承诺代替的材料", path="promised"
        )
    return [
        _copy(p, kit, f"（第一联　{COPY_APPLICANT[1:-1]}）", window=False),
        _copy(p, kit, f"（第二联　{COPY_WINDOW[1:-1]}）", window=True),
    ]
