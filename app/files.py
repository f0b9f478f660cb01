"""Writing files: one helper for every file Counter writes, and the disk-full test.

Every document, export and template goes through ``write_file``: the bytes go to a temporary
file in the target's folder, are flushed to the disk, and only then take the target's name in
one atomic rename. A full disk or a crash leaves the old file (or none), never half of one.

A file the person names (``--out``, an export's path) is checked first with ``user_target``:
it may not be the store, its WAL/SHM/journal, a backup, a log or anything in the case folders
(the kept slips), however it is reached: a relative path, a symlink, or a hard link to the
same file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from app.core.errors import CounterError
from app.paths import Home

DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
STORE_SUFFIXES = ("", "-wal", "-shm", "-journal")
FREE_SPACE = "请清理磁盘空间后重试"


class DiskFull(CounterError):
    """The disk (or the user's quota) is full."""

    def __init__(self, what: str) -> None:
        super().__init__("disk.full", f"磁盘空间已满，{what}：{FREE_SPACE}")


LOW_SPACE = 1 << 20  # below this much free space an I/O error is taken for a full disk


def _database_error(exc: BaseException) -> bool:
    """An error of sqlite3, or of SQLCipher (the store's driver, app.models.opener), looked up
    without loading SQLCipher here: its errors exist only once it is loaded."""
    if isinstance(exc, sqlite3.Error):
        return True
    sqlcipher = sys.modules.get("sqlcipher3.dbapi2")
    return sqlcipher is not None and isinstance(exc, sqlcipher.Error)


def is_disk_full(exc: BaseException | None, folder: Path | None = None) -> bool:
    """An OSError ENOSPC/EDQUOT, or SQLite's "database or disk is full", anywhere in the chain
    (SQLAlchemy keeps the driver's error in ``orig``). With ``folder``, also an I/O error while
    that folder's disk is (nearly) full: SQLite reports "disk I/O error" when it cannot grow
    its shared-memory or WAL file."""
    io_error = False
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, DiskFull):
            return True
        if isinstance(exc, OSError):
            if exc.errno in DISK_FULL_ERRNOS:
                return True
            io_error = io_error or exc.errno == errno.EIO
        if _database_error(exc):
            code = getattr(exc, "sqlite_errorcode", None)
            if code == getattr(sqlite3, "SQLITE_FULL", 13) or "disk is full" in str(exc):
                return True
            io_error = (
                io_error or (code is not None and code & 0xFF == 10) or "disk I/O error" in str(exc)
            )
        orig = getattr(exc, "orig", None)
        if isinstance(orig, BaseException) and orig is not exc:
            if is_disk_full(orig):
                return True
            io_error = io_error or "disk I/O error" in str(orig)
        exc = exc.__cause__ or exc.__context__
    if io_error and folder is not None:
        try:
            return shutil.disk_usage(folder).free < LOW_SPACE
        except OSError:
            return False
    return False


def _protected_files(home: Home) -> Iterator[Path]:
    for suffix in STORE_SUFFIXES:
        yield home.db.with_name(home.db.name + suffix)


def _protected_dirs(home: Home) -> tuple[Path, ...]:
    return (home.backups, home.cases, home.logs)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _same_file(a: os.stat_result, path: Path) -> bool:
    try:
        b = path.stat()
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def user_target(path: str | os.PathLike[str], home: Home | None) -> Path:
    """The absolute file a person asked to write, refused (CounterError) when it would write
    over the data directory's own files; symlinks are followed."""
    raw = Path(path).expanduser()
    target = Path(os.path.abspath(raw)).resolve()
    if target.is_dir():
        raise CounterError("file.is_dir", f"{raw} 是一个文件夹：请给出要写入的文件名")
    if not target.parent.is_dir():
        raise CounterError(
            "file.no_folder", f"文件夹 {target.parent} 不存在：请先建立它，或换一个位置"
        )
    if home is None:
        return target
    refusal = f"不能写入 {raw}：它是本窗口的{{0}}，写入会毁掉它；请换一个文件名或文件夹"
    for p in _protected_files(home):
        if target == p.resolve():
            raise CounterError("file.protected", refusal.format("数据库文件"))
    for folder, what in zip(_protected_dirs(home), ("备份", "办件留存文书", "日志"), strict=True):
        if _inside(target, folder):
            raise CounterError("file.protected", refusal.format(what))
    # Anything else there too (store-generation, settings files to come): the data directory
    # is the program's, never a place for a person's output.
    if _inside(target, home.root):
        raise CounterError("file.protected", refusal.format("数据目录中的文件"))
    try:
        st = target.stat()
    except OSError:
        return target
    # The same file under another name (a hard link, another mount of the same folder).
    if any(_same_file(st, p) for p in _protected_files(home)):
        raise CounterError("file.protected", refusal.format("数据库文件"))
    if st.st_nlink > 1:
        if home.root.is_dir() and any(
            _same_file(st, p) for p in home.root.iterdir() if p.is_file()
        ):
            raise CounterError("file.protected", refusal.format("数据目录中的文件"))
        for folder, what in zip(
            _protected_dirs(home), ("备份", "办件留存文书", "日志"), strict=True
        ):
            if folder.is_dir() and any(_same_file(st, p) for p in folder.rglob("*") if p.is_file()):
                raise CounterError("file.protected", refusal.format(what))
    return target


def write_file(
    target: Path,
    write: Callable[[BinaryIO], object],
    *,
    home: Home | None = None,
    user_named: bool = False,
) -> Path:
    """Write ``target`` through a temporary file in its folder, fsync, atomic rename.

    ``user_named``: the path came from a person (checked with ``user_target`` against
    ``home``). Failures are CounterError: ``DiskFull`` for a full disk, ``file.unwritable``
    otherwise; the temporary file is removed and an existing target is left as it was.
    """
    target = user_target(target, home) if user_named else Path(target)
    folder = target.parent
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
        tmp = None
        _sync_folder(folder)
    except OSError as exc:
        if is_disk_full(exc):
            raise DiskFull(f"无法写入 {target}") from exc
        if isinstance(exc, PermissionError):
            raise CounterError(
                "file.unwritable", f"无法写入 {target}：没有写入权限，请检查文件夹 {folder} 的权限"
            ) from exc
        raise CounterError("file.unwritable", f"无法写入 {target}：{exc.strerror or exc}") from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
    return target


def write_bytes(target: Path, data: bytes, **kwargs: object) -> Path:
    return write_file(target, lambda out: out.write(data), **kwargs)  # type: ignore[arg-type]


def copy_file(src: Path, target: Path, **kwargs: object) -> Path:
    def write(out: BinaryIO) -> None:
        with open(src, "rb") as f:
            while chunk := f.read(1 << 20):
                out.write(chunk)

    return write_file(target, write, **kwargs)  # type: ignore[arg-type]


def make_folder(folder: Path) -> Path:
    """Create ``folder`` and its missing parents durably, and make its name durable.

    A folder's name lives in its parent: until the parent is fsynced, a power cut can take the
    new folder away with every file inside it, however well each file was fsynced (a kept slip
    in a new case folder). Each folder made is followed by an fsync of its parent, and the
    parent of ``folder`` is fsynced even when ``folder`` was there already (made by a process
    that died before it could sync it). Raises OSError as ``mkdir`` does.
    """
    missing: list[Path] = []
    p = folder
    while not p.is_dir() and p.parent != p:
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        try:
            d.mkdir()
        except FileExistsError:
            if not d.is_dir():
                raise
        _sync_folder(d.parent)
    if not missing:
        _sync_folder(folder.parent)
    return folder


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
