"""The sync engine: push, then pull, then (on day close) the manifests. Qt-free.

The GUI runs ``SyncEngine(ctx).run(progress, cancel)`` on a worker thread and shows
``status(ctx)`` in its indicator; ``counter sync`` does the same from the command line. ``run``
never raises for a failure a person can act on: the summary carries the error code and message.

Delivery rule: an outbox entry is cleared only on the server's per-record answer, read inside
the batch transaction and acted on after COMMIT returned. Every failure in between (dropped
connection, timeout, kill -9, a captive portal's HTML) leaves the entry pending, and the next
attempt gets ``duplicate`` for whatever had in fact arrived.

While the server works on batch k, a single local worker thread reads batch k+1 and clears the
outbox for batch k-1, so the window's own disk and the network overlap.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, TypeVar, cast

import psycopg
import sqlalchemy.exc
from sqlalchemy import select

from app.core.errors import CounterError
from app.models import opener
from app.models.db import Store
from app.models.schema import DayClose
from app.services import case_issuer
from app.services.settings import Settings
from app.services.sync_state import PENDING, SyncState, outbox_counts
from app.sync import anchor, archive_handover, issuers, manifest, outbox, pull, window_key_publish
from app.sync.archive_handover import Handover
from app.sync.connection import (
    CentralConnection,
    SyncFailure,
    Timeouts,
    build_conninfo,
    central_too_old,
    connect,
    describe,
)
from app.sync.crashpoints import crashpoint
from app.sync.keyring_store import KeyringStore
from app.sync.manifest import ManifestResult
from app.sync.pull import PulledDataset
from app.sync.push import EPOCH, ID, SEQ, Answer, Unsendable, push_batch
from app.sync.session import Introduction, Session, introduce, note_sync, open_session
from app.sync.setup import Credentials, central_credentials

if TYPE_CHECKING:
    from app.sync.context import SyncContext

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_RESTAMPS = 3


@dataclass(frozen=True)
class SyncProgress:
    phase: str  # connect | push | pull | day_close | handover | retry
    done: int
    total: int
    message: str


@dataclass(frozen=True)
class SyncOptions:
    day_close: bool = False
    pull: bool = True
    batch_size: int | None = None  # default: setting sync.batch_size (5,000)
    timeouts: Timeouts | None = None  # default: statement limit from setting sync.timeout_seconds
    retries: int = 4  # per step, after the first attempt
    backoff: float = 1.0  # seconds, doubled each retry
    # Hand filed archive volumes over to the central (档案移交): those named, or every one not
    # handed over yet when none is named. The day close does it too (unless handover=False).
    handover: bool | None = None
    volumes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SyncSummary:
    started_at: datetime
    finished_at: datetime
    pushed: int  # accepted: new rows centrally
    duplicates: int
    conflicts: int
    rejected: int  # quarantined centrally
    kept: int  # answered but kept at the window (unsupported version, retry later)
    unsupported: int
    waiting: int  # entries pending at the start that are still pending
    pulled: tuple[PulledDataset, ...]
    manifests: tuple[ManifestResult, ...]
    clock_skew_seconds: float | None
    skew_flagged: bool
    new_epoch: int | None  # set when a restored backup was detected and handled
    error_code: str | None
    error: str | None
    cancelled: bool
    handovers: tuple[Handover, ...] = ()  # archive volumes sent to the central, each answered

    @property
    def acknowledged(self) -> int:
        return self.pushed + self.duplicates + self.conflicts + self.rejected

    @property
    def ok(self) -> bool:
        """Everything that was waiting got an answer, and every manifest sent verified."""
        return (
            self.error is None
            and not self.cancelled
            and self.waiting == 0
            and all(m.verified for m in self.manifests)
        )


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SyncEngine:
    def __init__(
        self,
        ctx: SyncContext,
        options: SyncOptions | None = None,
        *,
        clock: Callable[[], datetime] = _utc_now,
        keyring_store: KeyringStore | None = None,
    ) -> None:
        self.ctx = ctx
        self.options = options or SyncOptions()
        self.clock = clock
        self.keyring_store = keyring_store

    def run(
        self,
        progress: Callable[[SyncProgress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> SyncSummary:
        return _Run(self, progress or (lambda _p: None), cancel or threading.Event()).execute()


class _Cancelled(Exception):
    pass


class _BatchContent(Exception):
    """The server refused the batch's content as a whole (a value validation did not catch)."""

    def __init__(self, cause: psycopg.Error) -> None:
        super().__init__(str(cause))
        self.cause = cause


class _LocalWork:
    """The window's own disk work of a push, done while the server works on a batch: read the
    next batch, clear the outbox for the one before. It starts when the INSERT is sent (the
    client is idle until the answer), so on a two-core machine it does not compete for the CPU
    with building the COPY stream. One worker thread: local writes stay in order."""

    def __init__(
        self,
        pool: ThreadPoolExecutor,
        store: Store,
        size: int,
        acknowledge: Callable[[list[Answer]], None],
    ) -> None:
        self.pool, self.store, self.size, self.acknowledge = pool, store, size, acknowledge
        self.after = 0
        self.reading: Future[outbox.Batch] | None = None
        self.acking: Future[None] | None = None
        self.unacked: list[Answer] | None = None

    def start(self) -> None:
        if self.reading is None:
            self.reading = self.pool.submit(outbox.read_batch, self.store, self.after, self.size)
        if self.unacked is not None and self.acking is None:
            self.acking = self.pool.submit(self.acknowledge, self.unacked)
            self.unacked = None

    def committed(self, answers: list[Answer]) -> None:
        """The server committed a batch: its answers are cleared locally during the next one."""
        self.start()
        if self.acking is not None:
            self.acking.result()
            self.acking = None
        self.unacked = answers

    def next_batch(self) -> outbox.Batch:
        self.start()
        assert self.reading is not None
        batch = self.reading.result()
        self.reading = None
        return batch

    def drain(self) -> None:
        """Finish local work now (the run ends, or a restore must see a settled outbox)."""
        if self.acking is not None:
            self.acking.result()
            self.acking = None
        if self.unacked is not None:
            answers, self.unacked = self.unacked, None
            self.acknowledge(answers)
        if self.reading is not None:
            if not self.reading.cancel():
                self.reading.exception()  # let it finish; a read-ahead nobody needs may fail
            self.reading = None


@dataclass
class _Tally:
    accepted: int = 0
    duplicate: int = 0
    conflict: int = 0
    rejected: int = 0
    kept: int = 0
    unsupported: int = 0
    retry: int = 0

    def add(self, answers: list[Answer]) -> None:
        for a in answers:
            if a.answer == "accepted":
                self.accepted += 1
            elif a.answer == "duplicate":
                self.duplicate += 1
            elif a.answer == "conflict":
                self.conflict += 1
            elif a.answer == "rejected":
                self.rejected += 1
            elif a.answer == "unsupported_version":
                self.unsupported += 1
                self.kept += 1
            elif a.answer == "retry":
                self.retry += 1
                self.kept += 1


@dataclass
class _Run:
    engine: SyncEngine
    progress: Callable[[SyncProgress], None]
    cancel: threading.Event
    tally: _Tally = field(default_factory=_Tally)
    cc: CentralConnection | None = None
    session: Session | None = None
    credentials: Credentials | None = None
    pulled: list[PulledDataset] = field(default_factory=list)
    manifests: list[ManifestResult] = field(default_factory=list)
    new_epoch: int | None = None
    restamps: int = 0
    handovers: list[Handover] = field(default_factory=list)
    batch_size: int = 5000
    timeouts: Timeouts = field(default_factory=Timeouts)

    @property
    def store(self) -> Store:
        return self.engine.ctx.store

    @property
    def options(self) -> SyncOptions:
        return self.engine.options

    # ---- the whole run -----------------------------------------------------------------------

    def execute(self) -> SyncSummary:
        started = datetime.now().astimezone()
        error: CounterError | None = None
        cancelled = False
        start_max = 0
        try:
            with self.store.write() as s:
                SyncState.last_attempt_at.set(s, started.isoformat())
                batch_size = self.options.batch_size or SyncState.batch_size.get(s)
                timeout = SyncState.timeout_seconds.get(s)
            self.batch_size = max(1, batch_size)
            self.timeouts = self.options.timeouts or Timeouts(statement=timeout)
            start_max = outbox.max_pending_seq(self.store)
            self.credentials = central_credentials(
                self.engine.ctx, keyring_store=self.engine.keyring_store
            )
            self._report("connect", 0, 1, f"连接 {self.credentials.address.display()}")
            self._with_retries(lambda: None, "连接")
            self._with_retries(self.check_chain, "核对记录链")
            self.push_all()
            if self.options.pull:
                before = outbox.max_pending_seq(self.store)
                self.pulled = self._with_retries(self.pull_all, "下载参考数据")
                if outbox.max_pending_seq(self.store) > before:
                    self.push_all()  # the case statuses just recorded
            if self.options.day_close:
                self.close_days()
            if self.options.handover or (self.options.day_close and self.options.handover is None):
                self.hand_over_archive(explicit=bool(self.options.handover))
        except _Cancelled:
            cancelled = True
            error = SyncFailure(
                "sync.cancelled", "同步已取消；未确认的记录会在下次同步时重新发送", False
            )
        except CounterError as exc:
            error = exc
        except (sqlite3.Error, opener.Error, sqlalchemy.exc.OperationalError) as exc:
            log.exception("local store failed during sync")
            error = SyncFailure(
                "local.store",
                f"本机数据库暂时无法读写（磁盘已满或被占用？）：{exc}。"
                "已传到中心的记录下次同步时会被确认为重复，不会重复入库",
                True,
            )
        except Exception as exc:  # a bug: the GUI's worker still gets a summary, the log the trace
            log.exception("sync failed unexpectedly")
            error = SyncFailure(
                "sync.internal", f"同步内部错误 {type(exc).__name__}: {exc}（详情见日志）", False
            )
        finally:
            waiting = self._safe(lambda: outbox.pending_up_to(self.store, start_max), start_max)
            self._finish_remote(waiting, error)
        summary = SyncSummary(
            started_at=started,
            finished_at=datetime.now().astimezone(),
            pushed=self.tally.accepted,
            duplicates=self.tally.duplicate,
            conflicts=self.tally.conflict,
            rejected=self.tally.rejected,
            kept=self.tally.kept,
            unsupported=self.tally.unsupported,
            waiting=waiting,
            pulled=tuple(self.pulled),
            manifests=tuple(self.manifests),
            clock_skew_seconds=self.session.clock_skew_seconds if self.session else None,
            skew_flagged=self.session.skew_flagged if self.session else False,
            new_epoch=self.new_epoch,
            error_code=error.code if error else None,
            error=error.message if error else None,
            cancelled=cancelled,
            handovers=tuple(self.handovers),
        )
        self._remember(summary)
        return summary

    def _safe(self, fn: Callable[[], T], default: T) -> T:
        try:
            return fn()
        except Exception:
            log.exception("sync bookkeeping failed")
            return default

    def _finish_remote(self, waiting: int, error: CounterError | None) -> None:
        if self.cc is not None and self.session is not None:
            try:
                note_sync(self.cc, self.session, waiting, error.code if error else None)
            except (psycopg.Error, OSError):
                log.info("could not report the sync's end to the centre", exc_info=True)
        self._drop_connection()

    def _remember(self, summary: SyncSummary) -> None:
        def write() -> None:
            with self.store.write() as s:
                if summary.ok:
                    SyncState.last_success_at.set(s, summary.finished_at.isoformat())
                SyncState.last_error.set(s, summary.error)
                SyncState.last_error_code.set(s, summary.error_code)
                if summary.clock_skew_seconds is not None:
                    SyncState.clock_skew_seconds.set(s, round(summary.clock_skew_seconds, 1))

        self._safe(write, None)

    def _report(self, phase: str, done: int, total: int, message: str) -> None:
        try:
            self.progress(SyncProgress(phase, done, total, message))
        except Exception:  # a broken progress display must not break the sync
            log.exception("progress callback failed")

    # ---- connection and retries --------------------------------------------------------------

    def _connect(self) -> None:
        assert self.credentials is not None
        conninfo = build_conninfo(
            self.credentials.address.url, self.credentials.password, self.timeouts
        )
        self.cc = connect(conninfo, self.timeouts, self.cancel)
        with self.store.read() as s:
            device = Settings.device_id.get(s)
        assert device is not None
        self._check_central(introduce(self.cc))  # before the device is registered there
        session = open_session(self.cc, device, self.engine.clock)
        self._pin(session)
        issuers.claim(self.cc, self.store, device)
        window_key_publish.publish(self.cc, self.store, device)
        self.session = session

    def _pin(self, session: Session) -> None:
        """At the first successful registration, remember which central database this is."""
        assert self.credentials is not None
        with self.store.write() as s:
            if SyncState.central_id.get(s) is None:
                SyncState.central_id.set(s, session.central_id)
                log.info(
                    "central database %s pinned as %s",
                    self.credentials.address.display(),
                    session.central_id,
                )

    def _check_central(self, session: Introduction) -> None:
        """Refuse a central database other than the one this window registered with (its
        identity pinned at the first successful registration), and a login role the central
        database files under another window. Nothing is pushed or pulled then; the session is
        not kept, so the end of the run reports nothing to that server either."""
        assert self.credentials is not None
        where = self.credentials.address.display()
        with self.store.read() as s:
            pinned = SyncState.central_id.get(s)
            centre, window = Settings.centre_code.get(s), Settings.window_code.get(s)
        if not session.central_id:
            raise central_too_old("中心标识")
        if pinned is not None and session.central_id != pinned:
            log.warning(
                "central database %s answers as %s, this window is pinned to %s: refused",
                where,
                session.central_id,
                pinned,
            )
            raise SyncFailure(
                "central.identity",
                f"{where} 不是本窗口登记的中心数据库（中心标识 {session.central_id}，本窗口登记的是 "
                f"{pinned}），同步已拒绝，未上传也未下载任何数据。请管理员核对地址；确需改连新的中心"
                "时，由管理员运行 counter sync configure 新地址 --new-central --by 管理员",
                False,
            )
        mine = ((centre or "").strip().upper(), (window or "").strip().upper())
        if all(mine) and session.centre is not None and mine != (session.centre, session.window):
            log.warning(
                "central database %s files role %s under %s/%s, this window is %s/%s: refused",
                where,
                self.credentials.address.user,
                session.centre,
                session.window,
                *mine,
            )
            raise SyncFailure(
                "central.window_mismatch",
                f"中心数据库把角色 {self.credentials.address.user} 登记为窗口 "
                f"{session.centre}/{session.window}，而本窗口是 {mine[0]}/{mine[1]}，同步已拒绝，"
                "未上传也未下载任何数据。请管理员核对地址中的角色名（counter sync configure URL "
                "--by 管理员）",
                False,
            )

    def _drop_connection(self) -> None:
        if self.cc is not None:
            self.cc.close()
        self.cc = None

    def _with_retries(self, step: Callable[[], T], what: str, *, batch: bool = False) -> T:
        """Run one idempotent step, reconnecting and retrying on failures that may pass.

        With ``batch``, a data or integrity error (the server refusing a value) is raised as
        _BatchContent for _send to split the batch; the connection stays usable."""
        attempt = 0
        while True:
            if self.cancel.is_set():
                raise _Cancelled
            fired: str | None = None
            try:
                if self.cc is None:
                    self._connect()
                return step()
            except (psycopg.DataError, psycopg.IntegrityError) as exc:
                if batch:
                    raise _BatchContent(exc) from exc
                raise describe(exc, None, f"（{what}）") from exc
            except (psycopg.Error, OSError) as exc:
                fired = self.cc.watchdog.fired if self.cc is not None else None
                failure = describe(exc, fired, f"（{what}）")
            self._drop_connection()
            if fired == "cancelled" or self.cancel.is_set():
                raise _Cancelled
            if not failure.retryable or attempt >= self.options.retries:
                raise failure
            delay = self.options.backoff * 2**attempt
            attempt += 1
            log.warning("%s failed (%s), retry %d in %.1fs", what, failure.code, attempt, delay)
            self._report(
                "retry",
                attempt,
                self.options.retries,
                f"{what}失败（{failure.message}），{delay:g} 秒后第 {attempt} 次重试",
            )
            if self.cancel.wait(delay):
                raise _Cancelled

    # ---- the chain the central holds --------------------------------------------------------

    def check_chain(self) -> None:
        """Before anything is pushed: this store must still hold what the central database
        holds of its chain (anchor.py). A finding stops the sync; the central is told."""
        found, tips = anchor.check(self._conn(), self.store, self._session())
        if found:
            for f in found:
                log.error("chain check: %s", f.what)
                anchor.note(self._conn(), self._session(), f"local_{f.kind}", f.what)
            more = f"（另有 {len(found) - 1} 处）" if len(found) > 1 else ""
            raise SyncFailure(
                f"sync.chain_{found[0].kind}",
                f"本机记录与中心数据库的记录链不符：{found[0].what}{more}。同步已停止，未上传也未下载"
                "任何数据，中心已记录此事；请保留数据库文件并报告管理员（counter log verify 列出全部问题）",
                False,
            )
        requeued = anchor.requeue_dropped(self.store, tips)
        if requeued:
            log.warning(
                "%d records above everything acknowledged had no outbox entry: requeued", requeued
            )
            anchor.note(
                self._conn(),
                self._session(),
                "outbox_dropped",
                f"{requeued} 条未经确认的记录不在发件箱中，已重新排队上传",
            )

    # ---- push --------------------------------------------------------------------------------

    def push_all(self) -> None:
        """Drain the outbox in sequence order; a second pass picks up 'retry' answers."""
        for _pass in range(2):
            retries_before = self.tally.retry
            self._push_pass()
            if self.tally.retry == retries_before:
                return

    def _push_pass(self) -> None:
        total = outbox_counts(self.store).get(PENDING, 0)
        done = 0
        with ThreadPoolExecutor(1, thread_name_prefix="counter-sync-local") as pool:
            local = _LocalWork(pool, self.store, self.batch_size, self._acknowledge)
            batch = outbox.read_batch(self.store, 0, self.batch_size)
            try:
                while len(batch):
                    if self.cancel.is_set():
                        raise _Cancelled
                    local.after = batch.last_seq
                    answers = self._send(batch.rows, batch.unsendable, local.start)
                    crashpoint("after_server_commit")
                    local.committed(answers)
                    self.tally.add(answers)
                    done += len(batch)
                    self._report("push", done, max(total, done), f"已上传 {done}/{total} 条")
                    if any(a.answer == "seq_reuse" for a in answers):
                        local.drain()
                        self._handle_restore(batch, answers)
                        batch = outbox.read_batch(self.store, 0, self.batch_size)
                    else:
                        batch = local.next_batch()
            finally:
                local.drain()

    def _acknowledge(self, answers: list[Answer]) -> None:
        outbox.acknowledge(self.store, answers)
        crashpoint("after_local_ack")

    def _send(
        self,
        rows: list[tuple[object, ...]],
        unsendable: list[Unsendable],
        while_inserting: Callable[[], None],
    ) -> list[Answer]:
        """Push a batch; if the server refuses its content as a whole, halve it until the row
        it cannot take is alone, and send that one to quarantine."""
        try:
            return self._with_retries(
                lambda: push_batch(
                    self._conn(), self._session(), rows, unsendable, while_inserting
                ),
                "上传",
                batch=True,
            )
        except _BatchContent as exc:
            if len(rows) <= 1:
                bad = [
                    Unsendable(str(r[ID]), r, f"server_error: {exc.cause.sqlstate} {exc}")
                    for r in rows
                ]
                return self._send([], [*unsendable, *bad], while_inserting)
            half = len(rows) // 2
            return self._send(rows[:half], unsendable, while_inserting) + self._send(
                rows[half:], [], while_inserting
            )

    def _conn(self) -> CentralConnection:
        assert self.cc is not None
        return self.cc

    def _session(self) -> Session:
        assert self.session is not None
        return self.session

    def _handle_restore(self, batch: outbox.Batch, answers: list[Answer]) -> None:
        """The server holds this device's sequence numbers with other ids: the local database
        was restored from a backup. Move the records made since into a new epoch."""
        self.restamps += 1
        if self.restamps > MAX_RESTAMPS:
            raise SyncFailure(
                "sync.restamp_loop", "多次检测到序号重复，同步已停止；请联系技术支持", False
            )
        reused = {a.record_id for a in answers if a.answer == "seq_reuse"}
        epoch, seq = min(
            (cast(int, r[EPOCH]), cast(int, r[SEQ]))  # INTEGER columns, screened before sending
            for r in batch.rows
            if str(r[ID]) in reused
        )
        server_max = self._session().server_max_epoch
        new_epoch = outbox.restamp(self.store, epoch, seq, server_max)
        log.warning(
            "restored backup detected at epoch %s seq %s: new epoch %s", epoch, seq, new_epoch
        )
        if new_epoch is not None:
            # The numbers this copy issued may repeat the lost ones: new ones get a new issuer.
            with self.store.write() as s:
                case_issuer.pick(s, "restored backup found by the central database")
            self.new_epoch = new_epoch
            self.session = replace(self._session(), server_max_epoch=max(server_max, new_epoch))

    # ---- archive handover (档案移交) -----------------------------------------------------------

    def hand_over_archive(self, *, explicit: bool) -> None:
        """Send the filed volumes the central does not hold yet, then push the records of the
        handover. At the day close a central without the archive (older schema) or a window
        whose data directory is not at hand is skipped with a log line; asked for, it fails."""
        from app.services.archive import ArchiveService

        ctx = self.engine.ctx
        if not hasattr(ctx, "home"):
            if explicit:
                raise SyncFailure("archive.context", "此处无法读取本机档案，无法移交", False)
            return
        svc = ArchiveService(ctx)  # type: ignore[arg-type]  # bootstrap.Context at run time
        todo = archive_handover.pending(svc, self.options.volumes)
        if not todo:
            return
        with self.store.read() as s:
            device = Settings.device_id.get(s)
        assert device is not None

        def step(n: int, total: int, what: str) -> None:
            if self.cancel.is_set():
                raise _Cancelled
            self._report("handover", n, total, f"移交档案 {what}")

        def send() -> list[Handover]:
            # A retry sends only what the window has not yet recorded as handed over.
            left = archive_handover.pending(svc, [v.volume_no for v in todo])
            done = {h.volume_no for h in self.handovers}
            return archive_handover.hand_over(
                self._conn(), svc, device, [v for v in left if v.volume_no not in done], step=step
            )

        before = outbox.max_pending_seq(self.store)
        try:
            self.handovers += self._with_retries(send, "移交档案")
        except SyncFailure as exc:
            if explicit:
                raise
            log.warning("archive handover skipped at the day close: %s", exc.message)
            return
        for h in self.handovers:
            if not h.ok:
                log.warning("archive volume %s not handed over: %s", h.volume_no, h.label)
        if outbox.max_pending_seq(self.store) > before:
            self.push_all()  # the handover records

    # ---- pull and day close ------------------------------------------------------------------

    def pull_all(self) -> list[PulledDataset]:
        def step(name: str, n: int) -> None:
            if self.cancel.is_set():
                raise _Cancelled
            self._report("pull", n, len(pull.DATASETS), f"下载 {name}")

        return pull.pull_all(self._conn(), self.engine.ctx, step)

    def _check(self, m: manifest.DayManifest) -> ManifestResult:
        return manifest.check(self._conn(), self._session(), m)

    def close_days(self) -> None:
        with self.store.read() as s:
            verified = {f"{d.day}/{d.epoch}": d.digest for d in s.scalars(select(DayClose))}
        todo = [m for m in manifest.local_manifests(self.store) if verified.get(m.key) != m.digest]
        results: dict[str, ManifestResult] = {}
        for n, m in enumerate(todo):
            self._report("day_close", n, len(todo), f"日结核对 {m.day}")
            results[m.key] = self._with_retries(partial(self._check, m), "日结核对")
        resend = [(m, results[m.key]) for m in todo if results[m.key].missing]
        if resend:
            for m, r in resend:
                outbox.requeue(self.store, m.epoch, r.missing)
            self.push_all()
            by_key = {m.key: m for m in manifest.local_manifests(self.store)}
            for m, _ in resend:
                fresh = by_key.get(m.key, m)
                results[m.key] = self._with_retries(partial(self._check, fresh), "日结核对")
        now = datetime.now()
        with self.store.write() as s:
            for m in todo:
                if results[m.key].verified:
                    s.merge(DayClose(day=m.day, epoch=m.epoch, digest=m.digest, verified_at=now))
        self.manifests = [results[m.key] for m in todo]
