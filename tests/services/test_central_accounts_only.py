"""A window registered with a central creates no accounts of its own: they come from the
central (``counter central user add``). A fresh, unregistered window still makes its first
administrator and its clerks."""

from __future__ import annotations

import pytest

from app.core.errors import CounterError
from app.services.settings import Settings
from app.services.sync_state import SyncState


def test_a_registered_window_adds_no_local_account(window) -> None:
    before = len(window.users.list())
    with window.store.write() as s:
        Settings.central_url.set(s, "postgresql://win_c3301_w03@127.0.0.1/county")
    with pytest.raises(CounterError) as err:
        window.users.add("clerk2", "周窗口", "clerk", "counter2026")
    assert err.value.code == "user.central_only"
    assert "counter central user add clerk2" in err.value.message
    assert len(window.users.list()) == before
    # Pinned by a first sync, without the address: still registered.
    with window.store.write() as s:
        Settings.central_url.set(s, None)
        SyncState.central_id.set(s, "c-1")
    with pytest.raises(CounterError):
        window.users.add("clerk2", "周窗口", "clerk", "counter2026")
    # What the central publishes is not a local account.
    window.users.add("clerk3", "吴窗口", "clerk", "counter2026", origin="central")
    assert len(window.users.list()) == before + 1


def test_a_fresh_unregistered_window_makes_its_first_administrator(ctx) -> None:
    from app.services.window import FirstAdmin, WindowSetup, initialise

    initialise(
        ctx.store,
        ctx.users,
        WindowSetup("C1", "城东街道便民服务中心", "W1"),
        FirstAdmin("admin", "王管理", "counter2026"),
    )
    ctx.users.add("clerk1", "李窗口", "clerk", "counter2026")
    assert {a.username for a in ctx.users.list()} == {"admin", "clerk1"}


def test_a_registered_window_leaves_a_central_accounts_password_to_the_central(window) -> None:
    """The central's next publication of an account it sent (any change of name, role or
    state) carries its password hash and would overwrite one reset at the window: the reset is
    refused, naming the central's command, and the store is left as it was."""
    from sqlalchemy import select

    from app.models.schema import User

    window.users.add("clerk3", "吴窗口", "clerk", "counter2026", origin="central")
    with window.store.write() as s:
        Settings.central_url.set(s, "postgresql://win_c3301_w03@127.0.0.1/county")
    with window.store.read() as s:
        before = s.scalar(select(User.password_hash).where(User.username == "clerk3"))
    assert window.users.central_managed("clerk3") and not window.users.central_managed("admin")
    with pytest.raises(CounterError) as err:
        window.users.set_password("clerk3", "Lan-tern42")
    assert err.value.code == "user.central_password"
    assert "counter central user passwd clerk3" in err.value.message
    with window.store.read() as s:
        assert s.scalar(select(User.password_hash).where(User.username == "clerk3")) == before
    window.users.authenticate("clerk3", "counter2026")
    # The window's own accounts (its administrator) are still reset here.
    window.users.set_password("admin", "Lan-tern42")
    window.users.authenticate("admin", "Lan-tern42")
    # Never registered (a practice store): nothing would overwrite it.
    with window.store.write() as s:
        Settings.central_url.set(s, None)
    window.users.set_password("clerk3", "Lan-tern42")
    window.users.authenticate("clerk3", "Lan-tern42")
