"""the county report reads running totals; the day close's look-ups by day have an index

``counter central report`` counted every record of every device at each run (a scan of the
whole ``records`` table, 1.3 s at 1M rows and growing by the county's day). The count now
lives in ``counter.device_totals``, one row per device, kept by a statement-level trigger on
``records`` from the rows each statement really inserted (a replayed record that meets
``ON CONFLICT DO NOTHING`` adds nothing), and filled from the records at this upgrade.

The day close's ``check_manifest`` counts the records of one (device, epoch, day) outside the
window's range; with only (device, epoch, seq) indexed it read the device's whole epoch for
every day it checked. ``records_device_day`` answers it. ``refusals (role_name, at)`` serves
the report's latest refusal per window.

Every new table carries ``device_id``, the distribution column on Citus (docs/central.md).

Revision ID: c0008
Revises: c0007
Create Date: 2026-12-03
"""

from alembic import op

revision = "c0008"
down_revision = "c0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX records_device_day ON counter.records (device_id, epoch, day)")
    op.execute("CREATE INDEX refusals_role_at ON counter.refusals (role_name, at)")
    op.execute("""
        CREATE TABLE counter.device_totals (
            device_id uuid PRIMARY KEY,
            records bigint NOT NULL DEFAULT 0,
            last_received timestamptz
        )""")
    # Window roles neither read nor write it: the trigger's function writes as its owner.
    op.execute("ALTER TABLE counter.device_totals ENABLE ROW LEVEL SECURITY")
    op.execute("""
        CREATE FUNCTION counter.count_records() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            INSERT INTO counter.device_totals AS t (device_id, records, last_received)
            SELECT a.device_id, count(*), max(a.received_at) FROM arrived a GROUP BY a.device_id
            ON CONFLICT (device_id) DO UPDATE
               SET records = t.records + excluded.records,
                   last_received = greatest(t.last_received, excluded.last_received);
            RETURN NULL;
        END $$""")
    op.execute("""
        CREATE TRIGGER records_totals AFTER INSERT ON counter.records
        REFERENCING NEW TABLE AS arrived FOR EACH STATEMENT
        EXECUTE FUNCTION counter.count_records()""")
    op.execute("""
        INSERT INTO counter.device_totals (device_id, records, last_received)
        SELECT device_id, count(*), max(received_at) FROM counter.records GROUP BY device_id""")


def downgrade() -> None:
    op.execute("DROP TRIGGER records_totals ON counter.records")
    op.execute("DROP FUNCTION counter.count_records()")
    op.execute("DROP TABLE counter.device_totals")
    op.execute("DROP INDEX counter.refusals_role_at")
    op.execute("DROP INDEX counter.records_device_day")
