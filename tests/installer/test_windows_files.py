"""The Windows build cannot run here: its files are kept consistent with the Linux build by
reading them. Every resource the spec ships is checked by the Inno Setup script, every hidden
import is verified by the same bundle check in the Windows workflow, the day-close runs on the
same schedule, and no uninstall or upgrade step touches the user's data."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
sys.path.insert(0, str(INSTALLER))
import check_bundle  # noqa: E402

ISS = (INSTALLER / "counter.iss").read_text(encoding="utf-8")
WORKFLOW = (ROOT / ".github" / "workflows" / "windows-build.yml").read_text(encoding="utf-8")
TASK = (INSTALLER / "windows" / "counter-day-close.xml").read_text(encoding="utf-8")
TIMER = (INSTALLER / "deb" / "counter-day-close.timer").read_text(encoding="utf-8")
SPEC = check_bundle.spec_lists()


def iss_section(name: str) -> str:
    match = re.search(rf"^\[{name}\]\n(.*?)(?=^\[|\Z)", ISS, re.M | re.S)
    return match.group(1) if match else ""


def test_every_resource_of_the_spec_is_checked_by_the_windows_installer() -> None:
    checked = set(re.findall(r'Bundle \+ "\\_internal\\([^"]+)"\)', ISS))
    assert {r.replace("/", "\\") for r in SPEC["RESOURCES"]} == checked
    # ... and the spec ships what the Linux build needs: both migration trees and resources.
    assert {"app/models/migrations", "app/sync/central_migrations"} <= set(SPEC["RESOURCES"])
    for rel in SPEC["RESOURCES"]:
        assert (ROOT / rel).is_dir(), rel


def test_both_builds_use_the_same_spec_pins_and_bundle_check() -> None:
    build_deb = (INSTALLER / "build_deb.py").read_text(encoding="utf-8")
    for text in (build_deb, WORKFLOW):
        assert "counter.spec" in text and "build-constraints.txt" in text
        assert "check_bundle.py" in text
        assert "compileall" in text
    assert "installer/check_bundle.py dist/Counter" in WORKFLOW
    # The hidden imports are the spec's own lists, which check_bundle verifies in the build.
    assert SPEC["HIDDEN_IMPORTS"] and SPEC["HIDDEN_PACKAGES"]
    for name in [*SPEC["HIDDEN_IMPORTS"], *SPEC["HIDDEN_PACKAGES"]]:
        assert re.fullmatch(r"[A-Za-z_][\w.]*", name), name
    assert {"app", "alembic"} <= set(SPEC["HIDDEN_PACKAGES"])
    assert {"PySide6.QtPrintSupport", "sqlcipher3", "psycopg_binary"} <= set(SPEC["HIDDEN_IMPORTS"])


def test_the_installed_programs_are_the_ones_the_spec_builds() -> None:
    spec = (INSTALLER / "counter.spec").read_text(encoding="utf-8")
    names = set(re.findall(r'name="([^"]+)"', spec))
    assert {"counter", "CounterWindow", "Counter"} == names
    assert "{app}\\CounterWindow.exe" in iss_section("Icons")
    assert "counter.exe" in TASK and "sync --day-close" in TASK


def test_the_day_close_runs_on_the_linux_timers_schedule() -> None:
    linux = sorted(re.findall(r"OnCalendar=Mon\.\.Sat (\d\d:\d\d)", TIMER))
    windows = sorted(t[:5] for t in re.findall(r"<StartBoundary>[\d-]+T([\d:]+)<", TASK))
    assert linux == windows == ["17:45", "19:00"]
    days = re.findall(r"<(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) />", TASK)
    assert days == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] * 2
    assert "<StartWhenAvailable>true" in TASK and "Persistent=true" in TIMER
    assert "counter-day-close.xml" in iss_section("Run")
    assert "/Delete" in iss_section("UninstallRun")


def test_user_data_is_never_installed_over_nor_deleted() -> None:
    assert "localappdata" not in iss_section("InstallDelete").lower()
    assert "localappdata" not in iss_section("UninstallDelete").lower()
    assert "{app}" in iss_section("InstallDelete")  # only the program's own folder
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}", ISS, re.M)  # upgrades find the install
    assert 'Test-Path "$env:LOCALAPPDATA\\Counter\\counter.sqlite3"' in WORKFLOW
