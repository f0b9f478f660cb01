"""What the chain-anchor trigger (central revision c0004) costs the server per batch.

    .venv/bin/python bench/chain_anchor.py [--batches 40] [--batch 5000]
                                           [--pg postgresql://postgres@127.0.0.1:5432/postgres]

One fresh database; batches of ``--batch`` records of one device, each linking to the one
before, are inserted with one ``INSERT ... SELECT`` each, alternately with the trigger enabled
and disabled (so both see the same load on a shared machine and the same table size). Reports
the median time of a batch either way. The whole push (staging, validation, answers) is
measured by bench/sync.py --compare-anchor; this isolates the statement the trigger adds to.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from psycopg.conninfo import make_conninfo  # noqa: E402

from app.sync import central_schema  # noqa: E402

# Rows chained in SQL: chain_hash of seq n is sha256 of its id, prev_hash the one of n - 1.
_INSERT = """
INSERT INTO counter.records (id, device_id, epoch, seq, kind, created_at, created_ts, day,
                             payload_version, payload, content_hash, prev_hash, chain_hash)
SELECT gen_random_uuid(), %(device)s, 1, g, 'intake', '2026-12-03T09:00:00.000+08:00',
       '2026-12-03T09:00:00.000+08:00', '2026-12-03', 1, 'p' || g,
       encode(sha256(convert_to('p' || g, 'UTF8')), 'hex'),
       CASE WHEN g = 1 THEN repeat('0', 64)
            ELSE encode(sha256(convert_to('c' || (g - 1), 'UTF8')), 'hex') END,
       encode(sha256(convert_to('c' || g, 'UTF8')), 'hex')
  FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) AS g"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pg",
        default=os.environ.get("COUNTER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--batches", type=int, default=40)
    parser.add_argument("--batch", type=int, default=5000)
    args = parser.parse_args()
    tag = secrets.token_hex(4)
    name, prefix = f"counter_bench_{tag}", f"cb{tag}_"
    with psycopg.connect(args.pg, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_conninfo(args.pg, dbname=name)
    try:
        central_schema.init_central(url, prefix)
        creds = central_schema.add_window(url, "C01", "W01")
        device = str(uuid.uuid4())
        window = make_conninfo(url, user=creds.role, password=creds.password)
        with (
            psycopg.connect(url, autocommit=True) as admin,
            psycopg.connect(window, autocommit=True) as conn,
        ):
            admin.execute(
                "INSERT INTO counter.devices (device_id, role_name, centre_code, "
                "window_code) VALUES (%s, %s, 'C01', 'W01')",
                (device, creds.role),
            )
            conn.execute("SET jit = off")  # as the push does; the insert runs as the window
            times: dict[bool, list[float]] = {True: [], False: []}
            for n in range(args.batches):
                on = n % 2 == 0
                admin.execute(
                    f"ALTER TABLE counter.records "
                    f"{'ENABLE' if on else 'DISABLE'} TRIGGER records_chain"
                )
                lo = n * args.batch + 1
                started = time.perf_counter()
                conn.execute(_INSERT, {"device": device, "lo": lo, "hi": lo + args.batch - 1})
                times[on].append(time.perf_counter() - started)
        on, off = statistics.median(times[True]), statistics.median(times[False])
        print(
            f"{args.batches} batches of {args.batch:,} rows, alternating: median "
            f"{on * 1000:.1f} ms with the trigger, {off * 1000:.1f} ms without "
            f"({(on - off) * 1000:+.1f} ms a batch, {100 * (on / off - 1):+.0f}%)"
        )
    finally:
        with psycopg.connect(args.pg, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            central_schema.drop_window_roles(conn, prefix)


if __name__ == "__main__":
    main()
