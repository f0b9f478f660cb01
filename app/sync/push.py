"""Pushing one batch of records: staging table, one INSERT ... ON CONFLICT, an answer per record.

``COPY`` is refused on tables with row-level security, so a batch is copied into a temporary
staging table (no RLS, no WAL) and moved with one ``INSERT ... SELECT ... ON CONFLICT DO NOTHING``
under the window's own role, where RLS applies. Everything happens in one transaction: the
batch lands completely or not at all, and the answers are read before COMMIT, so the client
acts on them only once COMMIT has returned.

Answers, one per record:
- ``accepted``: inserted now;
- ``duplicate``: already there with the same content hash (a replay), no row added;
- ``conflict``: the id is there with other content; the first version stays, this one is kept
  in ``conflicts`` and flagged;
- ``rejected``: failed validation; kept in ``quarantine`` and never blocking the rest;
- ``unsupported_version``: a payload version the server does not accept; kept at the window;
- ``seq_reuse``: this device's (epoch, seq) is already taken by another record id, i.e. the
  window runs on a restored backup; the rest of that epoch from there is ``held`` (not
  inserted) until the window has moved those records to a new epoch;
- ``retry``: could not be decided now (a concurrent push of the same record); sent again later.

A record whose payload names another centre or window than the one the central database files
the login role under is ``rejected`` (reason ``foreign_window``): a window cannot file records
under another window's name. A payload that is not JSON is ``rejected`` (``bad_payload``).
An intake whose case number the central database already holds for another case is
``rejected`` (``case_no_taken``): the first case keeps the number, the second is listed by
``counter central duplicates`` for the administrator.
A record that does not continue the hash chain the central database holds for the device
(its prev_hash is not the chain_hash of the record before it) is ``rejected`` (``chain_break``):
the table's trigger refuses it whatever the client sends, see central revision c0004 and
docs/tamper-evidence.md.

``counter.records`` is partitioned by year of ``day`` (central revision c0013), so its own unique
key is (id, device_id, day); what is asked by id or by sequence number across all time
(duplicates, conflicts, reused numbers, the chain) is asked of ``counter.record_keys``, which a
trigger on ``records`` fills and which refuses a second row for a key (docs/central.md, "Old
years").

Speed (measured in bench/sync.py): validation is split in two. The quick screen (device,
foreign ids, numbers, payload version, the shape of created_at) is an inlined expression in the
INSERT's WHERE clause. What costs a hash or a full date check per row is left to the table (the
content-hash CHECK and the timestamptz cast), which refuses a bad row by failing the statement;
only then is the batch sent again, fully validated first, so the bad rows are answered
``rejected`` and the rest go in. A batch of new records (all sequence numbers above the
server's highest) is inserted without ON CONFLICT; a concurrent push of the same rows turns
that into a unique violation, and the second, careful attempt answers them as duplicates.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import psycopg

from app.sync.connection import CentralConnection
from app.sync.crashpoints import crashpoint
from app.sync.session import Session

# Column order of a batch row, as read from the local store (outbox.py) and copied to staging.
COLUMNS = (
    "rid",
    "device_id",
    "epoch",
    "seq",
    "kind",
    "created_at",
    "payload_version",
    "payload",
    "content_hash",
    "prev_hash",
    "chain_hash",
    "case_id",
)
ID, DEVICE, EPOCH, SEQ, KIND, CREATED, PVERSION, PAYLOAD, CHASH, PREV, CHAIN, CASE = range(12)

ACKED = frozenset({"accepted", "duplicate", "conflict", "rejected"})
_STAGING_TYPES = [
    "text",
    "text",
    "int4",
    "int8",
    "text",
    "text",
    "int4",
    "text",
    "text",
    "text",
    "text",
    "text",
]

# Ids as text: the binary COPY then needs no UUID objects on the client (screen() has checked
# their shape), and the casts happen once, in the INSERT. rid_u is the id cast once, for the
# look-ups by id: under row-level security a cast in a look-up's condition (not leakproof)
# keeps it off the index, and every look-up would read the whole table.
_STAGING = """
CREATE TEMP TABLE IF NOT EXISTS counter_staging (
    rid text NOT NULL, device_id text NOT NULL, epoch integer NOT NULL, seq bigint NOT NULL,
    kind text NOT NULL, created_at text NOT NULL, payload_version integer NOT NULL,
    payload text NOT NULL, content_hash text NOT NULL, prev_hash text NOT NULL,
    chain_hash text NOT NULL, case_id text, problem text, answer text, detail text,
    rid_u uuid GENERATED ALWAYS AS (rid::uuid) STORED
) ON COMMIT DELETE ROWS"""

# Why a staged row may not enter records (NULL: it may). An expression, not a function, so the
# planner inlines it into the INSERT; it never raises, so one bad row cannot fail the batch.
_QUICK_PROBLEM = """CASE
    WHEN s.device_id <> %(device)s::text THEN 'device_mismatch'
    WHEN s.rid = ANY (%(foreign)s::text[]) THEN 'foreign_id'
    WHEN s.epoch < 1 OR s.seq < 1 THEN 'bad_sequence'
    WHEN octet_length(s.kind) NOT BETWEEN 1 AND 40 THEN 'bad_kind'
    WHEN s.payload_version < %(minv)s OR s.payload_version > %(maxv)s THEN 'unsupported_version'
    WHEN length(s.created_at) NOT BETWEEN 20 AND 35 OR substr(s.created_at, 5, 1) <> '-'
         OR substr(s.created_at, 8, 1) <> '-' OR substr(s.created_at, 11, 1) <> 'T'
        THEN 'bad_created_at'
    {payload}
    END"""
# The payload names another window than the device's (the login role's). One parse per row
# (a jsonpath; two ->> would parse twice, about 40 ms more per 5,000 rows); the cast raises for
# a payload that is not JSON, which sends the batch down the careful path.
_PAYLOAD_QUICK = """WHEN jsonb_path_exists(s.payload::jsonb,
                           '$ ? (@.centre != $centre || @.window != $window)',
                           jsonb_build_object('centre', %(centre)s::text,
                                              'window', %(window)s::text))
        THEN 'foreign_window'
    {case_no}"""
# The same, never raising (non-JSON is 'bad_payload'), after the checks the table would make.
_PAYLOAD_FULL = """WHEN NOT counter.is_iso_timestamp(s.created_at) THEN 'bad_created_at'
    WHEN s.content_hash <> encode(sha256(convert_to(s.payload, 'UTF8')), 'hex')
        THEN 'hash_mismatch'
    WHEN counter.payload_problem(s.payload, %(centre)s, %(window)s) IS NOT NULL
        THEN counter.payload_problem(s.payload, %(centre)s, %(window)s)
    {case_no}"""

# An intake under a case number the central database holds for another case (a copy of a store
# that issued it again): the second case is refused, the first keeps its number. One index probe
# per intake, none for other kinds.
_CASE_NO_TAKEN = """WHEN s.kind = 'intake' AND s.case_id IS NOT NULL
         AND counter.case_no_taken(s.kind, s.payload, s.case_id) THEN 'case_no_taken'"""
_PAYLOAD_QUICK = _PAYLOAD_QUICK.replace("{case_no}", _CASE_NO_TAKEN)
_PAYLOAD_FULL = _PAYLOAD_FULL.replace("{case_no}", _CASE_NO_TAKEN)

# The quick screen plus what the table would otherwise refuse by failing the statement.
_FULL_PROBLEM = _QUICK_PROBLEM.replace("{payload}", _PAYLOAD_FULL)
_QUICK_PROBLEM = _QUICK_PROBLEM.replace("{payload}", _PAYLOAD_QUICK)

# The highest sequence the server holds per epoch of the batch: a batch entirely above it holds
# no replay and reuses no number, so it skips the look-up of known rows.
_SERVER_MAX_SEQ = """
SELECT e, (SELECT max(k.seq) FROM counter.record_keys k
            WHERE k.device_id = %(device)s AND k.epoch = e)
  FROM unnest(%(epochs)s::integer[]) AS e"""

# Ids another device already sent: a window may not take those over. Asked only for rows not
# already answered (a replay of known rows skips it).
_FOREIGN = """
SELECT f.id::text
  FROM counter.foreign_record_ids(%(device)s, ARRAY(SELECT x.rid::uuid
                                                     FROM pg_temp.counter_staging x
                                                     WHERE x.answer IS NULL)) AS f (id)"""

# Rows whose (device, epoch, seq) the server already holds, asked by key before any row is
# copied: the same id is a replay (duplicate, or conflict if the content differs); another id
# means this sequence number was used twice: a restored backup. A replay of 5,000 records then
# sends 5,000 keys, not 5,000 rows, and writes nothing.
# Keys are asked of counter.record_keys (central revision c0013: records is partitioned by day,
# the keys of all time are kept apart). Every look-up there is written as LATERAL ... LIMIT 1
# or a scalar subquery: an index probe per row whatever the statistics say. (A freshly loaded
# table has none, and the planner then hashes the whole table for each batch.)
_KNOWN = """
SELECT k.rid::text,
       CASE WHEN r.id <> k.rid THEN 'seq_reuse'
            WHEN r.content_hash = k.content_hash THEN 'duplicate'
            ELSE 'conflict' END,
       CASE WHEN r.id <> k.rid THEN r.id::text END
  FROM unnest(%(ids)s::uuid[], %(epochs)s::integer[], %(seqs)s::bigint[], %(hashes)s::text[])
       AS k (rid, epoch, seq, content_hash)
 CROSS JOIN LATERAL (SELECT r.id, r.content_hash FROM counter.record_keys r
                      WHERE r.device_id = %(device)s AND r.epoch = k.epoch AND r.seq = k.seq
                      LIMIT 1) AS r"""

# Answers known so far, written into the staging table when later statements need them.
_MARK = """
UPDATE pg_temp.counter_staging s SET answer = a.answer, detail = a.detail
  FROM unnest(%(ids)s::text[], %(answers)s::text[], %(details)s::text[])
       AS a (id, answer, detail)
 WHERE s.rid = a.id"""

# After a reused number, the rest of that epoch waits until the window moved it to a new one.
_HOLD = """
UPDATE pg_temp.counter_staging s SET answer = 'held'
 WHERE s.answer IS NULL
   AND EXISTS (SELECT 1 FROM pg_temp.counter_staging x
                WHERE x.answer = 'seq_reuse' AND x.epoch = s.epoch AND x.seq < s.seq)"""

_INSERT = f"""
INSERT INTO counter.records (id, device_id, epoch, seq, kind, created_at, created_ts, day,
                             payload_version, payload, content_hash, prev_hash, chain_hash,
                             case_id)
SELECT s.rid::uuid, s.device_id::uuid, s.epoch, s.seq, s.kind, s.created_at,
       s.created_at::timestamptz, substr(s.created_at, 1, 10)::date, s.payload_version,
       s.payload, s.content_hash, s.prev_hash, s.chain_hash, s.case_id
  FROM pg_temp.counter_staging s
 WHERE s.answer IS NULL AND s.problem IS NULL AND ({_QUICK_PROBLEM}) IS NULL
{{not_known}}
{{on_conflict}}
RETURNING id::text"""
# New rows only: no ON CONFLICT, and no RETURNING either: if it inserted as many rows as were
# staged, every one of them is "accepted" (exactly); if fewer, the careful attempt tells which.
_INSERT_NEW = (
    _INSERT.replace("{not_known}", "")
    .replace("{on_conflict}", "")
    .replace("RETURNING id::text", "")
)
# records is partitioned by day (central revision c0013): its own unique key (id, device_id,
# day) only meets a replay of the same day. The keys of all time are counter.record_keys, whose
# trigger fails the statement on a second row for a key; so a row whose id or sequence the
# central already holds is left out here, and answered afterwards. Scalar subqueries, not NOT
# EXISTS: an index probe each, never an anti join that hashes the whole keys table.
# (The quick screen has made sure every row inserted is the session's device's.)
_NOT_KNOWN = """   AND (SELECT 1 FROM counter.record_keys k
         WHERE k.id = s.rid_u AND k.device_id = %(device)s::uuid LIMIT 1) IS NULL
   AND (SELECT 1 FROM counter.record_keys k
         WHERE k.device_id = %(device)s::uuid AND k.epoch = s.epoch AND k.seq = s.seq
         LIMIT 1) IS NULL"""
_INSERT_ANY = _INSERT.replace("{not_known}", _NOT_KNOWN).replace(
    "{on_conflict}", "ON CONFLICT DO NOTHING"
)

# Mark every unanswered row the full validation refuses: before the careful attempt, and when
# some rows were neither inserted nor known.
_VALIDATE = f"""
UPDATE pg_temp.counter_staging s SET problem = {_FULL_PROBLEM}
 WHERE s.answer IS NULL AND s.problem IS NULL"""

# The chain the central holds (revision c0004): a row must continue it. The table's statement
# trigger counter.check_chain refuses a batch holding a row that does not (the quick path then
# comes here, the careful way); this marks those rows so they are quarantined ('chain_break')
# and the rest go in. Each row is compared with the staged row before it (a sort, no look-up);
# the first staged row of each epoch with what the central holds (one probe).
_CHAIN = """
UPDATE pg_temp.counter_staging s SET problem = 'chain_break'
  FROM (SELECT x.rid, x.epoch, x.seq, x.prev_hash,
               lag(x.epoch) OVER w AS l_epoch, lag(x.seq) OVER w AS l_seq,
               lag(x.chain_hash) OVER w AS l_chain
          FROM pg_temp.counter_staging x
         WHERE x.answer IS NULL AND x.problem IS NULL
        WINDOW w AS (ORDER BY x.epoch, x.seq)) a
 WHERE s.rid = a.rid
   AND CASE WHEN a.l_epoch = a.epoch THEN a.l_seq = a.seq - 1 AND a.l_chain <> a.prev_hash
            ELSE counter.chain_link_broken(%(device)s, a.epoch, a.seq, a.prev_hash) END"""

# ---- the slow path: only when some row of the batch was not inserted -----------------------

# A new statement, so it sees what a concurrent push of the same records committed meanwhile.
_CLASSIFY = """
WITH classified AS (
    UPDATE pg_temp.counter_staging s
       SET answer = (SELECT CASE WHEN r.content_hash = s.content_hash THEN 'duplicate'
                                 ELSE 'conflict' END
                       FROM counter.record_keys r
                      WHERE r.id = s.rid_u AND r.device_id = %(device)s::uuid LIMIT 1)
     WHERE s.problem IS NULL AND s.answer IS NULL
    RETURNING s.rid, s.answer)
SELECT * FROM classified WHERE answer IS NOT NULL"""

_UNDECIDED = """
UPDATE pg_temp.counter_staging s SET answer = 'retry'
 WHERE s.problem IS NULL AND s.answer IS NULL"""

_CONFLICTS = """
INSERT INTO counter.conflicts (id, device_id, epoch, seq, kind, created_at, payload_version,
                               payload, content_hash)
SELECT s.rid::uuid, s.device_id::uuid, s.epoch, s.seq, s.kind, s.created_at, s.payload_version,
       s.payload, s.content_hash
  FROM pg_temp.counter_staging s WHERE s.answer = 'conflict'
ON CONFLICT DO NOTHING"""

_QUARANTINE = """
WITH bad AS (
    UPDATE pg_temp.counter_staging s SET answer = 'rejected'
     WHERE s.answer IS NULL AND s.problem IS NOT NULL AND s.problem <> 'unsupported_version'
    RETURNING s.*)
INSERT INTO counter.quarantine (device_id, raw_digest, record_id, epoch, seq, kind, created_at,
                                payload_version, payload, content_hash, reason)
SELECT %(device)s,
       encode(sha256(convert_to(concat_ws('|', b.rid, b.device_id, b.epoch, b.seq, b.kind,
                                          b.created_at, b.payload_version, b.payload,
                                          b.content_hash, b.prev_hash, b.chain_hash,
                                          b.case_id), 'UTF8')), 'hex'),
       b.rid, b.epoch, b.seq, b.kind, b.created_at, b.payload_version, b.payload,
       b.content_hash, b.problem
  FROM bad b
ON CONFLICT DO NOTHING"""

_UNSUPPORTED = """
UPDATE pg_temp.counter_staging s SET answer = 'unsupported_version'
 WHERE s.answer IS NULL AND s.problem = 'unsupported_version'"""

_ANSWERS = """
SELECT s.rid, s.answer, coalesce(s.problem, s.detail)
  FROM pg_temp.counter_staging s
 WHERE s.answer NOT IN ('accepted', 'duplicate', 'conflict')"""

_QUARANTINE_RAW = """
INSERT INTO counter.quarantine (device_id, raw_digest, record_id, epoch, seq, kind, created_at,
                                content_hash, raw, reason)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT DO NOTHING"""


class Answer(NamedTuple):  # a NamedTuple: 5,000 of them per batch, built fast
    record_id: str
    answer: str
    detail: str | None = None


@dataclass(frozen=True)
class Unsendable:
    """A local row that cannot even be copied as text (NUL byte, broken UTF-8, wrong types)."""

    record_id: str
    fields: tuple[object, ...]
    reason: str


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TEXT = (KIND, CREATED, PAYLOAD, CHASH, PREV, CHAIN, CASE)


def screen(row: Sequence[object], *, check_utf8: bool = False) -> str | None:
    """Why this row cannot go through COPY as it is, or None. Checks shape, not meaning (the
    server validates meaning). Runs for every row pushed, so it stays cheap; ``check_utf8``
    only for rows read back from bytes (see outbox._read_undecodable)."""
    for i in (ID, DEVICE):
        ident = row[i]
        if not isinstance(ident, str) or _UUID.fullmatch(ident) is None:
            return f"bad_{COLUMNS[i]}"
    for i, limit in ((EPOCH, 2**31), (SEQ, 2**63), (PVERSION, 2**31)):
        number = row[i]
        if type(number) is not int or not 0 < number < limit:  # bool is not a number here
            return f"bad_{COLUMNS[i]}"
    for i in _TEXT:
        value = row[i]
        if value is None and i == CASE:
            continue
        if type(value) is not str:
            return f"bad_{COLUMNS[i]}"
        if "\x00" in value:
            return f"nul_in_{COLUMNS[i]}"
        if check_utf8:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return f"bad_utf8_in_{COLUMNS[i]}"
    return None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def _int(value: object, bits: int = 32) -> int | None:
    limit = 2 ** (bits - 1)
    return value if type(value) is int and -limit < value < limit else None


def _raw(fields: Sequence[object]) -> bytes:
    """The row exactly as read, losslessly, as ASCII JSON (bytes and odd types spelled out)."""

    def plain(v: object) -> object:
        if isinstance(v, bytes):
            return {"bytes": v.hex()}
        if v is None or isinstance(v, str | int | float):
            return v
        return {"repr": repr(v)}

    return json.dumps([plain(v) for v in fields], ensure_ascii=True).encode(
        "ascii", "backslashreplace"
    )


def push_batch(
    cc: CentralConnection,
    session: Session,
    rows: Sequence[Sequence[object]],
    unsendable: Sequence[Unsendable] = (),
    while_inserting: Callable[[], None] | None = None,
) -> list[Answer]:
    """Send one batch in one transaction; return an answer for every row and unsendable row.

    ``while_inserting`` is called just before the INSERT is sent, the moment the client has
    nothing to do until the server answers. Raises on any failure, with the transaction rolled
    back (nothing of the batch stays).
    """
    try:
        return _push_once(cc, session, rows, unsendable, while_inserting, careful=False)
    except _Refused:
        # The table refused a row the quick screen let through, or a concurrent push of the
        # same rows got there first: the whole batch again, validated fully, ON CONFLICT.
        return _push_once(cc, session, rows, unsendable, while_inserting, careful=True)


class _Refused(Exception):
    pass


def _push_once(
    cc: CentralConnection,
    session: Session,
    rows: Sequence[Sequence[object]],
    unsendable: Sequence[Unsendable],
    while_inserting: Callable[[], None] | None,
    *,
    careful: bool,
) -> list[Answer]:
    params: dict[str, object] = {
        "device": session.device_id,
        "minv": session.min_payload_version,
        "maxv": session.max_payload_version,
        "centre": session.centre,
        "window": session.window,
    }
    answers: list[Answer] = []
    with cc.guard() as conn:
        try:
            with conn.cursor() as cur:
                _prepare_session(cc, cur)
                if rows:
                    answers = _push_rows(cur, rows, params, while_inserting, careful)
                for bad in unsendable:
                    answers.append(_quarantine_unsendable(cur, session, bad))
            crashpoint("before_server_commit")
            conn.commit()
        except BaseException:
            _rollback_quietly(conn)
            raise
    return answers


def _push_rows(
    cur: psycopg.Cursor,
    rows: Sequence[Sequence[object]],
    params: dict[str, object],
    while_inserting: Callable[[], None] | None,
    careful: bool,
) -> list[Answer]:
    fresh = not _reaches_known_seqs(cur, rows, params)
    known: list[Answer] = []
    if not fresh:
        if while_inserting is not None:
            while_inserting()
        known = [
            Answer(*row)
            for row in cur.execute(
                _KNOWN,
                params
                | {
                    "ids": [r[ID] for r in rows],
                    "epochs": [r[EPOCH] for r in rows],
                    "seqs": [r[SEQ] for r in rows],
                    "hashes": [r[CHASH] for r in rows],
                },
            )
        ]
    replayed = {a.record_id for a in known if a.answer == "duplicate"}
    sending = [r for r in rows if r[ID] not in replayed] if replayed else rows
    if not sending:
        return known
    with cur.copy(
        f"COPY pg_temp.counter_staging ({', '.join(COLUMNS)}) FROM STDIN (FORMAT BINARY)"
    ) as copy:
        copy.set_types(_STAGING_TYPES)
        for row in sending:
            copy.write_row(row)
    crashpoint("mid_upload")
    others = [a for a in known if a.answer != "duplicate"]
    if others:
        _mark(cur, others)
        if any(a.answer == "seq_reuse" for a in others):
            cur.execute(_HOLD)
        if any(a.answer == "conflict" for a in others):
            cur.execute(_CONFLICTS)
    params["foreign"] = (
        [r[0] for r in cur.execute(_FOREIGN, params)] if len(others) < len(sending) else []
    )
    if careful:
        cur.execute(_VALIDATE, params)
        cur.execute(_CHAIN, params)
    if fresh and while_inserting is not None:
        while_inserting()
    if fresh and not careful:
        _insert_new(cur, params, sending)
        return [Answer(str(r[ID]), "accepted") for r in sending]
    accepted = _insert(cur, params, careful=careful)
    answers = [Answer(rid, "accepted") for rid in accepted]
    answers += [a for a in known if a.answer != "seq_reuse"]
    if len(answers) < len(rows):
        answers = _explain_the_rest(cur, params, answers)
    return answers


def _insert_new(
    cur: psycopg.Cursor, params: dict[str, object], sending: Sequence[Sequence[object]]
) -> None:
    """A batch of new records, every one of which must go in; anything else: the careful way."""
    try:
        inserted = cur.execute(_INSERT_NEW, params).rowcount
    except (
        psycopg.errors.UniqueViolation,
        psycopg.errors.CheckViolation,
        psycopg.DataError,
    ) as exc:
        raise _Refused from exc
    if inserted != len(sending):
        raise _Refused(f"{len(sending) - inserted} rows left out by the quick screen")


def _insert(cur: psycopg.Cursor, params: dict[str, object], *, careful: bool) -> list[str]:
    """Insert with ON CONFLICT; returns the ids this statement inserted (answered "accepted").
    A refusal after full validation is a value nobody foresaw: the caller halves the batch."""
    try:
        return [r[0] for r in cur.execute(_INSERT_ANY, params)]
    except (psycopg.errors.CheckViolation, psycopg.DataError) as exc:
        if careful:
            raise
        raise _Refused from exc


def _mark(cur: psycopg.Cursor, answers: list[Answer]) -> None:
    cur.execute(
        _MARK,
        {
            "ids": [a.record_id for a in answers],
            "answers": [a.answer for a in answers],
            "details": [a.detail for a in answers],
        },
    )


def _explain_the_rest(
    cur: psycopg.Cursor, params: dict[str, object], answered: list[Answer]
) -> list[Answer]:
    """Some rows are neither inserted nor known: say why, for each. Returns every answer."""
    _mark(cur, answered)
    cur.execute(_VALIDATE, params)
    late = [Answer(rid, a) for rid, a in cur.execute(_CLASSIFY, params)]
    if any(a.answer == "conflict" for a in late):
        cur.execute(_CONFLICTS)
    for statement in (_UNDECIDED, _QUARANTINE, _UNSUPPORTED):
        cur.execute(statement, params)
    rest = [Answer(rid, answer, detail) for rid, answer, detail in cur.execute(_ANSWERS)]
    return answered + late + rest


def _quarantine_unsendable(cur: psycopg.Cursor, session: Session, bad: Unsendable) -> Answer:
    raw = _raw(bad.fields)
    f = bad.fields
    cur.execute(
        _QUARANTINE_RAW,
        (
            session.device_id,
            hashlib.sha256(raw).hexdigest(),
            _clean(f[ID]),
            _int(f[EPOCH]),
            _int(f[SEQ], 64),
            _clean(f[KIND]),
            _clean(f[CREATED]),
            _clean(f[CHASH]),
            raw,
            bad.reason,
        ),
    )
    return Answer(bad.record_id, "rejected", bad.reason)


def _prepare_session(cc: CentralConnection, cur: psycopg.Cursor) -> None:
    """Once per connection: the staging table, emptied by every commit. (Rows go into records
    in staging order, the sequence order the client sent, so two pushes of the same rows take
    their locks in the same order; a deadlock would still only cost a retry.) JIT off: the
    look-ups are estimated costly enough to be compiled, 8 ms a batch for 20 ms of work."""
    if not cc.staging_ready:
        cur.execute(_STAGING)
        cur.execute("SET jit = off")
        cur.connection.commit()  # a rolled-back batch must not take these with it
        cc.staging_ready = True


def _reaches_known_seqs(
    cur: psycopg.Cursor, rows: Sequence[Sequence[object]], params: dict[str, object]
) -> bool:
    keys = [(int(row[EPOCH]), int(row[SEQ])) for row in rows]  # type: ignore[call-overload]
    epochs = sorted({epoch for epoch, _ in keys})
    maxima: dict[int, int] = {
        e: m for e, m in cur.execute(_SERVER_MAX_SEQ, params | {"epochs": epochs}) if m is not None
    }
    return any(seq <= maxima.get(epoch, 0) for epoch, seq in keys)


def _rollback_quietly(conn: psycopg.Connection) -> None:
    # When the connection is gone the server rolls back on its own.
    with contextlib.suppress(Exception):
        conn.rollback()
