"""At every start: the store's key, and the one-time encryption of what an older version left
in plaintext (the store and its WAL, the backups, the kept slips).

``store-key.json`` records whether that sweep finished (``plaintext_swept``): it is marked
unfinished before the first file is touched, so a power cut midway is finished at the next
start rather than forgotten.
"""

from __future__ import annotations

import dataclasses

from app.core.errors import CounterError
from app.models import opener, store_key
from app.models.plaintext_upgrade import encrypt_backups, encrypt_file
from app.paths import Home


def _has_encrypted_store(home: Home) -> bool:
    try:
        return home.db.stat().st_size > 0 and not opener.is_plaintext(home.db)
    except FileNotFoundError:
        return False


def unlock(home: Home) -> tuple[store_key.StoreKey, list[str]]:
    """The key of ``home``'s store (made for a new or plaintext store) and what was done."""
    plaintext = opener.is_plaintext(home.db)
    key = store_key.lookup(home.root)
    if key is None:
        if _has_encrypted_store(home):
            raise CounterError(
                "store.key_missing",
                f"数据库 {home.db} 已加密，但找不到它的密钥信息 {store_key.INFO_NAME}；"
                + store_key.LOST,
            )
        key = store_key.create(home.root, swept=not plaintext)
    info = store_key.read_info(home.root)
    if info is None and key.kept == store_key.ENV:
        info = store_key.note_env(home.root, swept=not plaintext)
    if not plaintext and (info is None or info.swept):
        return key, []
    if info is not None and info.swept:
        store_key.write_info(home.root, dataclasses.replace(info, swept=False))
    from app.services.kept_slips import clear_spool, seal_plaintext

    encrypt_file(home.db, key)
    backups = encrypt_backups(home.backups, key)
    slips = seal_plaintext(home, key)
    clear_spool(home)
    info = store_key.read_info(home.root)
    if info is not None:
        store_key.write_info(home.root, dataclasses.replace(info, swept=True))
    note = f"本地数据库已加密（另加密备份 {backups} 份、留存文书 {slips} 份）"
    return key, [note]
