"""Opening a test's store directly, as the program does: through ``app.models.opener`` with the
store's key (the suite's key comes from ``COUNTER_STORE_KEY``, set in tests/conftest.py).

    con = connect_store(home.db)          # like sqlite3.connect(home.db)
    pdf = kept_pdf(home, path)            # the PDF bytes of a kept (sealed) slip
"""

from __future__ import annotations

from pathlib import Path

from keyring.backend import KeyringBackend

from app.models import opener


def connect_store(
    db: Path, *, readonly: bool = False, autocommit: bool = False
) -> opener.dbapi.Connection:
    """A connection as ``sqlite3.connect`` gives one (transactions begin implicitly) unless
    ``autocommit``."""
    con = opener.connect(Path(db), readonly=readonly, tune=False)
    if not autocommit:
        con.isolation_level = ""
    return con


def kept_pdf(home, path: Path) -> bytes:  # type: ignore[no-untyped-def]
    """The PDF of a slip kept in a case folder (sealed on the disk), or of a spooled copy."""
    from app.services.kept_slips import read_kept

    return read_kept(home, Path(path))


def spooled(home, case_no: str, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Where the readable copy of a kept slip is handed out (the print spool)."""
    from app.services.kept_slips import spool_dir

    return spool_dir(home) / case_no / name


# ---- where the key is kept, in tests: a keyring in memory, or none --------------------------


class MemoryKeyring(KeyringBackend):
    """A stand-in for the operating system's keyring (there is none on the test machines)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


def memory_keyring() -> MemoryKeyring:
    return MemoryKeyring()


def keep_keys_in(monkeypatch, backend, *, secure: bool = True) -> None:  # type: ignore[no-untyped-def]
    """The store's key kept as on a window PC: no ``COUNTER_STORE_KEY``, the keyring
    ``backend`` (``secure`` False: a backend the program refuses, as a PC without a keyring)."""
    from app.models import store_key
    from app.sync.keyring_store import SECURE_BACKENDS, KeyringStore, backend_name

    monkeypatch.delenv(store_key.KEY_ENV, raising=False)
    monkeypatch.setattr(store_key, "_cache", {})
    names = SECURE_BACKENDS | ({backend_name(backend)} if secure else set())
    monkeypatch.setattr(
        store_key,
        "keyring_store",
        lambda b=None: KeyringStore(backend, secure_backends=names, service=store_key.SERVICE),
    )


def no_keyring():  # type: ignore[no-untyped-def]
    from keyring.backends.fail import Keyring

    return Keyring()
