"""Large window stores for bench/scale.py, shaped exactly like what the services write.

A small store is first made through the real services (intake, supplement, transfer, result
ready, pickup, review, consultation: ``template``); its records and cases are the shapes. A big
store is that store's file with the few template cases replaced by clones: every clone takes a
template flow, gets its own case id, case number, applicant and times, and its records are
written as ``record_log.append`` would write them (canonical JSON, content hash, a valid hash
chain, one sequence) with executemany. The case row is what the records say
(``log_audit.project``), so ``counter log verify`` finds the big store intact.
"""

from __future__ import annotations

import copy
import json
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from app.core.uuid7 import uuid7
from app.services import log_audit, record_log

PASSWORD = "counter2026"
CENTRE, WINDOW = "C3301", "W03"
CLERK = "clerk1"
CASES_A_DAY = 200
CONSULTS_A_DAY = 20
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂䶮𠈌"


@dataclass
class Flow:
    """One case's records as the services wrote them, and the case row they left."""

    name: str
    steps: list[tuple[str, dict[str, Any]]]  # (kind, payload without centre/window)
    case: dict[str, Any]  # the cases row, raw column values


def person(rng: random.Random) -> dict[str, Any]:
    from app.core.identity import resident_id_check_char
    from app.core.parties import Party

    first17 = (
        f"3301{rng.randint(10, 99)}{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}"
        f"{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    )
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
    party = Party(
        "person",
        name,
        "resident_id",
        first17 + resident_id_check_char(first17),
        f"138{rng.randint(0, 99999999):08d}",
    )
    return party.to_dict()


# ---- the template: one of each flow, through the real services ------------------------------


def make_template(root: Path, day: date, centre: str = CENTRE, window: str = WINDOW) -> list[Flow]:
    """A set-up window in ``root`` and one case of each flow made through the services."""
    from app.bootstrap import open_context
    from app.core.cases import IntakeRequest
    from app.core.catalog import applicable_materials
    from app.core.checklist import Verdict
    from app.core.errors import CounterError
    from app.core.parties import Party
    from app.paths import Home
    from app.services.window import FirstAdmin, WindowSetup, initialise

    rng = random.Random(1)
    ctx = open_context(Home(root))
    try:
        initialise(
            ctx.store,
            ctx.users,
            WindowSetup(centre, "城东街道便民服务中心", window),
            FirstAdmin("admin", "王管理", PASSWORD),
        )
        ctx.users.add(CLERK, "李窗口", "clerk", PASSWORD)
        items = [ctx.catalog.item(s.code) for s in ctx.catalog.items()]
        at = datetime.combine(day, datetime.min.time()).replace(hour=9)

        def tick() -> datetime:
            nonlocal at
            at += timedelta(minutes=7)
            return at

        def intake(outcome: str):  # type: ignore[no-untyped-def]
            for item in items:
                answers = {q.id: [q.options[0].id] for q in item.questions}
                mats = applicable_materials(item, answers)
                verdicts = {m.id: Verdict("ok") for m in mats}
                if outcome in ("correction", "tolerate"):
                    gaps = [m for m in mats if m.required]
                    if not gaps:
                        continue
                    verdicts[gaps[-1].id] = Verdict("missing")
                req = IntakeRequest(
                    CLERK,
                    item.code,
                    Party(**person(rng)),
                    answers,
                    verdicts,
                    outcome=outcome,
                    reason="不符合受理条件" if outcome == "refuse" else None,
                )
                try:
                    return ctx.visits.submit(req, now=tick(), slips=False)
                except CounterError:
                    continue
            raise RuntimeError(f"no demo item takes the outcome {outcome}")

        def supplement(case_no: str):  # type: ignore[no-untyped-def]
            case = ctx.cases.case(case_no)
            req = IntakeRequest(
                CLERK,
                case.item_code,
                None,
                {},
                {m: Verdict("ok") for m in case.outstanding},
                case_no=case_no,
                outcome="accept",
            )
            return ctx.visits.submit(req, now=tick(), slips=False)

        def finish(case_no: str) -> None:
            ctx.case_state.set_state(case_no, "transferred", CLERK, now=tick())
            ctx.case_state.set_state(case_no, "result_ready", CLERK, origin="central", now=tick())
            applicant = ctx.cases.case(case_no).applicant
            ctx.visits.pickup(case_no, CLERK, applicant, False, now=tick())

        made: dict[str, str] = {}
        r = intake("accept")
        finish(r.case_no)
        made["full"] = r.case_id
        ctx.feedback.review(r.record_id, 5, None, "pad", CLERK, now=tick())
        r = intake("correction")
        supplement(r.case_no)
        finish(r.case_no)
        made["correction"] = r.case_id
        r = intake("tolerate")
        supplement(r.case_no)
        finish(r.case_no)
        made["tolerate"] = r.case_id
        r = intake("refuse")
        made["refuse"] = r.case_id
        consult_item = items[0]
        ctx.visits.submit(
            IntakeRequest(
                CLERK,
                consult_item.code,
                None,
                {},
                {},
                outcome="consult",
                question="需要带什么材料？",
                answer="身份证原件",
            ),
            now=tick(),
            slips=False,
        )
    finally:
        ctx.close()
    return read_flows(root / "counter.sqlite3", made)


def connect(db: Path) -> Any:
    """The store as the program opens it (encrypted at rest: its key from COUNTER_STORE_KEY,
    which bench/scale.py sets), in autocommit mode."""
    from app.models import opener

    conn = opener.connect(db, tune=False)
    conn.isolation_level = None
    return conn


def read_flows(db: Path, made: dict[str, str]) -> list[Flow]:
    conn = connect(db)
    conn.row_factory = _row
    try:
        records = conn.execute(
            "SELECT id, kind, payload, case_id FROM records ORDER BY seq"
        ).fetchall()
        flows = []
        by_id: dict[str, dict[str, Any]] = {r["id"]: r for r in records}
        for name, case_id in made.items():
            steps = []
            for r in records:
                p = json.loads(r["payload"])
                if r["case_id"] == case_id or (
                    r["kind"] == "review"
                    and by_id.get(p.get("record_id"), {"case_id": None})["case_id"] == case_id
                ):
                    p.pop("centre", None)
                    p.pop("window", None)
                    steps.append((r["kind"], p))
            case = conn.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone()
            flows.append(Flow(name, steps, case))
        consult = next(r for r in records if r["kind"] == "consultation")
        p = json.loads(consult["payload"])
        p.pop("centre", None)
        p.pop("window", None)
        flows.append(Flow("consult", [("consultation", p)], {}))
        return flows
    finally:
        conn.close()


def _row(cursor: Any, row: tuple[Any, ...]) -> dict[str, Any]:
    return {d[0]: v for d, v in zip(cursor.description, row, strict=True)}


# ---- clones ------------------------------------------------------------------------------------

# Which flow a case takes (about 3.8 records a case with the reviews), and the share of cases
# that never finish: a result never collected, a back office that never answers.
MIX = (("full", 0.72), ("correction", 0.12), ("tolerate", 0.04), ("refuse", 0.12))
NEVER_COLLECTED, NEVER_ANSWERED = 0.01, 0.01


def _pick(r: float) -> str:
    for name, share in MIX:
        if r < share:
            return name
        r -= share
    return MIX[-1][0]


def working_days(end: date, count: int) -> list[date]:
    """``count`` weekdays ending with ``end``, oldest first."""
    days: list[date] = []
    d = end
    while len(days) < count:
        if d.weekday() < 5:
            days.append(d)
        d -= timedelta(days=1)
    return days[::-1]


@dataclass
class Event:
    at: datetime
    kind: str
    payload: dict[str, Any]
    case_id: str | None
    rid: str


class Cloner:
    """Events of cloned cases day by day, each day's in time order; case rows at the end."""

    def __init__(
        self,
        flows: list[Flow],
        issuer: str,
        seed: int,
        centre: str,
        window: str,
        cases_a_day: int = CASES_A_DAY,
        consults_a_day: int = CONSULTS_A_DAY,
    ):
        from app.core.case_numbers import format_case_no

        self.cases_a_day, self.consults_a_day = cases_a_day, consults_a_day

        self.flows = {f.name: f for f in flows}
        self.issuer, self.centre, self.window = issuer, centre, window
        self.rng = random.Random(seed)
        self.format_case_no = format_case_no

    def days(self, days: list[date], clerk: str = CLERK) -> Iterator[tuple[date, list[Event]]]:
        pending: dict[date, list[Event]] = defaultdict(list)
        cases: dict[str, dict[str, Any]] = {}
        index = {d: i for i, d in enumerate(days)}
        self.case_rows: list[dict[str, Any]] = []
        for d in days:
            today = pending.pop(d, [])
            for n in range(self.cases_a_day):
                at = datetime.combine(d, datetime.min.time()).replace(hour=8, minute=30)
                at += timedelta(seconds=n * 28000 // self.cases_a_day + self.rng.randint(0, 100))
                self._case(d, n + 1, at, days, index, today, pending, cases)
            for n in range(self.consults_a_day):
                at = datetime.combine(d, datetime.min.time()).replace(hour=8, minute=31)
                at += timedelta(
                    seconds=n * 28000 // self.consults_a_day + self.rng.randint(0, 1000)
                )
                p = self._vary(self.flows["consult"].steps[0][1], at, None, None, None)
                today.append(Event(at, "consultation", p, None, str(uuid7())))
            today.sort(key=lambda e: e.at)
            yield d, today
        self.pending_after = sum(len(v) for v in pending.values())
        self.case_rows = [self._case_row(c) for c in cases.values()]

    def _case(self, d, n, at, days, index, today, pending, cases) -> None:  # type: ignore[no-untyped-def]
        flow = self.flows[_pick(self.rng.random())]
        case_id = f"{uuid7()}"[:36]
        case_no = self.format_case_no(self.centre, self.window, d, n, self.issuer)
        applicant = person(self.rng)
        steps = list(flow.steps)
        if self.rng.random() >= 0.1:  # reviews: one visit in ten
            steps = [s for s in steps if s[0] != "review"]
        fate = self.rng.random()
        if fate < NEVER_ANSWERED:
            steps = [s for s in steps if s[0] not in ("case_status", "pickup")]
        elif fate < NEVER_ANSWERED + NEVER_COLLECTED:
            steps = [s for s in steps if s[0] != "pickup"]
        i = index[d]
        promised = days[min(i + 20, len(days) - 1)] + timedelta(
            days=28 if i + 20 >= len(days) else 0
        )
        supplement_day = days[min(i + 3, len(days) - 1)]
        ready_day = i + 3 + self.rng.randint(2, 12)
        events: list[Event] = []
        intake_rid = None
        for kind, p in steps:
            if kind in ("intake", "review") or (kind == "transfer" and flow.name in ("full",)):
                when, day_at = at, d
            elif kind == "supplement" or kind == "transfer":
                when = datetime.combine(supplement_day, at.time())
                day_at = supplement_day
            elif kind == "case_status":
                if ready_day >= len(days) and days[-1] > d:
                    day_at = None
                else:
                    day_at = days[min(ready_day, len(days) - 1)]
                    when = datetime.combine(day_at, at.time())
            else:  # pickup, two working days after the result is ready
                k = ready_day + 2
                day_at = None if k >= len(days) else days[k]
                if day_at is not None:
                    when = datetime.combine(day_at, at.time())
            if day_at is None:
                break
            at_step = when + timedelta(seconds=len(events) * 90)
            rid = str(uuid7())
            payload = self._vary(p, at_step, case_id, case_no, applicant, promised, supplement_day)
            if kind == "review":
                payload["record_id"] = intake_rid
            if kind == "intake":
                intake_rid = rid
            ev = Event(at_step, kind, payload, case_id if kind != "review" else None, rid)
            events.append(ev)
            (today if day_at == d else pending[day_at]).append(ev)
        row = dict(flow.case)
        row.update(id=case_id, case_no=case_no, applicant=applicant)
        cases[case_id] = {"row": row, "events": events}

    def _vary(  # type: ignore[no-untyped-def]
        self, p, at, case_id, case_no, applicant, promised=None, supplement_day=None
    ) -> dict[str, Any]:
        p = copy.deepcopy(p)
        if "case_id" in p:
            p["case_id"] = case_id
        if "case_no" in p:
            p["case_no"] = case_no
        if p.get("applicant") is not None and applicant is not None:
            p["applicant"] = applicant
        if "collector" in p and applicant is not None:
            p["collector"] = applicant
        if p.get("promised_date"):
            p["promised_date"] = promised.isoformat()
        if p.get("supplement_deadline"):
            p["supplement_deadline"] = supplement_day.isoformat()
        if "started_at" in p:
            p["started_at"] = (at - timedelta(seconds=200)).isoformat(timespec="seconds")
            p["duration_s"] = round(self.rng.uniform(60, 600), 1)
        if "ticket" in p:
            p["ticket"] = f"A{self.rng.randint(1, 400):03d}"
        if p.get("applicant") is None and "applicant" in p and applicant is None:
            pass
        return p

    def _case_row(self, c: dict[str, Any]) -> dict[str, Any]:
        row, events = c["row"], c["events"]
        projected, _ = log_audit.project(
            (e.kind, e.case_id, record_log.canonical(e.payload)) for e in events if e.case_id
        )
        want = projected[row["id"]]
        for col in log_audit.PROJECTED:
            value = want[col]
            if col in ("materials", "applicant", "agent", "answers"):
                value = None if value is None else json.dumps(value)
            row[col] = value
        first, last = events[0].at, [e for e in events if e.case_id][-1].at
        accepted = next(
            (
                e.at
                for e in events
                if e.kind in ("intake", "supplement")
                and e.payload.get("outcome") in ("accept", "tolerate")
            ),
            None,
        )
        row["created_at"] = _dt(first)
        row["updated_at"] = _dt(last)
        row["accepted_at"] = _dt(accepted) if accepted else None
        row["promised_provisional"] = 0
        return row


def _dt(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


# ---- writing -----------------------------------------------------------------------------------


class ChainWriter:
    """Records as record_log.append writes them: one sequence, one chain, for one device."""

    def __init__(self, device: str, epoch: int, centre: str, window: str, tz: Any):
        self.device, self.epoch, self.tz = device, epoch, tz
        self.where = {"centre": centre, "window": window}
        self.seq, self.prev = 0, record_log.GENESIS

    def rows(self, events: list[Event]) -> list[tuple[Any, ...]]:
        out = []
        for e in events:
            self.seq += 1
            created = e.at.replace(tzinfo=self.tz).isoformat(timespec="milliseconds")
            text = record_log.canonical({**self.where, **e.payload})
            digest = record_log.content_hash(text)
            link = record_log.chain_hash(
                self.prev,
                e.rid,
                self.device,
                self.epoch,
                self.seq,
                e.kind,
                created,
                digest,
                e.case_id,
                record_log.PAYLOAD_VERSION,
            )
            out.append(
                (
                    e.rid,
                    self.device,
                    self.epoch,
                    self.seq,
                    e.kind,
                    created,
                    record_log.PAYLOAD_VERSION,
                    text,
                    digest,
                    self.prev,
                    link,
                    e.case_id,
                )
            )
            self.prev = link
        return out


INSERT_RECORD = (
    "INSERT INTO records (id, device_id, epoch, seq, kind, created_at, payload_version, payload, "
    "content_hash, prev_hash, chain_hash, case_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def build_store(
    root: Path,
    cases: int,
    end: date,
    *,
    seed: int = 15,
    centre: str = CENTRE,
    window: str = WINDOW,
    synced: bool = True,
) -> dict[str, Any]:
    """A data directory at ``root`` holding ``cases`` cloned cases over the working days that
    end with ``end`` (200 a day). ``synced``: every record acknowledged by a central and every
    day closed, as at a window that syncs daily; else every record waits in the outbox."""
    from app.models.db import Store, make_engine
    from app.sync import manifest

    flows = make_template(root, end, centre, window)
    db = root / "counter.sqlite3"
    conn = connect(db)
    try:
        settings = {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM settings")}
        device, epoch = settings["device.id"], settings.get("device.epoch", 1)
        issuer = settings.get("caseno.issuer") or "K7"
        tz = datetime.now().astimezone().tzinfo
        conn.execute("BEGIN IMMEDIATE")
        for table in ("tickets", "outbox", "records", "cases"):
            conn.execute(f"DELETE FROM {table}")
        days = working_days(end, max(1, cases // CASES_A_DAY))
        cloner = Cloner(flows, issuer, seed, centre, window)
        writer = ChainWriter(device, epoch, centre, window, tz)
        enqueued = _dt(datetime.now())
        for _day, events in cloner.days(days):
            rows = writer.rows(events)
            conn.executemany(INSERT_RECORD, rows)
            if not synced:
                conn.executemany(
                    "INSERT INTO outbox (record_id, seq, state, attempts, enqueued_at) "
                    "VALUES (?, ?, 'pending', 0, ?)",
                    [(r[0], r[3], enqueued) for r in rows],
                )
        cols = list(cloner.case_rows[0])
        conn.executemany(
            f"INSERT INTO cases ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [tuple(r[c] for c in cols) for r in cloner.case_rows],
        )
        conn.execute(
            "INSERT INTO counters (name, value) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (record_log.SEQ_COUNTER, writer.seq),
        )
        if synced:
            conn.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES ('sync.acknowledged', ?)",
                (json.dumps({str(epoch): [writer.seq, writer.prev]}),),
            )
        conn.execute("COMMIT")
    finally:
        conn.close()
    closes = []
    if synced:
        store = Store(make_engine(db))
        try:
            now = _dt(datetime.now())
            closes = [(m.day, m.epoch, m.digest, now) for m in manifest.local_manifests(store)]
        finally:
            store.engine.dispose()
    conn = connect(db)
    try:
        conn.executemany(
            "INSERT OR REPLACE INTO day_closes (day, epoch, digest, verified_at) "
            "VALUES (?, ?, ?, ?)",
            closes,
        )
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        middle = conn.execute(
            "SELECT case_no FROM cases ORDER BY created_at LIMIT 1 OFFSET ?",
            (len(cloner.case_rows) // 2,),
        ).fetchone()[0]
    finally:
        conn.close()
    return {
        "cases": len(cloner.case_rows),
        "records": writer.seq,
        "case_no": middle,
        "days": len(days),
        "device": device,
    }


def central_rows(
    flows: list[Flow],
    device: str,
    centre: str,
    window: str,
    records: int,
    end: date,
    seed: int,
    cases_a_day: int,
) -> Iterator[tuple[Any, ...]]:
    """One window's records for the central (``records`` of them, a valid chain), as rows of
    counter.records: the window's columns plus created_ts and day."""
    tz = datetime.now().astimezone().tzinfo
    per_day = cases_a_day * 3.8
    days = working_days(end, int(records / per_day * 1.3) + 5)  # later steps fall past the end
    cloner = Cloner(flows, "K7", seed, centre, window, cases_a_day, max(1, cases_a_day // 10))
    writer = ChainWriter(device, 1, centre, window, tz)
    for _day, events in cloner.days(days):
        for r in writer.rows(events):
            if r[3] > records:
                return
            yield (*r[:6], r[5], r[5][:10], *r[6:])
