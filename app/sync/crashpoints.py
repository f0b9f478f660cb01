"""Test hook: make the process die at a named point of a sync, as a power cut or kill -9 would.

``COUNTER_SYNC_CRASH_AT=after_server_commit`` kills the process (SIGKILL, no clean-up, no
atexit, no flush) the first time it reaches that point; ``after_server_commit:3`` the third
time. Only the fault tests set it; unset, ``crashpoint`` is a dictionary look-up.

Points, in the order a sync passes them:
- ``mid_upload``: the batch is in the server's staging table, nothing inserted yet;
- ``before_server_commit``: the server has answered every record, COMMIT not sent;
- ``after_server_commit``: the server committed, the window has not cleared its outbox;
- ``mid_local_ack``: inside the local transaction that clears the outbox, before it commits;
- ``after_local_ack``: the outbox is cleared for the batch, the next batch not started;
- ``mid_pull_apply``: inside the local transaction applying a pulled dataset;
- ``mid_restamp``: inside the local transaction that moves records to a new epoch.
"""

from __future__ import annotations

import os
import signal

CRASH_ENV = "COUNTER_SYNC_CRASH_AT"

_hits: dict[str, int] = {}


def crashpoint(name: str) -> None:
    spec = os.environ.get(CRASH_ENV)
    if not spec:
        return
    point, _, nth = spec.partition(":")
    if point != name:
        return
    _hits[name] = _hits.get(name, 0) + 1
    if _hits[name] >= int(nth or 1):
        kill = getattr(signal, "SIGKILL", None)
        if kill is None:  # Windows: no SIGKILL; _exit skips clean-up the same way
            os._exit(137)
        os.kill(os.getpid(), kill)
