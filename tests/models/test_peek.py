"""The start-up reads with plain sqlite3 agree with what the models store."""

from __future__ import annotations

from app.models.migrate import HEAD
from app.models.peek import stored_revision, stored_settings
from app.services.settings import Settings
from app.services.window import FirstAdmin, WindowSetup, initialise


def test_stored_settings_read_what_the_models_wrote(ctx):
    initialise(
        ctx.store,
        ctx.users,
        WindowSetup("C3301", "城东街道便民服务中心", "W03", "综合受理3号窗口"),
        FirstAdmin("admin", "王管理", "counter2026"),
    )
    with ctx.store.write() as s:
        Settings.authorisation.set(s, {"*": ["收件"], "DEMO-0001": ["收件", "受理"]})
        Settings.silent_print.set(s, True)
        Settings.near_due_days.set(s, 3)
        Settings.language.set(s, "en")
    assert Settings.values(stored_settings(ctx.home.db)) == ctx.window()
    assert stored_revision(ctx.home.db) == HEAD


def test_no_database_reads_as_nothing_and_is_not_created(tmp_path):
    db = tmp_path / "counter.sqlite3"
    assert stored_revision(db) is None and stored_settings(db) == {}
    assert not db.exists()


def test_a_path_with_uri_characters_is_read_where_it_is(tmp_path):
    """'#', '?' and '%' are ordinary in a folder name; a hand-built URI cut the path there
    (and sqlite3 made a stray empty file at the cut)."""
    from app.bootstrap import open_context
    from app.paths import Home

    home = Home(tmp_path / "窗口#3 ?100%")
    open_context(home, load_demo=False).close()
    assert stored_revision(home.db) == HEAD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["窗口#3 ?100%"]
