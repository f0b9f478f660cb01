"""Day 1,000 against day one: a window's costs by the size of its history, and a busy central.

    .venv/bin/python bench/scale.py [--quick] [--sizes 10000,100000,500000]
                                    [--windows 200] [--per-window 25000]
                                    [--cache DIR] [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Stores of 10k, 100k and 500k cases (200 a working day, about 3.8 records a case) are built
once by bench/scale_store.py from records the real services wrote, and kept in the cache
folder (default ``~/.cache/counter-bench``) under a key of their size and shape; a central of
``--windows`` x ``--per-window`` records is built once as a PostgreSQL database
``counter_scale_<key>`` and copied (``CREATE DATABASE ... TEMPLATE``) for each run, then
upgraded with ``central init`` as a county would. Each run works on copies.

Per store, on the last working day of its history: home load (load_home, median of 3), case
show (median of 5), ``counter report`` (whole command: wall time and peak memory), 200 real
durable intakes the next day (their p50), then ``counter log verify`` of the store with that
day added, and the GUI (logged in, home and item search loaded: peak memory). The intake
target compares the smallest and the largest store in rounds of 200 more intakes taken in
turn (``intake_rounds``), so that the machine's drift between sizes counts on both; "no worse"
allows the spread of one store's rounds, measured in the same run. Against the
central: a window's first sync of 30 days of records, its day close, an idle day close,
``counter central report`` and a case looked up by id.

One line per figure, ``NAME at SIZE: VALUE UNIT (target T)``; targets apply at the largest
size of the run; the last line is ``targets met: X of Y``. ``--quick``: stores of 10k and 100k
cases and a 200 x 5,000-record (1M-row) central.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

# The stores are encrypted at rest; a bench has no desktop keyring: the key of automation rigs.
os.environ.setdefault("COUNTER_STORE_KEY", "5e" * 32)
END = date(2026, 6, 30)  # the last working day of every generated history (a Tuesday)
NEXT = date(2026, 7, 1)  # the day added before log verify
SHAPE = "v1"  # bump when scale_store.py changes what it writes
COUNTER = [sys.executable, "-c", "import sys; from app.cli.main import main; sys.exit(main())"]


class Figures:
    def __init__(self) -> None:
        self.met = self.total = 0

    def line(
        self, name: str, size: str, value: float, unit: str, target: float | None, fmt: str = ".0f"
    ) -> None:
        shown = "none" if target is None else f"<= {target:{fmt}} {unit}"
        print(f"{name} at {size}: {value:{fmt}} {unit} (target {shown})", flush=True)
        if target is not None:
            self.total += 1
            self.met += value <= target


def label(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n // 1000}k"


# ---- stores ------------------------------------------------------------------------------------


def cached_store(cache: Path, cases: int) -> tuple[Path, dict[str, Any]]:
    from bench.scale_store import build_store

    folder = cache / f"store-{SHAPE}-{cases}-{END:%Y%m%d}"
    info_file = folder / "info.json"
    if info_file.exists():
        return folder / "home", json.loads(info_file.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    info = build_store(folder / "home", cases, END)
    info["built_s"] = round(time.perf_counter() - started, 1)
    info_file.write_text(json.dumps(info))
    print(f"# built a store of {cases} cases ({info['records']} records) in {info['built_s']} s")
    return folder / "home", info


def run_child(args: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    """Wall seconds and stdout of one process, which must succeed."""
    started = time.perf_counter()
    proc = subprocess.run(
        args, cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True
    )
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{args[-3:]} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return wall, proc.stdout


def peak_of(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak memory (MB) and CPU seconds (user + system) of one process: measured
    by a process of its own that runs only it (RUSAGE_CHILDREN keeps the largest child seen).
    The CPU time is what a shared machine's load does not inflate. The wall time is taken by
    that process around its child: the wrapper's own start is not counted."""
    _, out = run_child([sys.executable, __file__, "--peak", "--", *args], env)
    data = json.loads(out.strip().splitlines()[-1])
    return data["wall_s"], data["peak_mb"], data["cpu_s"]


def peak_main(argv: list[str]) -> None:
    started = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(proc.stderr[-2000:])
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = usage.ru_maxrss / 1024
    print(json.dumps({"wall_s": wall, "peak_mb": peak, "cpu_s": usage.ru_utime + usage.ru_stime}))


def own_peak_mb() -> float:
    """This process's own peak resident memory. Not ru_maxrss: Linux carries the parent's
    resident size at fork over the exec into the child's ru_maxrss, so a GUI started by this
    bench after it built a 500k store reported the bench's 4 GB as its own. VmHWM belongs to
    the program's own address space."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def gui_child(home: str) -> None:
    """The real main window, logged in, home numbers and item search loaded: its peak memory."""
    from PySide6.QtCore import QTimer

    from app.paths import Home
    from app.ui import main as ui_main

    started = time.perf_counter()
    window = ui_main.run(Home(Path(home)), "zh_CN", credentials=("clerk1", "counter2026"))
    assert window is not None
    app = ui_main.application()
    out: dict[str, float] = {}

    def ready() -> None:
        window.session.db.drain()
        out["ready_s"] = time.perf_counter() - started
        app.quit()

    QTimer.singleShot(0, ready)
    app.exec()
    out["peak_mb"] = own_peak_mb()
    window.close()
    window.session.close()
    print(json.dumps(out))


def intakes_child(home: str, cases: int, round_no: int = 0) -> None:
    """200 real intakes through the service on the day after the history, or ``round_no``
    days after it (durable, no slips): the wall and CPU milliseconds of each, as
    bench/intake.py measures one."""
    import random

    from app.bootstrap import open_context
    from app.core.cases import IntakeRequest
    from app.core.catalog import applicable_materials
    from app.core.checklist import Verdict
    from app.core.parties import Party
    from app.paths import Home
    from app.services import visit_share
    from bench.scale_store import CLERK, person

    rng = random.Random(cases * 100 + round_no)
    ctx = open_context(Home(Path(home)))
    try:
        plans = []
        for summary in ctx.catalog.items():
            item = ctx.catalog.item(summary.code)
            answers = {q.id: [rng.choice(q.options).id] for q in item.questions}
            plans.append((item, answers, applicable_materials(item, answers)))
        times, cpus = [], []
        day = NEXT + timedelta(days=round_no)
        at = datetime.combine(day, datetime.min.time()).replace(hour=8, minute=30)
        for _ in range(200):
            item, answers, mats = rng.choice(plans)
            verdicts = {m.id: Verdict("ok") for m in mats}
            if rng.random() < 0.3 and mats:
                verdicts[rng.choice(mats).id] = Verdict("missing")
            at += timedelta(seconds=130)
            applicant = Party(**person(rng))
            req = IntakeRequest(CLERK, item.code, applicant, answers, verdicts)
            # The applicant's ID check value (scrypt, about 18 ms) is made while the clerk is
            # still at work on the visit, as the wizard does: the figure is the durable intake.
            visit_share.prepare(ctx.store, applicant)
            t, c = time.perf_counter(), time.process_time()
            ctx.visits.submit(req, now=at, slips=False)
            times.append((time.perf_counter() - t) * 1000)
            cpus.append((time.process_time() - c) * 1000)
    finally:
        ctx.close()
    print(json.dumps({"wall_ms": times, "cpu_ms": cpus}))


def store_figures(
    figs: Figures, cache: Path, work: Path, cases: int, largest: bool, keep: bool
) -> Path | None:
    """Every window figure at one size; with ``keep``, the store is kept (and returned) for
    the intakes compared across sizes (``intake_rounds``)."""
    from app.bootstrap import open_context
    from app.paths import Home
    from app.ui.home import load_home

    size = label(cases)
    src, info = cached_store(cache, cases)
    home = work / f"home-{cases}"
    shutil.copytree(src, home)
    started = time.perf_counter()
    ctx = open_context(Home(home))  # migrates a store made by an older schema, once
    figs.line(
        "store open (upgrade included)", size, (time.perf_counter() - started) * 1000, "ms", None
    )
    try:
        times, cpus = [], []
        for _ in range(3):
            t, c = time.perf_counter(), time.process_time()
            data = load_home(ctx, END, 2)
            times.append((time.perf_counter() - t) * 1000)
            cpus.append((time.process_time() - c) * 1000)
        figs.line("home load", size, statistics.median(times), "ms", 100 if largest else None)
        figs.line("home load CPU", size, statistics.median(cpus), "ms", None)
        print(f"# home rows: today {len(data.today)}, pickup {len(data.pickup)}")
        times = []
        for _ in range(5):
            t = time.perf_counter()
            ctx.cases.case(info["case_no"])
            times.append((time.perf_counter() - t) * 1000)
        figs.line("case show", size, statistics.median(times), "ms", None, ".1f")
    finally:
        ctx.close()

    # The report reads and writes nothing: the median of three runs (one run of a 0.6 s command
    # varied by a third from run to run here).
    runs = [
        peak_of([*COUNTER, "--home", str(home), "report", "--day", END.isoformat()])
        for _ in range(3)
    ]
    wall, cpu = (statistics.median(r[i] for r in runs) for i in (0, 2))
    figs.line("report (whole command)", size, wall * 1000, "ms", 500 if largest else None)
    figs.line("report CPU", size, cpu * 1000, "ms", None)
    figs.line("report peak memory", size, max(r[1] for r in runs), "MB", 200 if largest else None)

    # The verification an auditor runs (every record and case); clean, it leaves the checkpoint
    # a window's daily verification starts from.
    wall, _, cpu = peak_of([*COUNTER, "--home", str(home), "log", "verify", "--full"])
    figs.line("log verify --full", size, wall * 1000, "ms", None)
    figs.line("log verify --full CPU", size, cpu * 1000, "ms", None)

    # The next working day: 200 real intakes through the service (durable, no slips), in a
    # process of their own: in this one, what the sizes before left behind (memory, garbage)
    # would be counted against the larger store.
    _, out = run_child([sys.executable, __file__, "--intakes", str(home), str(cases)])
    intakes = json.loads(out.strip().splitlines()[-1])
    figs.line("intake p50, day one", size, statistics.median(intakes["wall_ms"]), "ms", None, ".2f")
    figs.line("intake CPU p50", size, statistics.median(intakes["cpu_ms"]), "ms", None, ".2f")

    wall, _, cpu = peak_of([*COUNTER, "--home", str(home), "log", "verify"])
    figs.line("log verify after one more day", size, wall * 1000, "ms", 1000 if largest else None)
    figs.line("log verify CPU", size, cpu * 1000, "ms", None)

    wall, out = run_child(
        [sys.executable, __file__, "--gui", str(home)], {"QT_QPA_PLATFORM": "offscreen"}
    )
    gui = json.loads(out.strip().splitlines()[-1])
    figs.line("GUI home + search ready", size, gui["ready_s"] * 1000, "ms", None)
    figs.line("GUI memory", size, gui["peak_mb"], "MB", None)
    db = home / "counter.sqlite3"
    figs.line("store size", size, db.stat().st_size / 2**20, "MB", None)
    if keep:
        return home
    shutil.rmtree(home, ignore_errors=True)
    return None


# Intake rounds a size takes in the comparison: four of 200 each, the sizes' rounds alternated
# (smallest, largest, largest, smallest, ...), so that a drift of the machine's speed over the
# minutes of the rounds (this shared machine's varied by up to 1.8x from run to run) falls on
# both. The same store's rounds differ too (p50s 3.7-4.3 ms in one quarter of an hour here):
# the largest store is "no worse" when its p50 is within that spread of the smallest's.
INTAKE_ROUNDS = 4


@dataclass
class IntakeRounds:
    times: dict[int, list[float]]  # every intake's wall ms, by store size
    p50s: dict[int, list[float]]  # each round's p50, by store size

    def p50(self, n: int) -> float:
        return statistics.median(self.times[n])

    def spread(self) -> float:
        """How much the p50 of one store's rounds differed at most (0.08: by 8%)."""
        return max(max(r) / min(r) - 1 for r in self.p50s.values())


def intake_rounds(homes: dict[int, Path]) -> IntakeRounds:
    """The durable intakes' wall times of each kept store, measured in alternated rounds."""
    small, large = min(homes), max(homes)
    order = [small, large, large, small] * (INTAKE_ROUNDS // 2)
    done = dict.fromkeys(homes, 0)
    rounds = IntakeRounds({n: [] for n in homes}, {n: [] for n in homes})
    for n in order:
        done[n] += 1
        _, out = run_child(
            [sys.executable, __file__, "--intakes", str(homes[n]), str(n), str(done[n])]
        )
        wall = json.loads(out.strip().splitlines()[-1])["wall_ms"]
        rounds.times[n] += wall
        rounds.p50s[n].append(statistics.median(wall))
    return rounds


# ---- the central -------------------------------------------------------------------------------


def admin_url(pg: str, dbname: str) -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo(pg, dbname=dbname)


def cached_central(pg: str, cache: Path, windows: int, per_window: int) -> tuple[str, str]:
    """The cached central database's name and role prefix (built when missing)."""
    import psycopg

    from app.sync import central_schema
    from bench.scale_store import central_rows, make_template

    key = f"{SHAPE}_{windows}x{per_window}_{END:%Y%m%d}"
    name = f"counter_scale_{key}"
    marker = cache / f"central-{key}.json"
    with psycopg.connect(pg, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and marker.exists():
            return name, json.loads(marker.read_text())["prefix"]
        if exists:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin_url(pg, name)
    prefix = f"cs{secrets.token_hex(3)}_"
    started = time.perf_counter()
    central_schema.init_central(url, prefix)
    with tempfile.TemporaryDirectory() as tmp:
        flows = make_template(Path(tmp) / "t", END)
    import uuid

    with psycopg.connect(url) as conn:
        for w in range(windows):
            centre, window = f"C{3301 + w // 4}", f"W{w % 4 + 1:02d}"
            conn.execute(
                "INSERT INTO counter.centres (code) VALUES (%s) ON CONFLICT DO NOTHING", (centre,)
            )
            role = f"{prefix}{centre.lower()}_{window.lower()}"
            conn.execute(
                "INSERT INTO counter.windows (centre_code, window_code, role_name) "
                "VALUES (%s, %s, %s)",
                (centre, window, role),
            )
            device = str(uuid.UUID(int=uuid.uuid4().int))
            conn.execute(
                "INSERT INTO counter.devices (device_id, role_name, centre_code, window_code, "
                "last_sync_at) VALUES (%s, %s, %s, %s, now())",
                (device, role, centre, window),
            )
            cols = (
                "id, device_id, epoch, seq, kind, created_at, created_ts, day, "
                "payload_version, payload, content_hash, prev_hash, chain_hash, case_id"
            )
            with conn.cursor().copy(f"COPY counter.records ({cols}) FROM STDIN") as copy:
                for row in central_rows(flows, device, centre, window, per_window, END, w, 30):
                    copy.write_row(row)
            conn.commit()
            if w % 20 == 19:
                print(f"# central: {w + 1} windows loaded", flush=True)
        conn.execute("""
            INSERT INTO counter.manifests (device_id, day, epoch, record_count, first_seq,
                                           last_seq, digest, status, server_count)
            SELECT device_id, day, epoch, count(*), min(seq), max(seq), 'x', 'verified', count(*)
              FROM counter.records GROUP BY device_id, day, epoch""")
        # The back office's decisions: one for every fifth case, addressed to its window.
        conn.execute("""
            INSERT INTO counter.publications (dataset, centre_code, window_code, body, body_hash)
            SELECT 'case_status', d.centre_code, d.window_code,
                   json_build_object('case_id', r.case_id, 'state', 'result_ready')::text, 'x'
              FROM counter.records r JOIN counter.devices d USING (device_id)
             WHERE r.kind = 'intake' AND r.seq % 5 = 0""")
        conn.commit()
    # The history's earlier years into partitions of their own, as `central init` makes them
    # for a county's central (else every run's upgrade of its copy moved them again: ~60 s).
    from app.sync.central_partitions import ensure_until

    ensure_until(url, END.year + 1, END)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    marker.write_text(json.dumps({"prefix": prefix, "built_s": time.perf_counter() - started}))
    print(f"# built the central {name} in {time.perf_counter() - started:.0f} s", flush=True)
    return name, prefix


def cached_window30(cache: Path) -> Path:
    """The syncing window's data directory: 30 working days of a busy window (200 cases a
    day) at centre C3300, window WB, never synced (built when missing)."""
    from bench.scale_store import build_store

    folder = cache / f"window30-{SHAPE}-{END:%Y%m%d}"
    if not (folder / "info.json").exists():
        shutil.rmtree(folder, ignore_errors=True)
        info = build_store(
            folder / "home", 30 * 200, END, centre="C3300", window="WB", synced=False
        )
        (folder / "info.json").write_text(json.dumps(info))
    return folder / "home"


def central_figures(
    figs: Figures, pg: str, cache: Path, work: Path, windows: int, per: int
) -> None:
    import psycopg
    from sync.conftest import memory_keyring_store

    from app.bootstrap import open_context
    from app.paths import Home
    from app.sync import central_admin, central_schema
    from app.sync.engine import SyncEngine, SyncOptions
    from app.sync.setup import configure_central

    size = label(windows * per)
    template, prefix = cached_central(pg, cache, windows, per)
    run = f"counter_scale_run_{secrets.token_hex(3)}"
    centre, window = "C3300", "WB"
    role = f"{prefix}{centre.lower()}_{window.lower()}"
    with psycopg.connect(pg, autocommit=True) as conn:
        started = time.perf_counter()
        conn.execute(f'CREATE DATABASE "{run}" TEMPLATE "{template}"')
        print(f"# copied the central in {time.perf_counter() - started:.0f} s", flush=True)
    url = admin_url(pg, run)
    try:
        started = time.perf_counter()
        central_schema.init_central(url)
        figs.line("central upgrade", size, time.perf_counter() - started, "s", None, ".1f")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("ANALYZE")
            rows = conn.execute("SELECT count(*) FROM counter.records").fetchone()[0]
        print(f"# central records: {rows}")
        home = work / "window30"
        shutil.copytree(cached_window30(cache), home)
        creds = central_schema.add_window(url, centre, window, sslmode=None)
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
            figs.line("window sync of 30 days", size, time.perf_counter() - started, "s", 3, ".2f")
            assert summary.ok, summary
            print(f"# pushed {summary.pushed}")
            started = time.perf_counter()
            summary = SyncEngine(ctx, SyncOptions(day_close=True), keyring_store=keyring).run()
            figs.line(
                "first day close of 30 days", size, time.perf_counter() - started, "s", None, ".2f"
            )
            assert summary.ok, summary
            started = time.perf_counter()
            summary = SyncEngine(ctx, SyncOptions(day_close=True), keyring_store=keyring).run()
            figs.line("idle day close", size, time.perf_counter() - started, "s", 0.5, ".2f")
            assert summary.ok, summary
        finally:
            ctx.close()
        started = time.perf_counter()
        central_admin.report(url)
        figs.line("central report", size, time.perf_counter() - started, "s", None, ".2f")
        with psycopg.connect(url) as conn:
            case_id = conn.execute(
                "SELECT case_id FROM counter.records WHERE kind = 'intake' "
                "ORDER BY device_id, seq OFFSET 1000 LIMIT 1"
            ).fetchone()[0]
            started = time.perf_counter()
            conn.execute(
                "SELECT kind, created_at FROM counter.records WHERE case_id = %s", (case_id,)
            ).fetchall()
            figs.line(
                "central case look-up",
                size,
                (time.perf_counter() - started) * 1000,
                "ms",
                None,
                ".1f",
            )
    finally:
        with psycopg.connect(pg, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{run}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--peak":
        peak_main(sys.argv[3:])
        return 0
    if len(sys.argv) > 3 and sys.argv[1] == "--intakes":
        intakes_child(sys.argv[2], int(sys.argv[3]), int((sys.argv[4:] or ["0"])[0]))
        return 0
    if len(sys.argv) > 2 and sys.argv[1] == "--gui":
        gui_child(sys.argv[2])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="10k and 100k cases, a 1M-row central")
    ap.add_argument("--sizes", help="case counts, comma-separated (default 10000,100000,500000)")
    ap.add_argument("--windows", type=int, default=200)
    ap.add_argument("--per-window", type=int, help="records a window (default 25000; quick 5000)")
    ap.add_argument("--no-central", action="store_true")
    ap.add_argument("--no-stores", action="store_true")
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "counter-bench"))
    ap.add_argument(
        "--pg",
        default=os.environ.get("COUNTER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    args = ap.parse_args()
    sizes = (
        [int(x) for x in args.sizes.split(",")]
        if args.sizes
        else ([10_000, 100_000] if args.quick else [10_000, 100_000, 500_000])
    )
    per = args.per_window or (5_000 if args.quick else 25_000)
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    figs = Figures()
    started = time.perf_counter()
    # Byte-code as an installed build has it (the package compiles it at install): where
    # PYTHONDONTWRITEBYTECODE is set, every `counter` started here would otherwise compile the
    # application's modules again (about 0.2 s of each command's figure on this machine).
    compileall.compile_dir(ROOT / "app", quiet=1)
    print(f"# load average at the start {os.getloadavg()} on {os.cpu_count()} CPUs", flush=True)
    with tempfile.TemporaryDirectory(prefix="counter-scale-") as tmp:
        work = Path(tmp)
        if not args.no_stores:
            compared = {min(sizes), max(sizes)}
            kept = {
                n: store_figures(figs, cache, work, n, n == max(sizes), n in compared)
                for n in sizes
            }
            homes = {n: home for n, home in kept.items() if home is not None}
            rounds = intake_rounds(homes)
            spread = rounds.spread()
            print(
                "# intake rounds' p50s: "
                + "; ".join(
                    f"{label(n)} " + ", ".join(f"{x:.2f}" for x in r)
                    for n, r in sorted(rounds.p50s.items())
                )
                + f" ms (a store's rounds differ by up to {spread:.0%})"
            )
            base = rounds.p50(min(sizes))
            for n in sorted(rounds.times):
                target = base * (1 + spread) if n == max(sizes) and n != min(sizes) else None
                figs.line("intake p50", label(n), rounds.p50(n), "ms", target, ".2f")
        if not args.no_central:
            central_figures(figs, args.pg, cache, work, args.windows, per)
    print(f"# whole run {time.perf_counter() - started:.0f} s, load average {os.getloadavg()}")
    print(f"targets met: {figs.met} of {figs.total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
