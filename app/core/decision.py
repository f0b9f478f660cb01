"""The one decision of a visit: what the clerk may decide and what the applicant is told.

Every caller asks here: the intake service records with it, the wizard shows the service's
preview of it (never evaluating by itself), the command line goes through the service, and
the slips print the gap list it gave, as recorded with the visit. A first visit and a return
visit (补正 to a case that is awaiting correction or was accepted with 容缺) are decided alike:

- the materials' rules (``app.core.checklist.evaluate``): which materials apply, the gaps
  (required and not ok, ``checklist.is_gap``), what the materials allow, what the window is
  authorised for (授权深度);
- a return visit checks only the case's outstanding materials; it records no consultation,
  and a case already accepted with 容缺 cannot get a one-time notice any more (the applicant
  completes the gaps in time or the case ends under the commitment), nor be tolerated again
  once its deadline has passed;
- the promise (承诺办结日期) is counted from the day of the first acceptance; a later visit
  keeps it.

The 容缺 supplement deadline, one rule (domain.md, "Outcomes at the window": the commitment
says by when the gaps are supplied, "never later than the promised time limit"):

- latest: the promised completion date counted from today (the legal one when the item has
  no promise; without either, 容缺 is not allowed: nothing would bound the deadline). On a
  return visit to a 容缺 case the deadline agreed at acceptance stands and is the latest.
- default, when the clerk and the applicant agreed none: ``SUPPLEMENT_WORKDAYS`` working days
  from today, never after the latest. Proposing the promised date itself would hand the back
  office the materials on the day its decision is due.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from app.core.cases import OPEN_FOR_SUPPLEMENT, STATES, CaseState, CaseView
from app.core.catalog import Item
from app.core.checklist import (
    ACCEPT,
    CONSULT,
    CORRECTION,
    MISSING,
    OUTCOME_LABELS,
    OUTCOMES,
    REFUSE,
    TOLERATE,
    Evaluation,
    ToldGap,
    Verdict,
    check_outcome,
    evaluate,
)
from app.core.errors import CounterError
from app.core.workdays import WorkCalendar

# 容缺: the working days proposed for the supplement when none was agreed.
SUPPLEMENT_WORKDAYS = 7


@dataclass(frozen=True, slots=True)
class Settled:
    """What a visit records once the decision checked the clerk's choice."""

    outcome: str
    supplement_deadline: date | None  # 容缺 only
    promised_date: date | None
    provisional_years: tuple[int, ...]  # counted at this visit over years without a schedule
    promised_provisional: bool  # the promise kept is 暂定 (this visit's or an earlier one's)
    first_acceptance: bool  # the case is accepted (受理 or 容缺) at this visit


@dataclass(frozen=True)
class Decision:
    evaluation: Evaluation  # the materials: applicable, every verdict, received
    allowed: Mapping[str, bool]
    why_not: Mapping[str, str]  # outcome -> why it is not allowed
    suggested: str | None  # None: nothing is allowed (a return visit at a window without 受理)
    gaps: tuple[ToldGap, ...]  # every gap, in catalog order, as the applicant is told it
    default_deadline: date | None  # 容缺: proposed when none is agreed
    latest_deadline: date | None  # 容缺: the deadline may not be later
    promised_date: date | None  # if accepted at this visit (or the promise a return visit keeps)
    provisional_years: tuple[int, ...]
    promised_provisional: bool
    today: date
    case: CaseView | None = None  # the case of a return visit
    codes: Mapping[str, str] | None = None  # outcome -> the error code of its refusal

    @property
    def return_visit(self) -> bool:
        return self.case is not None

    @property
    def first_acceptance(self) -> bool:
        return self.case is None or self.case.accepted_at is None

    def called_for(self) -> str:
        """The outcome the materials call for, whatever the window may do."""
        if not self.gaps:
            return ACCEPT
        return TOLERATE if all(g.tolerable for g in self.gaps) else CORRECTION

    def settle(
        self, outcome: str | None, *, reason: str | None, supplement_deadline: date | None
    ) -> Settled:
        """Check the clerk's choice (None: the suggested one) and say what the visit records.
        Raises a CounterError with the reason when the rules do not allow it; nothing is
        written before."""
        if outcome is None:
            outcome = self.suggested
            if outcome not in (ACCEPT, TOLERATE, CORRECTION):
                # Only a refusal or a consultation is left: never chosen for the clerk; say why
                # the outcome the materials call for cannot be given.
                outcome = self.called_for()
        if outcome not in OUTCOMES:
            raise CounterError(
                "outcome.unknown",
                f"未知的办理结果 {outcome!r}；应为 "
                + "、".join(f"{o}（{OUTCOME_LABELS[o]}）" for o in OUTCOMES),
            )
        if not self.allowed[outcome]:
            code = (self.codes or {}).get(outcome, "outcome.not_allowed")
            raise CounterError(code, f"不能{OUTCOME_LABELS[outcome]}：{self.why_not[outcome]}")
        deadline = None
        if outcome == TOLERATE:
            deadline = supplement_deadline or self.default_deadline
            if deadline is not None and deadline < self.today:
                raise CounterError("outcome.deadline", "补齐期限不能早于今天")
        check_outcome(
            self.evaluation,
            outcome,
            reason=reason,
            supplement_deadline=deadline,
            promised_date=self.latest_deadline,
        )
        accepted_now = self.first_acceptance and outcome in (ACCEPT, TOLERATE)
        if accepted_now:
            promised, years = self.promised_date, self.provisional_years
            provisional = bool(years)
        elif self.case is not None:  # the promise made at acceptance stands
            promised, years = self.case.promised_date, ()
            provisional = self.case.promised_provisional
        else:
            promised, years, provisional = None, (), False
        return Settled(outcome, deadline, promised, years, provisional, accepted_now)


def promise(item: Item, cal: WorkCalendar, start: date) -> tuple[date | None, tuple[int, ...]]:
    """The promised completion date counted from ``start`` and the years it was counted over
    without their published holiday schedule (then it is 暂定: statutory holidays only)."""
    if item.promised_days is None:
        return None, ()
    due = cal.add_workdays(start, item.promised_days)
    return due, tuple(cal.provisional_years(start, due))


def tolerance_limit(item: Item, cal: WorkCalendar, start: date) -> date | None:
    """The latest a 容缺 supplement may be due when accepted on ``start``: the promised
    completion date, else the legal one; None when the item has neither."""
    days = item.promised_days if item.promised_days is not None else item.legal_days
    return None if days is None else cal.add_workdays(start, days)


def default_deadline(cal: WorkCalendar, start: date, latest: date | None) -> date | None:
    """A working day (never a Sunday or a holiday) ``SUPPLEMENT_WORKDAYS`` after ``start``, no
    later than ``latest`` (itself a working day)."""
    if latest is None:
        return None
    return min(cal.add_workdays(start, SUPPLEMENT_WORKDAYS), latest)


def merge_return_verdicts(case: CaseView, verdicts: Mapping[str, Verdict]) -> dict[str, Verdict]:
    """A return visit checks only what is outstanding: those verdicts replace the recorded
    ones (an outstanding material not checked again is missing), the rest stay."""
    if case.state not in OPEN_FOR_SUPPLEMENT:
        raise CounterError(
            "case.not_open",
            f"办件 {case.case_no} 当前状态为“{STATES[case.state]}”，不需要补正材料",
        )
    extra = [m for m in verdicts if m not in case.outstanding]
    if extra:
        raise CounterError(
            "case.not_outstanding",
            f"补正只核对尚缺的材料；材料 {', '.join(extra)} 已收取，无需重新核对",
            path=f"materials.{extra[0]}",
        )
    merged = dict(case.verdicts)
    for mid in case.outstanding:
        merged[mid] = verdicts.get(mid, Verdict(MISSING))
    return merged


def decide(
    item: Item,
    answers: Mapping[str, Collection[str]],
    verdicts: Mapping[str, Verdict],
    authorised: Collection[str],
    cal: WorkCalendar,
    today: date,
    case: CaseView | None = None,
) -> Decision:
    """Decide a visit. ``answers`` are checked by the caller (a return visit passes the case's);
    ``verdicts`` are this visit's (on a return visit: of outstanding materials only)."""
    if case is not None:
        answers, verdicts = case.answers, merge_return_verdicts(case, verdicts)
    ev = evaluate(item, answers, verdicts, authorised)
    allowed, why = dict(ev.allowed), dict(ev.why_not)
    codes = dict.fromkeys(OUTCOMES, "outcome.not_allowed")

    def forbid(outcome: str, reason: str, code: str = "outcome.not_allowed") -> None:
        allowed[outcome], why[outcome], codes[outcome] = False, reason, code

    tolerated = case is not None and case.state == CaseState.TOLERATED
    if case is not None:
        forbid(CONSULT, "补正材料时不能选择“咨询”")
        if tolerated and allowed[CORRECTION]:
            forbid(CORRECTION, "该件已容缺受理，只能补齐材料，或按承诺书不予受理")

    latest = default = None
    if allowed[TOLERATE]:
        if case is not None and tolerated:
            latest = default = case.supplement_deadline
            if latest is not None and latest < today:
                forbid(
                    TOLERATE,
                    f"容缺补齐期限 {latest:%Y-%m-%d} 已过，只能补齐材料，或按承诺书不予受理",
                    "outcome.deadline",
                )
        else:
            latest = tolerance_limit(item, cal, today)
            default = default_deadline(cal, today, latest)
            if latest is None:
                forbid(
                    TOLERATE,
                    "该事项目录中没有办结时限，容缺补齐期限无从约束；请一次性告知所缺材料",
                    "outcome.deadline",
                )

    first_acceptance = case is None or case.accepted_at is None
    promised: date | None = None
    years: tuple[int, ...] = ()
    provisional = False
    if not first_acceptance:
        assert case is not None
        promised, provisional = case.promised_date, case.promised_provisional
    elif allowed[ACCEPT] or allowed[TOLERATE]:
        promised, years = promise(item, cal, today)
        provisional = bool(years)

    suggested = next(
        (o for o in (ACCEPT, TOLERATE, CORRECTION, REFUSE, CONSULT) if allowed[o]), None
    )
    told = tuple(
        ToldGap(
            g.material.id,
            g.material.name,
            g.verdict.verdict,
            g.verdict.reason,
            g.material.tolerable,
        )
        for g in ev.gaps
    )
    return Decision(
        evaluation=ev,
        allowed=allowed,
        why_not={o: r for o, r in why.items() if not allowed[o]},
        suggested=suggested,
        gaps=told,
        default_deadline=default,
        latest_deadline=latest,
        promised_date=promised,
        provisional_years=years,
        promised_provisional=provisional,
        today=today,
        case=case,
        codes=codes,
    )
