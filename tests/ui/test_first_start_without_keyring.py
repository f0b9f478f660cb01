"""A first start on a PC without a system keyring (a fresh Linux, say): the window asks to keep
the store's key in a file of the data directory, and starts; refused, it starts nothing."""

from __future__ import annotations

import pytest
from keyring.backends.fail import Keyring as NoKeyring

from app.models import store_key
from app.paths import Home
from app.sync.keyring_store import KeyringStore


@pytest.fixture
def no_keyring(monkeypatch):
    monkeypatch.delenv(store_key.KEY_ENV, raising=False)
    monkeypatch.setattr(
        store_key,
        "keyring_store",
        lambda b=None: KeyringStore(NoKeyring(), secure_backends=set(), service=store_key.SERVICE),
    )
    store_key._cache.clear()
    yield
    store_key._cache.clear()


def test_the_first_start_keeps_the_key_in_a_file_when_the_user_agrees(
    tmp_path, qapp, dialogs, no_keyring
):
    from app.ui.main import open_store_first

    home = Home(tmp_path / "home")
    dialogs.answers = [True]
    ctx = open_store_first(home, None)
    assert ctx is not None and not dialogs.errors
    ctx.close()
    assert "store-key.json" in dialogs.asked[0] and dialogs.defaults == [False]
    info = store_key.read_info(home.root)
    assert info is not None and info.kept == store_key.FILE


def test_refused_nothing_is_made_and_the_way_out_is_named(tmp_path, qapp, dialogs, no_keyring):
    from app.ui.main import open_store_first

    home = Home(tmp_path / "home")
    dialogs.answers = [False]
    assert open_store_first(home, None) is None
    assert not home.db.exists() and store_key.read_info(home.root) is None
    [error] = dialogs.errors
    assert "counter store key-file" in error
