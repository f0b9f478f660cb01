"""一件事 at the window: one applicant, one checklist, a case for each member, one transaction.

The bundle's answers select its members (``app.core.bundles``); each member is decided by the
same rules as a single item and written through the intake service's ``record_new``, so a
member's case is exactly what a single intake of that item would have recorded, plus the
bundle that ties the cases together (``bundle`` in each intake record). Everything is checked
before anything is written; then every member's case, record and usage are written in one
transaction, so a bundle is recorded whole or not at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from app.core.bundles import BundleDecision, decide_bundle
from app.core.cases import IntakeRequest, IntakeResult
from app.core.catalog import Bundle, Item, unanswered
from app.core.checklist import ACCEPT, CONSULT, CORRECTION, TOLERATE, Verdict, check_originals
from app.core.errors import CounterError
from app.core.parties import Party
from app.services import visit_share
from app.services.rollout import refuse_intake_if_below_minimum

if TYPE_CHECKING:
    from app.bootstrap import Context


@dataclass(frozen=True)
class BundleRequest:
    clerk: str
    bundle_code: str
    applicant: Party | None
    answers: Mapping[str, Sequence[str]] = field(default_factory=dict)  # the bundle's questions
    # Each member's answers to its own questions (the bundle's fixed answers are added).
    members: Mapping[str, Mapping[str, Sequence[str]]] = field(default_factory=dict)
    verdicts: Mapping[str, Verdict] = field(default_factory=dict)  # by checklist line key
    agent: Party | None = None
    outcomes: Mapping[str, str] = field(default_factory=dict)  # member -> outcome; else suggested
    reasons: Mapping[str, str] = field(default_factory=dict)  # member -> reason (不予受理)
    supplement_deadline: date | None = None  # 容缺 members: agreed for all of them
    ticket: str | None = None
    started_at: datetime | None = None
    catalog_version: int | None = None
    draft_id: str | None = None


@dataclass(frozen=True)
class MemberResult:
    item_code: str
    item_name: str
    result: IntakeResult


@dataclass(frozen=True)
class BundleResult:
    bundle_id: str
    bundle_code: str
    bundle_name: str
    promised_date: date | None  # the bundle's 联办 date, when the catalog gives one
    members: tuple[MemberResult, ...]
    documents: list[str] = field(default_factory=list)
    slip_error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "bundle_id": self.bundle_id,
            "bundle": self.bundle_code,
            "name": self.bundle_name,
            "promised_date": self.promised_date.isoformat() if self.promised_date else None,
            "members": [
                {"item": m.item_code, "name": m.item_name, **m.result.to_json()}
                for m in self.members
            ],
            "documents": self.documents,
            **({"slip_error": self.slip_error} if self.slip_error else {}),
        }


class BundleIntakeService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def bundle(self, code: str, version: int | None = None) -> tuple[Bundle, int, dict[str, Item]]:
        """The bundle and its member items as one catalog version has them."""
        version = version or self.ctx.catalog.current_version() or 0
        bundle = self.ctx.catalog.bundle(code, version)
        if bundle is None:
            raise CounterError(
                "bundle.unknown",
                f"目录（版本 {version}）中没有编码为 {code} 的一件事；请检查编码",
                path="bundle",
            )
        items = {m.item: self.ctx.catalog.item(m.item, version) for m in bundle.members}
        return bundle, version, items

    def preview(self, req: BundleRequest, today: date | None = None) -> BundleDecision:
        """The decision of a bundle visit, nothing written: what the wizard shows."""
        bundle, _, items = self.bundle(req.bundle_code, req.catalog_version)
        day = today or date.today()
        return decide_bundle(
            bundle,
            items,
            req.answers,
            req.members,
            req.verdicts,
            {code: self.ctx.visits.authorised(code, req.clerk, day) for code in items},
            self.ctx.calendar.calendar(),
            day,
        )

    def submit(
        self, req: BundleRequest, now: datetime | None = None, *, slips: bool = True
    ) -> BundleResult:
        now = now or datetime.now()
        self.ctx.users.require(req.clerk, "intake")
        refuse_intake_if_below_minimum(self.ctx)
        if req.applicant is None:
            raise CounterError("intake.applicant", "请填写申请人信息", path="applicant")
        bundle, version, _ = self.bundle(req.bundle_code, req.catalog_version)
        decided = self.preview(replace(req, catalog_version=version), now.date())
        chosen = {m.item.code for m in decided.members}
        stray = sorted((set(req.outcomes) | set(req.reasons)) - chosen)
        if stray:
            raise CounterError(
                "bundle.member",
                f"{stray[0]} 不在本次办理的成员事项中；按所选情形办理的是 {'、'.join(sorted(chosen))}",
                path=f"outcomes.{stray[0]}",
            )
        missing = unanswered(bundle, req.answers)
        if missing:
            q = missing[0]
            raise CounterError(
                "intake.answer",
                f"请先回答一件事的情形问题“{q.text}”：它决定办理哪些事项",
                path=f"answers.{q.id}",
            )
        plans = []
        for m in decided.members:
            code = m.item.code
            outcome = req.outcomes.get(code)
            if outcome == CONSULT:
                raise CounterError(
                    "bundle.consult",
                    "一件事不能按咨询登记；只咨询请在咨询页选择单个事项",
                    path=f"outcomes.{code}",
                )
            if (outcome or m.decision.suggested) in (ACCEPT, TOLERATE, CORRECTION):
                gaps = unanswered(m.item, m.answers)
                if gaps:
                    raise CounterError(
                        "intake.answer",
                        f"请先回答“{m.item.name}”的情形问题“{gaps[0].text}”：它决定需要哪些材料",
                        path=f"members.{code}.answers.{gaps[0].id}",
                    )
            try:
                self.ctx.visits.require_intake(code, req.clerk, now.date())
                settled = m.decision.settle(
                    outcome,
                    reason=req.reasons.get(code),
                    supplement_deadline=req.supplement_deadline,
                )
                check_originals(m.decision.evaluation, m.decision.evaluation.authorised)
            except CounterError as exc:
                raise CounterError(
                    exc.code, f"{m.item.name}：{exc.message}", path=f"outcomes.{code}"
                ) from exc
            member_req = IntakeRequest(
                clerk=req.clerk,
                item_code=code,
                applicant=req.applicant,
                answers=m.answers,
                verdicts=m.verdicts,
                agent=req.agent,
                outcome=settled.outcome,
                reason=req.reasons.get(code),
                supplement_deadline=settled.supplement_deadline,
                ticket=req.ticket,
                started_at=req.started_at,
                catalog_version=version,
            )
            plans.append((m, member_req, settled))
        bundle_id = str(uuid.uuid4())
        tie = {
            "bundle": {
                "id": bundle_id,
                "code": bundle.code,
                "name": bundle.name,
                "members": [m.item.code for m in decided.members],
                "answers": {k: list(v) for k, v in decided.answers.items()},
                "promised_date": decided.promised_date,
            }
        }
        results: list[MemberResult] = []
        visits = self.ctx.visits
        for _m, member_req, _settled in plans:  # scrypt outside the lock
            visit_share.prepare(self.ctx.store, member_req.applicant, member_req.agent)
        with self.ctx.store.write() as s:
            for m, member_req, settled in plans:
                result = visits.record_new(
                    s, member_req, m.item, version, m.decision, settled, now, tie
                )
                results.append(MemberResult(m.item.code, m.item.name, result))
            if req.draft_id:
                from app.services.visits import drop_draft

                drop_draft(s, req.draft_id)
        done = BundleResult(
            bundle_id, bundle.code, bundle.name, decided.promised_date, tuple(results)
        )
        return self._with_documents(done) if slips else done

    def _with_documents(self, done: BundleResult) -> BundleResult:
        """Each member's own slips, kept with its case, after the commit; a printing failure
        loses no record and says why."""
        members = []
        documents: list[str] = []
        errors: list[str] = []
        for m in done.members:
            printed = self.ctx.visits.print_slips(m.result)
            members.append(MemberResult(m.item_code, m.item_name, printed))
            documents += printed.documents
            if printed.slip_error:
                errors.append(printed.slip_error)
        # The one 告知单 of the visit and the back offices' transfer lists, kept with each case.
        try:
            from app.services import bundle_slips

            tie: dict[str, Any] = {
                "id": done.bundle_id,
                "code": done.bundle_code,
                "name": done.bundle_name,
                "promised_date": done.promised_date,
            }
            numbers = [m.result.case_no for m in done.members if m.result.case_no]
            kept = bundle_slips.keep(self.ctx.slips, numbers, tie)
            documents = [str(p) for p in kept] + documents
        except Exception as exc:  # the records are safe; the slip can be reprinted
            from app.services.slips import slip_failure

            errors.append(slip_failure(done.members[0].result.case_no or "", exc))
        return replace(
            done,
            members=tuple(members),
            documents=documents,
            slip_error="；".join(errors) or None,
        )
