"""What a visit record carries for the centre's other windows (docs/any-window.md).

Added to the payload of every intake, supplement and pickup when it is recorded, so that the
central database can publish the visit to the centre's windows without the ID numbers
(central revision c0006 puts ``*_id.masked`` in their place) and every window can fold it:

- ``catalog_hash``: the catalog version by its content hash (local version ids differ from
  window to window);
- ``applicant_id``, ``agent_id``, ``collector_id``: the masked number and its check value
  (core/id_check.py), so another window can check the ID presented against it;
- ``instant`` on a pickup: the case was 即办 (handed over right after acceptance).

The check values cost tens of milliseconds of scrypt each: ``prepare`` makes them before the
visit's write transaction (``enrich`` then finds them cached) and ``warm`` on a background
thread while the clerk is still at work on the visit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.core import id_check as checks
from app.core.id_check import id_check
from app.core.identity import mask
from app.core.parties import Party
from app.models.db import Store
from app.models.schema import Case, CatalogVersion, CentreCase
from app.services.settings import Settings

SHARED_KINDS = ("intake", "supplement", "pickup")


def _centre(store: Store) -> str:
    with store.read() as s:
        return (Settings.centre_code.get(s) or "").upper()


def prepare(store: Store, *parties: Party | None, centre: str | None = None) -> None:
    """Make the parties' check values now, before the caller takes the write lock (``centre``:
    the centre's code when the caller has read it already)."""
    numbers = [p.id_number for p in parties if p is not None and p.id_number]
    numbers = [n for n in numbers if "*" not in n]  # a masked number passes on a held check
    if numbers:
        centre = _centre(store) if centre is None else centre.upper()
        for number in numbers:
            id_check(centre, number)


def warm(store: Store, number: str) -> None:
    """Start making ``number``'s check value in the background (the wizard, once it knows it)."""
    if number and "*" not in number:
        checks.warm(_centre(store), number)


def enrich(s: Session, kind: str, payload: dict[str, Any], case_id: str | None) -> dict[str, Any]:
    if kind not in SHARED_KINDS or case_id is None:
        return payload
    out = dict(payload)
    centre = (Settings.centre_code.get(s) or "").upper()
    version = payload.get("catalog_version")
    if isinstance(version, int) and "catalog_hash" not in out:
        digest = s.get(CatalogVersion, version)
        if digest is not None:
            out["catalog_hash"] = digest.content_hash
    for who in ("applicant", "agent", "collector"):
        party = payload.get(who)
        number = party.get("id_number") if isinstance(party, dict) else None
        if not number:
            continue
        if "*" in number:  # a case known here by its masked number: pass on the check we hold
            known = s.get(CentreCase, case_id)  # read only for a masked number
            check = getattr(known, f"{who}_check", "") if who != "collector" else ""
            out[f"{who}_id"] = {"masked": number, "check": check}
        else:
            out[f"{who}_id"] = {"masked": mask(number), "check": id_check(centre, number)}
    if kind == "pickup":
        case = s.get(Case, case_id)
        out["instant"] = bool(case is not None and case.promised_days == 0)
    return out
