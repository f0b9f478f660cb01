"""Kept slips sealed on the disk, readable copies only in the print spool.

The copy of every slip kept in a case's folder (``cases/<case>/<doc>-NN.pdf``) names the
applicant, so it is sealed with the store's key (``app.models.sealed``). The viewer and the
printer need a PDF file: ``readable`` unseals the kept copy into ``spool/`` beside it, byte for
byte what was first printed, and the spool is emptied of anything older than
``SPOOL_MINUTES`` at each use and at every start. Guides (办事指南) name nobody and stay plain.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from app.models import sealed, store_key
from app.paths import Home, inside

SPOOL = "spool"
SPOOL_MINUTES = 15


def spool_dir(home: Home) -> Path:
    return home.root / SPOOL


def write_sealed(home: Home, target: Path, write: Callable[[BinaryIO], object]) -> None:
    """Render into memory, seal, and keep at ``target`` (temporary file, fsync, rename)."""
    from app.files import write_bytes

    buf = io.BytesIO()
    write(buf)
    write_bytes(target, sealed.seal(buf.getvalue(), store_key.require(home.root)))


def read_kept(home: Home, kept: Path) -> bytes:
    """The PDF bytes of a kept slip (one an older version kept unsealed is read as it is)."""
    blob = kept.read_bytes()
    if not sealed.is_sealed(blob):
        return blob
    return sealed.unseal(blob, store_key.require(home.root), kept.name)


def readable(home: Home, kept: Path) -> Path:
    """A plain PDF copy of the kept slip in the spool, with the kept copy's time (the screens
    order a case's slips by it)."""
    from app.files import make_folder, write_bytes

    rel = kept.resolve().relative_to(home.cases.resolve())
    target = inside(spool_dir(home), *rel.parts)
    make_folder(target.parent)
    write_bytes(target, read_kept(home, kept))
    st = kept.stat()
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    clear_spool(home, SPOOL_MINUTES * 60, keep=target)
    return target


def clear_spool(home: Home, older_than_s: float = 0, *, keep: Path | None = None) -> int:
    """Remove spooled copies written more than ``older_than_s`` seconds ago; returns how many."""
    folder = spool_dir(home)
    if not folder.is_dir():
        return 0
    limit = time.time() - older_than_s
    removed = 0
    for p in sorted(folder.rglob("*"), reverse=True):  # files before their folders
        try:
            if p.is_dir():
                if not any(p.iterdir()):
                    p.rmdir()
            elif p != keep and p.lstat().st_ctime <= limit:
                p.unlink()
                removed += 1
        except OSError:
            continue  # open in a viewer on Windows: the next clearing takes it
    return removed


def seal_plaintext(home: Home, key: store_key.StoreKey) -> int:
    """Seal every slip an older version kept in plain; returns how many."""
    from app.files import write_bytes

    count = 0
    if not home.cases.is_dir():
        return 0
    for p in sorted(home.cases.rglob("*.pdf")):
        data = p.read_bytes()
        if sealed.is_sealed(data):
            continue
        st = p.stat()
        write_bytes(p, sealed.seal(data, key))
        os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
        count += 1
    return count
