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

That slowness must not sit inside a write transaction: the values are kept in a small
in-process cache (the value is deterministic, so a cached one is the same value), filled
before the write lock is taken (``id_check`` ahead of ``store.write()``) or earlier still by
``warm`` on a background thread as soon as the wizard knows the number.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor

from app.core.identity import mask

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**13, 8, 1
CHECK_CHARS = 26  # 130 bits of the digest, base32
CACHE_SIZE = 512  # a day's applicants and agents at one window, several times over

_Key = tuple[str, str]  # (centre as salted, normalised number)
_lock = threading.Lock()
_cache: OrderedDict[_Key, str] = OrderedDict()
_pending: dict[_Key, Future[str]] = {}
_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="id-check")


def _normalised(number: str) -> str:
    return "".join((number or "").split()).upper()


def _key(centre: str, number: str) -> _Key:
    return centre.strip().upper(), _normalised(number)


def _scrypt(key: _Key) -> str:
    centre, value = key
    digest = hashlib.scrypt(
        value.encode("utf-8"),
        salt=f"counter-id-check/{centre}".encode(),
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        dklen=20,
    )
    return base64.b32encode(digest).decode("ascii")[:CHECK_CHARS]


def _remember(key: _Key, check: str) -> str:
    with _lock:
        _cache[key] = check
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
        _pending.pop(key, None)
    return check


def id_check(centre: str, number: str) -> str:
    """The check value of ``number`` at ``centre`` (empty for an empty number); from the
    cache when this process has made it already, waiting for a warm-up in progress."""
    key = _key(centre, number)
    if not key[1]:
        return ""
    with _lock:
        check = _cache.get(key)
        if check is not None:
            _cache.move_to_end(key)
            return check
        pending = _pending.get(key)
    if pending is not None:
        try:
            return pending.result()
        except Exception:  # a failed warm-up is made again here, in the open
            pass
    return _remember(key, _scrypt(key))


def warm(centre: str, number: str) -> None:
    """Make the check value of ``number`` on the background thread, so that the intake that
    records it later finds it ready. Returns at once."""
    key = _key(centre, number)
    if not key[1]:
        return
    with _lock:
        if key in _cache or key in _pending:
            return
        _pending[key] = _worker.submit(lambda: _remember(key, _scrypt(key)))


def forget_all() -> None:
    """Drop the cached values (tests measuring the cold path)."""
    with _lock:
        _cache.clear()


def matches(centre: str, number: str, check: str) -> bool:
    """Does ``number`` (as presented) have the check value ``check``? False for an empty one."""
    if not check:
        return False
    return hmac.compare_digest(id_check(centre, number), check)


def party_id(centre: str, number: str) -> dict[str, str]:
    """The masked number and its check, as a visit record carries them for other windows."""
    return {"masked": mask(_normalised(number)), "check": id_check(centre, number)}
