#!/usr/bin/env python3
"""Build the Linux package dist/counter_<version>_amd64.deb from this checkout.

    python3 run.py package                      # the same, through run.py
    python3 installer/build_deb.py [--source DIR] [--out DIR]

Standard library only (it runs before anything is installed). Steps:
1. a build environment in build/pkg-venv with the project's dependencies (read from the
   source's pyproject.toml at every build) at the versions pinned in build-constraints.txt;
2. PyInstaller's one-folder build of installer/counter.spec, checked by check_bundle.py;
3. the migration scripts (read from disk by Alembic) compiled to byte code: /opt is not
   writable for the clerk, so Python could not cache them and would compile at every start;
4. the glibc the bundle needs, read from the symbol versions of its ELF files: the package
   depends on it, and /usr/bin/counter refuses an older system with a message;
5. the package tree (/opt/counter, /usr/bin/counter, menu entry and icon, the day-close user
   timer, maintainer scripts) packed with dpkg-deb.

``--source`` builds another checkout (an older commit, for the upgrade test) with this
directory's spec and packaging files.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUILD = ROOT / "build"
VENV = BUILD / "pkg-venv"
VPY = VENV / "bin" / "python"
CONSTRAINTS = HERE / "build-constraints.txt"
INSTALL_DIR = "opt/counter"
MAINTAINER = "Counter packaging <packaging@counter.invalid>"

sys.path.insert(0, str(ROOT))
from run import QT_SYSTEM_LIBS  # noqa: E402  (one list of Qt's system libraries)


def say(msg: str) -> None:
    print(f"[package] {msg}", flush=True)


def fail(msg: str) -> None:
    print(f"[package] error: {msg}", file=sys.stderr, flush=True)
    raise SystemExit(2)


def run(cmd: list[str], **kw) -> None:
    r = subprocess.run(cmd, **kw)
    if r.returncode != 0:
        fail(f"{Path(cmd[0]).name} failed (exit {r.returncode}); see the lines above")


def dependencies(source: Path) -> list[str]:
    with open(source / "pyproject.toml", "rb") as f:
        return list(tomllib.load(f)["project"]["dependencies"])


def build_env(source: Path) -> None:
    """The build environment, made again only when the dependencies or the pins changed."""
    wanted = hashlib.sha256(
        ("\n".join(dependencies(source)) + CONSTRAINTS.read_text()).encode()
    ).hexdigest()[:16]
    stamp = VENV / ".counter-deps"
    if stamp.exists() and stamp.read_text() == wanted:
        return
    if not VPY.exists():
        say(f"creating the build environment in {VENV.relative_to(ROOT)}")
        run([sys.executable, "-m", "venv", str(VENV)])
    say("installing the dependencies at the pinned versions (build-constraints.txt)")
    pip = [str(VPY), "-m", "pip", "--disable-pip-version-check", "-q"]
    run([*pip, "install", "-c", str(CONSTRAINTS), "pyinstaller", *dependencies(source)])
    stamp.write_text(wanted)


def app_version(source: Path) -> str:
    text = (source / "app" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', text).group(1)


def package_version(source: Path) -> str:
    """The app's version plus the build: commits so far (so a later build sorts after an
    earlier one for dpkg) and the commit, e.g. 0.1.0+b412.g340f28f."""
    base = app_version(source)

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(source), *args], capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        count, sha = git("rev-list", "--count", "HEAD"), git("rev-parse", "--short", "HEAD")
    except (OSError, subprocess.CalledProcessError):
        return base  # not a git checkout (a source archive)
    return f"{base}+b{count}.g{sha}"


GLIBC_RE = re.compile(rb"GLIBC_(\d+)\.(\d+)(?:\.\d+)?\x00")


def glibc_floor(bundle: Path) -> tuple[int, int]:
    """The newest GLIBC_x.y symbol version any ELF file of the bundle asks for (the names sit
    in each file's dynamic string table; the bundle never carries glibc itself)."""
    floor = (2, 17)
    for path in bundle.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        with open(path, "rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
            data = f.read()
        for major, minor in GLIBC_RE.findall(data):
            floor = max(floor, (int(major), int(minor)))
    return floor


def pyinstaller(source: Path, work: Path) -> Path:
    dist = work / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    say("PyInstaller one-folder build (a few minutes)")
    run(
        [
            str(VPY),
            "-m",
            "PyInstaller",
            str(HERE / "counter.spec"),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work / "pyinstaller"),
        ],
        env={**os.environ, "COUNTER_SOURCE": str(source), "PYTHONHASHSEED": "0"},
        cwd=source,
    )
    bundle = dist / "Counter"
    run([str(VPY), str(HERE / "check_bundle.py"), str(bundle)])
    internal = bundle / "_internal"
    say("compiling the migration scripts to byte code")
    for tree in ("app/models/migrations", "app/sync/central_migrations"):
        run([str(VPY), "-m", "compileall", "-q", str(internal / tree)])
    return bundle


def control(version: str, glibc: tuple[int, int], size_kb: int) -> str:
    libs = sorted(set(QT_SYSTEM_LIBS.values()))
    depends = ", ".join([f"libc6 (>= {glibc[0]}.{glibc[1]})", *libs])
    return (
        f"Package: counter\n"
        f"Version: {version}\n"
        f"Architecture: amd64\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {size_kb}\n"
        f"Depends: {depends}\n"
        f"Section: misc\n"
        f"Priority: optional\n"
        f"Description: Counter - comprehensive acceptance window (综合受理窗口)\n"
        f" The desktop application of a street or town service centre's acceptance\n"
        f" window, with its own Python and Qt in /opt/counter. Each user's data stays in\n"
        f" ~/.local/share/Counter; upgrades back it up and migrate it at the first start,\n"
        f" removal and purge keep it.\n"
    )


def du_kb(tree: Path) -> int:
    return (
        sum(p.stat().st_size for p in tree.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
    )


def launcher(version: str, glibc: tuple[int, int], bundle: str = "/" + INSTALL_DIR) -> str:
    """/usr/bin/counter: installer/deb/counter.sh with the build's glibc floor filled in."""
    text = (HERE / "deb" / "counter.sh").read_text(encoding="utf-8")
    return (
        text.replace("@GLIBC@", f"{glibc[0]}.{glibc[1]}")
        .replace("@VERSION@", version)
        .replace('BUNDLE="/opt/counter"', f'BUNDLE="{bundle}"')
    )


def stage(bundle: Path, root: Path, version: str, glibc: tuple[int, int]) -> None:
    shutil.rmtree(root, ignore_errors=True)
    opt = root / INSTALL_DIR
    opt.parent.mkdir(parents=True)
    shutil.copytree(bundle, opt, symlinks=True)
    shutil.copy2(ROOT / "README.md", opt / "README.md")  # the supported systems, for the message
    deb = HERE / "deb"

    def put(src: Path | None, rel: str, mode: int, text: str | None = None) -> None:
        dst = root / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src is not None:
            shutil.copyfile(src, dst)
        else:
            dst.write_text(text or "", encoding="utf-8")
        dst.chmod(mode)

    put(None, "usr/bin/counter", 0o755, launcher(version, glibc))
    put(HERE / "counter.desktop", "usr/share/applications/counter.desktop", 0o644)
    put(HERE / "icons" / "counter.png", "usr/share/icons/hicolor/256x256/apps/counter.png", 0o644)
    for unit in ("counter-day-close.service", "counter-day-close.timer"):
        put(deb / unit, f"usr/lib/systemd/user/{unit}", 0o644)
    for script in ("postinst", "prerm", "postrm"):
        put(deb / script, f"DEBIAN/{script}", 0o755)
    for d in root.rglob("*"):
        if d.is_dir():
            d.chmod(0o755)
    put(None, "DEBIAN/control", 0o644, control(version, glibc, du_kb(root)))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--source", type=Path, default=ROOT, help="checkout to build (default: this)")
    p.add_argument("--out", type=Path, default=ROOT / "dist", help="folder for the .deb")
    args = p.parse_args(argv)
    if not sys.platform.startswith("linux"):
        fail("the .deb is built on Linux (see installer/README.md for Windows)")
    if shutil.which("dpkg-deb") is None:
        fail("dpkg-deb is missing: sudo apt-get install dpkg")
    source = args.source.resolve()
    started = time.monotonic()
    build_env(source)
    version = package_version(source)
    work = BUILD / "deb" / hashlib.sha256(str(source).encode()).hexdigest()[:8]
    bundle = pyinstaller(source, work)
    glibc = glibc_floor(bundle)
    say(f"the bundle needs glibc {glibc[0]}.{glibc[1]} or newer")
    root = work / "root"
    stage(bundle, root, version, glibc)
    args.out.mkdir(parents=True, exist_ok=True)
    deb = args.out / f"counter_{version}_amd64.deb"
    # xz, which every dpkg reads (zstd only from dpkg 1.21.18); level 1 packs the 300 MB tree
    # several times faster than the default 6 for a slightly larger file.
    run(["dpkg-deb", "--root-owner-group", "-Zxz", "-z1", "--build", str(root), str(deb)])
    say(f"{deb} ({deb.stat().st_size / 1e6:.1f} MB, {time.monotonic() - started:.0f} s)")
    print(deb)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
