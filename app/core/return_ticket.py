"""The return ticket: what a return visit needs, in the QR of a slip, signed by the window.

Slips that ask the applicant to come back (一次性告知书, 容缺受理通知书, 受理通知书 for the
pickup) carry it, so that any window of the centre can continue the case when the link to the
county is down. The text is

    CTR1.<base32 of the zlib-compressed JSON body>.<key id>.<base32 of the signature>

Upper-case base32 and dots only: the QR takes them in its alphanumeric mode (5.5 bits a
character instead of 8), which keeps the symbol small enough for 3-dot modules on an 80 mm roll.
The signature (Ed25519, see docs/any-window.md for why not SM2) covers ``DOMAIN`` and the
compressed body; the key id names the issuing device's key, which the centre's windows hold
from the central database. Nothing here knows keys: the caller passes ``sign`` and ``verify``.

The body names no ID number: the applicant as masked on slips plus the check value of
core/id_check.py.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.errors import CounterError

PREFIX = "CTR1"
DOMAIN = b"counter/return-ticket/1\n"
MAX_TEXT = 2000  # a QR at error correction M holds 2,331 alphanumeric characters at most
CATALOG_HASH = 16  # hex digits: 64 bits tell a centre's few catalog versions apart
MAX_BODY = 16_000  # decompressed: a hostile ticket cannot make the window inflate megabytes


@dataclass(frozen=True)
class ReturnTicket:
    case_id: str
    case_no: str
    centre: str
    window: str  # the issuing window
    item_code: str
    item_name: str
    catalog_hash: str  # CatalogVersion.content_hash: the same checklist at every window
    state: str
    outcome: str | None
    answers: dict[str, list[str]]
    materials: dict[str, dict[str, str | None]]  # id -> {"verdict", "reason"}
    applicant: dict[str, Any]  # Party fields, id_number masked
    applicant_check: str  # core/id_check.py
    agent: dict[str, Any] | None = None
    agent_check: str = ""
    promised_days: int | None = None
    promised_date: str | None = None
    supplement_deadline: str | None = None
    accepted_at: str | None = None
    created_at: str = ""
    visits: int = 1
    issued_at: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        """Short keys, no empty values, a material without a problem as its verdict alone, the
        catalog by the first 16 hex digits of its hash, no item name (the catalog has it): the
        fewer bytes, the larger each module of the QR on a roll."""
        full = {
            "id": self.case_id,
            "no": self.case_no,
            "ce": self.centre,
            "wi": self.window,
            "it": self.item_code,
            "ch": self.catalog_hash[:CATALOG_HASH],
            "st": self.state,
            "ou": self.outcome,
            "an": self.answers,
            "ma": {
                k: v.get("verdict") if not v.get("reason") else [v.get("verdict"), v["reason"]]
                for k, v in self.materials.items()
            },
            "ap": {k: v for k, v in self.applicant.items() if v},
            "ac": self.applicant_check,
            "ag": {k: v for k, v in self.agent.items() if v} if self.agent else None,
            "gc": self.agent_check,
            "pd": self.promised_days,
            "pr": self.promised_date,
            "sd": self.supplement_deadline,
            "aa": self.accepted_at,
            "ca": self.created_at,
            "vi": self.visits,
            "is": self.issued_at,
            "x": self.extra,
        }
        return {k: v for k, v in full.items() if v not in (None, "", {})}

    @classmethod
    def from_body(cls, b: Mapping[str, Any]) -> ReturnTicket:
        return cls(
            case_id=str(b["id"]),
            case_no=str(b["no"]),
            centre=str(b["ce"]),
            window=str(b["wi"]),
            item_code=str(b["it"]),
            item_name=str(b.get("in") or ""),
            catalog_hash=str(b["ch"]),
            state=str(b["st"]),
            outcome=b.get("ou"),
            answers={str(k): [str(x) for x in v] for k, v in dict(b.get("an") or {}).items()},
            materials={str(k): _material(v) for k, v in dict(b.get("ma") or {}).items()},
            applicant=dict(b["ap"]),
            applicant_check=str(b.get("ac") or ""),
            agent=dict(b["ag"]) if b.get("ag") else None,
            agent_check=str(b.get("gc") or ""),
            promised_days=b.get("pd"),
            promised_date=b.get("pr"),
            supplement_deadline=b.get("sd"),
            accepted_at=b.get("aa"),
            created_at=str(b.get("ca") or ""),
            visits=int(b.get("vi") or 1),
            issued_at=str(b.get("is") or ""),
            extra=dict(b.get("x") or {}),
        )


def _material(v: Any) -> dict[str, str | None]:
    if isinstance(v, str):
        return {"verdict": v, "reason": None}
    return {"verdict": str(v[0]), "reason": v[1]}


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _unb32(text: str) -> bytes:
    return base64.b32decode(text + "=" * (-len(text) % 8))


def encode(ticket: ReturnTicket, key_id: str, sign: Callable[[bytes], bytes]) -> str:
    raw = json.dumps(ticket.body(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    packed = zlib.compress(raw.encode("utf-8"), 9)
    return f"{PREFIX}.{_b32(packed)}.{key_id}.{_b32(sign(DOMAIN + packed))}"


def looks_like_ticket(text: str) -> bool:
    return text.strip().upper().startswith(PREFIX + ".")


def _refuse(code: str, message: str) -> CounterError:
    return CounterError(code, message, path="ticket")


def decode(text: str, verify: Callable[[str, bytes, bytes], str | None]) -> ReturnTicket:
    """The ticket in ``text``, its signature checked first.

    ``verify(key_id, message, signature)`` answers None when the signature is good, else what
    is wrong, in a sentence (an unknown key: a slip of another centre or a window whose key
    this window has not received yet; a bad signature: the content was changed).
    """
    value = (text or "").strip()
    if len(value) > MAX_TEXT:
        raise _refuse("ticket.malformed", "二维码内容过长，不是本系统打印的回执二维码")
    parts = value.upper().split(".")
    if len(parts) != 4 or parts[0] != PREFIX:
        raise _refuse(
            "ticket.malformed",
            "这不是本系统打印的回执二维码（格式不符）；请扫描告知书、通知书上的二维码，或输入办件编号",
        )
    _, body32, key_id, sig32 = parts
    try:
        packed, signature = _unb32(body32), _unb32(sig32)
    except (binascii.Error, ValueError) as exc:
        raise _refuse(
            "ticket.malformed", "二维码内容不完整或已损坏；请重新扫描或输入办件编号"
        ) from exc
    problem = verify(key_id, DOMAIN + packed, signature)
    if problem is not None:
        raise _refuse("ticket.refused", problem)
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_BODY)
        if inflater.unconsumed_tail:
            raise ValueError("body too large")
        return ReturnTicket.from_body(json.loads(raw.decode("utf-8")))
    except (zlib.error, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        # Signed by a window of the centre yet unreadable: a newer format, or a bug there.
        raise _refuse(
            "ticket.unreadable",
            "二维码签名有效，但内容无法读取（可能由更新版本的程序打印）；请输入办件编号，联网后办理",
        ) from exc
