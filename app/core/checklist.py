"""The checklist engine: verdicts on materials -> the outcomes the law allows at this window.

The rules (行政许可法 art. 32 and local practice, see shared/docs/domain.md):
- 受理 only when every applicable required material (必要 or 容缺) is ``ok``;
- 容缺受理 only when there are gaps and every gap is a 容缺 material, with a supplement deadline
  no later than the promised completion date;
- 一次性告知 when anything required is missing or defective; it lists every gap at once;
- 不予受理 needs a reason; 咨询 records a consultation and decides nothing.
A window that is not authorised for an outcome (授权深度) is never offered it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from app.core.catalog import NOTIFY_PROMISE, Item, Material, applicable_materials
from app.core.errors import CounterError

OK, MISSING, DEFECTIVE = "ok", "missing", "defective"
# The applicant signs the catalog's promise (承诺书) in place of this material (docs/catalog-format.md).
PROMISED = "promised"
VERDICTS = (OK, MISSING, DEFECTIVE, PROMISED)

ACCEPT, TOLERATE, CORRECTION, REFUSE, CONSULT = (
    "accept",
    "tolerate",
    "correction",
    "refuse",
    "consult",
)
OUTCOMES = (ACCEPT, TOLERATE, CORRECTION, REFUSE, CONSULT)
OUTCOME_LABELS = {
    ACCEPT: "受理",
    TOLERATE: "容缺受理",
    CORRECTION: "一次性告知",
    REFUSE: "不予受理",
    CONSULT: "咨询",
}

# 授权深度 each outcome needs; a consultation needs none.
AUTHORITY_NEEDED = {ACCEPT: "受理", TOLERATE: "受理", REFUSE: "受理", CORRECTION: "一次性告知"}


@dataclass(frozen=True, slots=True)
class Verdict:
    verdict: str
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise CounterError(
                "verdict.unknown",
                f"材料审核结论应为 ok、missing、defective 或 promised，而不是 {self.verdict!r}",
            )
        if self.verdict == DEFECTIVE and not (self.reason and self.reason.strip()):
            raise CounterError("verdict.reason", "材料不合格时必须写明原因，以便一次性告知申请人")


@dataclass(frozen=True, slots=True)
class Gap:
    material: Material
    verdict: Verdict


# What the applicant is told of a gap, by its verdict.
PROBLEMS = {MISSING: "缺少", DEFECTIVE: "不符合要求"}


@dataclass(frozen=True, slots=True)
class ToldGap:
    """One gap as the applicant is told it, and as it is recorded with the visit."""

    material: str  # the material's id in the case's catalog version
    name: str
    verdict: str  # missing | defective
    reason: str | None  # the clerk's words for a defective material
    tolerable: bool = False  # a 容缺 material

    @property
    def told(self) -> str:
        """The reason the applicant reads: 缺少, or 不符合要求 and what is wrong."""
        problem = PROBLEMS[self.verdict]
        return f"{problem}：{self.reason}" if self.reason else problem

    def to_json(self) -> dict[str, str | bool | None]:
        return {
            "material": self.material,
            "name": self.name,
            "verdict": self.verdict,
            "reason": self.reason,
            "tolerable": self.tolerable,
        }

    @classmethod
    def from_json(cls, d: Mapping[str, object]) -> ToldGap:
        reason = d.get("reason")
        return cls(
            str(d["material"]),
            str(d["name"]),
            str(d["verdict"]),
            None if reason is None else str(reason),
            bool(d.get("tolerable")),
        )


def is_gap(material: Material, verdict: Verdict) -> bool:
    """THE gap rule, the only place it is written: a required material (必要 or 容缺) that is
    not ``ok`` and not replaced by a signed 告知承诺. An optional (非必要) one not brought is
    neither a gap nor received."""
    return (
        material.required and verdict.verdict != OK and not replaced_by_promise(material, verdict)
    )


def replaced_by_promise(material: Material, verdict: Verdict) -> bool:
    """告知承诺: the applicant's signed promise stands in for the proof, checked afterwards."""
    c = material.commitment
    return verdict.verdict == PROMISED and c is not None and c.kind == NOTIFY_PROMISE


def _promise_verdict(material: Material, verdict: Verdict) -> Verdict:
    """A promise is accepted only where the catalog offers one. A 容缺 promise leaves the
    material outstanding, exactly as a missing 容缺 material (the 容缺受理 prints the promise)."""
    if verdict.verdict != PROMISED:
        return verdict
    if material.commitment is None:
        raise CounterError(
            "verdict.promise",
            f"材料“{material.name}”不能以承诺代替（目录未提供承诺书）；请核对材料或选择缺少",
            path=f"materials.{material.id}",
        )
    return verdict if material.commitment.kind == NOTIFY_PROMISE else Verdict(MISSING)


def find_gaps(materials: Iterable[Material], verdicts: Mapping[str, Verdict]) -> tuple[Gap, ...]:
    """The gaps among ``materials`` in their order; a material without a verdict is missing."""
    found = ((m, verdicts.get(m.id, Verdict(MISSING))) for m in materials)
    return tuple(Gap(m, v) for m, v in found if is_gap(m, v))


@dataclass(frozen=True, slots=True)
class Evaluation:
    item: Item
    applicable: tuple[Material, ...]
    verdicts: Mapping[str, Verdict]  # every applicable material, unlisted ones as missing
    gaps: tuple[Gap, ...]  # required materials not ok, in catalog order
    allowed: Mapping[str, bool]
    why_not: Mapping[str, str]  # outcome -> the reason it is not allowed
    suggested: str
    authorised: frozenset[str] = frozenset()  # the 授权深度 it was evaluated with

    @property
    def received(self) -> tuple[Material, ...]:
        return tuple(m for m in self.applicable if self.verdicts[m.id].verdict == OK)

    @property
    def promised(self) -> tuple[Material, ...]:
        """Materials the applicant's signed 告知承诺 replaces: not handed in, not gaps."""
        return tuple(m for m in self.applicable if replaced_by_promise(m, self.verdicts[m.id]))


def evaluate(
    item: Item,
    answers: Mapping[str, Collection[str]],
    verdicts: Mapping[str, Verdict],
    authorised: Collection[str],
) -> Evaluation:
    applicable = tuple(applicable_materials(item, answers))
    ids = {m.id for m in applicable}
    for mid in verdicts:
        if mid not in ids:
            known = item.material(mid)
            reason = "不适用于所选情形" if known else "不在该事项的材料清单中"
            raise CounterError("verdict.material", f"材料 {mid} {reason}", path=f"materials.{mid}")
    full = {m.id: _promise_verdict(m, verdicts.get(m.id, Verdict(MISSING))) for m in applicable}
    gaps = find_gaps(applicable, full)
    allowed: dict[str, bool] = {}
    why: dict[str, str] = {}

    def decide(outcome: str, ok: bool, reason: str) -> None:
        needed = AUTHORITY_NEEDED.get(outcome)
        if needed is not None and needed not in authorised:
            allowed[outcome] = False
            why[outcome] = f"本窗口对该事项没有“{needed}”权限"
        else:
            allowed[outcome] = ok
            if not ok:
                why[outcome] = reason

    names = "、".join(g.material.name for g in gaps[:3]) + ("等" if len(gaps) > 3 else "")
    hard = [g for g in gaps if not g.material.tolerable]
    hard_names = "、".join(g.material.name for g in hard[:3]) + ("等" if len(hard) > 3 else "")
    decide(ACCEPT, not gaps, f"还缺少或不合格：{names}")
    decide(
        TOLERATE,
        bool(gaps) and not hard,
        "材料齐全，无需容缺" if not gaps else f"{hard_names} 不是容缺材料，不能容缺受理",
    )
    decide(CORRECTION, bool(gaps), "材料齐全，无需补正")
    decide(REFUSE, True, "")
    decide(CONSULT, True, "")
    suggested = next(
        (o for o in (ACCEPT, TOLERATE, CORRECTION) if allowed[o]),
        REFUSE if allowed[REFUSE] else CONSULT,
    )
    return Evaluation(item, applicable, full, gaps, allowed, why, suggested, frozenset(authorised))


# A material of these forms is handed in or shown as the original: an ``ok`` on it says the
# clerk saw the original and checked it (原件核验), which needs that authorisation depth.
ORIGINAL_FORMS = ("收原件", "验原件收复印件", "收原件及复印件")
ORIGINAL_CHECK = "原件核验"


def needs_original_check(m: Material) -> bool:
    return m.form in ORIGINAL_FORMS


def check_originals(
    ev: Evaluation, authorised: Collection[str], only: Collection[str] | None = None
) -> None:
    """Refuse to record an original as checked (``ok`` on a material handed in or shown as
    the original) without the 原件核验 depth; ``only``: the materials this visit records."""
    if ORIGINAL_CHECK in authorised:
        return
    for m in ev.applicable:
        if only is not None and m.id not in only:
            continue
        if needs_original_check(m) and ev.verdicts[m.id].verdict == OK:
            raise CounterError(
                "verdict.original",
                f"材料“{m.name}”（{m.form}）记为合格即表示已核验原件，而您对事项 "
                f"{ev.item.code} 没有“{ORIGINAL_CHECK}”授权；请交由有原件核验授权的人员核验，"
                "或将该材料记为缺少",
                path=f"materials.{m.id}",
            )


def check_outcome(
    ev: Evaluation,
    outcome: str,
    *,
    reason: str | None,
    supplement_deadline: date | None,
    promised_date: date | None,
) -> None:
    """Refuse an outcome the rules do not allow, with the reason. Nothing is written before."""
    if outcome not in OUTCOMES:
        raise CounterError(
            "outcome.unknown",
            f"未知的办理结果 {outcome!r}；应为 "
            + "、".join(f"{o}（{OUTCOME_LABELS[o]}）" for o in OUTCOMES),
        )
    label = OUTCOME_LABELS[outcome]
    if not ev.allowed[outcome]:
        raise CounterError("outcome.not_allowed", f"不能{label}：{ev.why_not[outcome]}")
    if outcome == REFUSE and not (reason and reason.strip()):
        raise CounterError("outcome.reason", "不予受理必须写明理由（将印在不予受理通知书上）")
    if outcome == TOLERATE:
        if supplement_deadline is None:
            raise CounterError("outcome.deadline", "容缺受理必须约定补齐材料的期限")
        if promised_date is not None and supplement_deadline > promised_date:
            raise CounterError(
                "outcome.deadline",
                f"补齐期限 {supplement_deadline:%Y-%m-%d} 晚于承诺办结日期 "
                f"{promised_date:%Y-%m-%d}，请提前",
            )
