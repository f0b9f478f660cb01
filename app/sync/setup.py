"""Connecting a window to the central database: store the address, the password in the keyring.

``configure_central`` is what ``counter init --central URL`` calls. ``central_credentials`` is
what every sync calls to find the address and the password again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete

from app.core.errors import CounterError
from app.models.schema import Dataset
from app.services.case_issuer import IssuerState
from app.services.settings import Settings
from app.services.sync_state import SyncState
from app.sync.central_url import CentralAddress, parse_central_url
from app.sync.keyring_store import KeyringStore, password_from_env

if TYPE_CHECKING:
    from app.sync.context import SyncContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CentralConfig:
    address: CentralAddress
    password_stored: bool
    keyring_backend: str | None  # None when no password was stored


@dataclass(frozen=True)
class Credentials:
    address: CentralAddress
    password: str | None
    source: str  # "environment" | "keyring" | "none"


def configure_central(
    ctx: SyncContext,
    url: str,
    password: str | None = None,
    *,
    allow_plaintext: bool = False,
    allow_insecure_keyring: bool | None = None,
    new_central: bool = False,
    by: str | None = None,
    keyring_store: KeyringStore | None = None,
) -> CentralConfig:
    """Validate ``url``, keep it (without password) in Settings.central_url, the password in the
    operating system's keyring.

    ``password`` may also be given inside the URL; it is taken out before anything is stored.
    With no password at all (trust, certificate or peer authentication), nothing goes into the
    keyring. An insecure keyring backend is refused unless ``central.allow_insecure_keyring`` is
    set, an administrator's decision: ``allow_insecure_keyring`` changes that setting (None
    leaves it). ``allow_plaintext`` accepts an unencrypted connection to another machine.
    Nothing is stored when anything fails.

    The window stays pinned to the central database it first registered with (SyncState.central_id):
    a new address of the same database needs nothing more, another database is refused at the
    next sync. ``new_central`` is the administrator re-pointing the window on purpose: the pin
    and the pull cursors (version numbers of the old database) are cleared, and the next sync
    pins the new one. Callers check that ``by`` is an administrator (once accounts exist).
    """
    address, url_password = parse_central_url(url, allow_plaintext=allow_plaintext)
    secret = password if password is not None else url_password
    if secret is not None and not secret:
        raise CounterError("central.password", "密码不能为空")
    backend: str | None = None
    with ctx.store.read() as s:
        allow_insecure = Settings.allow_insecure_keyring.get(s)
    if allow_insecure_keyring is not None:
        allow_insecure = allow_insecure_keyring
    if secret is not None:
        store = keyring_store or KeyringStore(allow_insecure=allow_insecure)
        if keyring_store is not None:
            store.allow_insecure = allow_insecure
        backend = store.set_password(address.keyring_account, secret).name
    with ctx.store.write() as s:
        previous = Settings.central_url.get(s)
        pinned = SyncState.central_id.get(s)
        Settings.central_url.set(s, address.url)
        SyncState.password_in_keyring.set(s, secret is not None)
        if allow_insecure_keyring is not None:
            Settings.allow_insecure_keyring.set(s, allow_insecure_keyring)
        if new_central:
            SyncState.central_id.set(s, None)
            s.execute(delete(Dataset))
            # The new central has not registered this window's case-number issuer yet.
            IssuerState.confirmed.set(s, None)
    log.warning(
        "central database set to %s (was %s) by %s%s%s%s",
        address.summary(),
        previous,
        by or "set-up (no account yet)",
        f"; pin to central {pinned} cleared" if new_central and pinned else "",
        "; plaintext allowed" if allow_plaintext else "",
        f"; insecure keyring {'allowed' if allow_insecure_keyring else 'refused'}"
        if allow_insecure_keyring is not None
        else "",
    )
    return CentralConfig(address, secret is not None, backend)


def central_credentials(
    ctx: SyncContext, *, keyring_store: KeyringStore | None = None
) -> Credentials:
    """The stored address and its password: the environment override first, then the keyring."""
    with ctx.store.read() as s:
        url = Settings.central_url.get(s)
        in_keyring = SyncState.password_in_keyring.get(s)
        allow_insecure = Settings.allow_insecure_keyring.get(s)
    if not url:
        raise CounterError(
            "central.not_configured",
            "本窗口尚未设置中心数据库：请管理员运行 counter init … --central "
            "postgresql://角色名@主机/数据库（或 counter sync configure URL --by 管理员）",
        )
    # The stored URL was checked when an administrator stored it; plaintext was allowed then if
    # it is there. The parameter rules apply again (an address stored by an older Counter).
    address, _ = parse_central_url(url, allow_plaintext=True, check_files=False)
    env = password_from_env()
    if env is not None:
        return Credentials(address, env, "environment")
    if not in_keyring:
        return Credentials(address, None, "none")
    store = keyring_store or KeyringStore(allow_insecure=allow_insecure)
    if keyring_store is not None:
        store.allow_insecure = allow_insecure
    password = store.get_password(address.keyring_account)
    if password is None:
        raise CounterError(
            "keyring.missing",
            f"系统密钥库中没有 {address.display()} 的密码（可能被删除或换了系统用户）。"
            "请管理员重新设置：counter sync configure URL --by 管理员",
        )
    return Credentials(address, password, "keyring")
