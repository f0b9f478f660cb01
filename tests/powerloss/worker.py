"""The window whose power is cut: intakes with their slips, and syncs, until it is killed.

    python -m tests.powerloss.worker HOME SEED

Prints ``ready`` once the store is open, then for every intake whose call returned with its slip
written: ``ack CASE_NO SLIP_PATH SHA256`` (the path relative to HOME): from that moment the
applicant holds the slip, so the visit must survive any power cut. ``synced`` after each sync.
Central password: COUNTER_CENTRAL_PASSWORD, as for `counter sync`.
"""

from __future__ import annotations

import hashlib
import random
import sys
from datetime import datetime
from pathlib import Path

from app.bootstrap import open_context
from app.core.cases import IntakeRequest
from app.core.checklist import Verdict
from app.paths import Home
from app.sync.engine import SyncEngine, SyncOptions

ITEM = "LOCAL-0001"
ANSWERS = {"s": ["s2"]}


def main(argv: list[str]) -> int:
    home, rnd = Home(Path(argv[0])), random.Random(int(argv[1]))
    ctx = open_context(home, load_demo=False)
    from app.printing.fonts import fontset
    from tests.sync.intakes import APPLICANT

    fontset()  # loaded before the cuts begin: they are for the intakes, not the imports
    applicable = ctx.visits.preview(ITEM, ANSWERS, {}).evaluation.applicable
    print("ready", flush=True)
    engine = SyncEngine(ctx, SyncOptions(backoff=0.02, retries=1, batch_size=7))
    while True:
        verdicts = {m.id: Verdict("ok") for m in applicable}
        if rnd.random() < 0.3:  # a gap: a one-time notice (一次性告知) instead of an acceptance
            verdicts.pop(applicable[0].id)
        result = ctx.visits.submit(
            IntakeRequest("clerk1", ITEM, APPLICANT, ANSWERS, verdicts), now=datetime.now()
        )
        if result.documents and not result.slip_error:
            slip = Path(result.documents[0])
            digest = hashlib.sha256(slip.read_bytes()).hexdigest()
            print(f"ack {result.case_no} {slip.relative_to(home.root)} {digest}", flush=True)
        if rnd.random() < 0.3:
            engine.run()
            print("synced", flush=True)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
