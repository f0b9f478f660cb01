"""records partitioned by year, so old years can be detached to an archive

Revision ID: c0013
Revises: c0012
Create Date: 2026-12-03

``counter.records`` becomes a table partitioned by range of ``day`` (the window's local date of
the record), one partition a year (``counter.records_2026`` ...) and a default partition
(``counter.records_default``) for days no year partition covers yet. Partitions ahead are made
by ``counter central init`` and ``counter central partitions``; ``counter central detach-year``
detaches a year that is over (docs/central.md).

PostgreSQL wants the partition column in every unique key of a partitioned table, so the keys
the push relies on across all time move to a small table of their own, ``counter.record_keys``
(id, device, epoch, sequence, day, content hash, chain hash; not partitioned, never detached):

- a record id is stored once per device: ``record_keys_pkey (id, device_id)``;
- a device's chain position is used once: ``record_keys_device_seq (device_id, epoch, seq)``.

A statement trigger on ``records`` (``records_add_keys``, the first of its triggers by name)
inserts the key of every row the statement inserted; a second row for a key fails the statement
with a unique violation, whatever the client sent, as the constraints on ``records`` did before.
``records`` itself keeps ``(id, device_id, day)`` unique, so ``INSERT ... ON CONFLICT DO NOTHING``
still skips a replay (same content, same day) and waits for a concurrent push of the same row.
The push reads the keys, not the records, for everything that is asked by id or by sequence
(duplicates, conflicts, reused numbers, the chain): one index probe, not one per partition, and
still answered for the records of a detached year. The functions that asked ``records`` such
questions (``register_device``, ``foreign_record_ids``, ``chain_link_broken``, ``chain_tips``,
``chain_at``) read ``record_keys`` from this revision, and so does the day close
(``check_manifest``) for its gaps; it reads the day's records in ``records``, one partition.

The existing rows are copied (the table is locked meanwhile: run it outside opening hours on a
big central); triggers, indexes, row-level security policies and grants of ``records`` are
carried over as they stand, whatever revision made them. The downgrade copies the records of
the attached partitions back into one table (a detached year stays where it was put).
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "c0013"
down_revision = "c0012"
branch_labels = None
depends_on = None

# The functions that look up records by id or by (device, epoch, seq): from here on they ask
# the keys. Their bodies are taken as they stand and only the table they read is changed.
# (function, the text before the table name in the look-ups to move; "" for all of them)
KEYED_FUNCTIONS = (
    ("register_device(uuid, text, timestamptz)", ""),
    ("foreign_record_ids(uuid, uuid[])", ""),
    ("chain_link_broken(uuid, integer, bigint, text)", ""),
    ("chain_tips(uuid)", ""),
    ("chain_at(uuid, integer[], bigint[])", ""),
    # The day close's gaps: each sequence number of the day's range, by (device, epoch, seq).
    ("check_manifest(uuid, date, integer, integer, bigint, bigint, text)",
     r"NOT EXISTS \(SELECT 1 FROM "),
)
KEY_COLUMNS = "id, device_id, epoch, seq, day, content_hash, chain_hash"
# Years before this go to the default partition when the records are first partitioned.
FIRST_YEAR = 2000


def _rows(sql: str) -> list[Any]:
    return list(op.get_bind().execute(sa.text(sql)).fetchall())


def _run(sql: str) -> None:
    # Straight to the driver, no parameters: function bodies hold colons and percent signs.
    raw: Any = op.get_bind().connection.dbapi_connection
    with raw.cursor() as cur:
        cur.execute(sql)


def _retarget_functions(src: str, dst: str) -> None:
    for fn, before in KEYED_FUNCTIONS:
        (definition,) = _rows(
            f"SELECT pg_get_functiondef('counter.{fn}'::regprocedure)"
        )[0]
        _run(re.sub(rf"({before})counter\.{src}\b", rf"\1counter.{dst}", definition))


def _carried_over() -> list[str]:
    """The statements that give a new ``records`` what the current one has beyond its columns,
    keys and the keys trigger: triggers, indexes, row-level security, grants."""
    table = "'counter.records'::regclass"
    out = [
        d
        for (d,) in _rows(
            f"SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = {table} "
            "AND NOT tgisinternal AND tgname <> 'records_add_keys' ORDER BY tgname"
        )
    ]
    for (d,) in _rows(
        "SELECT pg_get_indexdef(x.indexrelid) FROM pg_index x "
        f"WHERE x.indrelid = {table} AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
        "AND x.indexrelid::regclass::text NOT IN ('counter.records_device_seq') "
        "ORDER BY x.indexrelid::regclass::text"
    ):
        out.append(d.replace(" ON ONLY counter.records ", " ON counter.records "))
    rls, force = _rows(f"SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = {table}")[0]
    if rls:
        out.append("ALTER TABLE counter.records ENABLE ROW LEVEL SECURITY")
    if force:
        out.append("ALTER TABLE counter.records FORCE ROW LEVEL SECURITY")
    cmds = {"r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE", "*": "ALL"}
    for name, permissive, cmd, roles, using, check in _rows(
        "SELECT quote_ident(polname), polpermissive, polcmd::text, "
        "(SELECT string_agg(CASE WHEN o = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(o)) "
        "END, ', ') FROM unnest(polroles) o), "
        "pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid) "
        f"FROM pg_policy WHERE polrelid = {table} ORDER BY polname"
    ):
        out.append(
            f"CREATE POLICY {name} ON counter.records AS "
            f"{'PERMISSIVE' if permissive else 'RESTRICTIVE'} FOR {cmds[cmd]} TO {roles}"
            + (f" USING ({using})" if using else "")
            + (f" WITH CHECK ({check})" if check else "")
        )
    for grantee, privilege, grantable in _rows(
        "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) "
        "END, a.privilege_type, a.is_grantable "
        f"FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = {table} "
        "AND a.grantee <> c.relowner ORDER BY 1, 2"
    ):
        out.append(
            f"GRANT {privilege} ON counter.records TO {grantee}"
            + (" WITH GRANT OPTION" if grantable else "")
        )
    return out


def _set_aside() -> list[str]:
    """Rename the current ``records`` and its indexes out of the way; returns what the new one
    must be given."""
    carried = _carried_over()
    _run("LOCK TABLE counter.records IN ACCESS EXCLUSIVE MODE")
    for (index,) in _rows(
        "SELECT c.relname FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid "
        "WHERE x.indrelid = 'counter.records'::regclass"
    ):
        _run(f'ALTER INDEX counter."{index}" RENAME TO "{index[:50]}_moving"')
    _run("ALTER TABLE counter.records RENAME TO records_moving")
    return carried


def _new_records(partitioned: bool) -> None:
    _run(
        "CREATE TABLE counter.records (LIKE counter.records_moving INCLUDING DEFAULTS "
        "INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS)"
        + (" PARTITION BY RANGE (day)" if partitioned else "")
    )


def upgrade() -> None:
    carried = _set_aside()
    _new_records(partitioned=True)
    (this_year,) = _rows("SELECT extract(year FROM current_date)::integer")[0]
    years = {y for (y,) in _rows(
        "SELECT DISTINCT extract(year FROM day)::integer FROM counter.records_moving"
    )}
    years = {y for y in years if FIRST_YEAR <= y <= this_year + 1} | {this_year, this_year + 1}
    for year in sorted(years):
        _run(
            f"CREATE TABLE counter.records_{year} PARTITION OF counter.records "
            f"FOR VALUES FROM ('{year}-01-01') TO ('{year + 1}-01-01')"
        )
    _run("CREATE TABLE counter.records_default PARTITION OF counter.records DEFAULT")
    _run(
        "INSERT INTO counter.records SELECT * FROM counter.records_moving "
        "ORDER BY device_id, epoch, seq"
    )
    _run("ALTER TABLE counter.records ADD CONSTRAINT records_pkey PRIMARY KEY (id, device_id, day)")
    # Reading a device's records in order (and the pushes of windows not upgraded yet, which
    # look up records by sequence).
    _run("CREATE INDEX records_device_seq ON counter.records (device_id, epoch, seq)")

    _run("""
        CREATE TABLE counter.record_keys (
            id uuid NOT NULL,
            device_id uuid NOT NULL,
            epoch integer NOT NULL,
            seq bigint NOT NULL,
            day date NOT NULL,
            content_hash text NOT NULL,
            chain_hash text NOT NULL
        )""")
    _run(
        f"INSERT INTO counter.record_keys ({KEY_COLUMNS}) SELECT {KEY_COLUMNS} "
        "FROM counter.records_moving ORDER BY device_id, epoch, seq"
    )
    _run("ALTER TABLE counter.record_keys ADD CONSTRAINT record_keys_pkey PRIMARY KEY (id, device_id)")
    _run(
        "ALTER TABLE counter.record_keys ADD CONSTRAINT record_keys_device_seq "
        "UNIQUE (device_id, epoch, seq)"
    )
    _run("DROP TABLE counter.records_moving")
    for statement in carried:
        _run(statement)

    # Windows read their own devices' keys (the push asks them); only the trigger writes.
    (group,) = _rows("SELECT value FROM counter.meta WHERE key = 'windows_role'")[0]
    _run("ALTER TABLE counter.record_keys ENABLE ROW LEVEL SECURITY")
    _run(
        f'CREATE POLICY own_rows_read ON counter.record_keys FOR SELECT TO "{group}" '
        "USING (device_id IN (SELECT d.device_id FROM counter.devices d "
        "WHERE d.role_name = current_user))"
    )
    _run(f'GRANT SELECT ON counter.record_keys TO "{group}"')
    _run(f"""
        CREATE FUNCTION counter.add_record_keys() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            INSERT INTO counter.record_keys ({KEY_COLUMNS})
            SELECT {", ".join("a." + c for c in KEY_COLUMNS.split(", "))} FROM arrived a;
            RETURN NULL;
        END $$""")
    _run("REVOKE ALL ON FUNCTION counter.add_record_keys() FROM PUBLIC")
    _run("""
        CREATE TRIGGER records_add_keys AFTER INSERT ON counter.records
        REFERENCING NEW TABLE AS arrived
        FOR EACH STATEMENT EXECUTE FUNCTION counter.add_record_keys()""")
    _retarget_functions("records", "record_keys")
    _run("ANALYZE counter.records")
    _run("ANALYZE counter.record_keys")


def downgrade() -> None:
    _retarget_functions("record_keys", "records")
    carried = _set_aside()
    _new_records(partitioned=False)
    _run(
        "INSERT INTO counter.records SELECT * FROM counter.records_moving "
        "ORDER BY device_id, epoch, seq"
    )
    _run("ALTER TABLE counter.records ADD CONSTRAINT records_pkey PRIMARY KEY (id, device_id)")
    _run(
        "ALTER TABLE counter.records ADD CONSTRAINT records_device_seq "
        "UNIQUE (device_id, epoch, seq)"
    )
    _run("DROP TABLE counter.records_moving")
    for statement in carried:
        _run(statement)
    _run("DROP FUNCTION counter.add_record_keys()")
    _run("DROP TABLE counter.record_keys")
