"""The applicant's visits: a first visit (accept, tolerate, correct, refuse), a consultation, a
return visit with the missing materials, and the pickup of the result.

Each visit validates everything first, then writes the case, its record (服务过程全记录) and the
record's outbox entry in ONE transaction, and only then prints. A refused request writes
nothing. The GUI wizard and ``counter intake FILE.json`` both come through here; a bundle
(``bundle_intake``) decides its members with ``settle_new`` and writes them with
``record_new`` in its own single transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, insert, select
from sqlalchemy.dialects.sqlite import insert as upsert
from sqlalchemy.orm import Session

from app.core import checklist
from app.core.case_numbers import format_case_no
from app.core.cases import OUTCOME_STATE, STATES, CaseState, IntakeRequest, IntakeResult
from app.core.catalog import (
    TOLERANCE_PROMISE,
    AnswerError,
    Item,
    check_answers,
    unanswered,
)
from app.core.checklist import (
    ACCEPT,
    CONSULT,
    CORRECTION,
    REFUSE,
    TOLERATE,
    Verdict,
    check_originals,
)
from app.core.decision import Decision, Settled, decide, promise
from app.core.errors import CounterError
from app.core.parties import Party
from app.core.workdays import WorkCalendar
from app.models.db import Store
from app.models.schema import Case, Draft, ItemUsage
from app.services import posts, record_log, visit_share
from app.services.accounts import AccountService
from app.services.calendar import CalendarService
from app.services.case_issuer import CaseIssuer
from app.services.case_queries import CaseQueries
from app.services.catalog import CatalogService
from app.services.centre_cases import applicant_matches
from app.services.post_checks import check_due, promise_payload
from app.services.rollout import (
    refuse_intake_if_below_minimum,
    refuse_intake_if_below_minimum_in,
)
from app.services.settings import Settings
from app.services.slips import SlipService, slip_failure


def verdicts_to(v: Mapping[str, Verdict]) -> dict[str, Any]:
    return {k: {"verdict": x.verdict, "reason": x.reason} for k, x in v.items()}


def _provisional_payload(years: Sequence[int]) -> dict[str, Any]:
    """Recorded only when the promised date is 暂定, so earlier records read the same."""
    return {"promised_provisional": True, "provisional_years": list(years)} if years else {}


def _told(decision: Decision) -> list[dict[str, str | bool | None]]:
    """The gap list told to the applicant, recorded with the visit: its slips print this list,
    never one derived again."""
    return [g.to_json() for g in decision.gaps]


def tolerance_promises(item: Item, verdicts: Mapping[str, Verdict]) -> dict[str, Any]:
    """What a visit's record adds when the applicant signed a 容缺 promise (the catalog's
    commitment kind 容缺) for materials: they stay outstanding like missing ones, to be
    handed in by the supplement deadline, and the record says they were promised."""
    ids = [
        m.id
        for m in item.materials
        if m.commitment is not None
        and m.commitment.kind == TOLERANCE_PROMISE
        and (v := verdicts.get(m.id)) is not None
        and v.verdict == checklist.PROMISED
    ]
    return {"tolerance_promised": ids} if ids else {}


def drop_draft(s: Session, draft_id: str | None) -> None:
    """The wizard's draft goes with the commit: a crash after it can never resume (and record)
    the same visit twice."""
    if draft_id:
        s.execute(delete(Draft).where(Draft.id == draft_id))


def window_identity(s: Session) -> tuple[str, str]:
    """The centre and window codes a case number is made of; refuses before `counter init`."""
    centre, window = Settings.centre_code.get(s), Settings.window_code.get(s)
    if not centre or not window:
        raise CounterError(
            "window.not_initialised",
            "本窗口尚未初始化：请先运行 counter init --centre 编码 --window 编码",
        )
    return centre, window


_USAGE = cast(Table, ItemUsage.__table__)
_COUNT_USAGE = (
    upsert(_USAGE)
    .values(
        code=bindparam("code"), uses=1, last_used=bindparam("now", type_=_USAGE.c.last_used.type)
    )
    .on_conflict_do_update(
        index_elements=[_USAGE.c.code],
        set_={"uses": _USAGE.c.uses + 1, "last_used": upsert(_USAGE).excluded.last_used},
    )
)
_INSERT_CASE = insert(cast(Table, Case.__table__))


def _count_usage(s: Session, code: str, now: datetime) -> None:
    """One more use of the item (one statement)."""
    s.connection().execute(_COUNT_USAGE, {"code": code, "now": now})


@dataclass(frozen=True)
class IntakeReads:
    """What an intake reads before it writes, all in one read transaction: the clerk may take
        intakes, the window's version is not below the county's minimum, the catalog version (and
        its content hash, which the record carries), the working-day calendar, and the settings
        the decision needs (the clerk's depths for the item, by the post table or the window's
    setting). The write transaction then reads only what it must read under its lock
        (the settings the case number and the record are made of)."""

    version: int | None
    catalog_hash: str | None
    calendar: WorkCalendar
    depths: frozenset[str]  # what the clerk may do with the item that day (授权深度)
    intake_refused: CounterError | None  # why the clerk may not take it in (收件), if not
    centre: str


def _payload(req: IntakeRequest, item: Item, version: int, now: datetime) -> dict[str, Any]:
    started = req.started_at or now
    return {
        "clerk": req.clerk,
        "ticket": req.ticket,
        "item_code": item.code,
        "item_name": item.name,
        "catalog_version": version,
        "applicant": req.applicant.to_dict() if req.applicant else None,
        "agent": req.agent.to_dict() if req.agent else None,
        "answers": {k: list(v) for k, v in req.answers.items()},
        "reason": req.reason,
        "started_at": started.isoformat(timespec="seconds"),
        "duration_s": round(max(0.0, (now - started).total_seconds()), 1),
    }


class VisitService:
    def __init__(
        self,
        store: Store,
        catalog: CatalogService,
        calendar: CalendarService,
        users: AccountService,
        issuer: CaseIssuer,
        cases: CaseQueries,
        slips: SlipService,
    ) -> None:
        self.store = store  # also what the version check reads (rollout)
        self.catalog = catalog
        self.calendar = calendar
        self.users = users
        self.issuer = issuer
        self.cases = cases
        self.slips = slips

    # ---- what the window may decide ----------------------------------------------------------

    def authorised(self, item_code: str, username: str | None, day: date | None = None) -> set[str]:
        """The authorisation depths (授权深度) ``username`` holds for an item on ``day``: from
        the post table the central published (services/posts.py), or, on a window without
        one, the window's own setting ``window.authorisation``."""
        with self.store.read() as s:
            held = posts.depths_in(s, username, item_code, day or date.today())
            return held if held is not None else posts.window_depths(s, item_code)

    def require_depth(
        self, item_code: str, username: str | None, depth: str, day: date | None = None
    ) -> None:
        """Refuse, naming the post and the depth, when ``username`` may not do ``depth``."""
        with self.store.read() as s:
            posts.require_depth(s, username, item_code, depth, day or date.today())

    def require_intake(self, item_code: str, username: str | None, day: date | None = None) -> None:
        """Refuse to start an intake (收件) for the item: what the wizard asks when the item is
        chosen, and what every first and return visit checks before anything is written."""
        self.require_depth(item_code, username, "收件", day)

    def reads(
        self,
        item_code: str,
        clerk: str | None,
        day: date,
        catalog_version: int | None = None,
        *,
        submitting: bool = False,
    ) -> IntakeReads:
        """What a first visit reads before writing, in one transaction (see ``IntakeReads``).
        ``submitting``: refuse a clerk without the intake permission and a window below the
        minimum version first, as ``submit`` does."""
        with self.store.read() as s:
            if submitting:
                self.users.require_in(s, clerk or "", "intake")
                refuse_intake_if_below_minimum_in(s)
            found = self.catalog.version_in(s, catalog_version)
            calendar = self.calendar.calendar_in(s)
            centre = Settings.centre_code.get(s) or ""
            held = posts.depths_in(s, clerk, item_code, day)
            depths = held if held is not None else posts.window_depths(s, item_code)
            try:
                posts.require_depth(s, clerk, item_code, "收件", day)
                refused = None
            except CounterError as exc:
                refused = exc
        return IntakeReads(
            found[0] if found else catalog_version,
            found[1] if found else None,
            calendar,
            frozenset(depths),
            refused,
            centre,
        )

    def promised_date(self, item: Item, start: date) -> date | None:
        return self.promise(item, start)[0]

    def promise(self, item: Item, start: date) -> tuple[date | None, tuple[int, ...]]:
        """The promised completion date and the years it was counted over without their
        published holiday schedule (then it is 暂定: statutory holidays only, no 调休)."""
        return promise(item, self.calendar.calendar(), start)

    def provisional_year(self, item: Item, start: date) -> int | None:
        """Said when the item is chosen: the year whose schedule the promised date would be
        estimated for, else None."""
        years = self.promise(item, start)[1]
        return years[-1] if years else None

    def preview(
        self,
        item_code: str,
        answers: Mapping[str, Sequence[str]],
        verdicts: Mapping[str, Verdict],
        today: date | None = None,
        catalog_version: int | None = None,
        *,
        case_no: str | None = None,
        clerk: str | None = None,
    ) -> Decision:
        """The decision of a visit, nothing written: what the wizard shows before the clerk
        decides, and what ``submit`` records. With ``case_no`` a return visit to that case
        (``item_code``, ``answers`` and ``catalog_version`` are then the case's own). The
        outcomes offered are those ``clerk`` is authorised for (授权深度)."""
        start = today or date.today()
        if case_no is not None:
            case = self.cases.case(case_no)
            item = self.catalog.item(case.item_code, case.catalog_version)
            return decide(
                item,
                case.answers,
                verdicts,
                self.authorised(item.code, clerk, start),
                self.calendar.calendar(),
                start,
                case,
            )
        reads = self.reads(item_code, clerk, start, catalog_version or None)
        return self._decide_first(reads, item_code, answers, verdicts, start)

    def _decide_first(
        self,
        reads: IntakeReads,
        item_code: str,
        answers: Mapping[str, Sequence[str]],
        verdicts: Mapping[str, Verdict],
        start: date,
    ) -> Decision:
        item = self.catalog.item(item_code, reads.version)
        try:
            answers = check_answers(item, answers)
        except AnswerError as exc:
            raise CounterError("intake.answer", exc.reason, path=exc.path) from exc
        return decide(item, answers, verdicts, set(reads.depths), reads.calendar, start)

    @staticmethod
    def refuse_unchecked_originals(decision: Decision) -> None:
        """Refuse a decision that records an original as checked (原件核验) by a clerk not
        authorised for it: the wizard asks before it offers the outcomes, ``submit`` again
        before it writes. A return visit answers for its outstanding materials only."""
        only = decision.case.outstanding if decision.case is not None else None
        check_originals(decision.evaluation, decision.evaluation.authorised, only=only)

    # ---- the visit ---------------------------------------------------------------------------

    def submit(
        self, req: IntakeRequest, now: datetime | None = None, *, slips: bool = True
    ) -> IntakeResult:
        """Decide and record one visit. Validates everything before writing anything; then,
        after the commit, prints its slips (``slips=False`` leaves that to the caller)."""
        now = now or datetime.now()
        if req.case_no:
            self.users.require(req.clerk, "intake")
            refuse_intake_if_below_minimum(self)
            result = self._return_visit(req, now)
        else:
            reads = self.reads(
                req.item_code, req.clerk, now.date(), req.catalog_version or None, submitting=True
            )
            result = self._first_visit(req, now, reads)
        return self.print_slips(result) if slips else result

    def _first_visit(self, req: IntakeRequest, now: datetime, reads: IntakeReads) -> IntakeResult:
        item, version, decision, settled = self.settle_new(req, now, reads)
        req = replace(req, supplement_deadline=settled.supplement_deadline)
        if settled.outcome == CONSULT:
            return self._consult(req, item, version, now)
        # scrypt outside the lock
        visit_share.prepare(self.store, req.applicant, req.agent, centre=reads.centre)
        with self.store.write() as s:
            result = self.record_new(
                s,
                req,
                item,
                version,
                decision,
                settled,
                now,
                calendar=reads.calendar,
                catalog_hash=reads.catalog_hash if reads.version == version else None,
            )
            drop_draft(s, req.draft_id)
        return result

    def settle_new(
        self, req: IntakeRequest, now: datetime, reads: IntakeReads | None = None
    ) -> tuple[Item, int, Decision, Settled]:
        """Check a first visit and decide it (the item, its catalog version, the decision and
        what the visit records); raises with the reason, nothing written. ``reads``: what the
        caller read for it already (else read here)."""
        if req.applicant is None and req.outcome != CONSULT:
            raise CounterError("intake.applicant", "请填写申请人信息", path="applicant")
        if reads is None:
            reads = self.reads(req.item_code, req.clerk, now.date(), req.catalog_version or None)
        version = reads.version
        item = self.catalog.item(req.item_code, version)
        if req.outcome != CONSULT and reads.intake_refused is not None:
            raise reads.intake_refused  # require_intake, as read with the rest
        decision = self._decide_first(reads, req.item_code, req.answers, req.verdicts, now.date())
        if req.outcome is None and decision.suggested in (CONSULT, None):
            # Nothing this clerk may decide: say which depth is missing, never record the
            # intake as a consultation behind their back.
            for depth in ("受理", "一次性告知"):
                self.require_depth(req.item_code, req.clerk, depth, now.date())
        if (req.outcome or decision.suggested) in (ACCEPT, TOLERATE, CORRECTION):
            missing = unanswered(item, req.answers)
            if missing:
                q = missing[0]
                raise CounterError(
                    "intake.answer",
                    f"请先回答情形问题“{q.text}”：它决定需要哪些材料",
                    path=f"answers.{q.id}",
                )
        settled = decision.settle(
            req.outcome, reason=req.reason, supplement_deadline=req.supplement_deadline
        )
        if settled.outcome != CONSULT:
            self.refuse_unchecked_originals(decision)
        return item, version or 0, decision, settled

    def record_new(
        self,
        s: Session,
        req: IntakeRequest,
        item: Item,
        version: int,
        decision: Decision,
        settled: Settled,
        now: datetime,
        extra: Mapping[str, Any] | None = None,
        *,
        calendar: WorkCalendar | None = None,
        catalog_hash: str | None = None,
    ) -> IntakeResult:
        """Write a decided first visit in the caller's write transaction: a new case with its
        number, its intake record (``extra`` joins the record's payload) and the item's use.
        A bundle writes each member's case through here, all in one transaction. ``calendar``
        and ``catalog_hash`` (of ``version``): what the caller read before the lock, so that
        nothing is read twice under it; read here when not given."""
        if req.applicant is None:  # settle_new refused it already; a consultation has no case
            raise CounterError("intake.applicant", "请填写申请人信息", path="applicant")
        outcome, ev = settled.outcome, decision.evaluation
        promised, provisional = settled.promised_date, settled.provisional_years
        centre, window = window_identity(s)
        issuer, seq = self.issuer.issue(s, now.date())
        case_no = format_case_no(centre, window, now.date(), seq, issuer)
        case_id = str(uuid.uuid4())
        state = OUTCOME_STATE[outcome]
        accepted = now.date() if settled.first_acceptance else None
        promise = (
            promise_payload(ev, calendar or self.calendar.calendar(), accepted)
            if ev.promised
            else {}
        )
        s.connection().execute(
            _INSERT_CASE,
            {
                "id": case_id,
                "case_no": case_no,
                "item_code": item.code,
                "item_name": item.name,
                "catalog_version": version,
                "answers": {k: list(v) for k, v in req.answers.items()},
                "applicant": req.applicant.to_dict(),
                "agent": req.agent.to_dict() if req.agent else None,
                "state": state,
                "outcome": outcome,
                "reason": req.reason,
                "promised_days": item.promised_days,
                "promised_date": promised,
                "promised_provisional": bool(provisional),
                "supplement_deadline": settled.supplement_deadline,
                "check_due": promise.get("check_due"),
                "accepted_at": now if settled.first_acceptance else None,
                "created_at": now,
                "updated_at": now,
                "visits": 1,
                "clerk": req.clerk,
                "centre_code": centre,
                "window_code": window,
                "materials": verdicts_to(ev.verdicts),
            },
        )
        known = {"catalog_hash": catalog_hash} if catalog_hash else {}
        rec = record_log.append(
            s,
            "intake",
            {
                **known,
                **_payload(req, item, version, now),
                "case_no": case_no,
                "case_id": case_id,
                "visit": 1,
                "outcome": outcome,
                "state": state,
                "verdicts": verdicts_to(ev.verdicts),
                "gaps": _told(decision),
                "promised_date": promised,
                "supplement_deadline": settled.supplement_deadline,
                **_provisional_payload(provisional),
                **promise,
                **tolerance_promises(item, req.verdicts),
                **(extra or {}),
            },
            case_id=case_id,
            now=now.astimezone(),
        )
        _count_usage(s, item.code, now)
        return IntakeResult(
            case_no,
            case_id,
            outcome,
            state,
            promised,
            settled.supplement_deadline,
            [g.name for g in decision.gaps],
            rec.id,
            promised_provisional=bool(provisional),
        )

    def _consult(self, req: IntakeRequest, item: Item, version: int, now: datetime) -> IntakeResult:
        with self.store.write() as s:
            window_identity(s)
            rec = record_log.append(
                s,
                "consultation",
                {
                    **_payload(req, item, version, now),
                    "outcome": CONSULT,
                    "question": req.question,
                    "answer": req.answer,
                },
                now=now.astimezone(),
            )
            _count_usage(s, item.code, now)
            drop_draft(s, req.draft_id)
        return IntakeResult(None, None, CONSULT, None, None, None, [], rec.id)

    def _return_visit(self, req: IntakeRequest, now: datetime) -> IntakeResult:
        """The applicant brings what was missing (补正 or 容缺补齐)."""
        decision = self.preview(
            req.item_code, {}, req.verdicts, now.date(), case_no=req.case_no or "", clerk=req.clerk
        )
        case = decision.case
        assert case is not None  # a return visit's decision always carries its case
        self.require_intake(case.item_code, req.clerk, now.date())
        settled = decision.settle(
            req.outcome, reason=req.reason, supplement_deadline=req.supplement_deadline
        )
        self.refuse_unchecked_originals(decision)
        outcome, ev = settled.outcome, decision.evaluation
        item = ev.item
        state = OUTCOME_STATE[outcome]
        visit_share.prepare(self.store, case.applicant)
        with self.store.write() as s:
            row = s.scalar(select(Case).where(Case.case_no == case.case_no))
            assert row is not None  # read by preview a moment ago; cases are never deleted
            row.visits += 1
            row.state, row.outcome, row.updated_at = state, outcome, now
            row.materials = verdicts_to(ev.verdicts)
            row.reason = req.reason if outcome == REFUSE else row.reason
            row.promised_date = settled.promised_date
            row.promised_provisional = settled.promised_provisional
            row.supplement_deadline = settled.supplement_deadline
            # A promise signed at this visit: its materials are recorded as a first visit's
            # are (its letter is printed with this visit's slips); checked from acceptance.
            promised = [m.id for m in ev.promised if m.id in case.outstanding]
            signed: dict[str, Any] = {"promised": promised, "check_due": None} if promised else {}
            outstanding = {m: v for m, v in req.verdicts.items() if m in case.outstanding}
            accepted: dict[str, Any] = {}
            if settled.first_acceptance:
                row.accepted_at = now
                # A 告知承诺 signed at an earlier visit (or this one) is checked from today,
                # the acceptance: the first visit recorded no check date.
                due = check_due(ev, self.calendar.calendar(), now.date())
                row.check_due = due
                accepted = {"check_due": due} if due is not None else {}
            rec = record_log.append(
                s,
                "supplement",
                {
                    **_payload(req, item, case.catalog_version, now),
                    "case_no": case.case_no,
                    "case_id": case.id,
                    "visit": row.visits,
                    "outcome": outcome,
                    "state": state,
                    "verdicts": verdicts_to(
                        {m: ev.verdicts[m] for m in case.outstanding if m in ev.verdicts}
                    ),
                    "gaps": _told(decision),
                    "promised_date": settled.promised_date,
                    "supplement_deadline": row.supplement_deadline,
                    **_provisional_payload(settled.provisional_years),
                    "applicant": case.applicant.to_dict(),
                    **signed,
                    **accepted,
                    **tolerance_promises(item, outstanding),
                },
                case_id=case.id,
                now=now.astimezone(),
            )
            drop_draft(s, req.draft_id)
        return IntakeResult(
            case.case_no,
            case.id,
            outcome,
            state,
            settled.promised_date,
            row.supplement_deadline,
            [g.name for g in decision.gaps],
            rec.id,
            promised_provisional=settled.promised_provisional,
        )

    def pickup(
        self,
        case_no: str,
        clerk: str,
        collector: Party,
        by_agent: bool,
        now: datetime | None = None,
    ) -> IntakeResult:
        """The result is handed over (结果送达): record who collected it."""
        now = now or datetime.now()
        self.users.require(clerk, "pickup")
        case = self.cases.case(case_no)
        self.require_depth(case.item_code, clerk, "结果送达", now.date())
        # An instant item (承诺 0 days) is handed over at once, with no back-office step.
        instant = case.promised_days == 0 and case.state in (
            CaseState.ACCEPTED,
            CaseState.TRANSFERRED,
        )
        if case.state != CaseState.RESULT_READY and not instant:
            raise CounterError(
                "case.not_ready",
                f"办件 {case_no} 当前状态为“{STATES[case.state]}”，结果尚未送达窗口，不能领取",
            )
        # A case opened at another window holds the number masked: its check value decides.
        if not by_agent and not applicant_matches(
            self.store, case.id, case.applicant.id_number, collector.id_number
        ):
            raise CounterError(
                "pickup.identity",
                "领取人证件号码与申请人不一致；如为代领，请选择代办人领取并登记其证件",
                path="collector.id_number",
            )
        delivered = CaseState.DELIVERED
        visit_share.prepare(self.store, collector)
        with self.store.write() as s:
            row = s.scalar(select(Case).where(Case.case_no == case_no))
            assert row is not None  # read a moment ago; cases are never deleted
            row.visits += 1
            row.state, row.updated_at = delivered, now
            rec = record_log.append(
                s,
                "pickup",
                {
                    "clerk": clerk,
                    "case_no": case_no,
                    "case_id": case.id,
                    "item_code": case.item_code,
                    "catalog_version": case.catalog_version,
                    "collector": collector.to_dict(),
                    "by_agent": by_agent,
                    "visit": row.visits,
                    "state": delivered,
                },
                case_id=case.id,
                now=now.astimezone(),
            )
        return self.print_slips(
            IntakeResult(
                case_no, case.id, "pickup", delivered, case.promised_date, None, [], rec.id
            )
        )

    # ---- documents ---------------------------------------------------------------------------

    def print_slips(self, result: IntakeResult) -> IntakeResult:
        """Print a recorded visit's slips (after its commit); a printing failure loses no
        record, and says why in ``slip_error`` (what to do included) for the clerk to see."""
        if result.case_no is None:
            return result  # a consultation: its guide is printed on request only
        try:
            paths = self.slips.for_result(result)
        except Exception as exc:  # the record is safe; the slip can be reprinted
            return replace(result, slip_error=slip_failure(result.case_no, exc))
        return replace(result, documents=[str(p) for p in paths])
