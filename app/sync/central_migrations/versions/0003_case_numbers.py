"""case numbers held once: the register of numbers, window issuers, decisions by case identity

Revision ID: c0003
Revises: c0002
Create Date: 2026-12-03

- ``counter.case_numbers``: each case number the central database holds, with the case's
  identity (``case_id``, made by the window) and the device that sent it. Filled from the intake
  records as they arrive (a statement trigger on ``records``) and, once, from the records
  already here. An intake record whose number is held by another case is refused at push
  (quarantined, reason ``case_no_taken``, see push.py) and listed by ``counter central
  duplicates``.
- ``counter.shared_case_numbers``: cases that took a number another case already held before
  this revision (the first to arrive keeps it); listed there too.
- ``counter.issuers``: the two-character issuer each device of a window puts in its case
  numbers (core/case_numbers.py). ``counter.claim_issuer`` registers a device's issuer, or,
  when another device of the same window holds it, hands out a free one.
"""

from alembic import context, op

revision = "c0003"
down_revision = "c0002"
branch_labels = None
depends_on = None

# The case number of a canonical intake payload (sorted keys, no spaces): read with a pattern,
# not a jsonb cast, so a payload that is not JSON never fails a statement.
CASE_NO_OF = r"""substring({payload} from '"case_no":"([A-Z0-9-]{{1,50}})"')"""


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def upgrade() -> None:
    group = _ident(context.config.attributes["role_prefix"] + "windows")
    op.execute("""
        CREATE TABLE counter.case_numbers (
            case_no text PRIMARY KEY,
            case_id text NOT NULL,
            device_id uuid NOT NULL,
            record_id uuid NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now()
        )""")
    op.execute("CREATE INDEX case_numbers_case_id ON counter.case_numbers (case_id)")
    # The first intake of each number, in the order they arrived.
    op.execute(f"""
        INSERT INTO counter.case_numbers (case_no, case_id, device_id, record_id, received_at)
        SELECT DISTINCT ON (n.case_no) n.case_no, n.case_id, n.device_id, n.id, n.received_at
          FROM (SELECT {CASE_NO_OF.format(payload='r.payload')} AS case_no, r.case_id,
                       r.device_id, r.id, r.received_at
                  FROM counter.records r
                 WHERE r.kind = 'intake' AND r.case_id IS NOT NULL) n
         WHERE n.case_no IS NOT NULL
         ORDER BY n.case_no, n.received_at, n.id""")
    # Cases that already share a number with the holder: kept apart, listed for the
    # administrator (counter central duplicates); a decision on one of them names its case id.
    op.execute("""
        CREATE TABLE counter.shared_case_numbers (
            case_no text NOT NULL REFERENCES counter.case_numbers (case_no),
            case_id text NOT NULL,
            device_id uuid NOT NULL,
            record_id uuid NOT NULL,
            received_at timestamptz NOT NULL,
            PRIMARY KEY (case_no, case_id)
        )""")
    op.execute(f"""
        INSERT INTO counter.shared_case_numbers (case_no, case_id, device_id, record_id,
                                                 received_at)
        SELECT DISTINCT ON (n.case_no, n.case_id) n.case_no, n.case_id, n.device_id, n.id,
               n.received_at
          FROM (SELECT {CASE_NO_OF.format(payload='r.payload')} AS case_no, r.case_id,
                       r.device_id, r.id, r.received_at
                  FROM counter.records r
                 WHERE r.kind = 'intake' AND r.case_id IS NOT NULL) n
          JOIN counter.case_numbers h ON h.case_no = n.case_no AND h.case_id <> n.case_id
         ORDER BY n.case_no, n.case_id, n.received_at, n.id""")
    # Decisions and return visits find a case's records by its id.
    op.execute("CREATE INDEX IF NOT EXISTS records_case_id ON counter.records (case_id)")
    # Only a number of the sending device's own window is registered (a window cannot take
    # another window's numbers). A number already held by another case (two devices pushing
    # the same number at the same moment, or two cases in one batch, both past the push's
    # check) is listed with the sharers, so no case under a number goes unlisted.
    # The intakes of a statement, numbered per case number in record order, and only numbers
    # of the sending device's own window.
    arrivals = f"""(SELECT n.case_no, n.case_id, n.device_id, n.id,
                       row_number() OVER (PARTITION BY n.case_no ORDER BY n.epoch, n.seq) AS k
                  FROM (SELECT {CASE_NO_OF.format(payload='a.payload')} AS case_no, a.case_id,
                               a.device_id, a.id, a.epoch, a.seq
                          FROM arrived a
                         WHERE a.kind = 'intake' AND a.case_id IS NOT NULL) n
                  JOIN counter.devices d ON d.device_id = n.device_id
                 WHERE n.case_no IS NOT NULL
                   AND starts_with(n.case_no, d.centre_code || '-' || d.window_code || '-'))"""
    # Two statements: the second sees what the first registered and what a concurrent push
    # committed meanwhile, so a case that lost the number (two devices pushing it at the same
    # moment, or two cases in one batch, both past the push's check) is listed as sharing it.
    op.execute(f"""
        CREATE FUNCTION counter.note_case_numbers() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            INSERT INTO counter.case_numbers (case_no, case_id, device_id, record_id)
            SELECT x.case_no, x.case_id, x.device_id, x.id FROM {arrivals} x
             WHERE x.k = 1
            ON CONFLICT (case_no) DO NOTHING;
            INSERT INTO counter.shared_case_numbers (case_no, case_id, device_id, record_id,
                                                     received_at)
            SELECT x.case_no, x.case_id, x.device_id, x.id, now() FROM {arrivals} x
              JOIN counter.case_numbers h ON h.case_no = x.case_no AND h.case_id <> x.case_id
            ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$""")
    # One statement-level trigger: a 5,000-row push adds one INSERT, not 5,000 calls.
    op.execute("""
        CREATE TRIGGER records_case_numbers AFTER INSERT ON counter.records
        REFERENCING NEW TABLE AS arrived
        FOR EACH STATEMENT EXECUTE FUNCTION counter.note_case_numbers()""")
    # For the push's validation: is this intake's number held by another case?
    op.execute(f"""
        CREATE FUNCTION counter.case_no_taken(p_kind text, p_payload text, p_case_id text)
        RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            SELECT p_kind = 'intake' AND p_case_id IS NOT NULL AND EXISTS (
                SELECT 1 FROM counter.case_numbers c
                 WHERE c.case_no = {CASE_NO_OF.format(payload='p_payload')}
                   AND c.case_id <> p_case_id)
        $$""")

    op.execute("""
        CREATE TABLE counter.issuers (
            centre_code text NOT NULL,
            window_code text NOT NULL,
            issuer text NOT NULL CHECK (issuer ~ '^[0-9A-HJKMNP-TV-Z]{2}$'),
            device_id uuid NOT NULL REFERENCES counter.devices (device_id),
            claimed_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (centre_code, window_code, issuer)
        )""")
    # Existing numbers have no issuer; nothing to fill. A device may hold several issuers over
    # time (one per restore); an issuer belongs to one device of its window for good, and is
    # handed out once: p_fresh says the window has issued no number under it yet.
    op.execute(r"""
        CREATE FUNCTION counter.claim_issuer(p_device uuid, p_issuer text, p_fresh boolean)
        RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            d counter.devices%ROWTYPE;
            holder uuid;
            alphabet constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
            free text[];
        BEGIN
            SELECT * INTO d FROM counter.devices x
             WHERE x.device_id = p_device AND x.role_name = session_user;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'device % does not belong to %', p_device, session_user
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            -- One claim at a time per window, so two devices never take the same free one.
            PERFORM pg_advisory_xact_lock(hashtext('counter.issuers/' || d.centre_code || '/'
                                                   || d.window_code));
            IF p_issuer ~ '^[0-9A-HJKMNP-TV-Z]{2}$' AND p_issuer !~ '^[0-9]{2}$' THEN
                SELECT i.device_id INTO holder FROM counter.issuers i
                 WHERE (i.centre_code, i.window_code, i.issuer)
                     = (d.centre_code, d.window_code, p_issuer);
                -- A fresh pick (no number issued under it yet) must be new to the window: one
                -- this device held before may have numbers of today from a lost copy.
                IF holder = p_device AND NOT p_fresh THEN
                    RETURN p_issuer;
                ELSIF holder IS NULL THEN
                    INSERT INTO counter.issuers (centre_code, window_code, issuer, device_id)
                    VALUES (d.centre_code, d.window_code, p_issuer, p_device);
                    RETURN p_issuer;
                END IF;
            END IF;
            SELECT array_agg(t ORDER BY random()) INTO free FROM (
                SELECT substr(alphabet, a, 1) || substr(alphabet, b, 1) AS t
                  FROM generate_series(1, 32) a, generate_series(1, 32) b
                 WHERE a > 10 OR b > 10) c
             WHERE NOT EXISTS (SELECT 1 FROM counter.issuers i
                                WHERE (i.centre_code, i.window_code, i.issuer)
                                    = (d.centre_code, d.window_code, c.t));
            IF free IS NULL THEN
                RETURN NULL;
            END IF;
            INSERT INTO counter.issuers (centre_code, window_code, issuer, device_id)
            VALUES (d.centre_code, d.window_code, free[1], p_device);
            RETURN free[1];
        END $$""")
    for fn in ("case_no_taken(text, text, text)", "claim_issuer(uuid, text, boolean)",
               "note_case_numbers()"):
        op.execute(f"REVOKE ALL ON FUNCTION counter.{fn} FROM PUBLIC")
    for fn in ("case_no_taken(text, text, text)", "claim_issuer(uuid, text, boolean)"):
        op.execute(f"GRANT EXECUTE ON FUNCTION counter.{fn} TO {group}")


def downgrade() -> None:
    op.execute("DROP FUNCTION counter.claim_issuer(uuid, text, boolean)")
    op.execute("DROP TABLE counter.issuers")
    op.execute("DROP FUNCTION counter.case_no_taken(text, text, text)")
    op.execute("DROP TRIGGER records_case_numbers ON counter.records")
    op.execute("DROP FUNCTION counter.note_case_numbers()")
    op.execute("DROP INDEX IF EXISTS counter.records_case_id")
    op.execute("DROP TABLE counter.shared_case_numbers")
    op.execute("DROP TABLE counter.case_numbers")
