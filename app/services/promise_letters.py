"""The 告知承诺书 of a case: built from the visit record that names the promised materials
(``post_checks``) and the catalog version the case was checked against, so a reprint says
what was signed, whatever the catalog says today. Likewise the materials of a 容缺 promise
(``tolerance_promised``), whose own text the 容缺受理承诺书 prints."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.core.checklist import TOLERATE
from app.core.errors import CounterError
from app.models.db import Store
from app.models.schema import Record
from app.services import record_log
from app.services.case_queries import VISIT_KINDS

if TYPE_CHECKING:
    from app.core.catalog import Item
    from app.printing import CaseSlip
    from app.printing.model import PromisedMaterial
    from app.printing.promise_letter import PromiseSlip


def visit_promised(store: Store, record_id: str) -> bool:
    """Whether the visit of this record replaced a material by a promise: its letter is
    printed with that visit's slips."""
    with store.read() as s:
        rec = s.get(Record, record_id)
        return bool(rec is not None and record_log.payload_of(rec).get("promised"))


def promise_record(store: Store, case_id: str) -> dict[str, Any] | None:
    """The payload of the case's latest visit that recorded a promise (the first visit, or a
    return visit where the applicant signed one), else None: its letter lists what was signed
    then. A case accepted at a later visit (the first one told it to correct) has its check
    date recorded by that visit: it is taken from there (``check_due``)."""
    found: dict[str, Any] | None = None
    with store.read() as s:
        rows = s.scalars(select(Record).where(Record.case_id == case_id).order_by(Record.seq))
        for rec in rows:
            payload = record_log.payload_of(rec)
            if rec.kind in VISIT_KINDS and payload.get("promised"):
                found = dict(payload)
            elif found is not None and found.get("check_due") is None and rec.kind == "supplement":
                found["check_due"] = payload.get("check_due")
    return found


def tolerance_promised(store: Store, case_id: str, outstanding: Sequence[str]) -> list[str]:
    """The materials a 容缺 promise was signed for (``tolerance_promised`` of the case's visits
    that took it in under 容缺) and still ``outstanding``: what its 容缺受理承诺书 prints the
    catalog's promise of, at the visit that took the promise and at any partial supply after."""
    promised: set[str] = set()
    with store.read() as s:
        rows = s.scalars(
            select(Record)
            .where(Record.case_id == case_id, Record.kind.in_(VISIT_KINDS))
            .order_by(Record.seq)
        )
        for rec in rows:
            payload = record_log.payload_of(rec)
            if payload.get("outcome") == TOLERATE:
                promised.update(str(m) for m in payload.get("tolerance_promised") or ())
    return [m for m in outstanding if m in promised]


def promised_materials(
    item: Item, ids: Sequence[str], case_no: str
) -> tuple[PromisedMaterial, ...]:
    """Each promised material with its promise as the case's catalog version words it; refused
    when that version has no template for one (nothing to print the applicant's promise from)."""
    from app.printing.model import PromisedMaterial

    lines = []
    for mid in ids:
        m = item.material(mid)
        if m is None or m.commitment is None:
            raise CounterError(
                "print.promise", f"办件 {case_no} 所用目录版本中材料 {mid} 没有承诺书模板"
            )
        c = m.commitment
        lines.append(PromisedMaterial(m.name, c.text, c.consequences, c.check, c.check_days))
    return tuple(lines)


def slip(
    case: CaseSlip, item: Item, store: Store, case_id: str, bundle_name: str | None = None
) -> PromiseSlip:
    """The letter's data: the case's slip and each promised material with the template of
    the case's catalog version; ``bundle_name``: the 一件事 the case was taken in."""
    from app.printing.promise_letter import PromiseSlip

    payload = promise_record(store, case_id)
    if payload is None:
        raise CounterError("print.doc", f"办件 {case.case_no} 没有以告知承诺代替的材料")
    lines = promised_materials(item, payload["promised"], case.case_no)
    due = payload.get("check_due")
    return PromiseSlip(case, lines, date.fromisoformat(due) if due else None, bundle_name)
