"""Files the commands write: never over the store, a backup or a kept slip; atomically."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from tests.cli.test_cli_intake import application, write
from tests.stores import kept_pdf
from tests.unavailable import cannot_run


@pytest.fixture
def one_case(initialised, tmp_path):
    code, out, err = initialised("intake", write(tmp_path, application()), "--json")
    assert code == 0, err
    case_no = json.loads(out)["case_no"]
    assert initialised("case", "list")[0] == 0  # the last close checkpoints the WAL
    return initialised, case_no


def snapshot(home) -> dict[str, bytes]:
    """Every file of the data directory but the log, byte for byte."""
    return {
        str(p.relative_to(home.root)): p.read_bytes()
        for p in home.root.rglob("*")
        if p.is_file() and "logs" not in p.parts
    }


def refused(cli, home, *argv: str) -> str:
    before = snapshot(home)
    code, out, err = cli(*argv)
    assert code == 1, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("counter: 不能写入"), err
    assert "请换一个文件名或文件夹" in lines[0]
    assert snapshot(home) == before
    return lines[0]


def kept_slip(home, case_no: str) -> Path:
    (slip,) = sorted((home.root / "cases" / case_no).glob("*.pdf"))
    return slip


def test_print_and_export_refuse_the_store_by_every_name(one_case, home, tmp_path, monkeypatch):
    cli, case_no = one_case
    db = home.db
    assert "数据库" in refused(cli, home, "print", case_no, "--out", str(db))
    assert "数据库" in refused(cli, home, "catalog", "export", str(db))
    for suffix in ("-wal", "-shm", "-journal"):
        refused(cli, home, "print", case_no, "--out", str(db) + suffix)
    # A relative path, a symlink and a hard link to it.
    monkeypatch.chdir(home.root)
    refused(cli, home, "print", case_no, "--out", "counter.sqlite3")
    refused(cli, home, "catalog", "export", "./cases/../counter.sqlite3")
    (tmp_path / "link.pdf").symlink_to(db)
    refused(cli, home, "print", case_no, "--out", str(tmp_path / "link.pdf"))
    os.link(db, tmp_path / "hard.json")
    assert "数据库" in refused(cli, home, "catalog", "export", str(tmp_path / "hard.json"))


def test_print_refuses_a_kept_slip_a_backup_and_the_case_folders(one_case, home, tmp_path):
    cli, case_no = one_case
    slip = kept_slip(home, case_no)
    assert "留存文书" in refused(cli, home, "print", case_no, "--out", str(slip))
    refused(cli, home, "print", case_no, "--out", str(slip.parent / "copy.pdf"))
    os.link(slip, tmp_path / "slip-link.pdf")
    assert "留存文书" in refused(
        cli, home, "print", case_no, "--out", str(tmp_path / "slip-link.pdf")
    )
    backup = home.root / "backups" / "counter-before.sqlite3"
    backup.write_bytes(b"a backup")
    assert "备份" in refused(cli, home, "catalog", "export", str(backup))
    assert "日志" in refused(
        cli, home, "print", case_no, "--out", str(home.root / "logs" / "counter.log")
    )


def test_nothing_in_the_data_directory_is_written_over(one_case, home, tmp_path):
    cli, case_no = one_case
    generation = home.root / "store-generation"
    assert generation.is_file()  # written with the case number
    assert "数据目录" in refused(cli, home, "print", case_no, "--out", str(generation))
    assert "数据目录" in refused(cli, home, "catalog", "export", str(home.root / "new.json"))
    os.link(generation, tmp_path / "generation-link.pdf")
    assert "数据目录" in refused(
        cli, home, "print", case_no, "--out", str(tmp_path / "generation-link.pdf")
    )


def test_template_refuses_the_store(initialised, home, tmp_path):
    (tmp_path / "template.xlsx").symlink_to(home.db)
    refused(initialised, home, "catalog", "template", str(tmp_path / "template.xlsx"))


def test_print_writes_a_copy_through_a_temporary_file(one_case, home, tmp_path):
    cli, case_no = one_case
    target = tmp_path / "out" / "slip.pdf"
    target.parent.mkdir()
    target.write_bytes(b"an older file")
    code, out, err = cli("print", case_no, "--out", str(target))
    assert code == 0, err
    # The copy is a readable PDF, the kept slip's own bytes unsealed (the kept one stays sealed).
    assert target.read_bytes().startswith(b"%PDF")
    assert target.read_bytes() == kept_pdf(home, kept_slip(home, case_no))
    assert kept_slip(home, case_no).read_bytes() != target.read_bytes()
    assert sorted(p.name for p in target.parent.iterdir()) == ["slip.pdf"]
    # Without --out: the kept slip, made again if it was lost.
    kept_slip(home, case_no).unlink()
    code, out, err = cli("print", case_no)
    assert code == 0, err and str(kept_slip(home, case_no)) in out


def test_a_missing_folder_is_one_line(one_case, tmp_path):
    cli, case_no = one_case
    code, _, err = cli("print", case_no, "--out", str(tmp_path / "nope" / "slip.pdf"))
    assert code == 1 and len(err.strip().splitlines()) == 1 and "不存在" in err


def enospc(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_keeps_the_old_file_and_leaves_no_temporary(one_case, tmp_path, monkeypatch):
    from app import files

    cli, _ = one_case
    target = tmp_path / "catalog.json"
    target.write_text("old", encoding="utf-8")
    monkeypatch.setattr(files.os, "fsync", enospc)
    code, _, err = cli("catalog", "export", str(target))
    assert code == 1 and err.count("\n") == 1 and "磁盘空间已满" in err, err
    assert "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_full_disk_at_the_slip_is_an_error_the_case_is_kept_and_print_retries(
    initialised, home, tmp_path, monkeypatch
):
    from app import files

    with monkeypatch.context() as m:
        m.setattr(files.os, "fsync", enospc)
        code, out, err = initialised("intake", write(tmp_path, application()), "--json")
    assert code == 3, err
    case_no = json.loads(out)["case_no"]
    assert json.loads(out)["documents"] == []
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert "磁盘空间已满" in lines[0] and f"counter print {case_no}" in lines[0]
    assert initialised("case", "show", case_no)[0] == 0  # the case is kept
    assert not list((home.root / "cases" / case_no).glob("*.tmp"))
    code, out, err = initialised("print", case_no)
    assert code == 0, err
    assert kept_pdf(home, kept_slip(home, case_no)).startswith(b"%PDF")


def test_a_case_folder_that_cannot_be_written_is_an_error_too(initialised, tmp_path, monkeypatch):
    from app import files

    def denied(*_a, **_k):  # what a folder without write permission answers (root ignores modes)
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(files.tempfile, "mkstemp", denied)
    code, _, err = initialised("intake", write(tmp_path, application()))
    assert code == 3
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "已记录" in lines[0] and "权限" in lines[0], err
    assert "counter print C3301-W03-" in lines[0]


def test_sqlite_disk_full_is_a_clear_message(initialised, tmp_path, monkeypatch):
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from app.services import record_log

    def full(*_a, **_k):
        raise OperationalError(
            "INSERT INTO records", {}, sqlite3.OperationalError("database or disk is full")
        )

    monkeypatch.setattr(record_log, "append", full)
    code, _, err = initialised("intake", write(tmp_path, application()))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "磁盘空间已满" in lines[0] and "内部错误" not in err, err


def test_a_log_file_that_cannot_be_written_costs_one_line(initialised, home, monkeypatch):
    import logging

    from app import log_setup

    monkeypatch.setattr(log_setup.QuietRotatingFileHandler, "_warned", False)
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "_counter", False))
    handler.close()
    log = home.root / "logs" / "counter.log"
    log.unlink(missing_ok=True)
    log.mkdir()  # cannot be opened as a file
    code, _, err = initialised("print", "C3301-W03-20200101-0001", "--doc", "acceptance")
    assert code == 1
    for _ in range(3):
        logging.getLogger("app.test").error("one more")
        logging.getLogger("app.test").error("with a trace", exc_info=ValueError("x"))
    code, _, err2 = initialised("case", "list")
    assert code == 0
    err += err2
    assert "Traceback" not in err, err
    assert err.count("无法写入日志文件") == 1, err


def test_the_log_handler_on_a_full_disk_says_so_once(tmp_path, capsys, monkeypatch):
    import logging

    from app import log_setup

    monkeypatch.setattr(log_setup.QuietRotatingFileHandler, "_warned", False)
    handler = log_setup.QuietRotatingFileHandler(tmp_path / "counter.log", delay=True)

    class Full:
        def write(self, _text):
            enospc()

        def flush(self):
            pass

        def close(self):
            pass

        def tell(self):
            return 0

        def seek(self, *_a):
            return 0

    monkeypatch.setattr(handler, "_open", lambda: Full())
    logger = logging.getLogger("counter.test.full")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for _ in range(5):
            logger.error("a record")
            logger.exception("a trace", exc_info=ValueError("boom"))
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "磁盘空间已满" in err and "Traceback" not in err, err


def _mount_small_disk(where: Path, size: str) -> bool:
    import subprocess

    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def test_on_a_really_full_disk_the_intake_is_kept_and_says_so(cli, tmp_path, monkeypatch, capsys):
    """A data directory on a small file system, filled up after the set-up."""
    import subprocess

    from app.bootstrap import open_context
    from app.cli.main import main
    from app.paths import Home
    from tests.conftest import PASSWORD, publish_coming_years

    disk = tmp_path / "disk"
    if not _mount_small_disk(disk, "16m"):
        # CI runs as root: a real full disk is tested there.
        cannot_run("needs root and permission to mount a 16 MB tmpfs (run the tests as root)")
    try:
        home = Home(disk / "home")
        monkeypatch.setenv("COUNTER_PASSWORD", PASSWORD)
        monkeypatch.setenv("COUNTER_NEW_PASSWORD", PASSWORD)

        def run(*argv):
            code = main(["--home", str(home.root), *argv])
            out, err = capsys.readouterr()
            return code, out, err

        assert (
            run(
                "init",
                "--centre",
                "C3301",
                "--centre-name",
                "城东",
                "--window",
                "W03",
                "--admin",
                "admin",
                "--admin-name",
                "王管理",
            )[0]
            == 0
        )
        assert run("user", "add", "clerk1", "--name", "李窗口", "--by", "admin")[0] == 0
        ctx = open_context(home)
        publish_coming_years(ctx)
        ctx.close()
        app_file = write(tmp_path, application())
        filler = disk / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:  # fill the disk up
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        code, out, err = run("intake", app_file, "--json")
        # Either the record could not be written at all (exit 1) or it was and its slip could
        # not (exit 3): never exit 0 without the slip, never a traceback.
        assert code in (1, 3), (code, out, err)
        assert "Traceback" not in err and "内部错误" not in err, err
        assert "磁盘空间已满" in err, err
        assert len(err.strip().splitlines()) <= 2, err  # the warning about the log, the error
        filler.unlink()
        if code == 3:
            case_no = json.loads(out)["case_no"]
            assert run("print", case_no)[0] == 0
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
