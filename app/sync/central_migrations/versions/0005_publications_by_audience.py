"""publications found by audience: a window's pull reads its own, and moves past everyone else's

Revision ID: c0005
Revises: c0004
Create Date: 2026-12-03

Before: a window selected ``counter.publications`` through the row-security policy
``published_to_me``, which looks up the window for every row of the dataset newer than the
window's cursor; a window that received nothing (a county with 200 windows publishes case
decisions all day, each to one window) never moved its cursor and scanned the same county-wide
rows again at every sync.

Now ``counter.my_publications`` reads the three audiences a window belongs to (the county, its
centre, itself) each through the index ``publications_audience``, and returns with them the
dataset's *horizon*: the newest version committed. Publishers take versions under one advisory
lock held to their commit, so every version at or below the horizon is visible; a window that
read everything for it up to there moves its cursor to the horizon, whatever it received.
"""

from alembic import context, op

revision = "c0005"
down_revision = "c0004"
branch_labels = None
depends_on = None


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def upgrade() -> None:
    group = _ident(context.config.attributes["role_prefix"] + "windows")
    op.execute("CREATE INDEX publications_audience ON counter.publications "
               "(dataset, centre_code, window_code, version)")
    # Rows newer than p_after for the calling window, oldest first (p_newest: only the newest),
    # each with the horizon. With no row for the window, one row of NULLs carries the horizon.
    # Each audience is read in index order, so a page costs p_limit rows per audience at most.
    def page(order: str, limit: str) -> str:
        audiences = ("p.centre_code IS NULL AND p.window_code IS NULL",
                     "p.centre_code = w.centre_code AND p.window_code IS NULL",
                     "p.centre_code = w.centre_code AND p.window_code = w.window_code")
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

    op.execute(f"""
        CREATE FUNCTION counter.my_publications(p_dataset text, p_after bigint, p_limit integer,
                                                p_newest boolean DEFAULT false)
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
        END $$""")
    op.execute("REVOKE ALL ON FUNCTION counter.my_publications(text, bigint, integer, boolean) "
               "FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION counter.my_publications(text, bigint, integer, boolean) "
               f"TO {group}")


def downgrade() -> None:
    op.execute("DROP FUNCTION counter.my_publications(text, bigint, integer, boolean)")
    op.execute("DROP INDEX counter.publications_audience")
