"""What years of day closes cost an intake: verified days kept as a setting against a table.

    .venv/bin/python bench/day_closes.py [--days 2500] [--intakes 300] [--rounds 2]

Before migration 0003 the manifests the central verified were one setting, which every
transaction reads with the other settings. This times durable intakes (as bench/intake.py, one
FULL commit each) in a fresh store as the window keeps it now, and in one that also carries the
old setting with --days entries (about ten years of working days), alternating the two for
--rounds rounds, and prints the median of each and the difference.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.bootstrap import open_context  # noqa: E402
from app.core.cases import IntakeRequest  # noqa: E402
from app.core.checklist import Verdict  # noqa: E402
from app.core.identity import resident_id_check_char  # noqa: E402
from app.core.parties import Party  # noqa: E402
from app.models.schema import Setting  # noqa: E402
from app.paths import Home  # noqa: E402
from app.services.window import FirstAdmin, WindowSetup, initialise  # noqa: E402

NOW = datetime(2026, 11, 23, 10, 0)
ID = "11010519491231002"


def median_intake_ms(old_setting_days: int, intakes: int) -> float:
    with tempfile.TemporaryDirectory() as d:
        ctx = open_context(Home(Path(d)))
        try:
            initialise(
                ctx.store,
                ctx.users,
                WindowSetup("C3301", "城东街道便民服务中心", "W03"),
                FirstAdmin("admin", "王管理", "Chengdong2026"),
            )
            ctx.users.add("clerk1", "李窗口", "clerk", "Window2026x")
            if old_setting_days:
                days = {
                    f"{datetime(2016, 1, 1) + timedelta(days=i):%Y-%m-%d}/1": "ab" * 32
                    for i in range(old_setting_days)
                }
                with ctx.store.write() as s:
                    s.add(Setting(key="sync.verified_manifests", value=days))
            person = Party(
                "person", "张三", "resident_id", ID + resident_id_check_char(ID), "13800001111"
            )
            answers = {"s": ["s2"]}
            pv = ctx.visits.preview("LOCAL-0001", answers, {}, NOW.date())
            verdicts = {m.id: Verdict("ok") for m in pv.evaluation.applicable}
            times = []
            for _ in range(intakes):
                started = time.perf_counter()
                ctx.visits.submit(
                    IntakeRequest("clerk1", "LOCAL-0001", person, answers, verdicts),
                    now=NOW,
                    slips=False,
                )
                times.append((time.perf_counter() - started) * 1000)
        finally:
            ctx.close()
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--days", type=int, default=2500)
    ap.add_argument("--intakes", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    now, old = [], []
    for _ in range(args.rounds):
        now.append(median_intake_ms(0, args.intakes))
        old.append(median_intake_ms(args.days, args.intakes))
    a, b = statistics.median(now), statistics.median(old)
    print(
        f"intake p50, day closes in their table: {a:.2f} ms "
        f"(rounds: {', '.join(f'{x:.2f}' for x in now)})"
    )
    print(
        f"intake p50, {args.days} days as one setting: {b:.2f} ms "
        f"(rounds: {', '.join(f'{x:.2f}' for x in old)})"
    )
    print(f"cost of the setting: {b - a:+.2f} ms an intake")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
