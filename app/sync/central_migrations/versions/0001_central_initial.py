"""central database: windows, devices, records, quarantine, manifests, publications

Revision ID: c0001
Revises:
Create Date: 2026-11-23

Plain PostgreSQL SQL only (no extensions), so the same schema runs on Citus, openGauss or
KingbaseES. Every unique key of a per-window table includes ``device_id``, the distribution
column on Citus (see docs/central.md).

Windows log in with their own role, a member of the group role named in ``counter.meta``
(``windows_role``). The tables are owned by the administrator who ran ``central init``; owners
bypass row-level security, window roles never own anything. What a window may not see (other
windows' rows) but the protocol needs to know about (device ownership, foreign record ids,
manifest checks) is answered by SECURITY DEFINER functions that look only at ``session_user``.
"""

from alembic import context, op

revision = "c0001"
down_revision = None
branch_labels = None
depends_on = None


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def upgrade() -> None:
    attrs = context.config.attributes
    prefix: str = attrs["role_prefix"]
    group = _ident(prefix + "windows")
    dbname = _ident(attrs["database"])

    op.execute("""
        CREATE TABLE counter.meta (
            key text PRIMARY KEY,
            value text NOT NULL
        )""")
    op.execute(f"""
        INSERT INTO counter.meta (key, value) VALUES
            ('role_prefix', '{prefix}'),
            ('windows_role', '{prefix}windows'),
            ('min_payload_version', '1'),
            ('max_payload_version', '1')""")

    op.execute(f"""
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{prefix}windows') THEN
                CREATE ROLE {group} NOLOGIN;
            END IF;
        END $$""")
    # Least privilege: nobody but the windows' group (and the owner) may connect or see it.
    op.execute(f"REVOKE ALL ON DATABASE {dbname} FROM PUBLIC")
    op.execute(f"GRANT CONNECT, TEMPORARY ON DATABASE {dbname} TO {group}")
    op.execute("REVOKE ALL ON SCHEMA counter FROM PUBLIC")
    op.execute(f"GRANT USAGE ON SCHEMA counter TO {group}")

    op.execute("""
        CREATE TABLE counter.centres (
            code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9]{1,20}$'),
            name text
        )""")
    op.execute("""
        CREATE TABLE counter.windows (
            centre_code text NOT NULL REFERENCES counter.centres (code),
            window_code text NOT NULL CHECK (window_code ~ '^[A-Z0-9]{1,20}$'),
            role_name text NOT NULL UNIQUE,
            created_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (centre_code, window_code)
        )""")
    # A device is one installation of Counter (its data directory). A window role may own
    # several over time (reinstalls); a device belongs to exactly one window role.
    op.execute("""
        CREATE TABLE counter.devices (
            device_id uuid PRIMARY KEY,
            role_name text NOT NULL,
            centre_code text NOT NULL,
            window_code text NOT NULL,
            first_seen timestamptz NOT NULL DEFAULT now(),
            last_seen timestamptz NOT NULL DEFAULT now(),
            last_sync_at timestamptz,
            last_error text,
            waiting integer,
            clock_skew_seconds double precision,
            app_version text,
            FOREIGN KEY (centre_code, window_code) REFERENCES counter.windows
        )""")
    op.execute("""
        CREATE TABLE counter.refusals (
            at timestamptz NOT NULL DEFAULT now(),
            role_name text NOT NULL,
            device_id uuid,
            reason text NOT NULL
        )""")

    # The service-process records. created_at is kept exactly as the window wrote it (its own
    # clock and UTC offset, hashed as is); day is the window's local date of that string.
    op.execute("""
        CREATE TABLE counter.records (
            id uuid NOT NULL,
            device_id uuid NOT NULL,
            epoch integer NOT NULL CHECK (epoch > 0),
            seq bigint NOT NULL CHECK (seq > 0),
            kind text NOT NULL,
            created_at text NOT NULL,
            created_ts timestamptz NOT NULL,
            day date NOT NULL,
            payload_version integer NOT NULL,
            payload text NOT NULL,
            content_hash text NOT NULL,
            prev_hash text NOT NULL,
            chain_hash text NOT NULL,
            case_id text,
            received_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT records_pkey PRIMARY KEY (id, device_id),
            CONSTRAINT records_device_seq UNIQUE (device_id, epoch, seq),
            CONSTRAINT records_content_hash
                CHECK (content_hash = encode(sha256(convert_to(payload, 'UTF8')), 'hex'))
        )""")
    # Same id, other content: the first version stays in records, each other one lands here.
    op.execute("""
        CREATE TABLE counter.conflicts (
            id uuid NOT NULL,
            device_id uuid NOT NULL,
            epoch integer NOT NULL,
            seq bigint NOT NULL,
            kind text NOT NULL,
            created_at text NOT NULL,
            payload_version integer NOT NULL,
            payload text NOT NULL,
            content_hash text NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (id, device_id, content_hash)
        )""")
    # Records that failed validation, kept as received (raw holds what could not be text).
    # raw_digest makes a replayed rejection add no row.
    op.execute("""
        CREATE TABLE counter.quarantine (
            device_id uuid NOT NULL,
            raw_digest text NOT NULL,
            record_id text,
            epoch integer,
            seq bigint,
            kind text,
            created_at text,
            payload_version integer,
            payload text,
            content_hash text,
            raw bytea,
            reason text NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (device_id, raw_digest)
        )""")
    op.execute("""
        CREATE TABLE counter.manifests (
            device_id uuid NOT NULL,
            day date NOT NULL,
            epoch integer NOT NULL,
            record_count integer NOT NULL,
            first_seq bigint NOT NULL,
            last_seq bigint NOT NULL,
            digest text NOT NULL,
            status text NOT NULL CHECK (status IN ('verified', 'missing', 'mismatch')),
            server_count integer NOT NULL,
            missing text,
            extra integer NOT NULL DEFAULT 0,
            checked_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (device_id, day, epoch)
        )""")

    # Reference data for windows. version comes from one sequence; publishers serialise on an
    # advisory lock so versions become visible in order and "newer than N" never skips one.
    op.execute("CREATE SEQUENCE counter.publication_version")
    op.execute("""
        CREATE TABLE counter.publications (
            version bigint PRIMARY KEY DEFAULT nextval('counter.publication_version'),
            dataset text NOT NULL
                CHECK (dataset IN ('catalog', 'holidays', 'accounts', 'case_status')),
            centre_code text,
            window_code text,
            body text NOT NULL,
            body_hash text NOT NULL,
            published_at timestamptz NOT NULL DEFAULT now(),
            published_by text NOT NULL DEFAULT current_user,
            CHECK (window_code IS NULL OR centre_code IS NOT NULL)
        )""")
    op.execute("CREATE INDEX publications_dataset ON counter.publications (dataset, version)")
    op.execute("""
        CREATE TABLE counter.accounts (
            username text PRIMARY KEY,
            display_name text NOT NULL,
            role text NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
            centre_code text REFERENCES counter.centres (code),
            password_hash text NOT NULL,
            active boolean NOT NULL DEFAULT true,
            updated_at timestamptz NOT NULL DEFAULT now()
        )""")

    # ---- validation helpers (immutable, no exceptions: a bad row is a verdict, not an error)
    # SQL, not PL/pgSQL, so the planner inlines it; the CASE guards the casts (a value the
    # pattern refuses never reaches them).
    op.execute(r"""
        CREATE FUNCTION counter.is_iso_timestamp(t text) RETURNS boolean
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE
                WHEN t ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])$'
                     AND left(t, 4) <> '0000'
                THEN substr(t, 9, 2)::integer <= extract(day FROM make_date(
                         substr(t, 1, 4)::integer, substr(t, 6, 2)::integer, 1)
                         + interval '1 month - 1 day')
                ELSE false END
        $$""")
    # ---- protocol functions for windows (SECURITY DEFINER: they read rows RLS hides)
    op.execute("""
        CREATE FUNCTION counter.register_device(p_device uuid, p_app_version text,
                                                p_client_time timestamptz)
        RETURNS TABLE (status text, centre_code text, window_code text,
                       server_time timestamptz, max_epoch integer,
                       min_payload_version integer, max_payload_version integer)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            w counter.windows%ROWTYPE;
            owner_role text;
        BEGIN
            SELECT * INTO w FROM counter.windows WHERE role_name = session_user;
            IF NOT FOUND THEN
                INSERT INTO counter.refusals (role_name, device_id, reason)
                VALUES (session_user, p_device, 'unknown_window');
                RETURN QUERY SELECT 'unknown_window'::text, NULL::text, NULL::text, now(),
                                    NULL::integer, NULL::integer, NULL::integer;
                RETURN;
            END IF;
            INSERT INTO counter.devices (device_id, role_name, centre_code, window_code)
            VALUES (p_device, session_user, w.centre_code, w.window_code)
            ON CONFLICT (device_id) DO NOTHING;
            SELECT d.role_name INTO owner_role FROM counter.devices d
             WHERE d.device_id = p_device;
            IF owner_role <> session_user THEN
                INSERT INTO counter.refusals (role_name, device_id, reason)
                VALUES (session_user, p_device, 'foreign_device');
                RETURN QUERY SELECT 'foreign_device'::text, w.centre_code, w.window_code, now(),
                                    NULL::integer, NULL::integer, NULL::integer;
                RETURN;
            END IF;
            UPDATE counter.devices d
               SET last_seen = now(), app_version = p_app_version,
                   clock_skew_seconds = extract(epoch FROM p_client_time - clock_timestamp())
             WHERE d.device_id = p_device;
            RETURN QUERY SELECT
                'ok'::text, w.centre_code, w.window_code, now(),
                (SELECT max(r.epoch) FROM counter.records r WHERE r.device_id = p_device),
                (SELECT m.value::integer FROM counter.meta m WHERE m.key = 'min_payload_version'),
                (SELECT m.value::integer FROM counter.meta m WHERE m.key = 'max_payload_version');
        END $$""")
    op.execute("""
        CREATE FUNCTION counter.owns_device(p_device uuid) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            SELECT EXISTS (SELECT 1 FROM counter.devices d
                            WHERE d.device_id = p_device AND d.role_name = session_user)
        $$""")
    # Which of these ids another device already sent: a window may not take over those.
    op.execute("""
        CREATE FUNCTION counter.foreign_record_ids(p_device uuid, p_ids uuid[])
        RETURNS SETOF uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            SELECT DISTINCT r.id FROM counter.records r
             WHERE r.id = ANY (p_ids) AND r.device_id <> p_device
               AND counter.owns_device(p_device)
        $$""")
    op.execute("""
        CREATE FUNCTION counter.note_sync(p_device uuid, p_waiting integer, p_error text)
        RETURNS void
        LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            UPDATE counter.devices d
               SET last_seen = now(), waiting = p_waiting, last_error = p_error,
                   last_sync_at = CASE WHEN p_error IS NULL AND p_waiting = 0 THEN now()
                                       ELSE d.last_sync_at END
             WHERE d.device_id = p_device AND d.role_name = session_user
        $$""")
    # Day close: the window's manifest of one (day, epoch) against what arrived. A record is
    # present if it is in records or in quarantine; for a record with conflicts the hash the
    # window sent last counts. Missing = sequence numbers in the window's range that arrived
    # nowhere (whatever their day), named as ranges to resend.
    op.execute(r"""
        CREATE FUNCTION counter.check_manifest(p_device uuid, p_day date, p_epoch integer,
                                               p_count integer, p_first bigint, p_last bigint,
                                               p_digest text)
        RETURNS TABLE (status text, server_count integer, missing text, extra integer)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            n integer; d text; gaps text; outside integer; verdict text;
        BEGIN
            IF NOT counter.owns_device(p_device) THEN
                RAISE EXCEPTION 'device % does not belong to %', p_device, session_user
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            WITH present AS (
                SELECT DISTINCT ON (x.seq) x.seq, x.id, x.h FROM (
                    SELECT r.seq, r.id::text AS id, 0 AS pref,
                           coalesce((SELECT c.content_hash FROM counter.conflicts c
                                      WHERE c.id = r.id AND c.device_id = r.device_id
                                      ORDER BY c.received_at DESC LIMIT 1),
                                    r.content_hash) AS h
                      FROM counter.records r
                     WHERE r.device_id = p_device AND r.epoch = p_epoch AND r.day = p_day
                       AND r.seq BETWEEN p_first AND p_last
                    UNION ALL
                    SELECT q.seq, q.record_id, 1, q.content_hash
                      FROM counter.quarantine q
                     WHERE q.device_id = p_device AND q.epoch = p_epoch
                       AND q.seq BETWEEN p_first AND p_last
                       AND substr(q.created_at, 1, 10) = to_char(p_day, 'YYYY-MM-DD')
                ) x ORDER BY x.seq, x.pref
            )
            SELECT count(*)::integer,
                   encode(sha256(convert_to(coalesce(
                       string_agg(p.id || ':' || coalesce(p.h, ''), E'\n' ORDER BY p.seq), ''),
                       'UTF8')), 'hex')
              INTO n, d FROM present p;

            SELECT string_agg(lo::text || '-' || hi::text, ',' ORDER BY lo) INTO gaps FROM (
                SELECT min(g) AS lo, max(g) AS hi FROM (
                    SELECT g, g - row_number() OVER (ORDER BY g) AS grp
                      FROM generate_series(p_first, p_last) AS g
                     WHERE NOT EXISTS (SELECT 1 FROM counter.records r
                                        WHERE r.device_id = p_device AND r.epoch = p_epoch
                                          AND r.seq = g)
                       AND NOT EXISTS (SELECT 1 FROM counter.quarantine q
                                        WHERE q.device_id = p_device AND q.epoch = p_epoch
                                          AND q.seq = g)
                ) s GROUP BY grp
            ) ranges;

            SELECT count(*)::integer INTO outside FROM counter.records r
             WHERE r.device_id = p_device AND r.epoch = p_epoch AND r.day = p_day
               AND r.seq NOT BETWEEN p_first AND p_last;

            verdict := CASE WHEN n = p_count AND d = p_digest THEN 'verified'
                            WHEN gaps IS NOT NULL THEN 'missing'
                            ELSE 'mismatch' END;
            INSERT INTO counter.manifests AS m (device_id, day, epoch, record_count, first_seq,
                                                last_seq, digest, status, server_count, missing,
                                                extra)
            VALUES (p_device, p_day, p_epoch, p_count, p_first, p_last, p_digest, verdict, n,
                    gaps, outside)
            ON CONFLICT (device_id, day, epoch) DO UPDATE
               SET record_count = excluded.record_count, first_seq = excluded.first_seq,
                   last_seq = excluded.last_seq, digest = excluded.digest,
                   status = excluded.status, server_count = excluded.server_count,
                   missing = excluded.missing, extra = excluded.extra, checked_at = now();
            RETURN QUERY SELECT verdict, n, gaps, outside;
        END $$""")

    # ---- row-level security: a window sees and writes only its own rows
    own_devices = ("device_id IN (SELECT d.device_id FROM counter.devices d "
                   "WHERE d.role_name = current_user)")
    for table in ("windows", "devices", "records", "conflicts", "quarantine", "manifests",
                  "publications"):
        op.execute(f"ALTER TABLE counter.{table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"""CREATE POLICY own_window ON counter.windows FOR SELECT TO {group}
                   USING (role_name = current_user)""")
    op.execute(f"""CREATE POLICY own_devices ON counter.devices FOR SELECT TO {group}
                   USING (role_name = current_user)""")
    for table in ("records", "conflicts", "quarantine"):
        op.execute(f"""CREATE POLICY own_rows_read ON counter.{table} FOR SELECT TO {group}
                       USING ({own_devices})""")
        op.execute(f"""CREATE POLICY own_rows_write ON counter.{table} FOR INSERT TO {group}
                       WITH CHECK ({own_devices})""")
    op.execute(f"""CREATE POLICY own_manifests ON counter.manifests FOR SELECT TO {group}
                   USING ({own_devices})""")
    op.execute(f"""
        CREATE POLICY published_to_me ON counter.publications FOR SELECT TO {group}
        USING (EXISTS (SELECT 1 FROM counter.windows w
                        WHERE w.role_name = current_user
                          AND (publications.centre_code IS NULL
                               OR publications.centre_code = w.centre_code)
                          AND (publications.window_code IS NULL
                               OR publications.window_code = w.window_code)))""")

    op.execute(f"GRANT SELECT ON counter.windows, counter.devices, counter.manifests, "
               f"counter.publications, counter.meta TO {group}")
    op.execute(f"GRANT SELECT, INSERT ON counter.records, counter.conflicts, counter.quarantine "
               f"TO {group}")
    op.execute("REVOKE ALL ON ALL FUNCTIONS IN SCHEMA counter FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA counter TO {group}")


def downgrade() -> None:
    prefix: str = context.config.attributes["role_prefix"]
    for fn in ("check_manifest(uuid, date, integer, integer, bigint, bigint, text)",
               "note_sync(uuid, integer, text)", "foreign_record_ids(uuid, uuid[])",
               "owns_device(uuid)",
               "register_device(uuid, text, timestamptz)",
               "is_iso_timestamp(text)"):
        op.execute(f"DROP FUNCTION counter.{fn}")
    for table in ("accounts", "publications", "manifests", "quarantine", "conflicts",
                  "records", "refusals", "devices", "windows", "centres", "meta"):
        op.execute(f"DROP TABLE counter.{table}")
    op.execute("DROP SEQUENCE counter.publication_version")
    group = _ident(prefix + "windows")
    op.execute(f"REVOKE ALL ON DATABASE {_ident(context.config.attributes['database'])} "
               f"FROM {group}")
    op.execute(f"REVOKE ALL ON SCHEMA counter FROM {group}")
    op.execute(f"DROP ROLE IF EXISTS {group}")
