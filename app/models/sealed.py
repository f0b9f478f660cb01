"""Files sealed with the store's key: the kept slips (PDFs naming the applicant).

A sealed file is ``MAGIC || nonce (12 bytes) || AES-256-GCM(plaintext)``, the magic bound in as
associated data. The key is derived from the store key for this one use. GCM both hides and
authenticates: a flipped byte or another store's file is refused, never shown wrong.
"""

from __future__ import annotations

import os

from app.core.errors import CounterError
from app.models.store_key import StoreKey

MAGIC = b"COUNTER-SEALED-1\n"
NONCE_BYTES = 12
PURPOSE = "kept slips"


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC)


def seal(data: bytes, key: StoreKey) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(key.derived(PURPOSE)).encrypt(nonce, data, MAGIC)


def unseal(blob: bytes, key: StoreKey, name: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not is_sealed(blob):
        raise CounterError("sealed.format", f"{name} 不是本程序加密保存的文件；请从备份恢复")
    nonce = blob[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
    try:
        return AESGCM(key.derived(PURPOSE)).decrypt(nonce, blob[len(MAGIC) + NONCE_BYTES :], MAGIC)
    except InvalidTag as exc:
        raise CounterError(
            "sealed.damaged",
            f"{name} 无法解密：文件已损坏，或不是用本窗口的密钥加密的；请从备份恢复，或重新生成文书",
        ) from exc
