"""Where a window's first 30-day sync spends the central's time, function by function.

    .venv/bin/python bench/sync_functions.py [--runs 2] [--windows 200] [--per-window 25000]
                                             [--unlogged] [--pg URL] [--cache DIR]

Uses the central and the 30-day window that bench/scale.py caches (built when missing, with
the same key): each run copies the central (``CREATE DATABASE ... TEMPLATE``), upgrades the
copy, sets ``track_functions = 'all'`` on it and lets a copy of the window make its first sync
(19,848 records), then prints the sync's wall time and ``pg_stat_user_functions`` (calls,
total and self milliseconds), and drops the copy and its window role. ``--unlogged`` first makes
the visit queue and its flush table UNLOGGED on the copy, to see what their WAL costs.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench import scale  # noqa: E402

CENTRE, WINDOW = "C3300", "WB"


def one_run(pg: str, cache: Path, windows: int, per: int, unlogged: bool) -> None:
    import psycopg
    from sync.conftest import memory_keyring_store

    from app.bootstrap import open_context
    from app.paths import Home
    from app.sync import central_schema
    from app.sync.engine import SyncEngine, SyncOptions
    from app.sync.setup import configure_central

    template, prefix = scale.cached_central(pg, cache, windows, per)
    window30 = scale.cached_window30(cache)
    run = f"counter_functions_{secrets.token_hex(3)}"
    role = f"{prefix}{CENTRE.lower()}_{WINDOW.lower()}"
    with psycopg.connect(pg, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{run}" TEMPLATE "{template}"')
    url = scale.admin_url(pg, run)
    try:
        central_schema.init_central(url)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("ANALYZE")
            conn.execute(f"ALTER DATABASE \"{run}\" SET track_functions = 'all'")
            if unlogged:
                conn.execute("ALTER TABLE counter.visit_queue SET UNLOGGED")
                conn.execute("ALTER TABLE counter.visit_flush SET UNLOGGED")
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp) / "window"
            shutil.copytree(window30, home)
            creds = central_schema.add_window(url, CENTRE, WINDOW, sslmode=None)
            ctx = open_context(Home(home))
            try:
                keyring = memory_keyring_store()
                configure_central(
                    ctx,
                    creds.url,
                    creds.password,
                    keyring_store=keyring,
                    allow_plaintext=True,
                    allow_insecure_keyring=True,
                    by="admin",
                )
                started = time.perf_counter()
                summary = SyncEngine(ctx, SyncOptions(), keyring_store=keyring).run()
                wall = time.perf_counter() - started
            finally:
                ctx.close()
        assert summary.ok, summary
        time.sleep(0.7)  # the statistics collector reports after the session ends
        print(f"sync of 30 days{' (queue unlogged)' if unlogged else ''}: {wall:.2f} s")
        with psycopg.connect(url, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT funcname, calls, total_time, self_time FROM pg_stat_user_functions "
                "WHERE schemaname = 'counter' ORDER BY total_time DESC LIMIT 12"
            ).fetchall()
        for name, calls, total, self_ms in rows:
            print(f"  counter.{name}: {calls} calls, {total:.0f} ms ({self_ms:.0f} ms its own)")
    finally:
        with psycopg.connect(pg, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{run}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--windows", type=int, default=200)
    ap.add_argument("--per-window", type=int, default=25_000)
    ap.add_argument("--unlogged", action="store_true")
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "counter-bench"))
    ap.add_argument(
        "--pg",
        default=os.environ.get("COUNTER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    args = ap.parse_args()
    for _ in range(args.runs):
        one_run(args.pg, Path(args.cache), args.windows, args.per_window, args.unlogged)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
