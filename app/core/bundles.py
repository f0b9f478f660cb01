"""一件事: which members of a bundle apply, and the one checklist of materials they share.

A bundle is taken in one visit: one applicant, the bundle's own questions (which decide the
members), each member's questions, then one checklist in which a material that several members
ask for (one 身份证, one 出生医学证明) is handed in and checked once. The outcome is then decided
per member by the same rules as a single item, from that member's share of the verdicts, so a
bundle can be accepted in part.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from app.core.catalog import (
    AnswerError,
    Bundle,
    BundleMember,
    Commitment,
    Item,
    Material,
    MaterialRef,
    applicable_materials,
    check_answers,
    chosen_options,
)
from app.core.checklist import Verdict
from app.core.decision import Decision, decide
from app.core.errors import CounterError
from app.core.workdays import WorkCalendar

# The stricter necessity wins when members disagree about one shared material.
_STRICTNESS = {"非必要": 0, "容缺": 1, "必要": 2}


@dataclass(frozen=True, slots=True)
class BundleMaterial:
    """One line of a bundle's checklist: a material asked once for every member it serves."""

    key: str  # the shared material's id, or "ITEM/MATERIAL" for a material of one member
    name: str
    form: str | None
    necessity: str  # the strictest of the members' (必要 > 容缺 > 非必要)
    copies: int | None  # the most any member asks for: one set serves them all
    refs: tuple[MaterialRef, ...]  # the member materials it stands for, in member order
    commitment: Commitment | None  # the promise that may replace it (members agree on its kind)

    @property
    def shared(self) -> bool:
        return len(self.refs) > 1


def members_for(bundle: Bundle, answers: Mapping[str, Iterable[str]]) -> list[BundleMember]:
    """The members the bundle's answers select, in catalog order."""
    chosen = chosen_options(check_answers(bundle, answers))
    return [m for m in bundle.members if m.applies(chosen)]


def member_answers(
    member: BundleMember, given: Mapping[str, Iterable[str]]
) -> dict[str, tuple[str, ...]]:
    """The member's answers: what the bundle fixes, plus the clerk's answers to the rest. An
    answer that contradicts the bundle is refused: the bundle's answer is what makes it one."""
    answers = {q: tuple(opts) for q, opts in given.items()}
    for qid, fixed in member.answers.items():
        if qid in answers and set(answers[qid]) != set(fixed):
            raise AnswerError(
                f"members.{member.item}.answers.{qid}",
                f"一件事已确定此问题的答案（{'、'.join(fixed)}），不能另选",
            )
        answers[qid] = fixed
    return answers


def checklist(
    bundle: Bundle,
    items: Mapping[str, Item],
    answers: Mapping[str, Mapping[str, Iterable[str]]],
    members: Iterable[BundleMember],
) -> list[BundleMaterial]:
    """One checklist for the selected members: each member's applicable materials in order,
    a shared material once, at the place its first member lists it. ``answers`` holds each
    member's full answers (``member_answers``)."""
    lines: dict[str, list[tuple[MaterialRef, Material]]] = {}
    for member in members:
        item = items.get(member.item)
        if item is None:
            raise CounterError(
                "bundle.member_missing",
                f"一件事 {bundle.code} 的成员事项 {member.item} 不在本目录版本中",
            )
        for material in applicable_materials(item, answers.get(member.item, {})):
            group = bundle.shared_of(item.code, material.id)
            key = group.id if group else f"{item.code}/{material.id}"
            lines.setdefault(key, []).append((MaterialRef(item.code, material.id), material))
    return [_line(bundle, key, parts) for key, parts in lines.items()]


def _line(bundle: Bundle, key: str, parts: list[tuple[MaterialRef, Material]]) -> BundleMaterial:
    materials = [m for _, m in parts]
    group = next((g for g in bundle.shared if g.id == key), None)
    necessity = max((m.effective_necessity for m in materials), key=_STRICTNESS.__getitem__)
    copies = [m.copies for m in materials if m.copies is not None]
    return BundleMaterial(
        key=key,
        name=group.name if group and len(parts) > 1 else materials[0].name,
        form=next((m.form for m in materials if m.form is not None), None),
        necessity=necessity,
        copies=max(copies) if copies else None,
        refs=tuple(ref for ref, _ in parts),
        commitment=next((m.commitment for m in materials if m.commitment), None),
    )


def per_member(
    lines: Iterable[BundleMaterial], verdicts: Mapping[str, Verdict]
) -> dict[str, dict[str, Verdict]]:
    """Spread the verdicts given per checklist line (by ``key``) to each member's materials,
    so every member is decided by the single-item rules. A line without a verdict stays
    without one for every member it serves."""
    out: dict[str, dict[str, Verdict]] = {}
    for line in lines:
        for ref in line.refs:
            member = out.setdefault(ref.item, {})
            if line.key in verdicts:
                member[ref.material] = verdicts[line.key]
    return out


def materials_saved(lines: Iterable[BundleMaterial]) -> tuple[int, int]:
    """(materials asked in the bundle, materials the members would ask one by one)."""
    lines = list(lines)
    return len(lines), sum(len(line.refs) for line in lines)


@dataclass(frozen=True)
class MemberDecision:
    """One member of a bundle visit, decided by the single-item rules."""

    item: Item
    answers: Mapping[
        str, tuple[str, ...]
    ]  # the member's full answers (the bundle's fixed ones too)
    verdicts: Mapping[str, Verdict]  # its share of the checklist's verdicts
    decision: Decision


@dataclass(frozen=True)
class BundleDecision:
    bundle: Bundle
    answers: Mapping[str, tuple[str, ...]]  # the bundle's own questions
    lines: tuple[BundleMaterial, ...]
    members: tuple[MemberDecision, ...]
    # The bundle's compressed 联办 limit counted from today, when the catalog gives one; each
    # member keeps its own promise as well.
    promised_date: date | None

    def member(self, code: str) -> MemberDecision | None:
        return next((m for m in self.members if m.item.code == code), None)


def decide_bundle(
    bundle: Bundle,
    items: Mapping[str, Item],
    answers: Mapping[str, Iterable[str]],
    given: Mapping[str, Mapping[str, Iterable[str]]],
    verdicts: Mapping[str, Verdict],
    authorised: Mapping[str, Collection[str]],
    cal: WorkCalendar,
    today: date,
) -> BundleDecision:
    """Decide a bundle visit: the members its answers select, one checklist, and each member's
    decision from its share of the verdicts (given per checklist line ``key``). Raises a
    CounterError naming the answer or material at fault; nothing is decided in part."""
    try:
        own = check_answers(bundle, answers)
        selected = members_for(bundle, own)
        unknown = sorted(set(given) - {m.item for m in bundle.members})
        if unknown:
            raise AnswerError(
                f"members.{unknown[0]}", f"{unknown[0]} 不是一件事 {bundle.code} 的成员事项"
            )
        full: dict[str, dict[str, tuple[str, ...]]] = {}
        for m in bundle.members:
            merged = member_answers(m, given.get(m.item, {}))
            if m in selected:
                try:
                    merged = check_answers(items[m.item], merged)
                except AnswerError as exc:
                    raise AnswerError(f"members.{m.item}.{exc.path}", exc.reason) from exc
            full[m.item] = merged
    except AnswerError as exc:
        raise CounterError("intake.answer", exc.reason, path=exc.path) from exc
    if not selected:
        raise CounterError(
            "bundle.no_member",
            f"按所选情形，“{bundle.name}”中没有需要办理的事项；请检查一件事的情形问题",
            path="answers",
        )
    lines = tuple(checklist(bundle, items, full, selected))
    stray = sorted(set(verdicts) - {line.key for line in lines})
    if stray:
        raise CounterError(
            "verdict.material",
            f"材料 {stray[0]} 不在本次一件事的材料清单中（按所选情形不需要，或编号有误）",
            path=f"materials.{stray[0]}",
        )
    spread = per_member(lines, verdicts)
    line_of = {(ref.item, ref.material): line.key for line in lines for ref in line.refs}
    decided: list[MemberDecision] = []
    for m in selected:
        item, share = items[m.item], spread.get(m.item, {})
        try:
            decision = decide(item, full[m.item], share, authorised.get(m.item, ()), cal, today)
        except CounterError as exc:
            # Name the checklist line the clerk sees, not the member's own material id.
            _, dot, mid = (exc.path or "").partition(".")
            key = line_of.get((m.item, mid)) if dot else None
            raise CounterError(
                exc.code,
                f"{item.name}：{exc.message}",
                path=f"materials.{key}" if key else exc.path,
            ) from exc
        decided.append(MemberDecision(item, full[m.item], share, decision))
    promised = (
        None if bundle.promised_days is None else cal.add_workdays(today, bundle.promised_days)
    )
    return BundleDecision(bundle, own, lines, tuple(decided), promised)
