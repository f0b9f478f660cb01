"""The window's settings as one typed snapshot: a field for each declared setting, read back
as stored (defaults filled), so no caller reads a dict with .get("print_layout")."""

from dataclasses import fields

from app.services.settings import Settings, WindowSettings


def test_one_field_per_declared_setting():
    assert [f.name for f in fields(WindowSettings)] == list(Settings.all())


def test_the_snapshot_reads_what_is_stored_and_the_defaults(window):
    assert window.window().print_layout == "a4"  # the default
    with window.store.write() as s:
        Settings.print_layout.set(s, "roll80")
        Settings.silent_print.set(s, True)
    snapshot = window.window()
    assert (snapshot.print_layout, snapshot.silent_print) == ("roll80", True)
    assert (snapshot.centre_code, snapshot.window_code) == ("C3301", "W03")
    assert snapshot.initialised and snapshot.near_due_days == 2
