"""/usr/bin/counter refuses a system whose glibc is older than the bundle needs, in words,
before the bundled program's loader would stop with "GLIBC_2.xx not found"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "installer"))
import build_deb

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux launcher")


def start(tmp_path: Path, system_glibc: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The launcher of a build needing glibc 2.34, on a system whose getconf says
    ``system_glibc``; the bundle's program only echoes what it was given."""
    bundle = tmp_path / "opt-counter"
    bundle.mkdir(exist_ok=True)
    program = bundle / "counter"
    program.write_text('#!/bin/sh\necho "bundled counter $*"\n')
    program.chmod(0o755)
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    getconf = fake / "getconf"
    getconf.write_text(f'#!/bin/sh\n[ "$1" = GNU_LIBC_VERSION ] && echo "glibc {system_glibc}"\n')
    getconf.chmod(0o755)
    script = tmp_path / "counter"
    script.write_text(build_deb.launcher("0.1.0+b9.gabc", (2, 34), str(bundle)))
    env = {"PATH": f"{fake}:{os.environ['PATH']}", "LANG": "C.UTF-8"}
    return subprocess.run(
        ["sh", str(script), *args], capture_output=True, text=True, env=env, check=False
    )


@pytest.mark.parametrize("system", ["2.28", "2.31", "2.33", "1.99"])
def test_an_older_glibc_is_refused_with_a_message(tmp_path: Path, system: str) -> None:
    r = start(tmp_path, system, "--version")
    assert r.returncode == 1
    assert "bundled counter" not in r.stdout  # never started
    assert f"glibc 为 {system}" in r.stderr and "需要 glibc 2.34 或更新" in r.stderr
    assert "GLIBC_" not in r.stderr


@pytest.mark.parametrize("system", ["2.34", "2.36", "2.40", "3.0"])
def test_a_new_enough_glibc_starts_the_bundle_with_its_arguments(
    tmp_path: Path, system: str
) -> None:
    r = start(tmp_path, system, "log", "verify")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "bundled counter log verify"


def test_the_floor_is_the_newest_symbol_version_any_bundled_file_asks_for(tmp_path: Path) -> None:
    elf = b"\x7fELF" + b"\0" * 12
    (tmp_path / "libold.so").write_bytes(elf + b"GLIBC_2.2.5\0GLIBC_2.17\0")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "libnew.so").write_bytes(elf + b"GLIBC_2.34\0GLIBC_2.28\0")
    (tmp_path / "notes.txt").write_bytes(b"GLIBC_2.99\0")  # not an ELF file: not counted
    assert build_deb.glibc_floor(tmp_path) == (2, 34)
