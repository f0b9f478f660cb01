"""The centre's cases at this window: other windows' visits folded in, return slips opened.

一窗通办: an applicant coming back is called to whichever window is free. This window therefore
keeps, besides its own cases, every case of its centre the central database publishes
(dataset ``centre_visits``: each visit recorded at any window of the centre, ID numbers masked,
with check values) and can open a case from the signed QR of a return slip when the county link
is down. Either way the case gets an ordinary ``cases`` row, so the same screens and the same
intake service continue it, and the visit is recorded by this device and pushed as usual.

Convergence: whenever another window's visit of a case arrives, the case's row is recomputed
with core/case_merge.fold from all the visits this window holds, this window's records included;
and at each pull, every case this window recorded a visit of since the last pull is recomputed
the same way when other windows' visits are folded into it (``refold_own_visits``). Every window
and the central fold the same visits in the same order with the same rules, so they end with the
same state. (Centrals before revision c0016 also send a window its own visits back; those
echoes are refolded the same way.)
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import exists, select, tuple_
from sqlalchemy.orm import Session

from app.core import return_ticket
from app.core.case_merge import CASE_KINDS, FoldedCase, Visit, fold
from app.core.cases import CaseState, CaseView
from app.core.errors import CounterError
from app.core.id_check import id_check, matches
from app.core.identity import mask
from app.core.parties import KEYS
from app.models.db import Store
from app.models.schema import Case, CatalogItem, CatalogVersion, CentreCase, CentreVisit, Record
from app.services import record_log, window_keys
from app.services.settings import Settings


class Context(Protocol):
    """What this module uses of the application context (bootstrap.Context has it)."""

    @property
    def store(self) -> Store: ...


log = logging.getLogger(__name__)

# The slips that ask the applicant to come back, by the case's state when printed.
RETURN_STATES = (
    CaseState.AWAITING_CORRECTION,
    CaseState.TOLERATED,
    CaseState.ACCEPTED,
    CaseState.TRANSFERRED,
    CaseState.RESULT_READY,
)


# ---- visits and the fold -------------------------------------------------------------------


def visits_of(s: Session, case_id: str) -> list[Visit]:
    centre = Settings.centre_code.get(s) or ""
    window = Settings.window_code.get(s) or ""
    own = [
        Visit(
            r.id,
            r.device_id,
            r.seq,
            r.kind,
            r.created_at,
            record_log.payload_of(r),
            f"{centre}/{window}",
        )
        for r in s.scalars(
            select(Record).where(Record.case_id == case_id, Record.kind.in_(CASE_KINDS))
        )
    ]
    others = [
        Visit(v.record_id, v.device_id, v.seq, v.kind, v.created_at, v.payload, v.window)
        for v in s.scalars(select(CentreVisit).where(CentreVisit.case_id == case_id))
    ]
    return own + others


def refold(s: Session, case_id: str) -> FoldedCase | None:
    """Recompute the case's row from every visit this window holds; None when the visit that
    opened the case has not arrived yet (the row, if any, stays as it is until it does)."""
    st = fold(case_id, visits_of(s, case_id))
    row = s.get(Case, case_id)
    extra = s.get(CentreCase, case_id)
    conflicts = [c.__dict__ for c in st.conflicts]
    if extra is None and (conflicts or row is None or st.window != Settings.window_code.get(s)):
        extra = CentreCase(
            case_id=case_id,
            origin="central",
            applicant_check="",
            agent_check="",
            conflicts=[],
            updated_at=datetime.now(),
        )
        s.add(extra)
    if extra is not None:
        extra.conflicts, extra.updated_at = conflicts, datetime.now()
        extra.applicant_check = st.applicant_check or extra.applicant_check
        extra.agent_check = st.agent_check or extra.agent_check
    if not st.opened:
        return None
    if row is None:
        if s.scalar(select(Case.id).where(Case.case_no == st.case_no)) is not None:
            # Another case holds the number here (two stores issued it; the central lists both
            # with counter central duplicates): this one is not continued at this window.
            log.warning(
                "case %s (%s): the number belongs to another case here; not opened",
                st.case_no,
                case_id,
            )
            return None
        version = _catalog_version(s, st.catalog_hash)
        if version is None:
            log.warning(
                "case %s: no local catalog version %s; kept until it arrives",
                st.case_no,
                st.catalog_hash,
            )
            return None
        row = Case(
            id=case_id,
            case_no=st.case_no,
            item_code=st.item_code,
            item_name=st.item_name,
            catalog_version=version,
            answers=st.answers,
            applicant=_party(st.applicant),
            agent=_party(st.agent) if st.agent else None,
            clerk=st.clerk,
            centre_code=st.centre,
            window_code=st.window,
            created_at=_local(st.created_at),
            promised_days=_promised_days(s, version, st.item_code),
            state=st.state,
            materials={},
            visits=0,
            updated_at=_local(st.updated_at),
        )
        s.add(row)
    row.state, row.outcome, row.reason = st.state, st.outcome, st.reason
    row.materials = st.materials
    row.promised_date = _day(st.promised_date)
    row.promised_provisional = st.promised_provisional
    row.supplement_deadline = _day(st.supplement_deadline)
    row.accepted_at = _local(st.accepted_at) if st.accepted_at else None
    row.check_due = _day(st.check_due)
    row.visits = st.visits
    row.updated_at = max(row.updated_at, _local(st.updated_at))
    return st


class VisitPage:
    """What applying one page of published visits needs to know once, not once a visit: this
    device's id, and which of the page's cases hold visits of other windows (one query for the
    page). A 30-day first sync gets about 20,000 of its own visits back; asking the store about
    each one cost about 0.3 ms apiece. The set grows as the page adds other windows' visits, so
    every answer is the one the per-visit query gave."""

    def __init__(self, s: Session, bodies: list[Any]) -> None:
        self.device = Settings.device_id.get(s)
        ids = sorted(
            {str(b["case_id"]) for b in bodies if isinstance(b, dict) and b.get("case_id")}
        )
        self.others: set[str] = set()
        if ids:
            self.others.update(
                str(c)
                for (c,) in s.connection().exec_driver_sql(
                    "SELECT DISTINCT case_id FROM centre_visits "
                    "WHERE case_id IN (SELECT value FROM json_each(?))",
                    (json.dumps(ids),),
                )
            )


def apply_published_visit(
    s: Session, version: int, body: dict[str, Any], page: VisitPage | None = None
) -> bool:
    """One visit the central database published to this centre (pull dataset
    ``centre_visits``), applied in the pull's transaction. This window's own visits come back
    too: nothing to store, but the case is folded again with what the others recorded.
    ``page``: what was looked up once for the page this visit came in (see VisitPage)."""
    try:
        case_id, device = str(body["case_id"]), str(body["device_id"])
        kind, payload = str(body["kind"]), dict(body["payload"])
    except (KeyError, TypeError, ValueError):
        log.warning("centre visit %s skipped: not understood", version)
        return False
    if kind not in CASE_KINDS:
        return False
    own = device == (page.device if page is not None else Settings.device_id.get(s))
    if not own and s.get(CentreVisit, str(body["record_id"])) is None:
        s.add(
            CentreVisit(
                record_id=str(body["record_id"]),
                case_id=case_id,
                device_id=device,
                seq=int(body["seq"]),
                kind=kind,
                created_at=str(body["created_at"]),
                window=str(body.get("window") or ""),
                payload=payload,
                central_version=version,
            )
        )
        s.flush()
        if page is not None:
            page.others.add(case_id)
    # A window's own visit coming back changes nothing unless visits of other windows are
    # folded into the case too: refolding every own visit made a sync cost its history.
    if not own or (case_id in page.others if page is not None else _has_others(s, case_id)):
        refold(s, case_id)
    return True


def refold_own_visits(s: Session) -> int:
    """Fold again every case this window recorded a visit of since the last call (at a pull,
    after the centre's visits were applied) whose row other windows' visits are folded into:
    the service that recorded the visit worked from the row as it was, the fold from every
    visit. The cursor is the newest record's (epoch, seq); returns the number of cases."""
    epoch, seq = Settings.own_visits_folded.get(s)
    top = _newest_record(s)
    if top is None or top <= (epoch, seq):
        return 0
    cases: list[str] = []
    if s.scalar(select(CentreVisit.record_id).limit(1)) is not None:
        cases = sorted(
            s.scalars(
                select(Record.case_id)
                .distinct()
                .where(
                    tuple_(Record.epoch, Record.seq) > tuple_(epoch, seq),
                    Record.case_id.is_not(None),
                    Record.kind.in_(CASE_KINDS),
                    exists().where(CentreVisit.case_id == Record.case_id),
                )
            )
        )
        for case_id in cases:
            refold(s, case_id)
    Settings.own_visits_folded.set(s, list(top))
    return len(cases)


def own_visits_to_fold(s: Session) -> bool:
    """Has this window recorded anything since ``refold_own_visits`` last ran (read only)?"""
    top = _newest_record(s)
    epoch, seq = Settings.own_visits_folded.get(s)
    return top is not None and top > (epoch, seq)


def _newest_record(s: Session) -> tuple[int, int] | None:
    tip = record_log.tip(s)
    return None if tip is None else (tip.epoch, tip.seq)


def _has_others(s: Session, case_id: str) -> bool:
    """Does the case hold visits other windows recorded (centre_visits keeps only those)?"""
    found = s.scalar(select(CentreVisit.record_id).where(CentreVisit.case_id == case_id).limit(1))
    return found is not None


def _party(d: dict[str, Any] | None) -> dict[str, Any]:
    d = d or {}
    return {k: d.get(k) for k in KEYS}


def _catalog_version(s: Session, digest: str | None) -> int | None:
    """The local version of a catalog named by its content hash (a return ticket names it by
    the hash's first 16 digits)."""
    if not digest:
        return None
    return s.scalar(
        select(CatalogVersion.id)
        .where(CatalogVersion.content_hash.startswith(digest, autoescape=True))
        .order_by(CatalogVersion.id.desc())
        .limit(1)
    )


def _item_name(s: Session, version: int, code: str) -> str | None:
    return s.scalar(
        select(CatalogItem.name).where(CatalogItem.version_id == version, CatalogItem.code == code)
    )


def _promised_days(s: Session, version: int, code: str) -> int | None:
    payload = s.scalar(
        select(CatalogItem.payload).where(
            CatalogItem.version_id == version, CatalogItem.code == code
        )
    )
    value = (payload or {}).get("promised_days")
    return value if isinstance(value, int) else None


def _local(stamp: str) -> datetime:
    """The wall-clock time a record states (its own offset), as the ``cases`` columns hold it."""
    return datetime.fromisoformat(stamp).replace(tzinfo=None)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


# ---- ID checks -----------------------------------------------------------------------------


def identity_matches(
    s: Session, case_id: str, stored_number: str, presented: str, who: str
) -> bool:
    """Is ``presented`` the number of the case's applicant (``who`` = applicant|agent)? Whole
    numbers compare directly; a case known here only by its masked number compares check values."""
    if stored_number and "*" not in stored_number:
        return "".join(presented.split()).upper() == stored_number.upper()
    extra = s.get(CentreCase, case_id)
    check = "" if extra is None else getattr(extra, f"{who}_check")
    return matches(Settings.centre_code.get(s) or "", presented, check)


def party_ids(centre: str, applicant: Any, agent: Any) -> dict[str, Any]:
    """What a visit record carries for other windows: each party's masked number and check."""
    out: dict[str, Any] = {}
    for who, p in (("applicant", applicant), ("agent", agent)):
        number = getattr(p, "id_number", None) if p is not None else None
        if number:
            out[f"{who}_id"] = {"masked": mask(number), "check": id_check(centre, number)}
    return out


# ---- return slips ------------------------------------------------------------------------------


def ticket_text(store: Store, view: CaseView) -> str | None:
    """The signed QR text for a slip of this case, or None when the slip asks for no return."""
    if view.state not in RETURN_STATES:
        return None
    with store.read() as s:
        centre = Settings.centre_code.get(s) or ""
        window = Settings.window_code.get(s) or ""
        digest = s.scalar(
            select(CatalogVersion.content_hash).where(CatalogVersion.id == view.catalog_version)
        )
        extra = s.get(CentreCase, view.id)

    def checked(p: Any, stored: str) -> tuple[dict[str, Any] | None, str]:
        if p is None:
            return None, ""
        d = p.to_dict()
        whole = d.get("id_number") or ""
        d["id_number"] = mask(whole)
        d["phone"] = None
        return d, (id_check(centre, whole) if whole and "*" not in whole else stored)

    applicant, a_check = checked(view.applicant, extra.applicant_check if extra else "")
    agent, g_check = checked(view.agent, extra.agent_check if extra else "")
    ticket = return_ticket.ReturnTicket(
        case_id=view.id,
        case_no=view.case_no,
        centre=centre,
        window=window,
        item_code=view.item_code,
        item_name="",
        catalog_hash=digest or "",
        state=view.state,
        outcome=view.outcome,
        answers=view.answers,
        materials={k: {"verdict": v.verdict, "reason": v.reason} for k, v in view.verdicts.items()},
        applicant=applicant or {},
        applicant_check=a_check,
        agent=agent,
        agent_check=g_check,
        promised_days=view.promised_days,
        promised_date=view.promised_date.isoformat() if view.promised_date else None,
        supplement_deadline=(
            view.supplement_deadline.isoformat() if view.supplement_deadline else None
        ),
        accepted_at=view.accepted_at.isoformat(timespec="seconds") if view.accepted_at else None,
        created_at=view.created_at.isoformat(timespec="seconds"),
        visits=view.visits,
        issued_at=datetime.now().astimezone().isoformat(timespec="seconds"),
    )
    key_id, _ = window_keys.sign(store, b"")  # makes the key on first use
    return return_ticket.encode(ticket, key_id, lambda m: window_keys.sign(store, m)[1])


def open_ticket(ctx: Context, text: str) -> str:
    """Open the case a return slip's QR describes, without the network; returns its number.

    A case this window already holds is opened as it is here (what this window holds is at
    least as new as a slip printed earlier, or arrives with the next sync). Refused with a
    clear message: a code not printed by this system, changed content, a key of another centre
    or one this window has not received, a checklist version this window does not have."""
    t = return_ticket.decode(text, window_keys.verifier(ctx.store))
    with ctx.store.write() as s:
        centre = (Settings.centre_code.get(s) or "").upper()
        if t.centre.upper() != centre:
            raise CounterError(
                "ticket.foreign", f"这张回执由 {t.centre} 中心签发，不属于本中心，不能在本窗口办理"
            )
        row = s.get(Case, t.case_id)
        if row is not None:
            return row.case_no
        if s.scalar(select(Case.id).where(Case.case_no == t.case_no)) is not None:
            raise CounterError(
                "ticket.number_taken",
                f"本窗口已有另一件编号为 {t.case_no} 的办件；请联网同步后按办件编号办理，"
                "并报告管理员（counter central duplicates）",
            )
        version = _catalog_version(s, t.catalog_hash)
        if version is None:
            raise CounterError(
                "ticket.catalog",
                f"本窗口没有办件 {t.case_no} 所用的事项目录版本；请联网同步目录后再办理",
            )
        now = datetime.now()
        s.add(
            Case(
                id=t.case_id,
                case_no=t.case_no,
                item_code=t.item_code,
                item_name=_item_name(s, version, t.item_code) or t.item_name,
                catalog_version=version,
                answers=t.answers,
                applicant=_party(t.applicant),
                agent=_party(t.agent) if t.agent else None,
                state=t.state,
                outcome=t.outcome,
                reason=None,
                promised_days=t.promised_days,
                promised_date=_day(t.promised_date),
                supplement_deadline=_day(t.supplement_deadline),
                accepted_at=_local(t.accepted_at) if t.accepted_at else None,
                created_at=_local(t.created_at),
                updated_at=now,
                visits=t.visits,
                clerk="",
                centre_code=t.centre,
                window_code=t.window,
                materials={k: dict(v) for k, v in t.materials.items()},
            )
        )
        s.add(
            CentreCase(
                case_id=t.case_id,
                origin="ticket",
                applicant_check=t.applicant_check,
                agent_check=t.agent_check,
                conflicts=[],
                updated_at=now,
            )
        )
    log.info("case %s opened from the return slip of window %s", t.case_no, t.window)
    return t.case_no


def conflicts(ctx: Context) -> list[dict[str, Any]]:
    """Every conflict the merge found in the cases this window holds, with the case number."""
    with ctx.store.read() as s:
        rows = s.execute(
            select(Case.case_no, CentreCase.conflicts).join(
                CentreCase, CentreCase.case_id == Case.id
            )
        ).all()
    return [{"case_no": no, **c} for no, found in rows for c in (found or [])]


def applicant_matches(store: Any, case_id: str, stored_number: str, presented: str) -> bool:
    """For the pickup: is ``presented`` the applicant's ID (whole, or by its check value)?"""
    with store.read() as s:
        return identity_matches(s, case_id, stored_number, presented, "applicant")
