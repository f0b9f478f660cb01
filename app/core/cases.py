"""What a case and a visit look like outside the store: states, the request, the result, the view.

Plain data shared by the intake service, the command line and the screens; the screens import
it without loading the data layer.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from app.core.checklist import ACCEPT, CORRECTION, REFUSE, TOLERATE, ToldGap, Verdict
from app.core.errors import CounterError
from app.core.parties import Party


class CaseState(StrEnum):
    """The states a case goes through; stored as their value (a member equals its text)."""

    AWAITING_CORRECTION = "awaiting_correction"
    ACCEPTED = "accepted"
    TOLERATED = "tolerated"
    REFUSED = "refused"
    TRANSFERRED = "transferred"
    RESULT_READY = "result_ready"
    DELIVERED = "delivered"
    CLOSED = "closed"
    REVOKED = "revoked"  # 撤销: a 告知承诺 found false at the post-check


# Case states and their labels.
STATES: dict[CaseState, str] = {
    CaseState.AWAITING_CORRECTION: "待补正",
    CaseState.ACCEPTED: "已受理",
    CaseState.TOLERATED: "容缺受理",
    CaseState.REFUSED: "不予受理",
    CaseState.TRANSFERRED: "已流转",
    CaseState.RESULT_READY: "待领取",
    CaseState.DELIVERED: "已送达",
    CaseState.CLOSED: "已办结",
    CaseState.REVOKED: "已撤销",
}
# A case accepted at the window and then refused by the back office was not refused acceptance
# (不予受理) but refused the licence or service (不予许可): the same stored state, said apart.
DENIED = "denied"
DENIED_LABEL = "不予许可"


def shown_state(state: CaseState, outcome: str | None) -> str:
    """The state to show: ``denied`` for a refusal after acceptance, else ``state``."""
    return DENIED if state == CaseState.REFUSED and outcome in (ACCEPT, TOLERATE) else state


def state_label(state: CaseState, outcome: str | None) -> str:
    shown = shown_state(state, outcome)
    return DENIED_LABEL if shown == DENIED else STATES[state]


OUTCOME_STATE: dict[str, CaseState] = {
    ACCEPT: CaseState.ACCEPTED,
    TOLERATE: CaseState.TOLERATED,
    CORRECTION: CaseState.AWAITING_CORRECTION,
    REFUSE: CaseState.REFUSED,
}
OPEN_FOR_SUPPLEMENT = (CaseState.AWAITING_CORRECTION, CaseState.TOLERATED)
# Cases still running toward a promised date.
RUNNING = (CaseState.ACCEPTED, CaseState.TOLERATED, CaseState.TRANSFERRED)
# The back office's decisions a county publishes to a case's window (counter central case status).
BACK_OFFICE_STATES: dict[CaseState, str] = {
    CaseState.TRANSFERRED: "已流转",
    CaseState.RESULT_READY: "待领取",
    CaseState.DELIVERED: "已送达",
    CaseState.CLOSED: "已办结",
    CaseState.REFUSED: "不予许可",
}
# Back-office transitions a window may record (the central decision arrives the same way).
TRANSITIONS: dict[CaseState, tuple[CaseState, ...]] = {
    CaseState.TRANSFERRED: (CaseState.ACCEPTED, CaseState.TOLERATED),
    CaseState.RESULT_READY: (CaseState.ACCEPTED, CaseState.TOLERATED, CaseState.TRANSFERRED),
    CaseState.DELIVERED: (CaseState.RESULT_READY,),
    CaseState.CLOSED: (CaseState.DELIVERED, CaseState.REFUSED, CaseState.AWAITING_CORRECTION),
}


def state_among(text: str, allowed: Collection[CaseState]) -> CaseState:
    """``text`` (typed by a user, or received) as one of the ``allowed`` states; else refused,
    naming the states it may be."""
    for state in allowed:
        if state == text:
            return state
    raise CounterError("case.state", f"状态应为 {'、'.join(allowed)} 之一")


@dataclass(frozen=True)
class IntakeRequest:
    clerk: str
    item_code: str
    applicant: Party | None
    answers: Mapping[str, Sequence[str]] = field(default_factory=dict)
    verdicts: Mapping[str, Verdict] = field(default_factory=dict)
    agent: Party | None = None
    outcome: str | None = None  # None: take the suggested outcome
    reason: str | None = None
    supplement_deadline: date | None = None
    case_no: str | None = None  # a supplement visit to this case
    ticket: str | None = None  # queue ticket number, when the hall gives one
    started_at: datetime | None = None  # when the clerk began, for the visit's duration
    question: str | None = None  # consultation: what was asked
    answer: str | None = None  # consultation: what the clerk answered
    catalog_version: int | None = None  # the version the clerk checked against (default current)
    draft_id: str | None = None  # the wizard's saved draft, removed in the same transaction


@dataclass(frozen=True)
class IntakeResult:
    case_no: str | None
    case_id: str | None
    outcome: str
    state: CaseState | None
    promised_date: date | None
    supplement_deadline: date | None
    missing: list[str]  # names of the materials still outstanding
    record_id: str
    documents: list[str] = field(default_factory=list)
    # Why the visit's slips could not be written (the record is kept): said to the clerk.
    slip_error: str | None = None
    promised_provisional: bool = False  # 暂定: counted over a year without its holiday table

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "case_no": self.case_no,
            "outcome": self.outcome,
            "promised_date": self.promised_date.isoformat() if self.promised_date else None,
            "missing": self.missing,
            "documents": self.documents,
        }
        if self.slip_error:
            data["slip_error"] = self.slip_error
        if self.promised_provisional:
            data["promised_provisional"] = True
        return data


@dataclass(frozen=True)
class CaseView:
    id: str
    case_no: str
    item_code: str
    item_name: str
    catalog_version: int
    state: CaseState
    outcome: str | None
    reason: str | None
    applicant: Party
    agent: Party | None
    answers: dict[str, list[str]]
    verdicts: dict[str, Verdict]
    outstanding: list[str]  # material ids
    promised_days: int | None
    promised_date: date | None
    supplement_deadline: date | None
    accepted_at: datetime | None
    created_at: datetime
    updated_at: datetime
    visits: int
    clerk: str
    history: list[dict[str, Any]]
    # The promised date was counted over a year without a published holiday schedule (暂定).
    promised_provisional: bool = False
    # The gap list told to the applicant at the last visit, as recorded with it (what its
    # slip prints); None when not read, or for a visit recorded before gap lists were kept.
    told: tuple[ToldGap, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        from app.core.identity import mask

        def party(p: Party | None) -> dict[str, Any] | None:
            if p is None:
                return None
            return {
                "kind": p.kind,
                "name": p.name,
                "id_type": p.id_type,
                "id_number_masked": mask(p.id_number),
                "phone": p.phone,
                "legal_rep": p.legal_rep,
            }

        return {
            "case_no": self.case_no,
            "item": {
                "code": self.item_code,
                "name": self.item_name,
                "catalog_version": self.catalog_version,
            },
            "state": self.state,
            "state_label": state_label(self.state, self.outcome),
            "outcome": self.outcome,
            "reason": self.reason,
            "applicant": party(self.applicant),
            "agent": party(self.agent),
            "answers": self.answers,
            "materials": {
                k: {"verdict": v.verdict, "reason": v.reason} for k, v in self.verdicts.items()
            },
            "outstanding": self.outstanding,
            "promised_days": self.promised_days,
            "promised_date": self.promised_date.isoformat() if self.promised_date else None,
            "promised_provisional": self.promised_provisional,
            "supplement_deadline": (
                self.supplement_deadline.isoformat() if self.supplement_deadline else None
            ),
            "accepted_at": self.accepted_at.isoformat() if self.accepted_at else None,
            "created_at": self.created_at.isoformat(),
            "visits": self.visits,
            "clerk": self.clerk,
            "history": self.history,
        }
