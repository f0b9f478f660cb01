"""The key of the window's encrypted store: 256 random bits per data directory.

Where the key is kept, in the order it is looked up:

- ``COUNTER_STORE_KEY`` (64 hex digits): automation and test rigs, like
  ``COUNTER_CENTRAL_PASSWORD``; never written anywhere by Counter;
- the operating system's keyring (the default): service "Counter local store", account the key
  id in ``store-key.json`` beside the store;
- ``store-key.json`` itself, only when an administrator chose it for a PC without a usable
  keyring (``counter store key-file``): whoever has the disk then has the key too;
- for a store inside another data directory (the practice store, ``app.services.practice``):
  a key derived from that directory's key, so it opens wherever the real one does and needs
  no keyring entry of its own.

``store-key.json`` never holds the key in keyring mode, only which key the store needs. The key is
a raw SQLCipher key (no passphrase, so no key derivation at each connection: opening stays as
cheap as before); the kept slips are sealed with a key derived from it. The administrator's way
back when the keyring is lost is the recovery code (``counter store recovery-code``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import CounterError

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

    from app.sync.keyring_store import KeyringStore

KEY_ENV = "COUNTER_STORE_KEY"
INFO_NAME = "store-key.json"
SERVICE = "Counter local store"
KEY_BYTES = 32
KEYRING, FILE, ENV = "keyring", "file", "env"
PARENT = "parent"  # derived from the key of the data directory the store's folder is in

USE_KEYRING = (
    "请在有系统密钥库的桌面会话中运行（Windows“凭据管理器”，Linux 的 GNOME Keyring 或 KWallet）"
)
NO_KEYRING = (
    f"本机没有可用的系统密钥库，无法保管本地数据库的加密密钥。{USE_KEYRING}；"
    "确需在没有密钥库的电脑上使用时，"
    "由管理员运行 counter store key-file（密钥将存放在数据目录中，拿到硬盘的人即可读取数据库）；"
    f"自动化任务可用环境变量 {KEY_ENV} 提供密钥"
)
LOST = "请管理员用保存的恢复码运行 counter store recover 恢复密钥（见 docs/data-at-rest.md）"


@dataclass(frozen=True)
class StoreKey:
    raw: bytes
    kept: str  # KEYRING, FILE or ENV

    @property
    def pragma(self) -> str:
        """SQLCipher's raw-key form: the 32 bytes are the key, no key derivation runs."""
        return f"PRAGMA key = \"x'{self.raw.hex()}'\""

    def derived(self, purpose: str) -> bytes:
        """A separate key for another use (the kept slips), so one key never serves two ciphers."""
        return hmac.new(self.raw, f"counter {purpose}".encode(), hashlib.sha256).digest()

    def __repr__(self) -> str:  # never the key itself, whatever logs or prints this
        return f"StoreKey(kept={self.kept!r})"


@dataclass(frozen=True)
class KeyInfo:
    """``store-key.json``: which key the store needs and where it is kept."""

    key_id: str
    kept: str
    key_hex: str | None = None  # FILE mode only
    swept: bool = True  # False until the plaintext left by an older version is encrypted

    def to_json(self) -> str:
        data: dict[str, object] = {"format": 1, "key_id": self.key_id, "kept": self.kept}
        if self.key_hex is not None:
            data["key"] = self.key_hex
        data["plaintext_swept"] = self.swept
        return json.dumps(data, indent=2) + "\n"


def info_path(root: Path) -> Path:
    return root / INFO_NAME


def read_info(root: Path) -> KeyInfo | None:
    path = info_path(root)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        info = KeyInfo(
            str(data["key_id"]), str(data["kept"]), data.get("key"), bool(data["plaintext_swept"])
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CounterError(
            "store.key_info", f"密钥信息文件 {path} 无法读取或已损坏；{LOST}"
        ) from exc
    if info.kept not in (KEYRING, FILE, ENV, PARENT) or (
        info.kept == FILE and not _is_hex_key(info.key_hex)
    ):
        raise CounterError("store.key_info", f"密钥信息文件 {path} 内容无效；{LOST}")
    return info


def write_info(root: Path, info: KeyInfo) -> None:
    from app.files import write_file

    def write(out) -> None:  # type: ignore[no-untyped-def]
        if os.name == "posix":
            os.fchmod(out.fileno(), 0o600)  # the file may hold the key itself
        out.write(info.to_json().encode())

    write_file(info_path(root), write)


def _is_hex_key(text: object) -> bool:
    return isinstance(text, str) and re.fullmatch(r"[0-9a-fA-F]{64}", text) is not None


def env_key() -> StoreKey | None:
    value = os.environ.get(KEY_ENV, "").strip()
    if not value:
        return None
    if not _is_hex_key(value):
        raise CounterError(
            "store.key_env", f"环境变量 {KEY_ENV} 应为 64 位十六进制数字（256 位密钥）"
        )
    return StoreKey(bytes.fromhex(value), ENV)


def keyring_store(backend: KeyringBackend | None = None) -> KeyringStore:
    """The keyring with its secure-backend rules (``app.sync.keyring_store``), for the store key.
    An insecure backend (a plaintext file) is no better than the key file, so it is refused:
    the administrator chooses the key file knowingly instead."""
    from app.sync.keyring_store import KeyringStore

    return KeyringStore(backend, service=SERVICE, secret="本地数据库的加密密钥", how_to=USE_KEYRING)


_cache: dict[Path, StoreKey] = {}
_lock = threading.Lock()


def lookup(root: Path, *, keyring: KeyringStore | None = None) -> StoreKey | None:
    """The key of the store in ``root``, or None when none was ever made. Asked of the keyring
    once per process (a keyring call costs milliseconds and may prompt)."""
    key = env_key()
    if key is not None:
        return key
    root = root.resolve()
    with _lock:
        if root in _cache:
            return _cache[root]
    info = read_info(root)
    if info is None:
        return None
    if info.kept == FILE:
        key = StoreKey(bytes.fromhex(info.key_hex or ""), FILE)
    elif info.kept == PARENT:
        key = StoreKey(require(root.parent).derived(f"store in {root.name}"), PARENT)
    elif info.kept == ENV:
        raise CounterError(
            "store.key_env",
            f"本窗口数据库的密钥由环境变量 {KEY_ENV} 提供，但它现在没有设置；请设置后重试",
        )
    else:
        hex_key = (keyring or keyring_store()).get_password(info.key_id)
        if not _is_hex_key(hex_key):
            raise CounterError(
                "store.key_missing",
                "系统密钥库中没有本窗口数据库的密钥（换了电脑、重装了系统或重置了系统账户？）。"
                + LOST,
            )
        key = StoreKey(bytes.fromhex(hex_key or ""), KEYRING)
    with _lock:
        _cache[root] = key
    return key


def note_env(root: Path, *, swept: bool) -> KeyInfo:
    """Record that this store's key comes from the environment, so that a missing variable is
    named as such later (not taken for a lost keyring)."""
    info = KeyInfo(str(uuid.uuid4()), ENV, swept=swept)
    write_info(root, info)
    return info


def derive_from_parent(root: Path) -> None:
    """Key a new store in ``root`` (a folder inside a data directory) with a key derived from
    that directory's: nothing more to keep, whichever way the parent's key is kept. A store
    already keyed otherwise keeps its key."""
    if read_info(root) is None:
        require(root.parent)  # the real store's key must be there first
        root.mkdir(parents=True, exist_ok=True)
        write_info(root, KeyInfo(str(uuid.uuid4()), PARENT))
        forget(root)


def remember(root: Path, key: StoreKey) -> None:
    """Use ``key`` for the store in ``root`` in this process (a recovery code being checked);
    ``forget`` drops it again."""
    with _lock:
        _cache[root.resolve()] = key


def forget(root: Path) -> None:
    """Drop the cached key (after it was moved or replaced)."""
    with _lock:
        _cache.pop(root.resolve(), None)


def require(root: Path) -> StoreKey:
    key = lookup(root)
    if key is None:
        raise CounterError("store.key_missing", f"找不到本窗口数据库的密钥信息 {INFO_NAME}；{LOST}")
    return key


def keep(
    root: Path,
    raw: bytes,
    *,
    key_file: bool,
    keyring: KeyringStore | None = None,
    swept: bool = True,
) -> StoreKey:
    """Keep ``raw`` as the store's key: in the keyring (refused when there is none usable), or
    in ``store-key.json`` when ``key_file``. The keyring entry is written before the file
    that points at it, so a crash between the two leaves the old state."""
    try:
        old = read_info(root)
    except CounterError:  # damaged: the recovery code is what rewrites it
        old = None
    key_id = old.key_id if old is not None else str(uuid.uuid4())
    if key_file:
        info = KeyInfo(key_id, FILE, raw.hex(), swept)
    else:
        store = keyring or keyring_store()
        store.set_password(key_id, raw.hex())
        info = KeyInfo(key_id, KEYRING, None, swept)
    write_info(root, info)
    forget(root)
    return StoreKey(raw, info.kept)


def create(
    root: Path, *, key_file: bool = False, keyring: KeyringStore | None = None, swept: bool = True
) -> StoreKey:
    """A new key for a new store, or for one an older version left in plaintext (``swept``
    False until that plaintext is encrypted)."""
    try:
        raw = secrets.token_bytes(KEY_BYTES)
        return keep(root, raw, key_file=key_file, keyring=keyring, swept=swept)
    except CounterError as exc:
        if exc.code in ("keyring.none", "keyring.insecure"):
            raise CounterError("store.no_keyring", NO_KEYRING) from exc
        raise


# ---- the recovery code: the key as an administrator writes it down --------------------------


def recovery_code(key: StoreKey) -> str:
    """The key in 9 groups of 8 hex digits, the last a check: mistyped codes are caught."""
    check = hashlib.sha256(key.raw).hexdigest()[:8]
    text = (key.raw.hex() + check).upper()
    return "-".join(text[i : i + 8] for i in range(0, len(text), 8))


def parse_recovery_code(code: str) -> bytes:
    text = re.sub(r"[\s-]", "", code).lower()
    if not re.fullmatch(r"[0-9a-f]{72}", text):
        raise CounterError(
            "store.recovery_code", "恢复码应为 9 组、每组 8 位的十六进制数字（0-9、A-F），请核对"
        )
    raw, check = bytes.fromhex(text[:64]), text[64:]
    if hashlib.sha256(raw).hexdigest()[:8] != check:
        raise CounterError("store.recovery_code", "恢复码校验不符（有数字抄错了），请逐组核对")
    return raw
