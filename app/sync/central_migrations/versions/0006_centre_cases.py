"""one centre, every window: the centre's case visits and window keys published to its windows

Revision ID: c0006
Revises: c0005
Create Date: 2026-12-03

一窗通办: an applicant coming back is served at whichever window of the centre is free.

- ``centre_visits``: every record about a case (intake, supplement, pickup, case status,
  transfer, promise) from any device of a centre is published to the windows of that centre
  (audience: the centre), the ID numbers replaced by the masked form the recording window sent
  with them (``applicant_id``, ``agent_id``, ``collector_id``: masked number and check value;
  see core/id_check.py). Row security is the publications' own: a window reads its centre's
  publications only (``counter.my_publications``).
  Publishing takes the publishers' advisory lock (versions must become visible in order) and
  holds it to the commit. A push must not hold it while its client is away (a stalled window
  would stop every push of the county), so the statement trigger on ``records`` only queues
  the visits; a deferred constraint trigger publishes them at COMMIT, on the server alone.
- ``window_keys``: each device's public key for signing return slips, sent by the device
  (``counter.publish_window_key``) and published to the windows of its centre.
"""

import re

import sqlalchemy as sa
from alembic import context, op

revision = "c0006"
down_revision = "c0005"
branch_labels = None
depends_on = None

NEW_DATASETS = ("window_keys", "centre_visits")
CASE_KINDS = ("intake", "supplement", "pickup", "case_status", "transfer", "promise")


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _allow_datasets(names: tuple[str, ...], *, add: bool) -> None:
    """Add (or take) dataset names to the publications' CHECK, keeping whatever other
    revisions allowed (a revision of another feature may add its own)."""
    bind = op.get_bind()
    current = bind.execute(sa.text(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conname = 'publications_dataset_check' "
        "AND conrelid = 'counter.publications'::regclass")).scalar() or ""
    allowed = [n for n in re.findall(r"'([a-z_]+)'", current) if n not in names]
    if add:
        allowed += list(names)
    op.execute("ALTER TABLE counter.publications DROP CONSTRAINT publications_dataset_check")
    op.execute("ALTER TABLE counter.publications ADD CONSTRAINT publications_dataset_check "
               f"CHECK (dataset IN ({_list(tuple(allowed))}))")


def upgrade() -> None:
    group = _ident(context.config.attributes["role_prefix"] + "windows")
    _allow_datasets(NEW_DATASETS, add=True)

    op.execute("""
        CREATE TABLE counter.window_keys (
            key_id text PRIMARY KEY CHECK (key_id ~ '^[A-Z2-7]{16}$'),
            device_id uuid NOT NULL REFERENCES counter.devices (device_id),
            centre_code text NOT NULL,
            window_code text NOT NULL,
            public_key text NOT NULL CHECK (public_key ~ '^[A-Za-z0-9+/]{43}=$'),
            published_at timestamptz NOT NULL DEFAULT now()
        )""")
    op.execute("""
        CREATE FUNCTION counter.publish_window_key(p_device uuid, p_key_id text, p_public text)
        RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            d counter.devices%ROWTYPE;
            holder uuid;
            body text;
        BEGIN
            SELECT * INTO d FROM counter.devices x
             WHERE x.device_id = p_device AND x.role_name = session_user;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'device % does not belong to %', p_device, session_user
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF p_key_id !~ '^[A-Z2-7]{16}$' OR p_public !~ '^[A-Za-z0-9+/]{43}=$' THEN
                RETURN 'malformed';
            END IF;
            SELECT k.device_id INTO holder FROM counter.window_keys k WHERE k.key_id = p_key_id;
            IF holder = p_device THEN
                RETURN 'held';
            ELSIF holder IS NOT NULL THEN
                RETURN 'taken';  -- another device's key: never re-filed under this one
            END IF;
            INSERT INTO counter.window_keys (key_id, device_id, centre_code, window_code,
                                             public_key)
            VALUES (p_key_id, p_device, d.centre_code, d.window_code, p_public);
            body := json_build_object('key_id', p_key_id, 'public_key', p_public,
                                      'centre', d.centre_code, 'window', d.window_code,
                                      'device_id', p_device)::text;
            PERFORM pg_advisory_xact_lock(hashtext('counter.publish'));
            INSERT INTO counter.publications (dataset, centre_code, window_code, body, body_hash)
            VALUES ('window_keys', d.centre_code, NULL, body,
                    encode(sha256(convert_to(body, 'UTF8')), 'hex'));
            RETURN 'published';
        END $$""")

    # A payload as the centre's other windows see it: each party's number replaced by the
    # masked form the recording window sent beside it (empty when it sent none). Never raises.
    op.execute("""
        CREATE FUNCTION counter.visit_payload(p_payload text) RETURNS jsonb
        LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            j jsonb;
            who text;
        BEGIN
            BEGIN
                j := p_payload::jsonb;
            EXCEPTION WHEN others THEN
                RETURN NULL;
            END;
            IF jsonb_typeof(j) <> 'object' THEN
                RETURN NULL;
            END IF;
            FOREACH who IN ARRAY ARRAY['applicant', 'agent', 'collector'] LOOP
                IF jsonb_typeof(j -> who) = 'object' THEN
                    j := jsonb_set(j, ARRAY[who, 'id_number'],
                                   coalesce(j -> (who || '_id') -> 'masked', '""'::jsonb));
                END IF;
            END LOOP;
            RETURN j;
        END $$""")
    op.execute("""
        CREATE TABLE counter.visit_queue (
            txid bigint NOT NULL,
            record_id uuid NOT NULL,
            device_id uuid NOT NULL,
            centre_code text NOT NULL,
            body text NOT NULL,
            PRIMARY KEY (txid, record_id, device_id)
        )""")
    op.execute("CREATE TABLE counter.visit_flush (txid bigint PRIMARY KEY)")
    op.execute(f"""
        CREATE FUNCTION counter.queue_visits() RETURNS trigger
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
                     WHERE a.case_id IS NOT NULL AND a.kind IN ({_list(CASE_KINDS)})) v
             WHERE v.p IS NOT NULL
             ORDER BY v.device_id, v.epoch, v.seq;
            IF FOUND THEN
                INSERT INTO counter.visit_flush VALUES (txid_current()) ON CONFLICT DO NOTHING;
            END IF;
            RETURN NULL;
        END $$""")
    op.execute("""
        CREATE TRIGGER records_centre_visits AFTER INSERT ON counter.records
        REFERENCING NEW TABLE AS arrived
        FOR EACH STATEMENT EXECUTE FUNCTION counter.queue_visits()""")
    # At COMMIT: the transaction's queued visits become publications, in record order.
    op.execute("""
        CREATE FUNCTION counter.publish_visits() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(hashtext('counter.publish'));
            INSERT INTO counter.publications (dataset, centre_code, window_code, body, body_hash)
            SELECT 'centre_visits', q.centre_code, NULL, q.body,
                   encode(sha256(convert_to(q.body, 'UTF8')), 'hex')
              FROM counter.visit_queue q WHERE q.txid = NEW.txid
             ORDER BY q.device_id, (q.body::json ->> 'epoch')::integer,
                      (q.body::json ->> 'seq')::bigint;
            DELETE FROM counter.visit_queue q WHERE q.txid = NEW.txid;
            DELETE FROM counter.visit_flush f WHERE f.txid = NEW.txid;
            RETURN NULL;
        END $$""")
    op.execute("""
        CREATE CONSTRAINT TRIGGER visit_flush_at_commit AFTER INSERT ON counter.visit_flush
        DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION counter.publish_visits()""")

    # The visits already here, published once for the windows of each centre.
    op.execute(f"""
        INSERT INTO counter.publications (dataset, centre_code, window_code, body, body_hash)
        SELECT 'centre_visits', v.centre_code, NULL, v.body,
               encode(sha256(convert_to(v.body, 'UTF8')), 'hex')
          FROM (SELECT d.centre_code, r.device_id, r.epoch, r.seq,
                       json_build_object('record_id', r.id, 'device_id', r.device_id,
                                         'epoch', r.epoch, 'seq', r.seq, 'kind', r.kind,
                                         'created_at', r.created_at, 'case_id', r.case_id,
                                         'window', d.centre_code || '/' || d.window_code,
                                         'payload', counter.visit_payload(r.payload))::text
                           AS body,
                       counter.visit_payload(r.payload) IS NOT NULL AS readable
                  FROM counter.records r JOIN counter.devices d ON d.device_id = r.device_id
                 WHERE r.case_id IS NOT NULL AND r.kind IN ({_list(CASE_KINDS)})) v
         WHERE v.readable
         ORDER BY v.device_id, v.epoch, v.seq""")

    for fn in ("publish_window_key(uuid, text, text)", "visit_payload(text)",
               "queue_visits()", "publish_visits()"):
        op.execute(f"REVOKE ALL ON FUNCTION counter.{fn} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION counter.publish_window_key(uuid, text, text) "
               f"TO {group}")


def downgrade() -> None:
    op.execute("DROP TRIGGER visit_flush_at_commit ON counter.visit_flush")
    op.execute("DROP FUNCTION counter.publish_visits()")
    op.execute("DROP TRIGGER records_centre_visits ON counter.records")
    op.execute("DROP FUNCTION counter.queue_visits()")
    op.execute("DROP TABLE counter.visit_flush")
    op.execute("DROP TABLE counter.visit_queue")
    op.execute("DROP FUNCTION counter.visit_payload(text)")
    op.execute("DROP FUNCTION counter.publish_window_key(uuid, text, text)")
    op.execute("DROP TABLE counter.window_keys")
    op.execute("DELETE FROM counter.publications "
               "WHERE dataset IN ('window_keys', 'centre_visits')")
    _allow_datasets(NEW_DATASETS, add=False)
