"""Intake use cases: accept, tolerate, correct, refuse, consult; supplement and pickup visits.

Each use case validates everything first, then writes the case, its record (服务过程全记录)
and the record's outbox entry in ONE transaction, and only then prints. A refused request
writes nothing. The GUI wizard and ``counter intake FILE.json`` both come through here.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, union
from sqlalchemy.orm import Session

from app.core.case_numbers import format_case_no
from app.core.cases import (
    OPEN_FOR_SUPPLEMENT,
    OUTCOME_STATE,
    STATES,
    TRANSITIONS,
    CaseState,
    CaseView,
    IntakeRequest,
    IntakeResult,
)
from app.core.catalog import AnswerError, Item, check_answers, unanswered
from app.core.checklist import (
    ACCEPT,
    CONSULT,
    CORRECTION,
    OUTCOME_LABELS,
    REFUSE,
    TOLERATE,
    ToldGap,
    Verdict,
    find_gaps,
)
from app.core.decision import Decision, Settled, decide, promise
from app.core.errors import CounterError
from app.core.parties import Party
from app.models.schema import Case, Draft, ItemUsage, Record
from app.services import record_log
from app.services.calendar import CalendarService
from app.services.case_state import change_state
from app.services.post_checks import promise_payload
from app.services.rollout import refuse_intake_if_below_minimum
from app.services.settings import AUTH_DEPTHS, Settings

if TYPE_CHECKING:
    from app.bootstrap import Context

log = logging.getLogger(__name__)


# The records of a visit that decides (their slips print the gap list recorded with them).
VISIT_KINDS = ("intake", "supplement")


def _party_from(d: Mapping[str, Any] | None) -> Party | None:
    return None if d is None else Party(**d)


def _verdicts_from(d: Mapping[str, Any]) -> dict[str, Verdict]:
    return {k: Verdict(v["verdict"], v.get("reason")) for k, v in d.items()}


def _verdicts_to(v: Mapping[str, Verdict]) -> dict[str, Any]:
    return {k: {"verdict": x.verdict, "reason": x.reason} for k, x in v.items()}


def _provisional_payload(years: Sequence[int]) -> dict[str, Any]:
    """Recorded only when the promised date is 暂定, so earlier records read the same."""
    return {"promised_provisional": True, "provisional_years": list(years)} if years else {}


def _told(decision: Decision) -> list[dict[str, str | None]]:
    """The gap list told to the applicant, recorded with the visit: its slips print this list,
    never one derived again."""
    return [g.to_json() for g in decision.gaps]


def _drop_draft(s: Session, draft_id: str | None) -> None:
    """The wizard's draft goes with the commit: a crash after it can never resume (and record)
    the same visit twice."""
    if draft_id:
        s.execute(delete(Draft).where(Draft.id == draft_id))


class IntakeService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.store = ctx.store
        self.calendar: CalendarService = ctx.calendar

    # ---- window identity ---------------------------------------------------------------------

    def window(self) -> dict[str, Any]:
        with self.store.read() as s:
            return {k: v.get(s) for k, v in Settings.all().items()}

    def authorised(self, item_code: str) -> set[str]:
        with self.store.read() as s:
            table = Settings.authorisation.get(s)
        return set(table.get(item_code, table.get("*", AUTH_DEPTHS)))

    def _identity(self, s: Session) -> tuple[str, str]:
        centre, window = Settings.centre_code.get(s), Settings.window_code.get(s)
        if not centre or not window:
            raise CounterError(
                "window.not_initialised",
                "本窗口尚未初始化：请先运行 counter init --centre 编码 --window 编码",
            )
        return centre, window

    # ---- evaluation ------------------------------------------------------------------------

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
    ) -> Decision:
        """The decision of a visit, nothing written: what the wizard shows before the clerk
        decides, and what ``submit`` records. With ``case_no`` a return visit to that case
        (``item_code``, ``answers`` and ``catalog_version`` are then the case's own)."""
        start = today or date.today()
        if case_no is not None:
            case = self.case(case_no)
            item = self.ctx.catalog.item(case.item_code, case.catalog_version)
            return decide(
                item,
                case.answers,
                verdicts,
                self.authorised(item.code),
                self.calendar.calendar(),
                start,
                case,
            )
        version = catalog_version or self.ctx.catalog.current_version()
        item = self.ctx.catalog.item(item_code, version)
        try:
            answers = check_answers(item, answers)
        except AnswerError as exc:
            raise CounterError("intake.answer", exc.reason, path=exc.path) from exc
        return decide(
            item, answers, verdicts, self.authorised(item_code), self.calendar.calendar(), start
        )

    # ---- the visit ---------------------------------------------------------------------------

    def submit(
        self, req: IntakeRequest, now: datetime | None = None, *, slips: bool = True
    ) -> IntakeResult:
        """Decide and record one visit. Validates everything before writing anything; then,
        after the commit, prints its slips (``slips=False`` leaves that to the caller)."""
        now = now or datetime.now()
        self.ctx.users.require(req.clerk, "intake")
        refuse_intake_if_below_minimum(self.ctx)
        visit = self._supplement if req.case_no else self._new_intake
        result = visit(req, now)
        return self._with_documents(result) if slips else result

    def _new_intake(self, req: IntakeRequest, now: datetime) -> IntakeResult:
        item, version, decision, settled = self.settle_new(req, now)
        req = replace(req, supplement_deadline=settled.supplement_deadline)
        if settled.outcome == CONSULT:
            return self._consult(req, item, version, now)
        with self.store.write() as s:
            result = self.record_new(s, req, item, version, decision, settled, now)
            _drop_draft(s, req.draft_id)
        return result

    def settle_new(self, req: IntakeRequest, now: datetime) -> tuple[Item, int, Decision, Settled]:
        """Check a first visit and decide it (the item, its catalog version, the decision and
        what the visit records); raises with the reason, nothing written."""
        if req.applicant is None and req.outcome != CONSULT:
            raise CounterError("intake.applicant", "请填写申请人信息", path="applicant")
        version = req.catalog_version or self.ctx.catalog.current_version()
        item = self.ctx.catalog.item(req.item_code, version)
        decision = self.preview(req.item_code, req.answers, req.verdicts, now.date(), version)
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
    ) -> IntakeResult:
        """Write a decided first visit in the caller's write transaction: a new case with its
        number, its intake record (``extra`` joins the record's payload) and the item's use.
        A bundle writes each member's case through here, all in one transaction."""
        outcome, ev = settled.outcome, decision.evaluation
        promised, provisional = settled.promised_date, settled.provisional_years
        payload_common = self._payload(req, item, version, now)
        centre, window = self._identity(s)
        issuer, seq = self.ctx.issuer.issue(s, now.date())
        case_no = format_case_no(centre, window, now.date(), seq, issuer)
        case_id = str(uuid.uuid4())
        state = OUTCOME_STATE[outcome]
        accepted = now.date() if settled.first_acceptance else None
        promise = promise_payload(ev, self.calendar.calendar(), accepted)
        case = Case(
            id=case_id,
            case_no=case_no,
            item_code=item.code,
            item_name=item.name,
            catalog_version=version,
            answers={k: list(v) for k, v in req.answers.items()},
            applicant=req.applicant.to_dict(),  # type: ignore[union-attr]
            agent=req.agent.to_dict() if req.agent else None,
            state=state,
            outcome=outcome,
            reason=req.reason,
            promised_days=item.promised_days,
            promised_date=promised,
            promised_provisional=bool(provisional),
            supplement_deadline=settled.supplement_deadline,
            check_due=promise.get("check_due"),
            accepted_at=now if settled.first_acceptance else None,
            created_at=now,
            updated_at=now,
            visits=1,
            clerk=req.clerk,
            centre_code=centre,
            window_code=window,
            materials=_verdicts_to(ev.verdicts),
        )
        s.add(case)
        rec = record_log.append(
            s,
            "intake",
            {
                **payload_common,
                "case_no": case_no,
                "case_id": case_id,
                "visit": 1,
                "outcome": outcome,
                "state": state,
                "verdicts": _verdicts_to(ev.verdicts),
                "gaps": _told(decision),
                "promised_date": promised,
                "supplement_deadline": case.supplement_deadline,
                **_provisional_payload(provisional),
                **promise,
                **(extra or {}),
            },
            case_id=case_id,
            now=now.astimezone(),
        )
        self._count_usage(s, item.code, now)
        return IntakeResult(
            case_no,
            case_id,
            outcome,
            state,
            promised,
            case.supplement_deadline,
            [g.name for g in decision.gaps],
            rec.id,
            promised_provisional=bool(provisional),
        )

    def _consult(self, req: IntakeRequest, item: Item, version: int, now: datetime) -> IntakeResult:
        with self.store.write() as s:
            self._identity(s)
            rec = record_log.append(
                s,
                "consultation",
                {
                    **self._payload(req, item, version, now),
                    "outcome": CONSULT,
                    "question": req.question,
                    "answer": req.answer,
                },
                now=now.astimezone(),
            )
            self._count_usage(s, item.code, now)
            _drop_draft(s, req.draft_id)
        return IntakeResult(None, None, CONSULT, None, None, None, [], rec.id)

    def _supplement(self, req: IntakeRequest, now: datetime) -> IntakeResult:
        decision = self.preview(
            req.item_code, {}, req.verdicts, now.date(), case_no=req.case_no or ""
        )
        case = decision.case
        assert case is not None
        settled = decision.settle(
            req.outcome, reason=req.reason, supplement_deadline=req.supplement_deadline
        )
        outcome, ev = settled.outcome, decision.evaluation
        item = ev.item
        state = OUTCOME_STATE[outcome]
        with self.store.write() as s:
            row = s.scalar(select(Case).where(Case.case_no == case.case_no))
            assert row is not None
            row.visits += 1
            row.state, row.outcome, row.updated_at = state, outcome, now
            row.materials = _verdicts_to(ev.verdicts)
            row.reason = req.reason if outcome == REFUSE else row.reason
            row.promised_date = settled.promised_date
            row.promised_provisional = settled.promised_provisional
            row.supplement_deadline = settled.supplement_deadline
            if settled.first_acceptance:
                row.accepted_at = now
            rec = record_log.append(
                s,
                "supplement",
                {
                    **self._payload(req, item, case.catalog_version, now),
                    "case_no": case.case_no,
                    "case_id": case.id,
                    "visit": row.visits,
                    "outcome": outcome,
                    "state": state,
                    "verdicts": _verdicts_to(
                        {m: ev.verdicts[m] for m in case.outstanding if m in ev.verdicts}
                    ),
                    "gaps": _told(decision),
                    "promised_date": settled.promised_date,
                    "supplement_deadline": row.supplement_deadline,
                    **_provisional_payload(settled.provisional_years),
                    "applicant": case.applicant.to_dict(),
                },
                case_id=case.id,
                now=now.astimezone(),
            )
            _drop_draft(s, req.draft_id)
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

    def _payload(
        self, req: IntakeRequest, item: Item, version: int, now: datetime
    ) -> dict[str, Any]:
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

    @staticmethod
    def _count_usage(s: Session, code: str, now: datetime) -> None:
        row = s.get(ItemUsage, code)
        if row is None:
            s.add(ItemUsage(code=code, uses=1, last_used=now))
        else:
            row.uses += 1
            row.last_used = now

    # ---- after acceptance ----------------------------------------------------------------------

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
        self.ctx.users.require(clerk, "pickup")
        case = self.case(case_no)
        if "结果送达" not in self.authorised(case.item_code):
            raise CounterError("outcome.not_allowed", "本窗口对该事项没有“结果送达”权限")
        instant = case.promised_days == 0 and case.state in ("accepted", "transferred")
        if case.state != "result_ready" and not instant:
            raise CounterError(
                "case.not_ready",
                f"办件 {case_no} 当前状态为“{STATES[case.state]}”，结果尚未送达窗口，不能领取",
            )
        from app.services.centre_cases import applicant_matches

        # A case opened at another window holds the number masked: its check value decides.
        if not by_agent and not applicant_matches(
            self.store, case.id, case.applicant.id_number, collector.id_number
        ):
            raise CounterError(
                "pickup.identity",
                "领取人证件号码与申请人不一致；如为代领，请选择代办人领取并登记其证件",
                path="collector.id_number",
            )
        with self.store.write() as s:
            row = s.scalar(select(Case).where(Case.case_no == case_no))
            assert row is not None
            row.visits += 1
            row.state, row.updated_at = "delivered", now
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
                    "state": "delivered",
                },
                case_id=case.id,
                now=now.astimezone(),
            )
        return self._with_documents(
            IntakeResult(
                case_no, case.id, "pickup", "delivered", case.promised_date, None, [], rec.id
            )
        )

    def set_state(
        self,
        case_no: str,
        state: str,
        clerk: str,
        note: str | None = None,
        origin: str = "window",
        now: datetime | None = None,
    ) -> str:
        """A back-office step: transferred (材料流转), result ready, closed. Returns the record id."""
        now = now or datetime.now()
        if origin == "window":  # a back-office decision arriving through sync has no clerk
            self.ctx.users.require(clerk, "intake")
        if state not in TRANSITIONS:
            raise CounterError("case.state", f"状态应为 {'、'.join(TRANSITIONS)} 之一")
        case = self.case(case_no)
        if case.state not in TRANSITIONS[state]:
            raise CounterError(
                "case.transition",
                f"办件 {case_no} 当前为“{STATES[case.state]}”，不能改为“{STATES[state]}”",
            )
        with self.store.write() as s:
            row = s.scalar(select(Case).where(Case.case_no == case.case_no))
            assert row is not None
            rec = change_state(s, row, state, clerk=clerk, note=note, origin=origin, now=now)
        # The 材料流转单 goes with the paper, printed after the commit.
        if state == CaseState.TRANSFERRED:
            try:
                self.ctx.slips.render_case(case_no, "transfer")
            except Exception as exc:
                from app.services.slips import slip_failure

                slip_failure(case_no, exc)
        return rec.id

    # ---- reading -----------------------------------------------------------------------------

    def case(self, case_no: str) -> CaseView:
        from app.core.case_numbers import parse_case_no

        parts = parse_case_no(case_no)
        with self.store.read() as s:
            # Every stored number was made by format_case_no: text that does not parse as one
            # (hostile bytes included) names no case, and is never sent to the database.
            row = (
                None
                if parts is None
                else s.scalar(select(Case).where(Case.case_no == parts.format()))
            )
            if row is None:
                raise CounterError(
                    "case.unknown", f"没有找到办件 {case_no.strip()}，请核对办件编号", path="case"
                )
            history: list[dict[str, Any]] = []
            told: tuple[ToldGap, ...] | None = None
            records = s.scalars(select(Record).where(Record.case_id == row.id).order_by(Record.seq))
            for r in records:
                payload = record_log.payload_of(r)
                shown = ("outcome", "state", "clerk", "visit", "bundle")
                history.append(
                    {
                        "kind": r.kind,
                        "at": r.created_at,
                        "record_id": r.id,
                        **{k: v for k, v in payload.items() if k in shown},
                    }
                )
                if r.kind in VISIT_KINDS:
                    gaps = payload.get("gaps")
                    told = None if gaps is None else tuple(ToldGap.from_json(g) for g in gaps)
            return replace(self._view(row, history), told=told)

    def pickup_record(self, case_no: str) -> dict[str, Any] | None:
        """The latest pickup of a case (who collected, when), for the 结果领取凭证."""
        case = self.case(case_no)
        with self.store.read() as s:
            rec = s.scalars(
                select(Record)
                .where(Record.case_id == case.id, Record.kind == "pickup")
                .order_by(Record.seq.desc())
                .limit(1)
            ).first()
            if rec is None:
                return None
            return {**record_log.payload_of(rec), "at": rec.created_at}

    def _view(self, row: Case, history: list[dict[str, Any]]) -> CaseView:
        verdicts = _verdicts_from(row.materials)
        outstanding = []
        if row.state in OPEN_FOR_SUPPLEMENT:
            item = self.ctx.catalog.item(row.item_code, row.catalog_version)
            recorded = [m for m in item.materials if m.id in verdicts]
            outstanding = [g.material.id for g in find_gaps(recorded, verdicts)]
        return CaseView(
            id=row.id,
            case_no=row.case_no,
            item_code=row.item_code,
            item_name=row.item_name,
            catalog_version=row.catalog_version,
            state=row.state,
            outcome=row.outcome,
            reason=row.reason,
            applicant=_party_from(row.applicant),  # type: ignore[arg-type]
            agent=_party_from(row.agent),
            answers=row.answers,
            verdicts=verdicts,
            outstanding=outstanding,
            promised_days=row.promised_days,
            promised_date=row.promised_date,
            supplement_deadline=row.supplement_deadline,
            accepted_at=row.accepted_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
            visits=row.visits,
            clerk=row.clerk,
            history=history,
            promised_provisional=bool(row.promised_provisional),
        )

    def cases_on(self, day: date) -> list[CaseView]:
        """Cases created or changed that day: two index ranges (an OR across the two columns
        would read every case ever made)."""
        start = datetime.combine(day, datetime.min.time())
        end = datetime.combine(day, datetime.max.time())
        with self.store.read() as s:
            ids = union(
                select(Case.id).where(Case.created_at.between(start, end)),
                select(Case.id).where(Case.updated_at.between(start, end)),
            )
            rows = s.scalars(
                select(Case).where(Case.id.in_(ids)).order_by(Case.created_at.desc())
            ).all()
            return [self._view(r, []) for r in rows]

    def open_cases(self, due_by: date | None = None) -> list[CaseView]:
        """Cases still running toward a promised date, from any day, soonest first; with
        ``due_by``, only those promised by then (an index range, whatever the history)."""
        with self.store.read() as s:
            query = select(Case).where(
                Case.state.in_(("accepted", "tolerated", "transferred")),
                Case.promised_date.is_not(None),
            )
            if due_by is not None:
                query = query.where(Case.promised_date <= due_by)
            rows = s.scalars(query.order_by(Case.promised_date)).all()
            return [self._view(r, []) for r in rows]

    def awaiting_pickup(self) -> list[CaseView]:
        with self.store.read() as s:
            rows = s.scalars(
                select(Case).where(Case.state == "result_ready").order_by(Case.updated_at)
            ).all()
            return [self._view(r, []) for r in rows]

    def day_counts(self, day: date) -> dict[str, int]:
        """Visits of the day by outcome, consultations included (they have no case): the day's
        records through the (kind, created_at) index, never a scan of the whole history."""
        from app.services.record_log import day_range

        counts = {o: 0 for o in OUTCOME_LABELS}
        with self.store.read() as s:
            rows = s.execute(
                select(Record.payload).where(
                    Record.kind.in_(("intake", "supplement", "consultation")),
                    *day_range(day),
                )
            )
            for (payload,) in rows:
                outcome = json.loads(payload).get("outcome")
                if outcome in counts:
                    counts[outcome] += 1
        return counts

    # ---- documents ---------------------------------------------------------------------------

    def _with_documents(self, result: IntakeResult) -> IntakeResult:
        """Print the visit's slips after the commit; a printing failure loses no record, and
        says why in ``slip_error`` (what to do included) for the clerk to see."""
        if result.case_no is None:
            return result  # a consultation: its guide is printed on request only
        try:
            paths = self.ctx.slips.for_result(result)
        except Exception as exc:  # the record is safe; the slip can be reprinted
            from app.services.slips import slip_failure

            return IntakeResult(
                **{**result.__dict__, "slip_error": slip_failure(result.case_no, exc)}
            )
        return IntakeResult(**{**result.__dict__, "documents": [str(p) for p in paths]})
