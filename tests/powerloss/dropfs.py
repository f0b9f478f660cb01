"""A FUSE filesystem that forgets, at a power cut, every write that was not made durable.

    python -m tests.powerloss.dropfs BACKING MOUNTPOINT

The volatile state (what programs see while it runs) lives only in this process's memory. The
durable state lives in BACKING and changes only when a program asks for it:

- a file's content is durable as of its last ``fsync``/``fdatasync``: the pages written since
  are applied to ``BACKING/inodes/<ino>``;
- a directory's entries (creates, renames, unlinks, mkdirs in it) are durable as of that
  directory's last ``fsync``: they are written to ``BACKING/dirs/<ino>.json``. A file fsynced
  while its name is not yet durable is lost at a cut, as on a real disk.

A power cut is killing this process (SIGKILL): everything volatile goes with it, and BACKING
holds exactly the durable state (a cut in the middle of an fsync may leave part of that fsync's
pages applied, as a disk may). Mounting BACKING again shows that state; unreachable inodes are
removed then. ``open_durable_tree`` reads it without mounting.

Writing ``sync`` to the hidden control file ``/.dropfs-ctl`` makes everything durable at once
(a window whose set-up was long ago flushed by the system). Hard links and symlinks are not
supported (Counter uses neither).
"""

from __future__ import annotations

import errno
import json
import os
import stat
import sys
import threading
import time
from pathlib import Path
from typing import Any

PAGE = 4096
ROOT_INO = 1
CONTROL = "/.dropfs-ctl"
DIR, FILE = "dir", "file"


class Node:
    __slots__ = (
        "data",
        "dirty",
        "entries",
        "ino",
        "kind",
        "min_size",
        "mode",
        "mtime",
        "opened",
        "unlinked",
    )

    def __init__(self, ino: int, kind: str, mode: int) -> None:
        self.ino, self.kind, self.mode = ino, kind, mode
        self.data = bytearray()
        self.entries: dict[str, int] = {}
        self.dirty: set[int] = set()  # pages written since the last fsync
        self.min_size = 0  # the smallest size since the last fsync (truncations to apply)
        self.mtime = time.time()
        self.opened = 0
        self.unlinked = False


def _write_json(path: Path, value: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(value))
    os.replace(tmp, path)  # atomic on the backing disk (which never loses power)


def load_durable(backing: Path) -> dict[int, Node]:
    """The durable tree in ``backing``: every node reachable from the root, with its content."""
    nodes: dict[int, Node] = {}
    root = Node(ROOT_INO, DIR, 0o755)
    nodes[ROOT_INO] = root
    todo = [root]
    while todo:
        d = todo.pop()
        listing = backing / "dirs" / f"{d.ino}.json"
        entries = json.loads(listing.read_text()) if listing.exists() else {}
        for name, (ino, kind, mode) in entries.items():
            d.entries[name] = ino
            if ino in nodes:
                continue  # reachable twice (a rename made durable on one side only)
            n = Node(ino, kind, mode)
            nodes[ino] = n
            if kind == DIR:
                todo.append(n)
            else:
                blob = backing / "inodes" / str(ino)
                n.data = bytearray(blob.read_bytes()) if blob.exists() else bytearray()
                n.min_size = len(n.data)
    return nodes


def open_durable_tree(backing: Path) -> dict[str, bytes | None]:
    """Every durable path (``/a/b``) with its content (None for a directory), without mounting."""
    nodes = load_durable(backing)
    out: dict[str, bytes | None] = {}

    def walk(ino: int, prefix: str) -> None:
        for name, child in sorted(nodes[ino].entries.items()):
            path = f"{prefix}/{name}"
            n = nodes[child]
            out[path] = None if n.kind == DIR else bytes(n.data)
            if n.kind == DIR:
                walk(child, path)

    walk(ROOT_INO, "")
    return out


def format_backing(backing: Path) -> None:
    """An empty filesystem: a durable root with no entries."""
    (backing / "dirs").mkdir(parents=True, exist_ok=True)
    (backing / "inodes").mkdir(exist_ok=True)
    if not (backing / "dirs" / f"{ROOT_INO}.json").exists():
        _write_json(backing / "dirs" / f"{ROOT_INO}.json", {})


def make_operations(backing: Path) -> Any:
    from mfusepy import FuseOSError, Operations

    class DropFs(Operations):  # type: ignore[misc]
        use_ns = True

        def __init__(self) -> None:
            format_backing(backing)
            self.backing = backing
            self.mutex = threading.RLock()
            self.nodes = load_durable(backing)
            seen = [
                int(p.name.split(".")[0])
                for sub in ("dirs", "inodes")
                for p in (backing / sub).iterdir()
                if p.name.split(".")[0].isdigit()
            ]
            self.next_ino = max([ROOT_INO, *seen, *self.nodes]) + 1
            self._collect()

        # ---- bookkeeping --------------------------------------------------------------------

        def _collect(self) -> None:
            """Remove the durable leftovers no durable name reaches any more."""
            for sub in ("dirs", "inodes"):
                for p in (self.backing / sub).iterdir():
                    stem = p.name.split(".")[0]
                    if not stem.isdigit() or int(stem) not in self.nodes or p.name.endswith(".tmp"):
                        p.unlink()

        def _node(self, path: str) -> Node:
            node = self.nodes[ROOT_INO]
            for part in path.split("/"):
                if not part:
                    continue
                if node.kind != DIR:
                    raise FuseOSError(errno.ENOTDIR)
                ino = node.entries.get(part)
                if ino is None:
                    raise FuseOSError(errno.ENOENT)
                node = self.nodes[ino]
            return node

        def _parent(self, path: str) -> tuple[Node, str]:
            head, _, name = path.rstrip("/").rpartition("/")
            parent = self._node(head or "/")
            if parent.kind != DIR:
                raise FuseOSError(errno.ENOTDIR)
            return parent, name

        def _by_fh(self, path: str | None, fh: int | None) -> Node:
            if fh:
                node = self.nodes.get(fh)
                if node is not None:
                    return node
            if path is None:
                raise FuseOSError(errno.EBADF)
            return self._node(path)

        def _new(self, kind: str, mode: int) -> Node:
            node = Node(self.next_ino, kind, mode)
            self.next_ino += 1
            self.nodes[node.ino] = node
            return node

        def _forget(self, node: Node) -> None:
            if node.unlinked and node.opened == 0 and node.kind == FILE:
                self.nodes.pop(node.ino, None)

        def _sync_file(self, node: Node) -> None:
            blob = self.backing / "inodes" / str(node.ino)
            fd = os.open(blob, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                size = len(node.data)
                os.ftruncate(fd, min(node.min_size, os.fstat(fd).st_size))
                os.ftruncate(fd, size)
                for page in sorted(node.dirty):
                    start = page * PAGE
                    if start < size:
                        os.pwrite(fd, bytes(node.data[start : start + PAGE]), start)
            finally:
                os.close(fd)
            node.dirty.clear()
            node.min_size = len(node.data)

        def _sync_dir(self, node: Node) -> None:
            listing = {}
            for name, ino in node.entries.items():
                child = self.nodes[ino]
                listing[name] = [ino, child.kind, child.mode]
            _write_json(self.backing / "dirs" / f"{node.ino}.json", listing)

        def sync_all(self) -> None:
            for node in list(self.nodes.values()):
                if node.unlinked:
                    continue
                if node.kind == DIR:
                    self._sync_dir(node)
                else:
                    self._sync_file(node)

        # ---- metadata -----------------------------------------------------------------------

        def getattr(self, path: str, fh: int | None = None) -> dict[str, Any]:
            with self.mutex:
                if path == CONTROL:
                    return {"st_mode": stat.S_IFREG | 0o600, "st_nlink": 1, "st_size": 0}
                node = self._by_fh(path, fh)
                ns = int(node.mtime * 1e9)
                attrs = {
                    "st_mode": (stat.S_IFDIR if node.kind == DIR else stat.S_IFREG)
                    | (node.mode & 0o7777),
                    "st_nlink": 2 if node.kind == DIR else 1,
                    "st_size": len(node.data) if node.kind == FILE else 4096,
                    "st_uid": os.getuid(),
                    "st_gid": os.getgid(),
                    "st_atime": ns,
                    "st_mtime": ns,
                    "st_ctime": ns,
                }
                return attrs

        def readdir(self, path: str, fh: int) -> list[str]:
            with self.mutex:
                node = self._node(path)
                return [".", "..", *node.entries]

        def statfs(self, path: str) -> dict[str, int]:
            return {
                "f_bsize": PAGE,
                "f_frsize": PAGE,
                "f_blocks": 1 << 22,
                "f_bfree": 1 << 21,
                "f_bavail": 1 << 21,
                "f_files": 1 << 20,
                "f_ffree": 1 << 19,
                "f_namemax": 255,
            }

        def chmod(self, path: str, mode: int) -> int:
            with self.mutex:
                self._node(path).mode = mode & 0o7777
            return 0

        def chown(self, path: str, uid: int, gid: int) -> int:
            return 0

        def utimens(self, path: str, times: tuple[int, int] | None = None) -> int:
            with self.mutex:
                self._node(path).mtime = times[1] / 1e9 if times else time.time()
            return 0

        def access(self, path: str, amode: int) -> int:
            with self.mutex:
                if path != CONTROL:
                    self._node(path)
            return 0

        # ---- names --------------------------------------------------------------------------

        def create(self, path: str, mode: int, flags: int = 0) -> int:
            with self.mutex:
                parent, name = self._parent(path)
                if name in parent.entries:
                    node = self.nodes[parent.entries[name]]
                    if flags & os.O_EXCL:
                        raise FuseOSError(errno.EEXIST)
                else:
                    node = self._new(FILE, mode & 0o7777)
                    parent.entries[name] = node.ino
                node.opened += 1
                parent.mtime = time.time()
                return node.ino

        def mkdir(self, path: str, mode: int) -> int:
            with self.mutex:
                parent, name = self._parent(path)
                if name in parent.entries:
                    raise FuseOSError(errno.EEXIST)
                parent.entries[name] = self._new(DIR, mode & 0o7777).ino
                parent.mtime = time.time()
            return 0

        def unlink(self, path: str) -> int:
            with self.mutex:
                parent, name = self._parent(path)
                node = self._node(path)
                if node.kind == DIR:
                    raise FuseOSError(errno.EISDIR)
                del parent.entries[name]
                node.unlinked = True
                self._forget(node)
            return 0

        def rmdir(self, path: str) -> int:
            with self.mutex:
                parent, name = self._parent(path)
                node = self._node(path)
                if node.kind != DIR:
                    raise FuseOSError(errno.ENOTDIR)
                if node.entries:
                    raise FuseOSError(errno.ENOTEMPTY)
                del parent.entries[name]
                node.unlinked = True
            return 0

        def rename(self, old: str, new: str) -> int:
            with self.mutex:
                src_parent, src_name = self._parent(old)
                node = self._node(old)
                dst_parent, dst_name = self._parent(new)
                if dst_name in dst_parent.entries:
                    target = self.nodes[dst_parent.entries[dst_name]]
                    if target is node:
                        return 0
                    if target.kind == DIR and (node.kind != DIR or target.entries):
                        raise FuseOSError(errno.ENOTEMPTY if node.kind == DIR else errno.EISDIR)
                    if node.kind == DIR and target.kind != DIR:
                        raise FuseOSError(errno.ENOTDIR)
                    target.unlinked = True
                    self._forget(target)
                del src_parent.entries[src_name]
                dst_parent.entries[dst_name] = node.ino
                src_parent.mtime = dst_parent.mtime = time.time()
            return 0

        def link(self, target: str, source: str) -> int:
            raise FuseOSError(errno.EPERM)

        def symlink(self, target: str, source: str) -> int:
            raise FuseOSError(errno.EPERM)

        # ---- content ------------------------------------------------------------------------

        def open(self, path: str, flags: int) -> int:
            with self.mutex:
                if path == CONTROL:
                    return 0
                node = self._node(path)
                node.opened += 1
                return node.ino

        def release(self, path: str | None, fh: int) -> int:
            with self.mutex:
                node = self.nodes.get(fh)
                if node is not None:
                    node.opened -= 1
                    self._forget(node)
            return 0

        def read(self, path: str | None, size: int, offset: int, fh: int) -> bytes:
            with self.mutex:
                return bytes(self._by_fh(path, fh).data[offset : offset + size])

        def write(self, path: str | None, data: bytes, offset: int, fh: int) -> int:
            with self.mutex:
                if path == CONTROL:
                    if data.strip() == b"sync":
                        self.sync_all()
                        return len(data)
                    raise FuseOSError(errno.EINVAL)
                node = self._by_fh(path, fh)
                end = offset + len(data)
                if end > len(node.data):
                    node.data.extend(b"\0" * (end - len(node.data)))
                node.data[offset:end] = data
                if data:
                    node.dirty.update(range(offset // PAGE, (end - 1) // PAGE + 1))
                node.mtime = time.time()
                return len(data)

        def truncate(self, path: str | None, length: int, fh: int | None = None) -> int:
            with self.mutex:
                if path == CONTROL:
                    return 0
                node = self._by_fh(path, fh)
                if length < len(node.data):
                    del node.data[length:]
                    node.min_size = min(node.min_size, length)
                    node.dirty = {p for p in node.dirty if p * PAGE < length}
                    if length % PAGE:
                        node.dirty.add(length // PAGE)
                else:
                    node.data.extend(b"\0" * (length - len(node.data)))
                node.mtime = time.time()
            return 0

        def fsync(self, path: str | None, datasync: int, fh: int) -> int:
            with self.mutex:
                if path == CONTROL:
                    return 0
                node = self._by_fh(path, fh)
                if node.kind == FILE:
                    self._sync_file(node)
                else:
                    self._sync_dir(node)
            return 0

        def fsyncdir(self, path: str | None, datasync: int, fh: int) -> int:
            with self.mutex:
                node = self._node(path) if path is not None else self.nodes[ROOT_INO]
                self._sync_dir(node)
            return 0

        def flush(self, path: str | None, fh: int) -> int:
            return 0

    return DropFs()


def main(argv: list[str]) -> int:
    from mfusepy import FUSE

    backing, mountpoint = Path(argv[0]), argv[1]
    ops = make_operations(backing)
    print("mounting", flush=True)
    FUSE(
        ops, mountpoint, foreground=True, nothreads=True, fsname="dropfs", default_permissions=True
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
