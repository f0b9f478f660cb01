"""档案立卷归档 on a month of real cases: filing, the package's exact contents, the 归档清单,
search by applicant ID against the kept hash, and verification that finds any changed byte."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.bootstrap import open_context
from app.cli.main import main
from app.core import archive_package as ap
from app.core.errors import CounterError
from app.core.figures import month_period
from app.models import sealed, store_key
from app.models.schema import Case, Record
from app.services.archive import ArchiveService, record_line
from tests.conftest import PASSWORD
from tests.services.month import APPLICANTS

NOV = month_period(2026, 11)


@pytest.fixture(scope="module")
def filed(month_copy):  # type: ignore[no-untyped-def]
    """The month's ended cases filed once, through the command line."""
    home, made = month_copy
    mp = pytest.MonkeyPatch()
    mp.setenv("COUNTER_PASSWORD", PASSWORD)
    try:
        code = main(
            ["--home", str(home.root), "archive", "file", "--month", "2026-11", "--by", "boss"]
        )
        assert code == 0
    finally:
        mp.undo()
    ctx = open_context(home)
    yield ctx, made
    ctx.close()


@pytest.fixture
def cli(filed, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    ctx, _made = filed
    monkeypatch.setenv("COUNTER_PASSWORD", PASSWORD)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--home", str(ctx.home.root), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def ended_in_november(ctx) -> list[str]:  # type: ignore[no-untyped-def]
    start = datetime(2026, 11, 1)
    with ctx.store.read() as s:
        return sorted(
            s.scalars(
                select(Case.case_no).where(
                    Case.state.in_(ap.ENDED_STATES),
                    Case.updated_at >= start,
                    Case.updated_at < start + timedelta(days=30),
                )
            )
        )


def test_every_case_that_ended_in_the_month_is_filed_once(filed, cli) -> None:  # type: ignore[no-untyped-def]
    ctx, _made = filed
    volumes = ArchiveService(ctx).volumes(NOV)
    assert sorted(v.case_no for v in volumes) == ended_in_november(ctx)
    assert len(volumes) > 20
    numbers = [v.volume_no for v in volumes]
    assert len(set(numbers)) == len(numbers)
    assert numbers[0] == "C3301-2026-D30-W03-00001"
    # Filing again files nothing more.
    code, out, _ = cli("archive", "file", "--month", "2026-11", "--by", "boss")
    assert code == 0 and "没有待归档的办件" in out


def test_a_package_holds_exactly_the_cases_slips_and_records(filed) -> None:  # type: ignore[no-untyped-def]
    ctx, _made = filed
    svc = ArchiveService(ctx)
    for v in svc.volumes(NOV):
        folder = v.folder(svc.root)
        docs = {p.name.split("-", 1)[1]: svc.read(p) for p in (folder / ap.DOCUMENTS).iterdir()}
        kept = {p.name: p.read_bytes() for p in ctx.slips.documents(v.case_no)}
        assert docs == kept and kept
        # Stored sealed, like the kept slips: no applicant data in the clear.
        assert all(sealed.is_sealed(p.read_bytes()) for p in (folder / ap.DOCUMENTS).iterdir())
        lines = [json.loads(x) for x in svc.read(folder / ap.RECORDS).splitlines()]
        with ctx.store.read() as s:
            rows = s.scalars(
                select(Record)
                .where(Record.case_id == v.case_id, Record.kind != "archive")
                .order_by(Record.seq)
            ).all()
            assert lines == [record_line(r) for r in rows]
        assert sorted(
            p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()
        ) == sorted(
            [
                *(
                    f"{ap.DOCUMENTS}/{n}"
                    for n in (p.name for p in (folder / ap.DOCUMENTS).iterdir())
                ),
                ap.MANIFEST,
                ap.RECORDS,
                ap.CHECKSUMS,
            ]
        )
        manifest = json.loads(svc.read(folder / ap.MANIFEST))
        assert manifest["volume_no"] == v.volume_no
        assert [c["file"] for c in manifest["contents"]][-1] == ap.RECORDS
        assert len(manifest["contents"]) == len(kept) + 1
        assert all(c["pages"] >= 1 for c in manifest["contents"][:-1])
        assert APPLICANTS[0].id_number not in json.dumps(manifest)


def test_verify_finds_one_changed_byte(filed, cli) -> None:  # type: ignore[no-untyped-def]
    ctx, _made = filed
    svc = ArchiveService(ctx)
    assert cli("archive", "verify")[0] == 0
    v = svc.volumes(NOV)[3]
    target = next((v.folder(svc.root) / ap.DOCUMENTS).iterdir())
    original = target.read_bytes()
    changed = bytearray(original)
    changed[len(changed) // 2] ^= 0x01
    target.write_bytes(bytes(changed))
    try:
        code, out, _ = cli("archive", "verify")
        assert code == 1
        assert f"{v.volume_no}：文件 {ap.DOCUMENTS}/{target.name} 已被改动" in out
        assert "1 卷有问题" in out
    finally:
        target.write_bytes(original)
    assert cli("archive", "verify", "--volume", v.volume_no)[0] == 0


def rewrite_with_checksums(folder, name: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    """A careful forger: changes a file and writes its checksum file to match."""
    (folder / name).write_bytes(data)
    sums = ap.parse_checksums((folder / ap.CHECKSUMS).read_text("utf-8"))
    assert sums is not None
    sums[name] = ap.sha256(data)
    (folder / ap.CHECKSUMS).write_text(ap.checksums_text(sums), "utf-8")


def test_verify_finds_a_change_made_with_its_checksums(filed) -> None:  # type: ignore[no-untyped-def]
    ctx, _made = filed
    svc = ArchiveService(ctx)
    v = svc.volumes(NOV)[5]
    folder = v.folder(svc.root)
    saved = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    try:
        # A forger holding the window's key: unseals, edits, seals again, fixes the checksum.
        records = svc.read(folder / ap.RECORDS)
        forged = records.replace(b'"kind": "intake"', b'"kind": "intakf"', 1)
        assert forged != records
        key = store_key.require(ctx.home.root)
        rewrite_with_checksums(folder, ap.RECORDS, sealed.seal(forged, key))
        problems = svc.verify([v])[0].problems
        assert any("与归档时登记的摘要不符" in p for p in problems)
        assert any(p.startswith(f"{ap.RECORDS} 第 1 行") for p in problems)
    finally:
        for p, data in saved.items():
            p.write_bytes(data)
    assert svc.verify([v])[0].ok


def test_verify_names_extra_missing_and_unfiled(filed) -> None:  # type: ignore[no-untyped-def]
    ctx, _made = filed
    svc = ArchiveService(ctx)
    a, b = svc.volumes(NOV)[:2]
    extra = a.folder(svc.root) / ap.DOCUMENTS / "999-extra.pdf"
    extra.write_bytes(b"%PDF-1.4")
    gone = b.folder(svc.root) / ap.MANIFEST
    kept = gone.read_bytes()
    gone.unlink()
    stray = svc.root / "2026" / "C3301-2026-D30-W03-99999"
    stray.mkdir()
    try:
        by_volume = {v.volume_no: v.problems for v in svc.verify()}
        assert by_volume[a.volume_no] == [f"多出文件 {ap.DOCUMENTS}/999-extra.pdf"]
        assert by_volume[b.volume_no] == [f"缺少文件 {ap.MANIFEST}"]
        assert by_volume[stray.name] == ["归档文件夹没有对应的归档记录"]
    finally:
        extra.unlink()
        gone.write_bytes(kept)
        stray.rmdir()


def test_search_by_volume_case_and_applicant_id(filed, cli) -> None:  # type: ignore[no-untyped-def]
    ctx, _made = filed
    svc = ArchiveService(ctx)
    volumes = svc.volumes(NOV)
    who = APPLICANTS[1]
    mine = [v for v in volumes if v.applicant == who.name]
    assert mine
    found = svc.search(id_number=who.id_number, user="boss")
    assert sorted(v.volume_no for v in found) == sorted(v.volume_no for v in mine)
    assert all(v.id_number is None and "*" in v.id_masked for v in found)
    assert svc.search(id_number=who.id_number.lower(), user="boss") == found
    assert svc.search(id_number=APPLICANTS[1].id_number[:-1] + "0", user="boss") == []
    # The administrator may see the full number; the supervisor's output never shows it.
    full = svc.search(id_number=who.id_number, user="admin")
    assert {v.id_number for v in full} == {who.id_number}
    code, out, _ = cli("archive", "search", "--id-number", who.id_number, "--by", "boss")
    assert code == 0 and who.id_number not in out and mine[0].volume_no in out
    code, out, _ = cli("archive", "search", "--volume", mine[0].volume_no, "--by", "boss")
    assert mine[0].case_no in out
    code, out, _ = cli("archive", "search", "--case", mine[0].case_no.lower(), "--by", "boss")
    assert mine[0].volume_no in out


def test_a_clerk_may_not_file_or_search(filed, cli) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = cli("archive", "search", "--volume", "x", "--by", "clerk1")
    assert code == 1 and err


def test_archive_list_of_the_month(filed, cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx, _made = filed
    pdf, xlsx = tmp_path / "list.pdf", tmp_path / "list.xlsx"
    code, out, _ = cli(
        "archive",
        "list",
        "--month",
        "2026-11",
        "--by",
        "boss",
        "--out",
        str(pdf),
        "--out",
        str(xlsx),
    )
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF")
    volumes = ArchiveService(ctx).volumes(NOV)
    rows = list(load_workbook(xlsx)["归档清单"].iter_rows(min_row=3, values_only=True))
    assert [r[1] for r in rows] == [v.volume_no for v in volumes]
    assert [r[10] for r in rows] == [v.digest for v in volumes]
    assert APPLICANTS[0].id_number not in out


def test_a_running_case_is_not_filed(filed) -> None:  # type: ignore[no-untyped-def]
    ctx, made = filed
    svc = ArchiveService(ctx)
    with pytest.raises(CounterError) as err:
        svc.file_case(made.overdue[0], "boss", svc.rule())
    assert err.value.code == "archive.not_ended"


def test_the_volume_rule(filed, cli) -> None:  # type: ignore[no-untyped-def]
    ctx, _made = filed
    before = ArchiveService(ctx).rule()
    code, _out, err = cli("archive", "rule", "--template", "{fonds}-{seq}", "--by", "admin")
    assert code == 1 and "{year}、{window} 和 {seq}" in err
    assert ArchiveService(ctx).rule() == before
    code, out, _ = cli(
        "archive", "rule", "--template", "{fonds}·{year}-{window}-{seq:04d}", "--by", "admin"
    )
    assert code == 1
    code, out, _ = cli(
        "archive",
        "rule",
        "--template",
        "{fonds}-{year}-{retention}-{window}-{seq:06d}",
        "--fonds",
        "Z012",
        "--retention",
        "D10",
        "--by",
        "admin",
    )
    assert code == 0 and "Z012-2026-D10-W03-000001" in out.replace(str(datetime.now().year), "2026")
    code, _out, _err = cli("archive", "rule", "--retention", "Y", "--by", "boss")
    assert code == 1  # a supervisor may file, not change the county's rule
    ArchiveService(ctx).set_rule(before)


def test_rule_formats() -> None:
    rule = ap.VolumeRule().check()
    assert rule.format(2026, "C3301", "W03", 7) == "C3301-2026-D30-W03-00007"
    with pytest.raises(CounterError):
        ap.VolumeRule(template="{fonds}-{year}-{window}-{seq}", retention="D5").check()
    with pytest.raises(CounterError):
        ap.VolumeRule(template="{fonds}-{year}-{window}-{seq}-{colour}").check()


def test_a_rule_for_the_whole_county_names_the_centre() -> None:
    assert ap.VolumeRule().check_county()  # {fonds} is the centre code when not given
    assert ap.VolumeRule("{fonds}-{centre}-{year}-{window}-{seq}", "Z012").check_county()
    with pytest.raises(CounterError) as exc:
        ap.VolumeRule(fonds="Z012").check_county()
    assert exc.value.code == "archive.rule_county" and "--centre" in exc.value.message
    rule = ap.VolumeRule("{centre}-{year}-{window}-{seq:04d}", None, "Y")
    assert ap.VolumeRule.from_doc(rule.to_doc()) == rule
    for bad in ({}, {**rule.to_doc(), "retention": "D5"}, {**rule.to_doc(), "fonds": 7}):
        with pytest.raises(CounterError):
            ap.VolumeRule.from_doc(bad)


def test_export_hands_over_plain_files_that_check(filed, cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    ctx, _made = filed
    v = ArchiveService(ctx).volumes(NOV)[2]
    code, out, _ = cli("archive", "export", v.volume_no, "--out", str(tmp_path), "--by", "boss")
    assert code == 0, out
    folder = tmp_path / v.volume_no
    manifest = json.loads((folder / ap.MANIFEST).read_text("utf-8"))
    assert manifest["volume_no"] == v.volume_no
    for item in manifest["contents"]:
        assert ap.sha256((folder / item["file"]).read_bytes()) == item["sha256"]
    check = subprocess.run(
        ["sha256sum", "-c", "--quiet", ap.CHECKSUMS], cwd=folder, capture_output=True
    )
    assert check.returncode == 0, check.stdout
    # Not into the data directory, and not twice into the same folder.
    assert (
        cli("archive", "export", v.volume_no, "--out", str(ctx.home.root), "--by", "boss")[0] == 1
    )
    assert cli("archive", "export", v.volume_no, "--out", str(tmp_path), "--by", "boss")[0] == 1
