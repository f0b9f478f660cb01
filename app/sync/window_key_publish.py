"""Sending this device's return-slip key to the central database (services/window_keys.py).

The central files it under the device and publishes it to the windows of the same centre
(central revision c0006); until it has answered, the key is offered again at every sync.
"""

from __future__ import annotations

import base64
import logging

import psycopg

from app.models.db import Store
from app.services.window_keys import KeyState, own_key, public_raw
from app.sync.connection import CentralConnection, central_too_old

log = logging.getLogger(__name__)


def publish(cc: CentralConnection, store: Store, device_id: str) -> None:
    """Send this device's public key once; the central publishes it to the centre's windows."""
    with store.write() as s:
        kid, private = own_key(s)
        if KeyState.published.get(s) == kid:
            return
    public = base64.b64encode(public_raw(private)).decode("ascii")
    offer = "SELECT counter.publish_window_key(%s, %s, %s)"
    with cc.guard() as conn:
        try:
            row = conn.execute(offer, (device_id, kid, public)).fetchone()
        except psycopg.errors.UndefinedFunction as exc:
            conn.rollback()
            raise central_too_old("窗口签名密钥登记") from exc
        except psycopg.errors.UniqueViolation:
            # Two syncs of this window (the window's timer and the scheduled day close) offered
            # the key at the same moment and the other one filed it: asked again, the central
            # answers that this device holds it.
            conn.rollback()
            row = conn.execute(offer, (device_id, kid, public)).fetchone()
        conn.commit()
    answer = row[0] if row else None
    if answer in ("published", "held"):
        with store.write() as s:
            KeyState.published.set(s, kid)
    else:
        log.warning("the central database did not take this window's key %s: %s", kid, answer)
