"""central database identity: a random id windows pin at their first registration

Revision ID: c0002
Revises: c0001
Create Date: 2026-12-03

Each central database gets a random UUID (``counter.meta``, key ``central_id``) the day it is
created or upgraded; it never changes afterwards. A window pins it at its first successful
registration and refuses to push to or pull from a database that answers with another one
(a rogue server, or a window re-pointed by mistake). ``counter.central_identity()`` returns it
to the windows' group. The id is generated here, in Python, so the migration needs no
extension and runs as plain SQL on Citus, openGauss or KingbaseES.

Also ``counter.payload_problem``: a record whose payload names another centre or window than the
device's own is refused at push (quarantined, reason ``foreign_window``).
"""

import uuid

from alembic import context, op

revision = "c0002"
down_revision = "c0001"
branch_labels = None
depends_on = None


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def upgrade() -> None:
    group = _ident(context.config.attributes["role_prefix"] + "windows")
    op.execute(f"""
        INSERT INTO counter.meta (key, value) VALUES ('central_id', '{uuid.uuid4()}')
        ON CONFLICT (key) DO NOTHING""")
    op.execute("""
        CREATE FUNCTION counter.central_identity() RETURNS text
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            SELECT m.value FROM counter.meta m WHERE m.key = 'central_id'
        $$""")
    # Which window a record's payload names, for the push's full validation: a record whose
    # payload names another window than the device's is quarantined (``foreign_window``). The
    # quick screen casts inline (a payload that is not JSON fails the statement and sends the
    # batch down the careful path); this one never raises, so one bad row cannot fail the batch.
    op.execute("""
        CREATE FUNCTION counter.payload_problem(p_payload text, p_centre text, p_window text)
        RETURNS text
        LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            j jsonb;
        BEGIN
            BEGIN
                j := p_payload::jsonb;
            EXCEPTION WHEN others THEN
                RETURN 'bad_payload';
            END;
            IF jsonb_path_exists(j, '$ ? (@.centre != $centre || @.window != $window)',
                                 jsonb_build_object('centre', p_centre, 'window', p_window)) THEN
                RETURN 'foreign_window';  -- the same test as push.py's quick screen
            END IF;
            RETURN NULL;
        END $$""")
    for fn in ("central_identity()", "payload_problem(text, text, text)"):
        op.execute(f"REVOKE ALL ON FUNCTION counter.{fn} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION counter.{fn} TO {group}")


def downgrade() -> None:
    op.execute("DROP FUNCTION counter.payload_problem(text, text, text)")
    op.execute("DROP FUNCTION counter.central_identity()")
    op.execute("DELETE FROM counter.meta WHERE key = 'central_id'")
