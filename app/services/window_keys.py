"""This device's key for signing return slips, and the keys of the centre's other windows.

Each device makes its own Ed25519 key the first time it signs (the private half stays in the
store, like everything else the device holds; a restored backup keeps signing with it). The
public half goes to the central database at every sync until the central has it
(``counter.publish_window_key``), which publishes it to the windows of the same centre and
nobody else (dataset ``window_keys``). A window trusts a return slip only when its key is one
of those: a slip of another centre, or a key the central never published, is refused.

Why Ed25519 and not SM2: docs/any-window.md (the Python SM2 library on offer draws its nonces
from ``random``, the Mersenne Twister, which gives the private key away; ``cryptography``'s
OpenSSL does not expose SM2 signing).
"""

from __future__ import annotations

import base64
import hashlib
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.orm import Session

from app.models.schema import WindowKey
from app.services.settings import Settings, Var

if TYPE_CHECKING:
    from app.models.db import Store

log = logging.getLogger(__name__)


class KeyState:
    private = Var[str | None]("window.signing_key", None, "本机签发回执二维码的私钥")
    published = Var[str | None]("window.signing_key_published", None, "中心已收到的公钥编号")


def key_id_of(public_raw: bytes) -> str:
    """16 base32 characters of the public key's SHA-256: fits the QR's alphanumeric mode."""
    return base64.b32encode(hashlib.sha256(public_raw).digest()).decode("ascii")[:16]


def public_raw(private: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def own_key(s: Session) -> tuple[str, Ed25519PrivateKey]:
    """This device's key (made now if it has none), inside the caller's write transaction."""
    stored = KeyState.private.get(s)
    if stored:
        private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(stored))
    else:
        from cryptography.hazmat.primitives import serialization

        private = Ed25519PrivateKey.generate()
        raw = private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        KeyState.private.set(s, base64.b64encode(raw).decode("ascii"))
    public = public_raw(private)
    kid = key_id_of(public)
    if s.get(WindowKey, kid) is None:
        s.add(
            WindowKey(
                key_id=kid,
                public_key=base64.b64encode(public).decode("ascii"),
                centre_code=(Settings.centre_code.get(s) or "").upper(),
                window_code=(Settings.window_code.get(s) or "").upper(),
                device_id=Settings.device_id.get(s) or "",
                origin="own",
                received_at=datetime.now(),
            )
        )
    return kid, private


def sign(store: Store, message: bytes) -> tuple[str, bytes]:
    with store.write() as s:
        kid, private = own_key(s)
    return kid, private.sign(message)


def verifier(store: Store):  # type: ignore[no-untyped-def]
    """``verify(key_id, message, signature)`` for core/return_ticket.decode: None when good."""

    def verify(key_id: str, message: bytes, signature: bytes) -> str | None:
        with store.read() as s:
            centre = (Settings.centre_code.get(s) or "").upper()
            key = s.get(WindowKey, key_id)
            found = None if key is None else (key.public_key, key.centre_code, key.window_code)
        if found is None or found[1] != centre:
            return (
                "这张回执的签发窗口不属于本中心（或本窗口尚未同步到它的密钥），不能凭二维码办理；"
                "请输入办件编号，或联网同步后再扫描"
            )
        try:
            Ed25519PublicKey.from_public_bytes(base64.b64decode(found[0])).verify(
                signature, message
            )
        except (InvalidSignature, ValueError):
            return (
                f"回执二维码的签名与内容不符（签发窗口 {found[2]}）：内容可能被改动，已拒绝；"
                "请核对纸质回执，或输入办件编号"
            )
        return None

    return verify


# ---- from the central database ------------------------------------------------------------


def apply_key(s: Session, body: dict[str, Any]) -> bool:
    """A key the central published to this centre; False (skipped) for one that is not what it
    says (its id is not its hash) or is not of this centre."""
    try:
        public = base64.b64decode(str(body["public_key"]), validate=True)
        Ed25519PublicKey.from_public_bytes(public)
    except (KeyError, ValueError) as exc:
        log.warning("window key from the central database skipped: %s", exc)
        return False
    kid = str(body.get("key_id"))
    centre = (Settings.centre_code.get(s) or "").upper()
    if kid != key_id_of(public) or str(body.get("centre")) != centre:
        log.warning("window key %s skipped: not this centre's, or its id is not its hash", kid)
        return False
    if s.get(WindowKey, kid) is None:
        s.add(
            WindowKey(
                key_id=kid,
                public_key=base64.b64encode(public).decode("ascii"),
                centre_code=centre,
                window_code=str(body.get("window")),
                device_id=str(body.get("device_id")),
                origin="central",
                received_at=datetime.now(),
            )
        )
    return True
