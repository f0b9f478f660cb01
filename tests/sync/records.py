"""Realistic records at a window: through record_log.append, or in bulk for large counts.

``bulk_records`` writes exactly what ``record_log.append`` would (same canonical JSON, hashes,
chain, sequence counter, outbox entry) with executemany, because append costs about a
millisecond a record inside one long transaction and the 20k- and 100k-record runs would spend
their time there. ``test_records_helper.py`` proves the two produce an intact chain together.
"""

from __future__ import annotations

import functools
import random
from datetime import datetime, timedelta
from typing import Any

from app.core.uuid7 import uuid7
from app.models.db import Store
from app.services import record_log
from app.services.settings import Settings

CHINA = datetime.now().astimezone().tzinfo
NAMES = ["张𠈌", "王䶮", "李㛃", "赵小明", "欧阳娜娜", "陈晓东", "刘德华", "司马相如"]
ITEMS = [
    ("330217001000", "居民身份证申领"),
    ("330217002000", "残疾人证核发"),
    ("330217003000", "城乡居民基本养老保险参保登记"),
    ("330217004000", "独生子女父母奖励"),
    ("330217005000", "临时救助申请"),
]
KINDS = ["intake", "consultation", "supplement", "pickup", "review"]


@functools.cache
def day_start() -> datetime:
    """08:00 today, where the records of a test begin unless it says otherwise: a working day
    of records (400 of them 47 s apart) then stays on one date whatever the hour the tests
    run. Starting at the present moment, they crossed midnight for runs after about 18:50,
    and a day close made two manifests a window instead of one. Taken once per run: a run that
    passes midnight keeps yesterday's 08:00 rather than splitting one test's records."""
    return datetime.now(CHINA).replace(hour=8, minute=0, second=0, microsecond=0)


def payload(n: int, at: datetime, kind: str | None = None) -> tuple[str, dict[str, Any]]:
    rnd = random.Random(n)
    kind = kind or KINDS[n % len(KINDS)]
    code, name = ITEMS[n % len(ITEMS)]
    body: dict[str, Any] = {
        "clerk": f"clerk{n % 3 + 1}",
        "ticket": f"A{n % 500:03d}",
        "item_code": code,
        "item_name": name,
        "catalog_version": 1,
        "applicant": {
            "kind": "person",
            "name": NAMES[n % len(NAMES)],
            "id_type": "resident_id",
            "id_no": f"11010519{rnd.randrange(10**9):09d}X",
            "phone": f"138{rnd.randrange(10**8):08d}",
        },
        "agent": None,
        "answers": {"s": [f"s{n % 3 + 1}"]},
        "reason": None,
        "started_at": (at - timedelta(minutes=4)).isoformat(timespec="seconds"),
        "duration_s": round(rnd.uniform(30, 900), 1),
    }
    if kind in ("intake", "supplement", "pickup"):
        body |= {
            "case_no": f"C01-W01-{at:%Y%m%d}-{n % 9999 + 1:04d}",
            "visit": 1,
            "outcome": "accept",
            "state": "accepted",
            "verdicts": {f"m{i}": "ok" for i in range(1, 5)},
        }
    if kind == "review":
        body |= {"score": rnd.choice([5, 5, 5, 4, 3]), "channel": "pad"}
    return kind, body


def append_records(
    store: Store, n: int, *, start: datetime | None = None, step: timedelta = timedelta(seconds=47)
) -> list[str]:
    """n records through the real record_log.append, one transaction each (as the app does)."""
    at = start or day_start()
    ids = []
    for i in range(n):
        kind, body = payload(i, at)
        with store.write() as s:
            ids.append(record_log.append(s, kind, body, now=at).id)
        at += step
    return ids


def bulk_records(
    store: Store, n: int, *, start: datetime | None = None, step: timedelta = timedelta(seconds=47)
) -> list[str]:
    """n records exactly as append would write them, in one transaction."""
    at = start or day_start()
    ids: list[str] = []
    with store.write() as s:
        device = Settings.device_id.get(s)
        epoch = Settings.epoch.get(s)
        where = {"centre": Settings.centre_code.get(s), "window": Settings.window_code.get(s)}
        assert device is not None
        conn = s.connection()
        seq = (
            conn.exec_driver_sql(
                "SELECT value FROM counters WHERE name = ?", (record_log.SEQ_COUNTER,)
            ).scalar()
            or 0
        )
        prev = (
            conn.exec_driver_sql(
                "SELECT chain_hash FROM records ORDER BY epoch DESC, seq DESC LIMIT 1"
            ).scalar()
            or record_log.GENESIS
        )
        records, outbox = [], []
        now = datetime.now()
        for _ in range(n):
            seq += 1
            kind, body = payload(seq, at)
            created = at.isoformat(timespec="milliseconds")
            text = record_log.canonical({**where, **body})
            digest = record_log.content_hash(text)
            rid = str(uuid7())
            link = record_log.chain_hash(
                prev,
                rid,
                device,
                epoch,
                seq,
                kind,
                created,
                digest,
                None,
                record_log.PAYLOAD_VERSION,
            )
            records.append(
                (
                    rid,
                    device,
                    epoch,
                    seq,
                    kind,
                    created,
                    record_log.PAYLOAD_VERSION,
                    text,
                    digest,
                    prev,
                    link,
                    None,
                )
            )
            outbox.append((rid, seq, "pending", 0, now))
            ids.append(rid)
            prev = link
            at += step
        conn.exec_driver_sql(
            "INSERT INTO records (id, device_id, epoch, seq, kind, created_at, payload_version, "
            "payload, content_hash, prev_hash, chain_hash, case_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            records,
        )
        conn.exec_driver_sql(
            "INSERT INTO outbox (record_id, seq, state, attempts, enqueued_at) "
            "VALUES (?, ?, ?, ?, ?)",
            outbox,
        )
        conn.exec_driver_sql(
            "INSERT INTO counters (name, value) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (record_log.SEQ_COUNTER, seq),
        )
    return ids
