"""Run as a process: append N records (printing each id once committed), then die by SIGKILL
inside the next record's transaction, as a window losing power mid-write would."""

from __future__ import annotations

import os
import signal
import sys

from app.bootstrap import open_context
from app.paths import Home
from app.services import record_log


def main() -> None:
    home, n = sys.argv[1], int(sys.argv[2])
    ctx = open_context(Home.resolve(home), load_demo=False)
    for i in range(n):
        with ctx.store.write() as s:
            ref = record_log.append(s, "consultation", {"n": i, "question": "办理流程？"})
        print(ref.id, flush=True)  # committed: the slip may print now
    with ctx.store.write() as s:
        record_log.append(s, "consultation", {"n": n, "question": "never committed"})
        s.flush()
        os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main()
