"""One case, several windows: the visits merged in one order, conflicting acts by written rules.

Every window of a centre and the central database fold the same visits of a case in the same
order with this function, so they hold the same state once each has synced. The rules are
written out in docs/any-window.md; each conflict found is returned (never dropped silently) for
the supervisor (``counter central conflicts``) and the windows involved (``counter case
conflicts``).

A visit is a record of one of ``CASE_KINDS`` as the windows hold it (their own records, and the
others' from the central database): id, device, sequence, kind, created_at (ISO 8601 with the
device's offset) and the payload. The order: the back office's decisions at the moment decided
(``decided_at``), every other visit at the moment it was recorded, as UTC instants; equal
instants by device id, then sequence. Device clocks may be off (the sync reports skew): the
order is the same everywhere, not necessarily the true one, and the rules never depend on who
synced last.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from app.core.cases import OPEN_FOR_SUPPLEMENT, CaseState
from app.core.checklist import ACCEPT, REFUSE, TOLERATE

CASE_KINDS = ("intake", "supplement", "pickup", "case_status", "transfer", "promise")
WINDOW_VISITS = ("intake", "supplement", "pickup")

# Conflict kinds, with the rule each one follows (docs/any-window.md says why).
PICKUP_TWICE = "pickup_twice"
SUPPLEMENT_AFTER_REFUSAL = "supplement_after_refusal"
LATE_TOLERANCE = "late_tolerance"
SUPPLEMENT_NOT_OPEN = "supplement_not_open"
PICKUP_NOT_READY = "pickup_not_ready"
RULES = {
    PICKUP_TWICE: "结果已由先登记的窗口送达；后一次领取登记保留在记录中，不改变办件状态",
    SUPPLEMENT_AFTER_REFUSAL: "办件此前已不予受理（或不予许可）；其后的补正登记保留在记录中，"
    "办件仍为不予受理，由负责人联系申请人",
    LATE_TOLERANCE: "容缺材料在补齐期限之后才补齐：按补齐生效（材料已齐），列出供负责人核查",
    SUPPLEMENT_NOT_OPEN: "办件已由先登记的窗口补正完毕；后一次补正登记保留在记录中，不改变办件状态",
    PICKUP_NOT_READY: "领取登记时办件尚未出结果（或已终止）；领取登记保留在记录中，不改变办件状态",
}


@dataclass(frozen=True)
class Visit:
    record_id: str
    device_id: str
    seq: int
    kind: str
    created_at: str
    payload: Mapping[str, Any]
    window: str = ""  # "centre/window" that recorded it

    def instant(self) -> datetime:
        stamp = self.created_at
        if self.kind in ("case_status", "transfer") and self.payload.get("decided_at"):
            stamp = str(self.payload["decided_at"])
        return _utc(stamp)

    def order_key(self) -> tuple[datetime, str, int]:
        return (self.instant(), self.device_id, self.seq)

    def local_day(self) -> date:
        return datetime.fromisoformat(self.created_at).date()


def _utc(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class Conflict:
    kind: str
    record_id: str
    window: str
    at: str
    rule: str
    against: str | None = None  # the record whose act stands


@dataclass
class FoldedCase:
    """What the windows keep of a case (the columns of their ``cases`` row that visits set)."""

    case_id: str
    case_no: str = ""
    item_code: str = ""
    item_name: str = ""
    catalog_hash: str | None = None
    answers: dict[str, list[str]] = field(default_factory=dict)
    applicant: dict[str, Any] | None = None
    agent: dict[str, Any] | None = None
    applicant_check: str = ""
    agent_check: str = ""
    state: str = ""
    outcome: str | None = None
    reason: str | None = None
    materials: dict[str, Any] = field(default_factory=dict)
    promised_date: str | None = None
    promised_provisional: bool = False
    supplement_deadline: str | None = None
    accepted_at: str | None = None
    check_due: str | None = None  # the 告知承诺's post-check date, until its check is recorded
    created_at: str = ""
    updated_at: str = ""
    visits: int = 0
    clerk: str = ""
    centre: str = ""
    window: str = ""  # the window that opened the case
    opened: bool = False  # the intake is among the visits
    conflicts: list[Conflict] = field(default_factory=list)

    def comparable(self) -> dict[str, Any]:
        """What every window and the central must agree on (not the ID number, which only the
        opening window holds whole)."""
        return {
            "state": self.state,
            "outcome": self.outcome,
            "reason": self.reason,
            "materials": self.materials,
            "promised_date": self.promised_date,
            "supplement_deadline": self.supplement_deadline,
            "accepted_at": self.accepted_at,
            "visits": self.visits,
            "conflicts": [(c.kind, c.record_id) for c in self.conflicts],
        }


def ordered(visits: Iterable[Visit]) -> list[Visit]:
    unique = {v.record_id: v for v in visits if v.kind in CASE_KINDS}
    return sorted(unique.values(), key=Visit.order_key)


def fold(case_id: str, visits: Iterable[Visit]) -> FoldedCase:
    st = FoldedCase(case_id)
    last_pickup: Visit | None = None
    last_supplement: Visit | None = None
    refusal: Visit | None = None
    for v in ordered(visits):
        p = v.payload
        if v.kind in WINDOW_VISITS:
            st.visits += 1
        st.updated_at = max(st.updated_at, v.created_at) if st.updated_at else v.created_at
        if v.kind == "intake":
            _open(st, v)
            if st.state == CaseState.REFUSED:
                refusal = v
        elif v.kind == "supplement":
            if st.state == CaseState.REFUSED:
                st.conflicts.append(_conflict(SUPPLEMENT_AFTER_REFUSAL, v, refusal))
            elif st.state not in OPEN_FOR_SUPPLEMENT and st.opened:
                st.conflicts.append(_conflict(SUPPLEMENT_NOT_OPEN, v, last_supplement))
            else:
                if (
                    st.state == CaseState.TOLERATED
                    and st.supplement_deadline
                    and v.local_day() > date.fromisoformat(st.supplement_deadline)
                ):
                    st.conflicts.append(_conflict(LATE_TOLERANCE, v, None))
                _supplement(st, v)
                last_supplement = v
                if st.state == CaseState.REFUSED:
                    refusal = v
        elif v.kind == "pickup":
            if st.state == CaseState.DELIVERED:
                st.conflicts.append(_conflict(PICKUP_TWICE, v, last_pickup))
            elif st.opened and not _ready(st, p):
                st.conflicts.append(_conflict(PICKUP_NOT_READY, v, refusal))
            else:
                st.state = CaseState.DELIVERED
                last_pickup = v
        elif v.kind in ("case_status", "transfer"):
            # The back office decides: applied whatever the state (as a window applies it).
            st.state = str(p.get("state") or st.state)
            if p.get("post_check"):  # the 告知承诺 is checked: no longer due
                st.check_due = None
            if st.state == CaseState.REFUSED:
                refusal = v
        elif v.kind == "promise" and p.get("promised_date"):
            st.promised_date = str(p["promised_date"])
            st.promised_provisional = bool(p.get("promised_provisional"))
    return st


def _ready(st: FoldedCase, p: Mapping[str, Any]) -> bool:
    if st.state == CaseState.RESULT_READY:
        return True
    # 即办: handed over at once after acceptance.
    return st.state in (CaseState.ACCEPTED, CaseState.TRANSFERRED) and p.get("instant") is True


def _conflict(kind: str, v: Visit, against: Visit | None) -> Conflict:
    return Conflict(
        kind,
        v.record_id,
        v.window,
        v.created_at,
        RULES[kind],
        against.record_id if against else None,
    )


def _ids(p: Mapping[str, Any], who: str) -> str:
    value = p.get(f"{who}_id")
    return str(value.get("check") or "") if isinstance(value, Mapping) else ""


def _open(st: FoldedCase, v: Visit) -> None:
    p = v.payload
    st.opened = True
    st.case_no = str(p.get("case_no") or "")
    st.item_code = str(p.get("item_code") or "")
    st.item_name = str(p.get("item_name") or "")
    st.catalog_hash = p.get("catalog_hash")
    st.answers = {k: list(x) for k, x in dict(p.get("answers") or {}).items()}
    st.applicant = dict(p["applicant"]) if p.get("applicant") else None
    st.agent = dict(p["agent"]) if p.get("agent") else None
    st.applicant_check, st.agent_check = _ids(p, "applicant"), _ids(p, "agent")
    st.state = str(p.get("state") or "")
    st.outcome = p.get("outcome")
    st.reason = p.get("reason")
    st.materials = dict(p.get("verdicts") or {})
    st.promised_date = p.get("promised_date")
    st.promised_provisional = bool(p.get("promised_provisional"))
    st.supplement_deadline = p.get("supplement_deadline")
    st.accepted_at = v.created_at if st.outcome in (ACCEPT, TOLERATE) else None
    st.check_due = p.get("check_due")
    st.created_at = v.created_at
    st.clerk = str(p.get("clerk") or "")
    st.centre, st.window = str(p.get("centre") or ""), str(p.get("window") or "")


def _supplement(st: FoldedCase, v: Visit) -> None:
    p = v.payload
    st.materials = {**st.materials, **dict(p.get("verdicts") or {})}
    st.state = str(p.get("state") or st.state)
    st.outcome = p.get("outcome", st.outcome)
    if st.outcome == REFUSE:
        st.reason = p.get("reason")
    st.promised_date = p.get("promised_date")
    st.promised_provisional = bool(p.get("promised_provisional", st.promised_provisional))
    st.supplement_deadline = p.get("supplement_deadline")
    if st.accepted_at is None and st.outcome in (ACCEPT, TOLERATE):
        st.accepted_at = v.created_at
    if p.get("check_due"):  # accepted at this visit: the 告知承诺 is checked from here
        st.check_due = p["check_due"]
