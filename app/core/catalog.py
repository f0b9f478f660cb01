"""The item checklist (许可事项标准化清单) as plain, immutable data, and which materials apply.

These objects are what every other layer sees of the catalog: the store maps them to rows, the
interchange format reads and writes them, the checklist engine and the slips consume them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

FORMS = ("收原件", "收复印件", "验原件收复印件", "收原件及复印件", "电子材料")
NECESSITIES = ("必要", "容缺", "非必要")
# How an applicant's written promise may stand in for a material (docs/catalog-format.md):
# 告知承诺: the proof is not needed at all, the department checks the promise afterwards;
# 容缺: the proof still comes, within the supplement deadline.
NOTIFY_PROMISE = "告知承诺"
TOLERANCE_PROMISE = "容缺"
COMMITMENT_KINDS = (NOTIFY_PROMISE, TOLERANCE_PROMISE)


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    text: str
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str
    multiple: bool
    options: tuple[Option, ...]
    # A multi-select that may be left empty: "none of these" (均不符合可不选). Answered with an
    # empty list, which is recorded and shown as such.
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Commitment:
    """The county's template of a promise that stands in for a material (承诺书)."""

    kind: str  # one of COMMITMENT_KINDS
    text: str  # what the applicant promises
    consequences: str | None = None  # 不实承诺的法律责任
    check: str | None = None  # 核查: how the department verifies the promise afterwards
    check_days: int | None = None  # working days after acceptance by which it is verified


@dataclass(frozen=True, slots=True)
class Material:
    id: str
    name: str
    form: str | None = None
    form_text: str | None = None
    copies: int | None = None
    source: str | None = None
    necessity: str | None = None  # None means 必要, as in the interchange format
    requirements: str | None = None
    common_errors: tuple[str, ...] = ()
    when: tuple[tuple[str, ...], ...] | None = None
    commitment: Commitment | None = None

    @property
    def effective_necessity(self) -> str:
        return self.necessity or "必要"

    @property
    def required(self) -> bool:
        """必要 and 容缺 materials must all be in hand for a plain 受理."""
        return self.effective_necessity != "非必要"

    @property
    def tolerable(self) -> bool:
        return self.effective_necessity == "容缺"

    def applies(self, chosen: frozenset[str]) -> bool:
        """Required when ANY inner list has ALL its options chosen (FORMAT.md)."""
        if self.when is None:
            return True
        return any(all(opt in chosen for opt in group) for group in self.when)


@dataclass(frozen=True, slots=True)
class Faq:
    q: str
    a: str


@dataclass(frozen=True, slots=True)
class Item:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    department: str | None = None
    item_type: str | None = None
    legal_days: int | None = None
    promised_days: int | None = None
    fee: str | None = None
    result: str | None = None
    conditions: str | None = None
    steps: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()
    materials: tuple[Material, ...] = ()
    review_points: tuple[str, ...] = ()
    faq: tuple[Faq, ...] = ()
    source_url: str | None = None

    def option_ids(self) -> set[str]:
        return {o.id for q in self.questions for o in q.options}

    def material(self, material_id: str) -> Material | None:
        return next((m for m in self.materials if m.id == material_id), None)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True, slots=True)
class MaterialRef:
    item: str  # the member item's code
    material: str  # the material's id within that item


@dataclass(frozen=True, slots=True)
class SharedMaterial:
    """One physical material that several members of a bundle ask for: handed in and checked
    once (one 身份证, one 照片)."""

    id: str
    name: str
    materials: tuple[MaterialRef, ...]


@dataclass(frozen=True, slots=True)
class BundleMember:
    item: str  # code of an item of the same catalog
    # None: always part of the bundle; else part of it when ANY inner list has ALL its options
    # (of the bundle's own questions) chosen, like a material's ``when``.
    when: tuple[tuple[str, ...], ...] | None = None
    # Answers to the member item's own questions that the bundle fixes (新生儿 for 医保参保).
    answers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def applies(self, chosen: frozenset[str]) -> bool:
        if self.when is None:
            return True
        return any(all(opt in chosen for opt in group) for group in self.when)


@dataclass(frozen=True, slots=True)
class Bundle:
    """一件事: several items an applicant asks for in one visit, with one set of materials."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    department: str | None = None  # who co-ordinates it (牵头部门)
    promised_days: int | None = None  # the bundle's compressed 联办 limit, working days
    questions: tuple[Question, ...] = ()  # decide which members apply
    members: tuple[BundleMember, ...] = ()
    shared: tuple[SharedMaterial, ...] = ()
    source_url: str | None = None

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def member(self, code: str) -> BundleMember | None:
        return next((m for m in self.members if m.item == code), None)

    def shared_of(self, item: str, material: str) -> SharedMaterial | None:
        ref = MaterialRef(item, material)
        return next((g for g in self.shared if ref in g.materials), None)


@dataclass(frozen=True, slots=True)
class Catalog:
    """One published catalog document: what an import brings and an export writes."""

    items: tuple[Item, ...]
    published_at: str | None = None
    source: str | None = None
    extra: Mapping[str, object] = field(default_factory=dict)  # unknown top-level keys, kept
    bundles: tuple[Bundle, ...] = ()


class AnswerError(ValueError):
    """Answers that do not fit the item's questions; ``path`` names the offending answer."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def check_answers(
    item: Item | Bundle, answers: Mapping[str, Iterable[str]]
) -> dict[str, tuple[str, ...]]:
    """Validate answers ``{question id: [option ids]}`` to an item's (or a bundle's) questions
    and return them normalised.

    A single-choice question takes exactly one option once answered; an unanswered question
    simply selects nothing (the clerk may not have asked it yet).
    """
    normalised: dict[str, tuple[str, ...]] = {}
    for qid, chosen in answers.items():
        question = item.question(qid)
        if question is None:
            what = "一件事" if isinstance(item, Bundle) else "事项"
            raise AnswerError(f"answers.{qid}", f"{what} {item.code} 没有情形问题 {qid}")
        picked = tuple(dict.fromkeys(chosen))
        known = {o.id for o in question.options}
        for opt in picked:
            if opt not in known:
                raise AnswerError(f"answers.{qid}", f"问题“{question.text}”没有选项 {opt}")
        if not question.multiple and len(picked) > 1:
            raise AnswerError(f"answers.{qid}", f"问题“{question.text}”只能选一项")
        normalised[qid] = picked
    return normalised


def unanswered(item: Item | Bundle, answers: Mapping[str, Iterable[str]]) -> list[Question]:
    """Questions without an answer. A decided outcome needs every question answered: a
    skipped question would silently drop the materials it gates. An optional question is
    answered by an empty list ("none of these"), but not by its absence."""
    return [
        q
        for q in item.questions
        if not (q.optional and q.id in answers) and not list(answers.get(q.id, ()))
    ]


def none_of_these(question: Question, answers: Mapping[str, Iterable[str]]) -> bool:
    """An optional question answered "none of these" (an empty list)."""
    return question.optional and question.id in answers and not list(answers[question.id])


def chosen_options(answers: Mapping[str, Iterable[str]]) -> frozenset[str]:
    return frozenset(opt for opts in answers.values() for opt in opts)


def applicable_materials(item: Item, answers: Mapping[str, Iterable[str]]) -> list[Material]:
    """The exact list of materials this situation needs, in catalog order."""
    chosen = chosen_options(check_answers(item, answers))
    return [m for m in item.materials if m.applies(chosen)]


def parse_answer_spec(spec: str) -> dict[str, list[str]]:
    """Parse the command line's ``s=s1,s3;t=t2`` (also ``s=s1 t=t2``) into answers.

    ``q=-`` answers an optional question with "none of these" (an empty list)."""
    answers: dict[str, list[str]] = {}
    for part in spec.replace(";", " ").split():
        qid, sep, opts = part.partition("=")
        if not sep or not qid or not opts:
            raise AnswerError(
                part, "答案格式应为 问题=选项[,选项]，例如 s=s1,s3；可不选的问题均不符合时写 问题=-"
            )
        chosen = answers.setdefault(qid, [])
        if opts != "-":
            chosen.extend(o for o in opts.split(",") if o)
    return answers
