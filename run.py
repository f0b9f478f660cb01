#!/usr/bin/env python3
"""Set up and run Counter from a fresh checkout, with nothing but python3.

    python3 run.py app        # make .venv, install Counter, start the application
    python3 run.py tests      # make .venv, install Counter and its test tools, check the code
                              # (CHECKS below), run every test; fails when any of them fails
    python3 run.py counter …  # any `counter` command inside the prepared environment
    python3 run.py package    # build the Linux package dist/counter_<version>_amd64.deb

Standard library only: this file runs before anything is installed. It makes a virtual
environment in `.venv` (reusing it when the project's dependencies have not changed), installs
the project into it, and on Debian installs the few system libraries Qt needs when run as root
(otherwise it prints the apt-get line to run).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".counter-installed"

# Shared libraries that Qt's wheels load but do not ship, with the Debian package of each.
QT_SYSTEM_LIBS = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
}


def say(msg: str) -> None:
    print(f"[run.py] {msg}", flush=True)


def fail(msg: str) -> None:
    print(f"[run.py] error: {msg}", file=sys.stderr, flush=True)
    raise SystemExit(2)


def make_venv() -> None:
    if PY.exists():
        return
    say("creating the virtual environment in .venv")
    try:
        venv.EnvBuilder(with_pip=True).create(VENV)
    except Exception:  # Debian ships python3 without ensurepip unless python3-venv is installed
        shutil.rmtree(VENV, ignore_errors=True)
        if shutil.which("apt-get") and os.geteuid() == 0:
            ver = f"python{sys.version_info.major}.{sys.version_info.minor}-venv"
            say(f"installing {ver} with apt-get (needed to create a virtual environment)")
            subprocess.run(["apt-get", "update", "-q"], check=False)
            subprocess.run(["apt-get", "install", "-y", "-q", ver, "python3-venv"], check=False)
            venv.EnvBuilder(with_pip=True).create(VENV)
        else:
            fail(
                "python3 cannot create a virtual environment here; on Debian run: "
                "sudo apt-get install python3-venv, then run this command again"
            )


def wanted_stamp(extras: str) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    return f"{digest}:{extras}"


def install(extras: str) -> None:
    stamp = wanted_stamp(extras)
    if STAMP.exists() and STAMP.read_text().strip() in {stamp, wanted_stamp("test")}:
        return
    say(f"installing Counter and its dependencies ({extras or 'app'}) into .venv")
    pip = [str(PY), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=False)
    target = f".[{extras}]" if extras else "."
    r = subprocess.run([*pip, "install", "-e", target], cwd=ROOT)
    if r.returncode != 0:
        fail(
            "pip could not install the dependencies (see the lines above); "
            "check the network connection to the package index and run this command again"
        )
    STAMP.write_text(stamp)


# For the tests only: the power-loss tests mount a FUSE filesystem (libfuse3, fusermount3).
FUSE_SYSTEM_LIBS = {"libfuse3.so.3": "fuse3"}


def missing_system_libs(tests: bool = False) -> list[str]:
    if not sys.platform.startswith("linux"):
        return []
    try:
        out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    except OSError:
        return []
    wanted = dict(QT_SYSTEM_LIBS)
    if tests and os.path.exists("/dev/fuse"):
        wanted.update(FUSE_SYSTEM_LIBS)
    missing = [pkg for lib, pkg in wanted.items() if lib not in out]
    if (
        tests
        and os.path.exists("/dev/fuse")
        and not shutil.which("fusermount3")
        and "fuse3" not in missing
    ):
        missing.append("fuse3")
    # The slip tests render PDFs as a 203 dpi thermal printer would (pdftoppm) and scan them.
    if tests and not shutil.which("pdftoppm"):
        missing.append("poppler-utils")
    return missing


def ensure_system_libs(tests: bool = False) -> None:
    pkgs = missing_system_libs(tests)
    if not pkgs:
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        say("installing the system libraries Qt (and the tests) need: " + " ".join(pkgs))
        subprocess.run(["apt-get", "update", "-q"], check=False)
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", *pkgs],
            check=False,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    else:
        say(
            "Qt (and the tests) need these system libraries; install them with: "
            "sudo apt-get install " + " ".join(pkgs)
        )


# Run before pytest by `tests`, from the project folder: (name, arguments of .venv's python).
CHECKS = (
    # the layering: [tool.importlinter] in pyproject.toml
    ("import contracts", ["-c", "from importlinter.cli import lint_imports_command as c; c()"]),
    ("ruff check", ["-m", "ruff", "check", "."]),
    ("ruff format", ["-m", "ruff", "format", "--check", "."]),
    ("mypy", ["-m", "mypy"]),  # [tool.mypy] in pyproject.toml
)


def run_checks(env: dict[str, str]) -> list[str]:
    """Run every check (all of them, so one run shows every problem); the names that failed."""
    failed = []
    for name, command in CHECKS:
        say(f"check: {name}")
        r = subprocess.run([str(PY), *command], cwd=ROOT, env=env)
        if r.returncode != 0:
            failed.append(name)
    return failed


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"app", "tests", "counter", "package"}:
        print(__doc__)
        return 2
    cmd, rest = argv[0], argv[1:]
    if cmd == "package":  # its own build environment, pinned (installer/build_deb.py)
        return subprocess.run(
            [sys.executable, str(ROOT / "installer" / "build_deb.py"), *rest]
        ).returncode
    make_venv()
    install("test" if cmd == "tests" else "")
    ensure_system_libs(tests=cmd == "tests")
    env = dict(os.environ)
    if cmd == "tests":
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        failed = run_checks(env)
        code = subprocess.run([str(PY), "-m", "pytest", *rest], cwd=ROOT, env=env).returncode
        if failed:
            say("FAILED checks: " + ", ".join(failed) + " (their output is above)")
            return code or 1
        say("checks passed: " + ", ".join(name for name, _ in CHECKS))
        return code
    if cmd == "counter":
        return subprocess.run([str(PY), "-m", "app", *rest], cwd=ROOT, env=env).returncode
    return subprocess.run([str(PY), "-m", "app", "gui", *rest], cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
