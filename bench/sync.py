"""Sync throughput against a real PostgreSQL, with raw COPY of the same rows as the floor.

    .venv/bin/python bench/sync.py [--records 100000] [--windows 50] [--repeat 3]
                                   [--pg postgresql://postgres@127.0.0.1:5432/postgres]

1. push: N records made at one window, pushed by the sync engine (staging table, validation,
   INSERT ... ON CONFLICT, per-record answers, outbox cleared), against
   raw COPY: the same rows read from the same SQLite file and COPYed straight into a table
   shaped like counter.records (same indexes and checks; no validation, no deduplication,
   no row-level security, no answers). Each repetition uses a fresh database; the best of
   each is reported with the ratio (target: push >= 0.5 x raw COPY).
2. replay: the whole push again (every record re-queued), all answered "duplicate"
   (target: no slower than the first push).
3. day close: --windows window processes (`counter sync --day-close`) start at once against
   one server, each with a day of records; every one must exit 0 with its manifest verified.

Needs a superuser URL (--pg or $COUNTER_TEST_PG); creates and drops its own databases and roles.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import psycopg  # noqa: E402
from psycopg.conninfo import make_conninfo  # noqa: E402
from sync.conftest import memory_keyring_store  # noqa: E402  (an in-memory keyring)
from sync.records import CHINA, bulk_records  # noqa: E402

from app.bootstrap import open_context  # noqa: E402
from app.paths import Home  # noqa: E402
from app.services.settings import Settings  # noqa: E402
from app.sync import central_schema  # noqa: E402
from app.sync.engine import SyncEngine, SyncOptions  # noqa: E402
from app.sync.setup import configure_central  # noqa: E402

RAW_COLUMNS = (
    "id, device_id, epoch, seq, kind, created_at, created_ts, day, payload_version, "
    "payload, content_hash, prev_hash, chain_hash, case_id"
)


@contextmanager
def central_db(admin: str) -> Iterator[tuple[str, str]]:
    tag = secrets.token_hex(4)
    name, prefix = f"counter_bench_{tag}", f"cb{tag}_"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_conninfo(admin, dbname=name)
    try:
        central_schema.init_central(url, prefix)
        yield url, prefix
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            central_schema.drop_window_roles(conn, prefix)


def make_window(
    url: str, centre: str, window: str, home: Path, records: int, start: datetime, step: timedelta
):  # type: ignore[no-untyped-def]
    creds = central_schema.add_window(url, centre, window)
    ctx = open_context(Home(home), load_demo=False)
    with ctx.store.write() as s:  # records name their window; the central checks it
        Settings.centre_code.set(s, centre)
        Settings.window_code.set(s, window)
    keyring = memory_keyring_store()
    configure_central(ctx, creds.url, creds.password, keyring_store=keyring)
    bulk_records(ctx.store, records, start=start, step=step)
    return ctx, creds, keyring


def raw_copy(url: str, ctx) -> float:  # type: ignore[no-untyped-def]
    """The floor: the same rows, read the same way, COPYed with nothing else done."""
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE public.raw_copy (LIKE counter.records INCLUDING ALL)")
        conn.commit()
        started = time.perf_counter()
        raw = ctx.store.engine.raw_connection()
        try:
            rows = raw.driver_connection.execute(
                "SELECT id, device_id, epoch, seq, kind, created_at, created_at, "
                "substr(created_at, 1, 10), payload_version, payload, content_hash, prev_hash, "
                "chain_hash, case_id FROM records ORDER BY seq"
            )
            with (
                conn.cursor() as cur,
                cur.copy(f"COPY public.raw_copy ({RAW_COLUMNS}) FROM STDIN") as copy,
            ):
                while batch := rows.fetchmany(5000):
                    for row in batch:
                        copy.write_row(row)
            conn.commit()
        finally:
            raw.close()
        return time.perf_counter() - started


def push_run(
    admin: str, records: int, work: Path, anchor: bool = True
) -> tuple[float, float, float]:
    """One fresh database: raw COPY seconds, push seconds, replay seconds. ``anchor=False``
    disables the chain-anchor trigger (central revision c0004), to measure what it costs."""
    with central_db(admin) as (url, _prefix):
        if not anchor:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("ALTER TABLE counter.records DISABLE TRIGGER records_chain")
        home = work / f"push-{secrets.token_hex(3)}"
        start = datetime.now(CHINA) - timedelta(days=1)
        ctx, _creds, keyring = make_window(
            url, "C01", "W01", home, records, start, timedelta(seconds=1)
        )
        try:
            floor = raw_copy(url, ctx)
            engine = SyncEngine(ctx, SyncOptions(pull=False), keyring_store=keyring)
            started = time.perf_counter()
            summary = engine.run()
            push = time.perf_counter() - started
            assert summary.ok and summary.pushed == records, summary
            with ctx.store.write() as s:
                s.connection().exec_driver_sql(
                    "INSERT INTO outbox (record_id, seq, state, attempts, enqueued_at) "
                    "SELECT id, seq, 'pending', 0, '2026-01-01' FROM records"
                )
            started = time.perf_counter()
            summary = engine.run()
            replay = time.perf_counter() - started
            assert summary.ok and summary.duplicates == records, summary
            with psycopg.connect(url) as conn:
                assert conn.execute("SELECT count(*) FROM counter.records").fetchone() == (records,)
        finally:
            ctx.close()
        return floor, push, replay


def day_close_run(
    admin: str, windows: int, per_window: int, work: Path
) -> tuple[float, float, float]:
    """Total wall time; the span from the first sync starting to the last one finishing (the
    processes' own start-up excluded); the mean duration of one window's sync."""
    with central_db(admin) as (url, _prefix):
        start = datetime.now(CHINA).replace(hour=8, minute=30, second=0, microsecond=0)
        env_of = []
        for n in range(windows):
            home = work / f"w{n:03d}"
            ctx, creds, _ = make_window(
                url, "C01", f"W{n:03d}", home, per_window, start, timedelta(seconds=30)
            )
            ctx.close()
            env_of.append(
                {
                    **os.environ,
                    "COUNTER_HOME": str(home),
                    "COUNTER_CENTRAL_PASSWORD": creds.password,
                }
            )
        started = time.perf_counter()
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "app", "sync", "--day-close", "--json"],
                env=env,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for env in env_of
        ]
        outs = [p.communicate(timeout=600) for p in procs]
        elapsed = time.perf_counter() - started
        failed = [
            (p.returncode, err)
            for p, (_out, err) in zip(procs, outs, strict=True)
            if p.returncode != 0
        ]
        assert not failed, failed[:3]
        summaries = [json.loads(out) for out, _err in outs]
        assert all(s["ok"] and s["pushed"] == per_window for s in summaries)
        assert all(m["status"] == "verified" for s in summaries for m in s["manifests"])
        with psycopg.connect(url) as conn:
            total = conn.execute("SELECT count(*) FROM counter.records").fetchone()
            verified = conn.execute(
                "SELECT count(DISTINCT device_id) FROM counter.manifests WHERE status = 'verified'"
            ).fetchone()
        assert total == (windows * per_window,) and verified == (windows,)
        starts = [datetime.fromisoformat(s["started_at"]) for s in summaries]
        ends = [datetime.fromisoformat(s["finished_at"]) for s in summaries]
        span = (max(ends) - min(starts)).total_seconds()
        mean = sum((e - b).total_seconds() for b, e in zip(starts, ends, strict=True)) / windows
        return elapsed, span, mean


def compare_anchor(admin: str, records: int, repeat: int, work: Path) -> None:
    """Pairs of runs, with and without the chain anchor, one right after the other: on a shared
    machine the two runs of a pair see about the same load, so the ratio of their push times
    is what counts (the median over the pairs is reported)."""
    pushes: dict[bool, list[float]] = {True: [], False: []}
    for n in range(repeat):
        for anchor in (True, False):
            floor, push, replay = push_run(admin, records, work, anchor)
            pushes[anchor].append(push)
            print(
                f"run {n + 1} anchor {'on ' if anchor else 'off'}: raw COPY "
                f"{records / floor:,.0f} rows/s, push {records / push:,.0f} rows/s "
                f"(x{floor / push:.2f}), replay {records / replay:,.0f} rows/s",
                flush=True,
            )
    ratios = sorted(on / off for on, off in zip(pushes[True], pushes[False], strict=True))
    median = ratios[len(ratios) // 2]
    print(
        f"\n{records:,} records, {repeat} pairs: best push with the anchor "
        f"{records / min(pushes[True]):,.0f} rows/s, without {records / min(pushes[False]):,.0f}"
        f" rows/s; push time with / without, per pair: "
        f"{', '.join(f'{r:.2f}' for r in ratios)} (median {median:.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pg",
        default=os.environ.get("COUNTER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--windows", type=int, default=50)
    parser.add_argument("--per-window", type=int, default=300)
    parser.add_argument(
        "--compare-anchor",
        action="store_true",
        help="each repetition also pushes with the chain-anchor trigger "
        "disabled, right after the run with it, and reports both",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="counter-bench-"))
    try:
        if args.compare_anchor:
            compare_anchor(args.pg, args.records, args.repeat, work)
            return
        runs = []
        for n in range(args.repeat):
            floor, push, replay = push_run(args.pg, args.records, work)
            runs.append((floor, push, replay))
            print(
                f"run {n + 1}: raw COPY {args.records / floor:,.0f} rows/s, push "
                f"{args.records / push:,.0f} rows/s (x{floor / push:.2f}), replay "
                f"{args.records / replay:,.0f} rows/s",
                flush=True,
            )
        if runs:
            floor, push, replay = (min(r[i] for r in runs) for i in range(3))
            print(f"\n{args.records:,} records, best of {args.repeat}:")
            print(f"  raw COPY (floor)       {args.records / floor:>10,.0f} rows/s")
            print(
                f"  push                   {args.records / push:>10,.0f} rows/s   "
                f"= {floor / push:.2f} x raw COPY (target >= 0.5)"
            )
            print(
                f"  replay (all duplicate) {args.records / replay:>10,.0f} rows/s   "
                f"= {push / replay:.2f} x first push (target >= 1)"
            )
        if args.windows:
            elapsed, span, mean = day_close_run(args.pg, args.windows, args.per_window, work)
            print(
                f"  day close: {args.windows} window processes x {args.per_window} records "
                f"started at once: all done in {elapsed:.1f} s, every manifest verified"
            )
            print(
                f"    syncing (first start to last finish, process start-up excluded): "
                f"{span:.1f} s; one window's sync: {mean:.2f} s on average"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
