"""a window's own visits are not sent back to it; visits published in order from plain columns

Revision ID: c0016
Revises: c0015
Create Date: 2026-12-03

Measured on a 1M-row central (docs/benchmarks.md, "A window's first sync of 30 days"): a
window's first sync of 30 days pulled back its own 19,014 visits (dataset ``centre_visits`` is
published to the whole centre, the sender included), about 1.1 s of the sync's 3.7 s, and the
central parsed every queued visit's JSON body again at COMMIT to order the publications.

Now:

- ``counter.publications.from_device``: the device whose record a ``centre_visits``
  publication is (NULL for every other dataset and for the visits published before this
  revision, which windows still receive as before);
- ``counter.my_publications`` takes the calling device (``p_device``, optional: a window of an
  earlier version calls it without) and leaves that device's own visits out of its centre's
  rows. Leaving rows out only narrows what the caller reads, so the argument needs no check;
  the horizon and the cursor work as before;
- ``counter.visit_queue`` keeps each visit's epoch and sequence number in columns, so
  ``publish_visits`` orders the batch on them instead of parsing every body again.

The window refolds a case it recorded a visit of, when other windows' visits are folded into
it, at its own pull (services/centre_cases.py); that is what the echo did.
"""

from alembic import context, op

revision = "c0016"
down_revision = "c0015"
branch_labels = None
depends_on = None

CASE_KINDS = "'intake', 'supplement', 'pickup', 'case_status', 'transfer', 'promise'"
WORK_MEM = "32MB"
OLD_SIGNATURE = "counter.my_publications(text, bigint, integer, boolean)"
NEW_SIGNATURE = "counter.my_publications(text, bigint, integer, boolean, uuid)"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _my_publications(*, with_device: bool) -> str:
    """c0005's function, with or without the device whose own visits are left out."""
    own = " AND (p_device IS NULL OR p.from_device IS DISTINCT FROM p_device)" if with_device else ""
    audiences = (
        "p.centre_code IS NULL AND p.window_code IS NULL",
        f"p.centre_code = w.centre_code AND p.window_code IS NULL{own}",
        "p.centre_code = w.centre_code AND p.window_code = w.window_code",
    )

    def page(order: str, limit: str) -> str:
        parts = "\n                UNION ALL\n".join(
            f"""                (SELECT p.version, p.body, p.body_hash FROM counter.publications p
                  WHERE p.dataset = p_dataset AND p.version > p_after AND {a}
                  ORDER BY p.version {order} LIMIT {limit})""" for a in audiences)
        return f"""
            RETURN QUERY
            WITH page AS (
                SELECT m.* FROM (
{parts}
                ) m ORDER BY m.version {order} LIMIT {limit}
            )
            SELECT g.version, g.body, g.body_hash, coalesce(top, 0) FROM page g
            UNION ALL
            SELECT NULL::bigint, NULL::text, NULL::text, coalesce(top, 0)
             WHERE NOT EXISTS (SELECT 1 FROM page)
            ORDER BY 1 NULLS LAST;"""

    device_arg = ", p_device uuid DEFAULT NULL" if with_device else ""
    return f"""
        CREATE FUNCTION counter.my_publications(p_dataset text, p_after bigint, p_limit integer,
                                                p_newest boolean DEFAULT false{device_arg})
        RETURNS TABLE (version bigint, body text, body_hash text, horizon bigint)
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            w counter.windows%ROWTYPE;
            top bigint;
        BEGIN
            SELECT * INTO w FROM counter.windows x WHERE x.role_name = session_user;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'role % is not a window', session_user
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            SELECT max(p.version) INTO top FROM counter.publications p
             WHERE p.dataset = p_dataset;
            IF p_newest THEN{page("DESC", "1")}
            ELSE{page("ASC", "p_limit")}
            END IF;
        END $$"""


def _queue_visits(*, with_order: bool) -> str:
    """c0015's statement trigger, with or without the epoch and sequence in their columns."""
    columns = ", epoch, seq" if with_order else ""
    values = ", v.epoch, v.seq" if with_order else ""
    return f"""
        CREATE OR REPLACE FUNCTION counter.queue_visits() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        SET work_mem = '{WORK_MEM}' AS $$
        BEGIN
            INSERT INTO counter.visit_queue (txid, record_id, device_id, centre_code, body{columns})
            SELECT txid_current(), v.id, v.device_id, d.centre_code,
                   json_build_object('record_id', v.id, 'device_id', v.device_id,
                                     'epoch', v.epoch, 'seq', v.seq, 'kind', v.kind,
                                     'created_at', v.created_at, 'case_id', v.case_id,
                                     'window', d.centre_code || '/' || d.window_code,
                                     'payload', v.p)::text{values}
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


def _publish_visits(*, from_columns: bool) -> str:
    """At COMMIT, the transaction's queued visits become publications in record order."""
    if from_columns:
        target, source = ", from_device", ", q.device_id"
        order = "q.device_id, q.epoch, q.seq"
    else:
        target = source = ""
        order = ("q.device_id, (q.body::json ->> 'epoch')::integer, "
                 "(q.body::json ->> 'seq')::bigint")
    return f"""
        CREATE OR REPLACE FUNCTION counter.publish_visits() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        SET work_mem = '{WORK_MEM}' AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(hashtext('counter.publish'));
            INSERT INTO counter.publications (dataset, centre_code, window_code, body,
                                              body_hash{target})
            SELECT 'centre_visits', q.centre_code, NULL, q.body,
                   encode(sha256(convert_to(q.body, 'UTF8')), 'hex'){source}
              FROM counter.visit_queue q WHERE q.txid = NEW.txid
             ORDER BY {order};
            DELETE FROM counter.visit_queue q WHERE q.txid = NEW.txid;
            DELETE FROM counter.visit_flush f WHERE f.txid = NEW.txid;
            RETURN NULL;
        END $$"""


def _grant(signature: str) -> None:
    group = _ident(context.config.attributes["role_prefix"] + "windows")
    op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {signature} TO {group}")


def upgrade() -> None:
    # Adding a column without a default rewrites nothing, whatever the table's size.
    op.execute("ALTER TABLE counter.publications ADD COLUMN from_device uuid")
    # The queue is empty outside a push's transaction, and this waits for those in flight.
    op.execute("ALTER TABLE counter.visit_queue ADD COLUMN epoch integer, ADD COLUMN seq bigint")
    op.execute(_queue_visits(with_order=True))
    op.execute(_publish_visits(from_columns=True))
    op.execute(f"DROP FUNCTION {OLD_SIGNATURE}")
    op.execute(_my_publications(with_device=True))
    _grant(NEW_SIGNATURE)


def downgrade() -> None:
    op.execute(f"DROP FUNCTION {NEW_SIGNATURE}")
    op.execute(_my_publications(with_device=False))
    _grant(OLD_SIGNATURE)
    op.execute(_publish_visits(from_columns=False))
    op.execute(_queue_visits(with_order=False))
    op.execute("ALTER TABLE counter.visit_queue DROP COLUMN epoch, DROP COLUMN seq")
    op.execute("ALTER TABLE counter.publications DROP COLUMN from_device")
