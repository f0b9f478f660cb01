"""the push's triggers work out each row's case number and published visit once

Revision ID: c0015
Revises: c0014
Create Date: 2026-12-03

Measured on a 1M-row central (docs/benchmarks.md, "A window's first sync of 30 days"): of the
server's time for a 5,000-record push, ``note_case_numbers`` (c0003) took about 40%: its two
statements each read the statement's rows and ran the case-number pattern over every intake's
payload up to four times (the filter, the join, the sort, the output) and once more for the
second statement; ``queue_visits`` (c0006) masked each payload twice (filter and output) and
sorted whole rows on disk; ``publish_visits`` sorted the batch's visits on disk at COMMIT.

Now the case numbers of the statement's intakes are worked out once, into arrays both
statements read; the masked payload once per row; and the three functions sort in memory
(``work_mem`` of their own, 32 MB: a batch of 5,000 records is about 5 MB). What they write is
unchanged: the same rows, the same order, the same rules.
"""

from alembic import op

revision = "c0015"
down_revision = "c0014"
branch_labels = None
depends_on = None

CASE_KINDS = "'intake', 'supplement', 'pickup', 'case_status', 'transfer', 'promise'"
CASE_NO_OF = """substring({payload} from '"case_no":"([A-Z0-9-]{{1,50}})"')"""
WORK_MEM = "32MB"


def _note_case_numbers_once() -> str:
    return f"""
        CREATE OR REPLACE FUNCTION counter.note_case_numbers() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        SET work_mem = '{WORK_MEM}' AS $$
        DECLARE
            nos text[];
            cases text[];
            devices uuid[];
            ids uuid[];
        BEGIN
            -- The statement's intakes of the sending device's own window, in record order,
            -- the pattern run once per intake (OFFSET 0 keeps the subquery's column computed
            -- once instead of at each reference).
            SELECT array_agg(x.case_no ORDER BY x.epoch, x.seq),
                   array_agg(x.case_id ORDER BY x.epoch, x.seq),
                   array_agg(x.device_id ORDER BY x.epoch, x.seq),
                   array_agg(x.id ORDER BY x.epoch, x.seq)
              INTO nos, cases, devices, ids
              FROM (SELECT {CASE_NO_OF.format(payload="a.payload")} AS case_no, a.case_id,
                           a.device_id, a.id, a.epoch, a.seq
                      FROM arrived a
                     WHERE a.kind = 'intake' AND a.case_id IS NOT NULL
                    OFFSET 0) x
              JOIN counter.devices d ON d.device_id = x.device_id
             WHERE x.case_no IS NOT NULL
               AND starts_with(x.case_no, d.centre_code || '-' || d.window_code || '-');
            IF nos IS NULL THEN
                RETURN NULL;
            END IF;
            INSERT INTO counter.case_numbers (case_no, case_id, device_id, record_id)
            SELECT x.case_no, x.case_id, x.device_id, x.id
              FROM (SELECT u.*, row_number() OVER (PARTITION BY u.case_no ORDER BY u.ord) AS k
                      FROM unnest(nos, cases, devices, ids) WITH ORDINALITY
                           AS u (case_no, case_id, device_id, id, ord)) x
             WHERE x.k = 1
            ON CONFLICT (case_no) DO NOTHING;
            -- A second statement: it sees what the first registered and what a concurrent
            -- push committed meanwhile, so a case that lost the number is listed as sharing it.
            INSERT INTO counter.shared_case_numbers (case_no, case_id, device_id, record_id,
                                                     received_at)
            SELECT u.case_no, u.case_id, u.device_id, u.id, now()
              FROM unnest(nos, cases, devices, ids) AS u (case_no, case_id, device_id, id)
              JOIN counter.case_numbers h ON h.case_no = u.case_no AND h.case_id <> u.case_id
            ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$"""


def _queue_visits_once() -> str:
    return f"""
        CREATE OR REPLACE FUNCTION counter.queue_visits() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        SET work_mem = '{WORK_MEM}' AS $$
        BEGIN
            INSERT INTO counter.visit_queue (txid, record_id, device_id, centre_code, body)
            SELECT txid_current(), v.id, v.device_id, d.centre_code,
                   json_build_object('record_id', v.id, 'device_id', v.device_id,
                                     'epoch', v.epoch, 'seq', v.seq, 'kind', v.kind,
                                     'created_at', v.created_at, 'case_id', v.case_id,
                                     'window', d.centre_code || '/' || d.window_code,
                                     'payload', v.p)::text
              FROM (SELECT a.id, a.device_id, a.epoch, a.seq, a.kind, a.created_at, a.case_id,
                           counter.visit_payload(a.payload) AS p
                      FROM arrived a
                     WHERE a.case_id IS NOT NULL AND a.kind IN ({CASE_KINDS})
                    OFFSET 0) v
              JOIN counter.devices d ON d.device_id = v.device_id
             WHERE v.p IS NOT NULL
             ORDER BY v.device_id, v.epoch, v.seq;
            IF FOUND THEN
                INSERT INTO counter.visit_flush VALUES (txid_current()) ON CONFLICT DO NOTHING;
            END IF;
            RETURN NULL;
        END $$"""


def upgrade() -> None:
    op.execute(_note_case_numbers_once())
    op.execute(_queue_visits_once())
    op.execute(f"ALTER FUNCTION counter.publish_visits() SET work_mem = '{WORK_MEM}'")


# ---- the definitions of c0003 and c0006, for the downgrade ----------------------------------

_ARRIVALS = f"""(SELECT n.case_no, n.case_id, n.device_id, n.id,
                       row_number() OVER (PARTITION BY n.case_no ORDER BY n.epoch, n.seq) AS k
                  FROM (SELECT {CASE_NO_OF.format(payload="a.payload")} AS case_no, a.case_id,
                               a.device_id, a.id, a.epoch, a.seq
                          FROM arrived a
                         WHERE a.kind = 'intake' AND a.case_id IS NOT NULL) n
                  JOIN counter.devices d ON d.device_id = n.device_id
                 WHERE n.case_no IS NOT NULL
                   AND starts_with(n.case_no, d.centre_code || '-' || d.window_code || '-'))"""


def downgrade() -> None:
    op.execute("ALTER FUNCTION counter.publish_visits() RESET work_mem")
    op.execute("ALTER FUNCTION counter.queue_visits() RESET work_mem")
    op.execute("ALTER FUNCTION counter.note_case_numbers() RESET work_mem")
    op.execute(f"""
        CREATE OR REPLACE FUNCTION counter.note_case_numbers() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            INSERT INTO counter.case_numbers (case_no, case_id, device_id, record_id)
            SELECT x.case_no, x.case_id, x.device_id, x.id FROM {_ARRIVALS} x
             WHERE x.k = 1
            ON CONFLICT (case_no) DO NOTHING;
            INSERT INTO counter.shared_case_numbers (case_no, case_id, device_id, record_id,
                                                     received_at)
            SELECT x.case_no, x.case_id, x.device_id, x.id, now() FROM {_ARRIVALS} x
              JOIN counter.case_numbers h ON h.case_no = x.case_no AND h.case_id <> x.case_id
            ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$""")
    op.execute(f"""
        CREATE OR REPLACE FUNCTION counter.queue_visits() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            INSERT INTO counter.visit_queue (txid, record_id, device_id, centre_code, body)
            SELECT txid_current(), v.id, v.device_id, v.centre_code,
                   json_build_object('record_id', v.id, 'device_id', v.device_id,
                                     'epoch', v.epoch, 'seq', v.seq, 'kind', v.kind,
                                     'created_at', v.created_at, 'case_id', v.case_id,
                                     'window', v.centre_code || '/' || v.window_code,
                                     'payload', v.p)::text
              FROM (SELECT a.*, d.centre_code, d.window_code,
                           counter.visit_payload(a.payload) AS p
                      FROM arrived a JOIN counter.devices d ON d.device_id = a.device_id
                     WHERE a.case_id IS NOT NULL AND a.kind IN ({CASE_KINDS})) v
             WHERE v.p IS NOT NULL
             ORDER BY v.device_id, v.epoch, v.seq;
            IF FOUND THEN
                INSERT INTO counter.visit_flush VALUES (txid_current()) ON CONFLICT DO NOTHING;
            END IF;
            RETURN NULL;
        END $$""")
