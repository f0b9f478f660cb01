"""Registering this window's case-number issuer with the central database.

A store picks its issuer at random (services/case_issuer.py); two stores of one window (a second
PC set up with the same window code, a reinstall whose old PC is still in use) could pick the
same. The central database keeps one issuer per device per window: the window claims its own at
every sync until the central confirms it, and takes the free one the central hands out when
another device holds it. A store that has issued nothing yet gets its issuer from the central,
so a window that syncs before its first case can never repeat another's numbers.
"""

from __future__ import annotations

import logging

import psycopg
from sqlalchemy import select

from app.core.case_numbers import is_issuer
from app.models.db import Store
from app.models.schema import Counter
from app.services.case_issuer import IssuerState, adopt
from app.sync.connection import CentralConnection, central_too_old

log = logging.getLogger(__name__)


def claim(cc: CentralConnection, store: Store, device_id: str) -> str | None:
    """Claim this store's issuer centrally; returns the issuer in use afterwards (None when the
    central has none left for this window, which only a window with 924 devices reaches)."""
    with store.read() as s:
        mine, confirmed = IssuerState.issuer.get(s), IssuerState.confirmed.get(s)
        if mine is not None and mine == confirmed:
            return mine
        # Fresh: no number issued under it yet, so it must be new to the window centrally
        # (this device may have held it in a copy of the store that was lost).
        fresh = (
            mine is None
            or s.scalar(select(Counter.name).where(Counter.name.like(f"caseno.%.{mine}")).limit(1))
            is None
        )
    with cc.guard() as conn:
        try:
            row = conn.execute(
                "SELECT counter.claim_issuer(%s, %s, %s)", (device_id, mine, fresh)
            ).fetchone()
        except psycopg.errors.UndefinedFunction as exc:
            conn.rollback()
            raise central_too_old("办件编号发号登记") from exc
        conn.commit()
    granted: str | None = row[0] if row else None
    if granted is None or not is_issuer(granted):
        log.warning("the central database has no case-number issuer left for this window")
        return mine
    with store.write() as s:
        if IssuerState.issuer.get(s) != mine:  # a new pick meanwhile: claimed at the next sync
            return IssuerState.issuer.get(s)
        adopt(s, granted)
    if granted != mine:
        log.warning(
            "case-number issuer %s is held by another device of this window; the central "
            "database gave %s",
            mine,
            granted,
        )
    return granted
