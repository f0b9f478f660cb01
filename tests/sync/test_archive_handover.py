"""档案移交 to the central archive, against a real PostgreSQL: a month of cases filed at the
window, handed over through the command line, verified on the central; a changed byte is
refused on arrival and found by the central's verification; sending again adds nothing; another
content for a volume the central holds is refused, never overwritten; a window reads only its
own packages."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
from openpyxl import load_workbook

from app.bootstrap import open_context
from app.cli.main import main
from app.core import archive_package as ap
from app.services.archive import ArchiveService
from app.sync.central_archive import packages, verify
from app.sync.connection import Timeouts, build_conninfo, connect
from app.sync.setup import configure_central
from tests.conftest import PASSWORD
from tests.services.conftest import month_window

from .conftest import CentralDb, memory_keyring_store

pytestmark = pytest.mark.central


@pytest.fixture(scope="module")
def month(tmp_path_factory):  # type: ignore[no-untyped-def]
    home, _made = month_window(tmp_path_factory.mktemp("handover") / "home")
    return home


def test_a_month_handed_over_verified_centrally_and_refused_when_changed(
    central: CentralDb, month, monkeypatch, capsys, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    home = month
    monkeypatch.setenv("COUNTER_PASSWORD", PASSWORD)

    def cli(*argv: str) -> tuple[int, str]:
        code = main(["--home", str(home.root), *argv])
        out, err = capsys.readouterr()
        return code, out + err

    def central_cli(*argv: str) -> tuple[int, str]:
        code = main(["central", *argv, "--db", central.url])
        out, err = capsys.readouterr()
        return code, out + err

    creds = central.add_window("C3301", "W03")
    ctx = open_context(home)
    try:
        configure_central(ctx, creds.url, creds.password, keyring_store=memory_keyring_store())
    finally:
        ctx.close()
    monkeypatch.setenv("COUNTER_CENTRAL_PASSWORD", creds.password)
    code, out = cli("archive", "file", "--month", "2026-11", "--by", "boss")
    assert code == 0, out

    ctx = open_context(home)
    svc = ArchiveService(ctx)
    volumes = svc.volumes()
    ctx.close()
    assert len(volumes) > 20

    # One volume first, by its number; a volume nobody filed is refused before connecting.
    code, out = cli("archive", "handover", "NOPE-1", "--by", "boss")
    assert code != 0 and "没有档号为 NOPE-1" in out
    first = volumes[0].volume_no
    code, out = cli("archive", "handover", first, "--by", "boss")
    assert code == 0, out
    assert f"{first}\t已移交" in out and "中心已接收 1 卷（共 1 卷）" in out

    # A changed byte in a filed package: verified at the window, it is not sent.
    bad = volumes[1]
    ctx = open_context(home)
    svc = ArchiveService(ctx)
    doc = sorted((bad.folder(svc.root) / ap.DOCUMENTS).iterdir())[0]
    original = doc.read_bytes()
    doc.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    ctx.close()
    code, out = cli("archive", "handover", "--all", "--by", "boss")
    assert code == 1
    assert f"{bad.volume_no}\t未移交：本机档案包校验不通过" in out
    assert f"中心已接收 {len(volumes) - 2} 卷（共 {len(volumes) - 1} 卷）" in out
    doc.write_bytes(original)

    # Repaired, it goes with the end-of-day sync; nothing else is sent again.
    code, out = cli("sync", "--day-close")
    assert "档案移交：中心已接收 1 卷（共 1 卷）" in out, out
    code, out = cli("archive", "handover", "--all", "--by", "boss")
    assert code == 0 and "没有待移交的卷" in out

    # The window's list shows each volume handed over, on screen and in the 归档清单.
    listed = tmp_path / "归档清单.xlsx"
    pdf = tmp_path / "归档清单.pdf"
    code, out = cli(
        "archive",
        "list",
        "--month",
        "2026-11",
        "--by",
        "boss",
        "--out",
        str(listed),
        "--out",
        str(pdf),
    )
    assert out.count("已移交") == len(volumes)
    rows = list(load_workbook(listed)["归档清单"].iter_rows(min_row=2, values_only=True))
    assert rows[0][11] == "移交中心"
    assert all(len(str(r[11])) == 10 for r in rows[1:]) and len(rows) == len(volumes) + 1
    assert pdf.read_bytes().startswith(b"%PDF")

    # On the central: every package, verified; the handover records arrived with the sync.
    held = packages(central.url, "C3301")
    assert sorted(v.volume_no for v in held) == sorted(v.volume_no for v in volumes)
    assert packages(central.url, "C3301", "W99") == []
    code, out = central_cli("archive", "list", "--centre", "C3301")
    assert code == 0 and f"共 {len(volumes)} 卷" in out and first in out
    code, out = central_cli("archive", "verify", first)
    assert code == 0 and "全部 1 卷完好" in out
    assert all(v.ok for v in verify(central.url))
    assert central.scalar(
        "SELECT count(*) FROM counter.records WHERE kind = 'archive_handover'"
    ) == len(volumes)
    # The central keeps the plain files: the manifest names the volume and case.
    manifest = central.scalar(
        "SELECT content FROM counter.archive_files WHERE volume_no = %s AND path = %s",
        (first, ap.MANIFEST),
    )
    assert json.loads(bytes(manifest))["volume_no"] == first

    # The central's copy changed together with its checksum list: found by its verification
    # (the digest the window's hash-chained handover record carries no longer matches).
    with central.connect() as conn:
        path, content = conn.execute(
            "SELECT path, content FROM counter.archive_files WHERE volume_no = %s "
            "AND path LIKE 'documents/%%' ORDER BY path LIMIT 1",
            (first,),
        ).fetchone()
        changed = bytes(content)[:-1] + bytes([bytes(content)[-1] ^ 1])
        sums = central.scalar(
            "SELECT checksums FROM counter.archive_packages WHERE volume_no = %s", (first,)
        )
        listed = ap.parse_checksums(sums)
        assert listed is not None
        listed[path] = ap.sha256(changed)
        new_sums = ap.checksums_text(listed)
        conn.execute(
            "UPDATE counter.archive_files SET content = %s, sha256 = %s "
            "WHERE volume_no = %s AND path = %s",
            (changed, ap.sha256(changed), first, path),
        )
        conn.execute(
            "UPDATE counter.archive_packages SET checksums = %s, digest = %s WHERE volume_no = %s",
            (new_sums, ap.sha256(new_sums.encode()), first),
        )
    code, out = central_cli("archive", "verify", first)
    assert code == 1 and "窗口移交记录中的摘要不符" in out


def _window_connection(creds) -> object:  # type: ignore[no-untyped-def]
    return connect(build_conninfo(creds.url, creds.password, Timeouts()), Timeouts(), None)


def test_the_central_refuses_a_damaged_or_different_package_and_keeps_the_first(
    central: CentralDb, make_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Straight at the central's function, as a modified client could send: one changed byte
    is refused on arrival; the same volume again is ``held``; another content is ``differs``;
    another window's device is refused and its packages are not visible."""
    w = make_window("C3301", "W03")
    w.sync()  # registers the device
    other = make_window("C3301", "W04")
    other.sync()
    manifest = json.dumps({"volume_no": "V-1", "case": {"case_id": "case-1"}}).encode()
    files = {"manifest.json": manifest, "records.jsonl": b"{}\n"}
    sums = ap.checksums_text({p: ap.sha256(b) for p, b in files.items()})

    def send(creds, device, paths_contents, checksums=sums, volume="V-1"):  # type: ignore[no-untyped-def]
        cc = _window_connection(creds)
        try:
            with cc.guard() as conn:  # type: ignore[attr-defined]
                row = conn.execute(
                    "SELECT status, detail FROM counter.hand_over_volume("
                    "%s, %s, 'case-1', 'C3301-W03-1', '2026-11-30', %s, %s, %s)",
                    (
                        device,
                        volume,
                        checksums,
                        list(paths_contents),
                        list(paths_contents.values()),
                    ),
                ).fetchone()
                conn.commit()
                return row
        finally:
            cc.close()  # type: ignore[attr-defined]

    damaged = {**files, "records.jsonl": b"{}\r"}
    status, detail = send(w.creds, w.device_id, damaged)
    assert status == "damaged" and "records.jsonl" in detail
    assert central.scalar("SELECT count(*) FROM counter.archive_packages") == 0
    status, _ = send(w.creds, w.device_id, {"manifest.json": manifest})
    assert status == "damaged"
    assert send(w.creds, w.device_id, files)[0] == "stored"
    assert send(w.creds, w.device_id, files)[0] == "held"
    changed = {**files, "records.jsonl": b"{ }\n"}
    changed_sums = ap.checksums_text({p: ap.sha256(b) for p, b in changed.items()})
    assert send(w.creds, w.device_id, changed, changed_sums)[0] == "differs"
    assert central.scalar("SELECT count(*) FROM counter.archive_files") == 2
    assert (
        bytes(
            central.scalar("SELECT content FROM counter.archive_files WHERE path = 'records.jsonl'")
        )
        == b"{}\n"
    )
    assert (
        central.scalar(
            "SELECT count(*) FROM counter.refusals WHERE reason LIKE 'archive_differs V-1%%'"
        )
        == 1
    )

    # Another window: may not send as this device, does not see its packages, cannot write
    # into the table directly.
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        send(other.creds, w.device_id, files)
    cc = _window_connection(other.creds)
    try:
        with cc.guard() as conn:  # type: ignore[attr-defined]
            assert conn.execute("SELECT count(*) FROM counter.archive_packages").fetchone() == (0,)
            assert conn.execute("SELECT count(*) FROM counter.archive_files").fetchone() == (0,)
            conn.rollback()
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(
                    "INSERT INTO counter.archive_packages (device_id, volume_no, case_id, "
                    "case_no, filed_day, checksums, digest, files, bytes) VALUES "
                    "(%s, 'V-2', 'c', 'n', '2026-11-30', '', %s, 0, 0)",
                    (other.device_id, ap.sha256(b"")),
                )
    finally:
        cc.close()  # type: ignore[attr-defined]
    cc = _window_connection(w.creds)
    try:
        with cc.guard() as conn:  # type: ignore[attr-defined]
            assert conn.execute("SELECT count(*) FROM counter.archive_packages").fetchone() == (1,)
    finally:
        cc.close()  # type: ignore[attr-defined]
