"""The password lives in a real keyring or nowhere: fake backends for every case met in the field."""

from __future__ import annotations

import threading

import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.backends.chainer import ChainerBackend
from sqlalchemy import select

from app.core.errors import CounterError
from app.models.schema import Setting
from app.services.settings import Settings
from app.services.sync_state import SyncState
from app.sync.keyring_store import (
    PASSWORD_ENV,
    SECURE_BACKENDS,
    SERVICE,
    KeyringStore,
    backend_name,
    classify,
)
from app.sync.setup import central_credentials, configure_central

from .conftest import MemoryKeyring, memory_keyring_store

URL = "postgresql://ct_c01_w01@127.0.0.1:5432/county"


class PlaintextFile(MemoryKeyring):
    """Stands for keyrings.alt's PlaintextKeyring: works, but keeps the secret in a file."""


class Locked(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("the collection is locked")

    set_password = get_password  # type: ignore[assignment]


class UnlockPrompt(MemoryKeyring):
    """Blocks like a keyring waiting for the user to type an unlock password."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.gate.wait(30)
        return None

    set_password = get_password  # type: ignore[assignment]


def trusted(backend: KeyringBackend, **kw: object) -> KeyringStore:
    return KeyringStore(backend, secure_backends=SECURE_BACKENDS | {backend_name(backend)}, **kw)  # type: ignore[arg-type]


def test_a_secure_backend_stores_and_returns_the_password() -> None:
    store = memory_keyring_store()
    store.set_password("role@host:5432/db", "s3cret-Pw")
    assert store.get_password("role@host:5432/db") == "s3cret-Pw"
    store.delete_password("role@host:5432/db")
    assert store.get_password("role@host:5432/db") is None


def test_no_backend_is_refused_with_directions() -> None:
    for backend in (fail.Keyring(), null.Keyring()):
        with pytest.raises(CounterError) as err:
            KeyringStore(backend).set_password("a", "b")
        assert err.value.code == "keyring.none"
        assert PASSWORD_ENV in err.value.message  # says how automation can do without


def test_an_insecure_backend_is_refused_unless_the_administrator_allowed_it() -> None:
    backend = PlaintextFile()
    with pytest.raises(CounterError) as err:
        KeyringStore(backend).set_password("a", "b")
    assert err.value.code == "keyring.insecure"
    assert "central.allow_insecure_keyring" in err.value.message
    assert backend.secrets == {}  # nothing was written before the refusal
    KeyringStore(backend, allow_insecure=True).set_password("a", "b")
    assert backend.secrets == {(SERVICE, "a"): "b"}


def test_a_chain_is_secure_only_if_every_link_is() -> None:
    secure, plain = MemoryKeyring(), PlaintextFile()
    chain = ChainerBackend()
    names = SECURE_BACKENDS | {backend_name(secure)}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ChainerBackend, "backends", [secure])
        assert classify(chain, names).secure
        mp.setattr(ChainerBackend, "backends", [secure, plain])
        assert not classify(chain, names).secure
        mp.setattr(ChainerBackend, "backends", [])
        assert not classify(chain, names).available


def test_a_locked_keyring_is_a_clear_error() -> None:
    with pytest.raises(CounterError) as err:
        trusted(Locked()).get_password("a")
    assert err.value.code == "keyring.locked"


def test_a_keyring_waiting_for_an_unlock_prompt_cannot_hang_the_app() -> None:
    backend = UnlockPrompt()
    try:
        with pytest.raises(CounterError) as err:
            trusted(backend, timeout=0.2).get_password("a")
        assert err.value.code == "keyring.timeout"
    finally:
        backend.gate.set()


def test_configure_central_keeps_the_url_without_password(empty_ctx) -> None:
    store = memory_keyring_store()
    result = configure_central(
        empty_ctx, "postgresql://ct_c01_w01:pa%40ss@127.0.0.1/county", keyring_store=store
    )
    assert result.password_stored
    with empty_ctx.store.read() as s:
        stored = Settings.central_url.get(s)
        assert SyncState.password_in_keyring.get(s)
        everything = repr(s.execute(select(Setting.key, Setting.value)).all())
    assert stored == "postgresql://ct_c01_w01@127.0.0.1/county"
    assert "pa@ss" not in everything and "pa%40ss" not in everything
    assert store.get_password("ct_c01_w01@127.0.0.1:5432/county") == "pa@ss"
    creds = central_credentials(empty_ctx, keyring_store=store)
    assert (creds.password, creds.source) == ("pa@ss", "keyring")


def test_configure_central_stores_nothing_when_the_keyring_refuses(empty_ctx) -> None:
    with pytest.raises(CounterError) as err:
        configure_central(empty_ctx, URL, "pw", keyring_store=KeyringStore(PlaintextFile()))
    assert err.value.code == "keyring.insecure"
    with empty_ctx.store.read() as s:
        assert Settings.central_url.get(s) is None


def test_the_setting_allows_an_insecure_backend(empty_ctx) -> None:
    backend = PlaintextFile()
    with empty_ctx.store.write() as s:
        Settings.allow_insecure_keyring.set(s, True)
    result = configure_central(empty_ctx, URL, "pw", keyring_store=KeyringStore(backend))
    assert result.keyring_backend is not None and "PlaintextFile" in result.keyring_backend


def test_the_environment_override_is_for_automation(empty_ctx, monkeypatch) -> None:
    configure_central(empty_ctx, URL, "from-keyring", keyring_store=memory_keyring_store())
    monkeypatch.setenv(PASSWORD_ENV, "from-env")
    # The keyring is not even asked: a locked one does not matter here.
    creds = central_credentials(empty_ctx, keyring_store=trusted(Locked()))
    assert (creds.password, creds.source) == ("from-env", "environment")


def test_trust_authentication_needs_no_keyring(empty_ctx) -> None:
    configure_central(empty_ctx, URL, None, keyring_store=KeyringStore(fail.Keyring()))
    creds = central_credentials(empty_ctx, keyring_store=KeyringStore(fail.Keyring()))
    assert (creds.password, creds.source) == (None, "none")


def test_a_password_gone_from_the_keyring_is_reported(empty_ctx) -> None:
    configure_central(empty_ctx, URL, "pw", keyring_store=memory_keyring_store())
    with pytest.raises(CounterError) as err:
        central_credentials(empty_ctx, keyring_store=memory_keyring_store())  # another keyring
    assert err.value.code == "keyring.missing"
