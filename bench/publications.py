"""A window's pull in a busy county: case decisions for 200 windows, one window asking.

    .venv/bin/python bench/publications.py [--windows 200] [--publications 200000] [--repeat 5]
                                           [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Fills a fresh central database with --publications case decisions spread over --windows windows
(inserted directly, as the county's back office would have published them over the years), then
times, logged in as one window:

- before: the select every window used to run (``counter.publications`` through the row-security
  policy ``published_to_me``), from cursor 0 and again from the cursor it could reach (its own
  newest version: with nothing for it past there it never moved further);
- after: ``counter.my_publications`` from cursor 0, and from the horizon it returns (where the
  window's cursor now stands after one sync).

Prints one line per figure, ``NAME: VALUE ms``, and the ratios. Needs a superuser URL (--pg or
$COUNTER_TEST_PG); creates and drops its own database and roles.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from app.sync import central_schema  # noqa: E402
from bench.sync import central_db  # noqa: E402

OLD = (
    "SELECT version, body, body_hash FROM counter.publications "
    "WHERE dataset = %s AND version > %s ORDER BY version LIMIT 500"
)
NEW = "SELECT version, body, body_hash, horizon FROM counter.my_publications(%s, %s, 500, false)"


def timed(
    conn: psycopg.Connection, sql: str, params: tuple[object, ...], repeat: int
) -> tuple[float, list[tuple[object, ...]]]:
    times, rows = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        rows = conn.execute(sql, params).fetchall()
        times.append((time.perf_counter() - started) * 1000)
        conn.rollback()
    return statistics.median(times), rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--windows", type=int, default=200)
    ap.add_argument("--publications", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--pg",
        default=os.environ.get("COUNTER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    args = ap.parse_args()
    with central_db(args.pg) as (url, _prefix):
        creds = [
            central_schema.add_window(url, f"C{n // 4:03d}", f"W{n % 4 + 1}")
            for n in range(args.windows)
        ]
        with psycopg.connect(url) as conn:
            conn.execute(
                """
                INSERT INTO counter.publications (dataset, centre_code, window_code, body,
                                                  body_hash)
                SELECT 'case_status', w.centre_code, w.window_code, '{"case_no":"x"}', 'x'
                  FROM generate_series(1, %s) g
                  JOIN (SELECT centre_code, window_code,
                               row_number() OVER (ORDER BY centre_code, window_code) - 1 AS n
                          FROM counter.windows) w ON w.n = g %% %s""",
                (args.publications, args.windows),
            )
            conn.execute("ANALYZE counter.publications")
            conn.commit()
        me = creds[0]
        with psycopg.connect(me.url, password=me.password) as conn:
            old_first, rows = timed(conn, OLD, ("case_status", 0), args.repeat)
            mine_top = max(
                int(r[0])
                for r in conn.execute(
                    "SELECT version FROM counter.publications WHERE dataset = 'case_status'"
                )
            )
            conn.rollback()
            old_again, _ = timed(conn, OLD, ("case_status", mine_top), args.repeat)
            new_first, rows = timed(conn, NEW, ("case_status", 0), args.repeat)
            horizon = int(rows[0][3])
            new_again, _ = timed(conn, NEW, ("case_status", horizon), args.repeat)
    print(f"central: {args.windows} windows, {args.publications} case decisions; one window's pull")
    print(f"before, first pull: {old_first:.1f} ms")
    print(f"before, every later sync (cursor at its own newest): {old_again:.1f} ms")
    print(f"after, first pull: {new_first:.1f} ms")
    print(f"after, every later sync (cursor at the horizon): {new_again:.1f} ms")
    print(
        f"ratio later syncs after/before: {new_again / old_again:.5f} "
        f"({old_again / new_again:.0f} times faster)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
