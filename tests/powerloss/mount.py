"""Mounting the power-loss filesystem (dropfs) from a test, cutting its power, mounting again."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
_problem: list[str | None] = []


def must_run(problem: str | None) -> None:
    """The power-loss tests cannot run here (``problem``): a failure on CI, where they must
    run, else a skip naming what is missing."""
    from tests.unavailable import cannot_run

    if problem is not None:
        cannot_run(f"power-loss tests: {problem}")


def fuse_problem() -> str | None:
    """Why FUSE cannot be mounted here, or None. Checked once per process, by mounting."""
    if _problem:
        return _problem[0]
    reason: str | None = None
    if not sys.platform.startswith("linux"):
        reason = "the power-loss filesystem needs Linux FUSE"
    elif not os.path.exists("/dev/fuse"):
        reason = "no /dev/fuse (a container needs --device /dev/fuse)"
    elif shutil.which("fusermount3") is None:
        reason = (
            "fusermount3 is missing: install Debian's fuse3 (python3 run.py tests does as root)"
        )
    else:
        try:
            import mfusepy  # noqa: F401
        except (ImportError, OSError) as exc:
            reason = f"mfusepy cannot load libfuse3 ({exc}): install fuse3 and the test extra"
    if reason is None:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="dropfs-probe-") as tmp:
            m = DropMount(Path(tmp) / "backing", Path(tmp) / "mnt")
            try:
                m.mount()
            except OSError as exc:
                reason = f"a FUSE filesystem cannot be mounted here: {exc}"
            finally:
                m.unmount()
    _problem.append(reason)
    return reason


class DropMount:
    """One dropfs process serving ``backing`` at ``mountpoint``."""

    def __init__(self, backing: Path, mountpoint: Path) -> None:
        self.backing, self.mountpoint = backing, mountpoint
        self.proc: subprocess.Popen[bytes] | None = None
        self.cuts = 0

    def mount(self) -> None:
        self.backing.mkdir(parents=True, exist_ok=True)
        self.mountpoint.mkdir(parents=True, exist_ok=True)
        log = open(self.backing.parent / f"{self.backing.name}.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.powerloss.dropfs",
                str(self.backing),
                str(self.mountpoint),
            ],
            cwd=ROOT,
            stdout=log,
            stderr=log,
        )
        log.close()
        while not os.path.ismount(self.mountpoint):
            if self.proc.poll() is not None:
                text = (
                    (self.backing.parent / f"{self.backing.name}.log")
                    .read_text(errors="replace")
                    .strip()
                    .splitlines()
                )
                self.proc = None
                raise OSError(f"dropfs exited ({text[-1] if text else 'no output'})")
            time.sleep(0.01)

    def sync_all(self) -> None:
        """Make everything durable (what the system's flush does long before a cut)."""
        with open(self.mountpoint / ".dropfs-ctl", "wb", buffering=0) as f:
            f.write(b"sync")

    def cut(self) -> None:
        """The power goes: the filesystem process dies with everything not made durable."""
        if self.proc is not None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
            self.proc = None
        self._detach(lazy=True)
        self.cuts += 1

    def unmount(self) -> None:
        """A clean stop: the kernel sends nothing more; the durable state stays as it is."""
        if self.proc is not None:
            self._detach(lazy=False)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
        self._detach(lazy=True)

    def _detach(self, *, lazy: bool) -> None:
        if os.path.ismount(self.mountpoint) or lazy:
            with contextlib.suppress(OSError):
                subprocess.run(
                    ["fusermount3", "-u", *(["-z"] if lazy else []), str(self.mountpoint)],
                    capture_output=True,
                    check=False,
                )
