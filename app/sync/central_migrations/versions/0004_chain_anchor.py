"""the central anchors each window's hash chain

Revision ID: c0004
Revises: c0003
Create Date: 2026-12-03

Every record a window makes carries ``prev_hash``, the ``chain_hash`` of the record before it.
Until now only the window itself walked that chain, so a person with the PC's disk could
rewrite the records and recompute every hash. From this revision the central database holds
each device's chain as it arrived and refuses a record that does not continue it:

- a record (device, epoch, seq) must link to the record (device, epoch, seq - 1) when the
  central holds that one;
- seq 1 links to the genesis hash (64 zeros);
- the first record of an epoch the central sees (no record and no quarantined record of that
  epoch below it) links to a record of an earlier epoch at seq - 1 when the central holds any:
  that is how ``outbox.restamp`` links the records it moves to a new epoch after a restored
  backup;
- otherwise (the record before is not here: quarantined, or never sent) nothing is compared.

``counter.check_chain`` is a statement-level trigger on ``records``: whatever the client sends,
a row that breaks the chain fails the statement (check_violation), and the push's careful path
then quarantines it with the reason ``chain_break`` (push.py). It compares each arrived row with
the one before it in the same statement (a sort of the batch, no look-up) and probes the table
once for the first row of each (device, epoch) of the statement: one index probe per batch.

For the windows' own check at every sync (engine.py): ``counter.chain_tips`` (per epoch the
highest sequence the central holds for the caller's device, with its id and chain hash) and
``counter.chain_at`` (the same at given sequence numbers); ``counter.note_tamper`` files what a
window found wrong with its own store in ``counter.refusals`` (new column ``detail``).
"""

from alembic import context, op

revision = "c0004"
down_revision = "c0003"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def upgrade() -> None:
    group = _ident(context.config.attributes["role_prefix"] + "windows")
    op.execute("ALTER TABLE counter.refusals ADD COLUMN detail text")

    # Does a record whose predecessor is not in the same statement break the chain the central
    # holds? NULL-safe, never raises. Answers only about the caller's own devices.
    op.execute(f"""
        CREATE FUNCTION counter.chain_link_broken(p_device uuid, p_epoch integer, p_seq bigint,
                                                  p_prev text)
        RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            SELECT counter.owns_device(p_device) AND CASE
                WHEN p_seq = 1 THEN p_prev IS DISTINCT FROM '{GENESIS}'
                WHEN h.chain_hash IS NOT NULL THEN h.chain_hash IS DISTINCT FROM p_prev
                WHEN EXISTS (SELECT 1 FROM counter.records r
                              WHERE r.device_id = p_device AND r.epoch = p_epoch
                                AND r.seq < p_seq)
                  OR EXISTS (SELECT 1 FROM counter.quarantine q
                              WHERE q.device_id = p_device AND q.epoch = p_epoch
                                AND q.seq < p_seq)
                    THEN false
                ELSE coalesce((SELECT bool_and(x.chain_hash IS DISTINCT FROM p_prev)
                                 FROM generate_series(1, p_epoch - 1) AS e (n)
                                 CROSS JOIN LATERAL (
                                       SELECT r.chain_hash FROM counter.records r
                                        WHERE r.device_id = p_device AND r.epoch = e.n
                                          AND r.seq = p_seq - 1 LIMIT 1) x), false)
                END
              FROM (SELECT (SELECT r.chain_hash FROM counter.records r
                             WHERE r.device_id = p_device AND r.epoch = p_epoch
                               AND r.seq = p_seq - 1 LIMIT 1) AS chain_hash) h
        $$""")
    # The anchor itself: the first row of the statement that breaks the chain fails it.
    op.execute("""
        CREATE FUNCTION counter.check_chain() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            bad record;
        BEGIN
            SELECT a.id, a.epoch, a.seq INTO bad
              FROM (SELECT x.id, x.device_id, x.epoch, x.seq, x.prev_hash,
                           lag(x.device_id) OVER w AS l_device, lag(x.epoch) OVER w AS l_epoch,
                           lag(x.seq) OVER w AS l_seq, lag(x.chain_hash) OVER w AS l_chain
                      FROM arrived x
                    WINDOW w AS (ORDER BY x.device_id, x.epoch, x.seq)) a
             WHERE CASE
                   WHEN a.l_device = a.device_id AND a.l_epoch = a.epoch
                       THEN a.l_seq = a.seq - 1 AND a.l_chain <> a.prev_hash
                   ELSE counter.chain_link_broken(a.device_id, a.epoch, a.seq, a.prev_hash)
                   END
             LIMIT 1;
            IF FOUND THEN
                RAISE EXCEPTION 'chain_break: record % (epoch %, seq %) does not continue the '
                                'chain the central database holds', bad.id, bad.epoch, bad.seq
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NULL;
        END $$""")
    op.execute("""
        CREATE TRIGGER records_chain AFTER INSERT ON counter.records
        REFERENCING NEW TABLE AS arrived
        FOR EACH STATEMENT EXECUTE FUNCTION counter.check_chain()""")

    # Per epoch, the highest sequence the central holds for the caller's device (a skip scan:
    # one index probe per epoch).
    op.execute("""
        CREATE FUNCTION counter.chain_tips(p_device uuid)
        RETURNS TABLE (epoch integer, seq bigint, id uuid, chain_hash text)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            WITH RECURSIVE epochs (n) AS (
                SELECT (SELECT min(r.epoch) FROM counter.records r
                         WHERE r.device_id = p_device AND counter.owns_device(p_device))
                UNION ALL
                SELECT (SELECT min(r.epoch) FROM counter.records r
                         WHERE r.device_id = p_device AND r.epoch > e.n)
                  FROM epochs e WHERE e.n IS NOT NULL)
            SELECT e.n, t.seq, t.id, t.chain_hash
              FROM epochs e
             CROSS JOIN LATERAL (SELECT r.seq, r.id, r.chain_hash FROM counter.records r
                                  WHERE r.device_id = p_device AND r.epoch = e.n
                                  ORDER BY r.seq DESC LIMIT 1) t
             WHERE e.n IS NOT NULL
             ORDER BY e.n
        $$""")
    op.execute("""
        CREATE FUNCTION counter.chain_at(p_device uuid, p_epochs integer[], p_seqs bigint[])
        RETURNS TABLE (epoch integer, seq bigint, id uuid, chain_hash text)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            SELECT k.epoch, k.seq, r.id, r.chain_hash
              FROM unnest(p_epochs, p_seqs) AS k (epoch, seq)
             CROSS JOIN LATERAL (SELECT r.id, r.chain_hash FROM counter.records r
                                  WHERE r.device_id = p_device AND r.epoch = k.epoch
                                    AND r.seq = k.seq LIMIT 1) r
             WHERE counter.owns_device(p_device)
        $$""")
    # What a window found wrong with its own store, for the county's report.
    op.execute(r"""
        CREATE FUNCTION counter.note_tamper(p_device uuid, p_reason text, p_detail text)
        RETURNS void
        LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            INSERT INTO counter.refusals (role_name, device_id, reason, detail)
            SELECT session_user, p_device, p_reason, left(p_detail, 500)
             WHERE counter.owns_device(p_device) AND p_reason ~ '^[a-z_]{1,40}$'
        $$""")
    for fn in ("chain_link_broken(uuid, integer, bigint, text)", "check_chain()",
               "chain_tips(uuid)", "chain_at(uuid, integer[], bigint[])",
               "note_tamper(uuid, text, text)"):
        op.execute(f"REVOKE ALL ON FUNCTION counter.{fn} FROM PUBLIC")
    for fn in ("chain_link_broken(uuid, integer, bigint, text)", "chain_tips(uuid)",
               "chain_at(uuid, integer[], bigint[])", "note_tamper(uuid, text, text)"):
        op.execute(f"GRANT EXECUTE ON FUNCTION counter.{fn} TO {group}")


def downgrade() -> None:
    op.execute("DROP FUNCTION counter.note_tamper(uuid, text, text)")
    op.execute("DROP FUNCTION counter.chain_at(uuid, integer[], bigint[])")
    op.execute("DROP FUNCTION counter.chain_tips(uuid)")
    op.execute("DROP TRIGGER records_chain ON counter.records")
    op.execute("DROP FUNCTION counter.check_chain()")
    op.execute("DROP FUNCTION counter.chain_link_broken(uuid, integer, bigint, text)")
    op.execute("ALTER TABLE counter.refusals DROP COLUMN detail")
