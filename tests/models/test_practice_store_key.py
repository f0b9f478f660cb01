"""The practice store opens wherever the real store does: its key is derived from the real
store's, so a PC that keeps the key in the key file (no keyring) can practise too."""

from __future__ import annotations

from app.bootstrap import open_context
from app.models import store_key
from app.services.practice import prepare
from tests.stores import connect_store, keep_keys_in, memory_keyring, no_keyring


def test_practice_on_a_pc_with_the_key_file(home, monkeypatch):
    keep_keys_in(monkeypatch, no_keyring(), secure=False)
    home.root.mkdir(parents=True)
    store_key.create(home.root, key_file=True)
    open_context(home, load_demo=False).close()
    practice = open_context(prepare(home), load_demo=False)
    try:
        assert practice.home.root == home.root / "practice"
    finally:
        practice.close()
    info = store_key.read_info(practice.home.root)
    assert info is not None and info.kept == store_key.PARENT and info.key_hex is None
    real = store_key.require(home.root)
    assert store_key.require(practice.home.root).raw == real.derived("store in practice")
    assert practice.home.db.read_bytes()[:6] != b"SQLite"  # encrypted, not plain
    store_key.forget(practice.home.root)
    with connect_store(practice.home.db) as con:  # opened again through the real key alone
        assert con.execute("SELECT count(*) FROM users").fetchone()[0] == 0


def test_practice_needs_no_keyring_entry_of_its_own(home, monkeypatch):
    ring = memory_keyring()
    keep_keys_in(monkeypatch, ring)
    open_context(home, load_demo=False).close()
    open_context(prepare(home), load_demo=False).close()
    assert len(ring.secrets) == 1  # the real store's key only
