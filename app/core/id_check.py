"""What another window of the centre needs to check an applicant's ID without the number.

A case continued at another window (online from the centre's open cases, offline from the QR
on a return slip) carries the applicant's ID number only as printed on slips (masked) plus a
check value: scrypt of the normalised number, salted with the centre's code. The window that
records a visit computes it from the card it read; a window that continues the case computes
it from the card presented and compares.

Why scrypt and not a plain hash: the space of ID numbers is small (region, birth date, a
three-digit sequence), so a fast salted hash is the number in all but name. scrypt at these
parameters costs about 20 ms and 8 MiB per guess, which makes trying the plausible numbers of
one applicant a matter of weeks, not seconds. The salt is the centre's code: a value made at
one centre says nothing at another. It is not a secret; the slowness is the protection.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from app.core.identity import mask

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**13, 8, 1
CHECK_CHARS = 26  # 130 bits of the digest, base32


def _normalised(number: str) -> str:
    return "".join((number or "").split()).upper()


def id_check(centre: str, number: str) -> str:
    """The check value of ``number`` at ``centre`` (empty for an empty number)."""
    value = _normalised(number)
    if not value:
        return ""
    digest = hashlib.scrypt(
        value.encode("utf-8"),
        salt=f"counter-id-check/{centre.strip().upper()}".encode(),
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        dklen=20,
    )
    return base64.b32encode(digest).decode("ascii")[:CHECK_CHARS]


def matches(centre: str, number: str, check: str) -> bool:
    """Does ``number`` (as presented) have the check value ``check``? False for an empty one."""
    if not check:
        return False
    return hmac.compare_digest(id_check(centre, number), check)


def party_id(centre: str, number: str) -> dict[str, str]:
    """The masked number and its check, as a visit record carries them for other windows."""
    return {"masked": mask(_normalised(number)), "check": id_check(centre, number)}
