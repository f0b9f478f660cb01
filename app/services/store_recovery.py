"""Where the store's key is kept, changed by an administrator (``counter store recover``,
``key-file``, ``keyring``), and the recovery code that brings a lost key back.

Each change is checked before anything is written: a recovery code must open this window's
store, and the administrator's password is checked against that store. ``store-key.json`` and
the keyring entry are the only things written; the store itself is never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.core.errors import CounterError
from app.models import opener, store_key
from app.models.store_key import StoreKey
from app.paths import Home

KEY_FILE_WARNING = (
    "注意：密钥现保存在数据目录的 store-key.json 中，拿到这块硬盘的人即可读取数据库中的全部个人信息；"
    "请为本机启用磁盘加密（BitLocker 等），有了系统密钥库后运行 counter store keyring 把密钥移回"
)


def opens(db: Path, key: StoreKey) -> bool:
    """Does ``key`` open the store file ``db``?"""
    try:
        con = opener.connect(db, key, readonly=True, tune=False)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            con.close()
    except opener.DatabaseError:
        return False
    return True


def recover(
    home: Home, code: str, authorise: Callable[[], object], *, key_file: bool = False
) -> StoreKey:
    """Keep the key of a recovery code again (in the keyring, or the key file), once it has
    been shown to open this window's store and ``authorise`` (the administrator's check,
    against that store) passed."""
    raw = store_key.parse_recovery_code(code)
    if not home.db.is_file():
        raise CounterError(
            "store.no_store", f"数据目录 {home.root} 中没有数据库 {home.db.name}，无需恢复密钥"
        )
    key = StoreKey(raw, store_key.KEYRING)
    if not opens(home.db, key):
        raise CounterError(
            "store.recovery_wrong",
            f"这个恢复码打不开本窗口的数据库 {home.db.name}：它属于另一个窗口，"
            "或是更换密钥之前的；请找到为本窗口抄下的恢复码",
        )
    store_key.remember(home.root, key)
    try:
        authorise()
        return _keep(home, raw, key_file=key_file)
    finally:
        store_key.forget(home.root)


def _keep(home: Home, raw: bytes, *, key_file: bool) -> StoreKey:
    try:
        return store_key.keep(home.root, raw, key_file=key_file)
    except CounterError as exc:
        if exc.code in ("keyring.none", "keyring.insecure"):
            raise CounterError("store.no_keyring", store_key.NO_KEYRING) from exc
        raise


def move_key(home: Home, key: StoreKey, *, key_file: bool) -> bool:
    """Keep the store's key in the key file (``key_file``) or in the keyring; False when it is
    kept there already."""
    info = store_key.read_info(home.root)
    if info is not None and info.kept == (store_key.FILE if key_file else store_key.KEYRING):
        return False
    _keep(home, key.raw, key_file=key_file)
    return True


def new_key_file(home: Home) -> None:
    """A PC without a usable keyring, before its store exists: the key file from the start."""
    store_key.create(home.root, key_file=True)
