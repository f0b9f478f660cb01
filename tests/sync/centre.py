"""Three windows of one centre behind the fault proxy, for the any-window scenarios."""

from __future__ import annotations

import os
import random
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import zxingcpp
from PIL import Image

from app.core.case_merge import CASE_KINDS, Visit, fold
from app.core.cases import IntakeRequest
from app.core.checklist import CORRECTION, Verdict
from app.models.schema import Case, CentreCase
from app.sync.connection import Timeouts
from tests.unavailable import need_pdftoppm

from .conftest import CentralDb, Window
from .faultproxy import Fault, FaultProxy
from .intakes import APPLICANT

FAST = Timeouts(connect=3, statement=20, operation=2.0)
ITEM = "LOCAL-0001"
ANSWERS = {"s": ["s2"]}
# Faults a flaky county link throws at a sync (each fires once, then the link behaves).
FAULTS = (
    None,
    Fault("drop_commit_answer"),
    Fault("reset_on_copy", copy_messages=1),
    Fault("refuse"),
    Fault("html"),
    Fault("stall_commit", seconds=2.5),
)


def seeds(quick: int) -> list[int]:
    """``quick`` seeds by default (CI); COUNTER_FAULT_SEEDS=N runs N (``pytest -k any_window``)."""
    return list(range(int(os.environ.get("COUNTER_FAULT_SEEDS", quick))))


@dataclass
class Centre:
    central: CentralDb
    proxy: FaultProxy
    windows: list[Window]
    rng: random.Random

    def sync(self, w: Window, *, faulty: bool = True) -> None:
        """Sync until it succeeds, a random fault thrown at the first attempt."""
        if faulty:
            self.proxy.set_fault(self.rng.choice(FAULTS))
        for _ in range(6):
            if w.sync(timeouts=FAST, batch_size=self.rng.choice((1, 2, 50))).ok:
                self.proxy.set_fault(None)
                return
        raise AssertionError(f"window {w.ctx.home.root.name} could not sync")

    def sync_all(self, rounds: int = 2) -> None:
        for _ in range(rounds):
            for w in self.rng.sample(self.windows, len(self.windows)):
                self.sync(w)

    def cut(self) -> None:
        self.proxy.set_fault(Fault("refuse", times=10**9))

    def mend(self) -> None:
        self.proxy.set_fault(None)


def correction(w: Window, now: datetime) -> Any:
    """A one-time notice (一次性告知书): the first required material missing, slip printed."""
    pv = w.ctx.visits.preview(ITEM, ANSWERS, {}, now.date())
    mats = pv.evaluation.applicable
    verdicts = {m.id: Verdict("ok") for m in mats}
    verdicts[mats[0].id] = Verdict("missing", "未带原件")
    return w.ctx.visits.submit(
        IntakeRequest("clerk1", ITEM, APPLICANT, ANSWERS, verdicts, outcome=CORRECTION), now=now
    )


def supplement(w: Window, case_no: str, now: datetime) -> Any:
    view = w.ctx.cases.case(case_no)
    verdicts = {m: Verdict("ok") for m in view.outstanding}
    return w.ctx.visits.submit(
        IntakeRequest("clerk1", view.item_code, None, {}, verdicts, case_no=case_no),
        now=now,
        slips=False,
    )


def slip_qr(pdf: Path) -> str:
    """The return QR of a printed slip, read as a scanner would: ``pdftoppm -r 203 -mono``."""
    need_pdftoppm()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "203", "-mono", str(pdf), f"{tmp}/p"], check=True)
        found = {
            r.text
            for page in sorted(Path(tmp).glob("p*.pbm"))
            for r in zxingcpp.read_barcodes(
                Image.open(page).convert("L"), formats=zxingcpp.BarcodeFormat.QRCode
            )
            if r.text.startswith("CTR1.")
        }
    assert len(found) == 1, found
    return found.pop()


def window_state(w: Window, case_id: str) -> dict[str, Any]:
    """What a window holds of a case, in the fold's terms, and the conflicts it lists."""
    with w.ctx.store.read() as s:
        row = s.get(Case, case_id)
        extra = s.get(CentreCase, case_id)
        assert row is not None, f"{w.ctx.home.root.name} does not hold the case"
        return {
            "state": row.state,
            "outcome": row.outcome,
            "materials": row.materials,
            "visits": row.visits,
            "supplement_deadline": row.supplement_deadline,
            "conflicts": sorted(c["kind"] for c in (extra.conflicts if extra else [])),
        }


def central_fold(central: CentralDb, case_id: str) -> Any:
    rows = central.rows(
        "SELECT r.id::text, r.device_id::text, r.seq, r.kind, r.created_at, r.payload "
        "FROM counter.records r WHERE r.case_id = %s AND r.kind = ANY (%s)",
        (case_id, list(CASE_KINDS)),
    )
    import json

    return fold(case_id, [Visit(a, b, c, d, e, json.loads(f)) for a, b, c, d, e, f in rows])
