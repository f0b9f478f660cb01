"""Power cuts at random moments while a window takes intakes and syncs, and what must survive.

The window's data directory (store, WAL, kept slips under cases/) lives on dropfs. Each round
starts a worker process (``worker.py``) on it, cuts the power at a random moment (the
filesystem process dies with every write not made durable, the worker is killed), mounts the
durable state again and checks:

- every intake the worker acknowledged (its call returned with the slip written) is in the
  store, and its slip file is there with the bytes the worker read back;
- the hash chain is intact (``record_log.verify_chain``, what `counter log verify` checks);
- the outbox holds every record the central has not acknowledged: a record without an outbox
  entry is central;
- a sync then delivers everything: every local record is central exactly once with the same
  content, no conflict, nothing quarantined, no (device, epoch, sequence) held by two records,
  no case number held twice.

``run`` returns the figures; ``lost`` and ``duplicated`` must be 0.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg.conninfo import make_conninfo

from app.bootstrap import open_context
from app.paths import Home
from app.services import record_log
from app.services.settings import Settings
from app.sync import central_schema
from app.sync.engine import SyncEngine, SyncOptions
from app.sync.setup import configure_central

from .mount import ROOT, DropMount

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres"
PASSWORD_ENV = "COUNTER_CENTRAL_PASSWORD"


@dataclass
class Figures:
    cuts: int = 0
    acknowledged: int = 0
    lost: int = 0
    duplicated: int = 0
    records: int = 0
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"cuts: {self.cuts}",
            f"acknowledged: {self.acknowledged}",
            f"lost: {self.lost}",
            f"duplicated: {self.duplicated}",
        ]


@dataclass(frozen=True)
class Ack:
    case_no: str
    slip: str
    sha256: str


@contextlib.contextmanager
def central_db(admin: str) -> Iterator[str]:
    tag = secrets.token_hex(4)
    name, prefix = f"counter_powerloss_{tag}", f"cp{tag}_"
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_conninfo(admin, dbname=name)
    try:
        central_schema.init_central(url, prefix)
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            central_schema.drop_window_roles(conn, prefix)


def central_rows(url: str, query: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(query).fetchall()


def set_up_window(home: Home, central_url: str) -> str:
    """A window ready to accept (demo catalog, a clerk, the county's holidays), registered
    with the central; returns its central password."""
    from tests.sync.conftest import memory_keyring_store
    from tests.sync.intakes import ready

    creds = central_schema.add_window(central_url, "C01", "W01")
    ctx = open_context(home, load_demo=False)
    try:
        with ctx.store.write() as s:
            Settings.centre_code.set(s, "C01")
            Settings.window_code.set(s, "W01")

        class _W:  # what ``ready`` needs of a test window
            pass

        w = _W()
        w.ctx = ctx  # type: ignore[attr-defined]
        ready(w)
        configure_central(ctx, creds.url, creds.password, keyring_store=memory_keyring_store())
    finally:
        ctx.close()
    return creds.password


class Round:
    """One worker between two power cuts."""

    def __init__(self, home: Path, seed: int, password: str) -> None:
        env = {**os.environ, PASSWORD_ENV: password, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.powerloss.worker", str(home), str(seed)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.acks: list[Ack] = []
        self.ready = threading.Event()
        self.syncs = 0
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.errors: list[str] = []
        self.err_reader = threading.Thread(target=self._read_err, daemon=True)
        self.err_reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            parts = line.split()
            if parts == ["ready"]:
                self.ready.set()
            elif parts == ["synced"]:
                self.syncs += 1
            elif len(parts) == 4 and parts[0] == "ack":
                self.acks.append(Ack(parts[1], parts[2], parts[3]))
        self.ready.set()

    def _read_err(self) -> None:
        assert self.proc.stderr is not None
        self.errors = self.proc.stderr.read().splitlines()

    def kill(self) -> int:
        with contextlib.suppress(ProcessLookupError):
            self.proc.send_signal(signal.SIGKILL)
        code = self.proc.wait()
        self.reader.join()
        self.err_reader.join()
        return code


def run(
    cuts: int = 200,
    *,
    workdir: Path,
    admin: str = DEFAULT_PG,
    seed: int | None = None,
    max_delay: float = 1.5,
    progress: Callable[[str], None] | None = None,
) -> Figures:
    """``cuts`` power cuts, each at a random moment of one worker's run; the figures."""
    rnd = random.Random(seed)
    say = progress or (lambda _m: None)
    figures = Figures()
    mount = DropMount(workdir / "backing", workdir / "mnt")
    with central_db(admin) as url:
        mount.mount()
        home = Home(mount.mountpoint / "window")
        password = set_up_window(home, url)
        mount.sync_all()  # set up long ago: the system flushed it since
        os.environ[PASSWORD_ENV] = password
        acked: list[Ack] = []
        try:
            for i in range(cuts):
                r = Round(home.root, rnd.randrange(1 << 30), password)
                if rnd.random() < 0.1:  # now and then while the store opens (WAL recovery)
                    time.sleep(rnd.uniform(0, 0.8))
                else:
                    r.ready.wait(60)
                    time.sleep(rnd.uniform(0, max_delay))
                mount.cut()
                code = r.kill()
                if code != -signal.SIGKILL and r.errors:
                    figures.problems.append(
                        f"cut {i + 1}: the worker ended by itself: " + " | ".join(r.errors[-12:])
                    )
                mount.mount()
                figures.cuts += 1
                figures.acknowledged += len(r.acks)
                acked.extend(r.acks)
                check(home, url, r.acks, figures, f"cut {i + 1}")
                say(
                    f"cut {i + 1}/{cuts}: {len(r.acks)} acknowledged, {r.syncs} syncs, "
                    f"lost {figures.lost}, duplicated {figures.duplicated}"
                )
            # At the end every slip ever acknowledged is still there.
            check(home, url, acked, figures, "at the end", count=False)
        finally:
            mount.unmount()
            os.environ.pop(PASSWORD_ENV, None)
    return figures


def check(
    home: Home, url: str, acks: list[Ack], figures: Figures, when: str, *, count: bool = True
) -> None:
    """After a cut (mounted again): the acknowledged intakes, the chain, the outbox; then a
    sync, and the delivery."""

    def problem(kind: str, text: str, n: int = 1) -> None:
        if count:
            setattr(figures, kind, getattr(figures, kind) + n)
        figures.problems.append(f"{when}: {text}")

    ctx = open_context(home, load_demo=False)
    try:
        with ctx.store.read() as s:
            conn = s.connection()
            cases = {r[0] for r in conn.exec_driver_sql("SELECT case_no FROM cases")}
            local = dict(conn.exec_driver_sql("SELECT id, content_hash FROM records").fetchall())
            outbox = dict(conn.exec_driver_sql("SELECT record_id, state FROM outbox").fetchall())
            brk = record_log.verify_chain(s)
        for a in acks:
            path = home.root / a.slip
            if a.case_no not in cases:
                problem("lost", f"acknowledged intake {a.case_no} is not in the store")
            elif not path.is_file():
                problem("lost", f"the slip of {a.case_no} is gone ({a.slip})")
            elif hashlib.sha256(path.read_bytes()).hexdigest() != a.sha256:
                problem("lost", f"the slip of {a.case_no} changed ({a.slip})")
        if brk is not None:
            problem("lost", f"hash chain broken at sequence {brk.seq} ({brk.reason})")
        central = {str(r[0]) for r in central_rows(url, "SELECT id::text FROM counter.records")}
        strays = [rid for rid in outbox if rid not in local]
        unsent = [rid for rid in local if rid not in outbox and rid not in central]
        if strays:
            problem("lost", f"{len(strays)} outbox entries without their record", len(strays))
        if unsent:
            problem("lost", f"{len(unsent)} records neither central nor in the outbox", len(unsent))
        if count:
            figures.records = len(local)

        summary = SyncEngine(ctx, SyncOptions(backoff=0.05, retries=3)).run()
        if not summary.ok:
            problem("lost", f"the sync after the cut failed: {summary.error}")
        delivery(ctx, url, problem)
    finally:
        ctx.close()


def delivery(ctx, url: str, problem: Callable[..., None]) -> None:  # type: ignore[no-untyped-def]
    """Everything local is central exactly once with the same content; nothing else is."""
    with ctx.store.read() as s:
        conn = s.connection()
        local = dict(conn.exec_driver_sql("SELECT id, content_hash FROM records").fetchall())
        left = conn.exec_driver_sql("SELECT count(*) FROM outbox").scalar()
    rows = central_rows(
        url, "SELECT id::text, content_hash, device_id::text, epoch, seq FROM counter.records"
    )
    seen = Counter(str(r[0]) for r in rows)
    content = {str(r[0]): r[1] for r in rows}
    missing = [rid for rid in local if seen[rid] == 0]
    if missing:
        problem("lost", f"{len(missing)} records never arrived centrally", len(missing))
    if left:
        problem("lost", f"{left} outbox entries left after the sync", left)
    doubled = sum(n - 1 for n in seen.values() if n > 1)
    if doubled:
        problem("duplicated", f"{doubled} records arrived twice", doubled)
    changed = [rid for rid, h in local.items() if rid in content and content[rid] != h]
    if changed:
        problem(
            "duplicated",
            f"{len(changed)} records differ centrally (a second version)",
            len(changed),
        )
    strangers = [rid for rid in seen if rid not in local]
    if strangers:
        problem(
            "duplicated",
            f"{len(strangers)} central records the window no longer has "
            "(pushed, then lost locally)",
            len(strangers),
        )
    slots = Counter((r[2], r[3], r[4]) for r in rows)
    reused = sum(n - 1 for n in slots.values() if n > 1)
    if reused:
        problem("duplicated", f"{reused} sequence numbers held by two records", reused)
    for table in ("conflicts", "quarantine"):
        n = central_rows(url, f"SELECT count(*) FROM counter.{table}")[0][0]
        if n:
            problem("duplicated", f"{n} rows in counter.{table}", int(n))  # type: ignore[call-overload]
    taken = central_rows(
        url,
        "SELECT case_no, count(*) FROM counter.records r, "
        "LATERAL (SELECT r.payload::jsonb ->> 'case_no' AS case_no) c "
        "WHERE r.kind = 'intake' GROUP BY case_no HAVING count(*) > 1",
    )
    if taken:
        problem("duplicated", f"{len(taken)} case numbers held by two intakes", len(taken))
