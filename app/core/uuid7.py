"""RFC 9562 UUID version 7: time-ordered ids for records made offline at many windows.

Layout (128 bits): 48-bit Unix time in ms | ver (4) = 7 | 12-bit counter | var (2) = 0b10 |
62 random bits. The 12-bit field is a counter (RFC 9562 section 6.2, method 1) so ids made in
the same millisecond still sort in creation order within this process; it starts from a random
value below 2048 each new millisecond, leaving room for at least 2048 ids per millisecond.
When the counter overflows, or the clock steps back, the timestamp is carried forward by one
millisecond instead, so order is never broken.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_COUNTER_MAX = 0xFFF
_lock = threading.Lock()
_last_ms = -1
_counter = 0


def uuid7() -> uuid.UUID:
    """A new version-7 UUID, strictly greater than every earlier one from this process."""
    global _last_ms, _counter
    now_ms = time.time_ns() // 1_000_000
    tail = int.from_bytes(os.urandom(8)) & ((1 << 62) - 1)
    with _lock:
        if now_ms > _last_ms:
            _last_ms = now_ms
            _counter = int.from_bytes(os.urandom(2)) & 0x7FF
        elif _counter < _COUNTER_MAX:
            _counter += 1
        else:
            # Counter exhausted (or clock went back): borrow the next millisecond.
            _last_ms += 1
            _counter = int.from_bytes(os.urandom(2)) & 0x7FF
        ms, counter = _last_ms, _counter
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | tail
    return uuid.UUID(int=value)


def uuid7_unix_ms(value: uuid.UUID) -> int:
    """The Unix time in milliseconds stored in a version-7 UUID."""
    if value.version != 7:
        raise ValueError("not a version 7 UUID")
    return value.int >> 80
