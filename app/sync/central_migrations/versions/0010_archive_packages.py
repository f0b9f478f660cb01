"""the county's archive: packages of filed cases handed over by the windows (档案移交)

Revision ID: c0010
Revises: c0009
Create Date: 2026-12-03

A window files an ended case as an archive package (services/archive.py) and hands it over
here (``counter archive handover``, or the end-of-day sync). The central is the county's
archive and must be able to read what it keeps, so the package arrives as its plain files
(unsealed: they name the applicant; see docs/archive.md on personal data at rest) with the
``sha256sum`` list of them.

- ``archive_packages``: one row per (device, volume): the case, the day it was filed, the
  checksum list and its SHA-256, file count and size.
- ``archive_files``: the files of each package, each with its SHA-256.

Windows write only through ``counter.hand_over_volume``, which checks on arrival that the
device is the caller's, that every file is listed in the checksums with the right SHA-256 and
nothing else is, and that the manifest names the volume and case; a damaged package is
refused. Sending a package again adds nothing (``held``); another content for a volume already
held is refused (``differs``) and noted in ``counter.refusals``, never overwritten. Row-level
security lets a window read only its own devices' packages.
"""

from alembic import context, op

revision = "c0010"
down_revision = "c0009"
branch_labels = None
depends_on = None


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def upgrade() -> None:
    group = _ident(context.config.attributes["role_prefix"] + "windows")
    op.execute("""
        CREATE TABLE counter.archive_packages (
            device_id uuid NOT NULL REFERENCES counter.devices (device_id),
            volume_no text NOT NULL CHECK (volume_no ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$'),
            case_id text NOT NULL,
            case_no text NOT NULL,
            filed_day date NOT NULL,
            checksums text NOT NULL,
            digest text NOT NULL CHECK (digest = encode(sha256(convert_to(checksums, 'UTF8')),
                                                        'hex')),
            files integer NOT NULL,
            bytes bigint NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (device_id, volume_no)
        )""")
    op.execute("""
        CREATE TABLE counter.archive_files (
            device_id uuid NOT NULL,
            volume_no text NOT NULL,
            path text NOT NULL,
            content bytea NOT NULL,
            sha256 text NOT NULL CHECK (sha256 = encode(sha256(content), 'hex')),
            PRIMARY KEY (device_id, volume_no, path),
            FOREIGN KEY (device_id, volume_no) REFERENCES counter.archive_packages
        )""")
    op.execute("CREATE INDEX archive_packages_case ON counter.archive_packages (case_no)")

    # The checks on arrival: each problem in words (empty when the package is whole).
    op.execute(r"""
        CREATE FUNCTION counter.archive_problems(p_volume text, p_case_id text,
                                                 p_checksums text, p_paths text[],
                                                 p_contents bytea[])
        RETURNS SETOF text
        LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            line text;
            m text[];
            listed jsonb := '{}'::jsonb;
            i integer;
            manifest jsonb;
        BEGIN
            IF coalesce(array_length(p_paths, 1), 0) = 0
               OR array_length(p_paths, 1) <> coalesce(array_length(p_contents, 1), 0) THEN
                RETURN NEXT 'package has no files, or paths and contents do not pair up';
                RETURN;
            END IF;
            FOREACH line IN ARRAY regexp_split_to_array(rtrim(p_checksums, E'\n'), E'\n') LOOP
                m := regexp_match(line, '^([0-9a-f]{64})  ([A-Za-z0-9][A-Za-z0-9._/-]*)$');
                IF m IS NULL OR m[2] LIKE '%..%' THEN
                    RETURN NEXT 'checksums line not readable: ' || left(line, 80);
                ELSE
                    listed := listed || jsonb_build_object(m[2], m[1]);
                END IF;
            END LOOP;
            FOR i IN 1 .. array_length(p_paths, 1) LOOP
                IF NOT listed ? p_paths[i] THEN
                    RETURN NEXT 'file not in the checksums: ' || p_paths[i];
                ELSIF listed ->> p_paths[i] <> encode(sha256(p_contents[i]), 'hex') THEN
                    RETURN NEXT 'file changed (checksum differs): ' || p_paths[i];
                END IF;
            END LOOP;
            FOR line IN SELECT k FROM jsonb_object_keys(listed) k
                         WHERE NOT k = ANY (p_paths) ORDER BY k LOOP
                RETURN NEXT 'file missing: ' || line;
            END LOOP;
            IF array_position(p_paths, 'manifest.json') IS NULL THEN
                RETURN NEXT 'manifest.json missing';
            ELSE
                BEGIN
                    manifest := convert_from(p_contents[array_position(p_paths, 'manifest.json')],
                                             'UTF8')::jsonb;
                    IF manifest ->> 'volume_no' IS DISTINCT FROM p_volume
                       OR manifest -> 'case' ->> 'case_id' IS DISTINCT FROM p_case_id THEN
                        RETURN NEXT 'manifest.json names another volume or case';
                    END IF;
                EXCEPTION WHEN others THEN
                    RETURN NEXT 'manifest.json not readable';
                END;
            END IF;
        END $$""")
    op.execute("""
        CREATE FUNCTION counter.hand_over_volume(p_device uuid, p_volume text, p_case_id text,
                                                 p_case_no text, p_filed_day date,
                                                 p_checksums text, p_paths text[],
                                                 p_contents bytea[])
        RETURNS TABLE (status text, detail text)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            problems text;
            held text;
            mine text := encode(sha256(convert_to(p_checksums, 'UTF8')), 'hex');
            added integer;
        BEGIN
            IF NOT counter.owns_device(p_device) THEN
                RAISE EXCEPTION 'device % does not belong to %', p_device, session_user
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF p_volume !~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$' THEN
                RETURN QUERY SELECT 'damaged'::text, 'volume number not valid'::text;
                RETURN;
            END IF;
            SELECT string_agg(x, '; ') INTO problems
              FROM counter.archive_problems(p_volume, p_case_id, p_checksums, p_paths,
                                            p_contents) x;
            IF problems IS NOT NULL THEN
                INSERT INTO counter.refusals (role_name, device_id, reason)
                VALUES (session_user, p_device, 'archive_damaged ' || p_volume || ': '
                        || left(problems, 400));
                RETURN QUERY SELECT 'damaged'::text, problems;
                RETURN;
            END IF;
            INSERT INTO counter.archive_packages (device_id, volume_no, case_id, case_no,
                                                  filed_day, checksums, digest, files, bytes)
            VALUES (p_device, p_volume, p_case_id, p_case_no, p_filed_day, p_checksums, mine,
                    array_length(p_paths, 1),
                    (SELECT sum(octet_length(c)) FROM unnest(p_contents) c))
            ON CONFLICT (device_id, volume_no) DO NOTHING;
            GET DIAGNOSTICS added = ROW_COUNT;
            IF added = 1 THEN
                INSERT INTO counter.archive_files (device_id, volume_no, path, content, sha256)
                SELECT p_device, p_volume, f.path, f.content, encode(sha256(f.content), 'hex')
                  FROM unnest(p_paths, p_contents) AS f (path, content);
                RETURN QUERY SELECT 'stored'::text, mine;
                RETURN;
            END IF;
            SELECT a.digest INTO held FROM counter.archive_packages a
             WHERE a.device_id = p_device AND a.volume_no = p_volume;
            IF held = mine THEN
                RETURN QUERY SELECT 'held'::text, mine;
            ELSE
                INSERT INTO counter.refusals (role_name, device_id, reason)
                VALUES (session_user, p_device, 'archive_differs ' || p_volume);
                RETURN QUERY SELECT 'differs'::text, held;
            END IF;
        END $$""")

    own_devices = ("device_id IN (SELECT d.device_id FROM counter.devices d "
                   "WHERE d.role_name = current_user)")
    for table in ("archive_packages", "archive_files"):
        op.execute(f"ALTER TABLE counter.{table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"""CREATE POLICY own_rows_read ON counter.{table} FOR SELECT TO {group}
                       USING ({own_devices})""")
        op.execute(f"GRANT SELECT ON counter.{table} TO {group}")
    for fn in ("archive_problems(text, text, text, text[], bytea[])",
               "hand_over_volume(uuid, text, text, text, date, text, text[], bytea[])"):
        op.execute(f"REVOKE ALL ON FUNCTION counter.{fn} FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION counter.hand_over_volume(uuid, text, text, text, "
               f"date, text, text[], bytea[]) TO {group}")


def downgrade() -> None:
    op.execute("DROP FUNCTION counter.hand_over_volume(uuid, text, text, text, date, text, "
               "text[], bytea[])")
    op.execute("DROP FUNCTION counter.archive_problems(text, text, text, text[], bytea[])")
    op.execute("DROP TABLE counter.archive_files")
    op.execute("DROP TABLE counter.archive_packages")
