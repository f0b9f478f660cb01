"""一件事: which members of a bundle apply, and the one checklist of materials they share.

A bundle is taken in one visit: one applicant, the bundle's own questions (which decide the
members), each member's questions, then one checklist in which a material that several members
ask for (one 身份证, one 出生医学证明) is handed in and checked once. The outcome is then decided
per member by the same rules as a single item, from that member's share of the verdicts, so a
bundle can be accepted in part.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

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
from app.core.errors import CounterError

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
