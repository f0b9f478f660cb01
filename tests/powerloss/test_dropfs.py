"""The power-loss filesystem itself: what survives a cut is exactly what was made durable."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .dropfs import open_durable_tree
from .mount import DropMount


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write(path: Path, data: bytes, *, sync: bool) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        if sync:
            os.fsync(f.fileno())


def test_only_fsynced_content_survives(dropfs: DropMount) -> None:
    mnt = dropfs.mountpoint
    write(mnt / "kept", b"durable", sync=True)
    write(mnt / "named only", b"never fsynced", sync=False)
    fsync_dir(mnt)
    with open(mnt / "kept", "ab") as f:
        f.write(b" and then some")
    assert (mnt / "kept").read_bytes() == b"durable and then some"
    dropfs.cut()
    assert open_durable_tree(dropfs.backing) == {"/kept": b"durable", "/named only": b""}
    dropfs.mount()
    assert sorted(os.listdir(mnt)) == ["kept", "named only"]
    assert (mnt / "kept").read_bytes() == b"durable"


def test_names_are_durable_only_once_their_folder_is_fsynced(dropfs: DropMount) -> None:
    mnt = dropfs.mountpoint
    (mnt / "old").mkdir()
    write(mnt / "old" / "a", b"a", sync=True)
    fsync_dir(mnt / "old")
    fsync_dir(mnt)
    (mnt / "new").mkdir()  # its parent never fsynced
    write(mnt / "new" / "b", b"b", sync=True)
    fsync_dir(mnt / "new")
    write(mnt / "old" / ".c.tmp", b"c", sync=True)
    os.replace(mnt / "old" / ".c.tmp", mnt / "old" / "c")  # renamed, folder not fsynced
    dropfs.cut()
    assert open_durable_tree(dropfs.backing) == {"/old": None, "/old/a": b"a"}


def test_truncation_and_holes(dropfs: DropMount) -> None:
    mnt = dropfs.mountpoint
    fd = os.open(mnt / "f", os.O_RDWR | os.O_CREAT)
    os.write(fd, b"x" * 10000)
    os.fsync(fd)
    os.ftruncate(fd, 0)
    os.pwrite(fd, b"y", 9000)
    os.fsync(fd)
    os.close(fd)
    fsync_dir(mnt)
    dropfs.cut()
    assert open_durable_tree(dropfs.backing)["/f"] == b"\0" * 9000 + b"y"


def test_sqlite_wal_keeps_committed_transactions(dropfs: DropMount) -> None:
    db = dropfs.mountpoint / "store.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (n INTEGER)")
    for n in range(20):
        conn.execute("INSERT INTO t VALUES (?)", (n,))
    conn.execute("BEGIN")
    conn.execute("INSERT INTO t VALUES (99)")  # never committed
    dropfs.cut()
    conn.close()
    dropfs.mount()
    again = sqlite3.connect(db)
    assert [r[0] for r in again.execute("SELECT n FROM t ORDER BY n")] == list(range(20))
    assert again.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    again.close()


def test_sqlite_with_synchronous_off_loses_commits(dropfs: DropMount) -> None:
    """The filesystem really drops what was not fsynced: without fsync a commit is gone."""
    db = dropfs.mountpoint / "store.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (n INTEGER)")  # synchronous=FULL: durable
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("INSERT INTO t VALUES (1)")
    dropfs.cut()
    conn.close()
    dropfs.mount()
    again = sqlite3.connect(db)
    assert again.execute("SELECT count(*) FROM t").fetchone() == (0,)
    again.close()
