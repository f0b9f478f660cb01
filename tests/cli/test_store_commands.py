"""``counter store``: the recovery code, recover, the key file and the keyring, restore.

Each command refuses a wrong code, a missing backup or a wrong key in one line, with every file
of the data directory (the store, its WAL, the backups, store-key.json) byte for byte as it was.
"""

from __future__ import annotations

import io
import json
import shutil
import sys

import pytest

from app.models import store_key
from tests.cli.test_cli_intake import application, write
from tests.conftest import PASSWORD
from tests.stores import connect_store, keep_keys_in, memory_keyring, no_keyring


def snapshot(home) -> dict[str, bytes]:
    """Every file of the data directory but the logs, byte for byte."""
    return {
        str(p.relative_to(home.root)): p.read_bytes()
        for p in sorted(home.root.rglob("*"))
        if p.is_file() and "logs" not in p.parts
    }


def refused(cli, home, *argv: str, stdin: str | None = None, monkeypatch=None) -> str:
    before = snapshot(home)
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code, out, err = cli(*argv)
    assert code == 1, (out, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert snapshot(home) == before
    return err


@pytest.fixture
def ring(monkeypatch):
    backend = memory_keyring()
    keep_keys_in(monkeypatch, backend)
    return backend


@pytest.fixture
def on_ring(ring, initialised):
    """The tests' window set up with its key in the (memory) keyring; returns the CLI."""
    assert len(ring.secrets) == 1
    return initialised


def code_of(home) -> str:
    return store_key.recovery_code(store_key.require(home.root))


# ---- the recovery code ---------------------------------------------------------------------


def test_the_recovery_code_is_shown_to_an_administrator_only(on_ring, home, monkeypatch):
    cli = on_ring
    assert "--by" in refused(cli, home, "store", "recovery-code")
    monkeypatch.setenv("COUNTER_PASSWORD", "wrong-password")
    code, out, err = cli("store", "recovery-code", "--by", "admin")
    assert code == 1 and "密码" in err and "-" not in out
    monkeypatch.setenv("COUNTER_PASSWORD", PASSWORD)
    code, out, err = cli("store", "recovery-code", "--by", "clerk1")
    assert code == 1 and "无权" in err and "-" not in out
    code, out, err = cli("store", "recovery-code", "--by", "admin")
    assert code == 0, err
    (shown,) = [w for w in out.split() if w.count("-") == 8]
    assert store_key.parse_recovery_code(shown) == store_key.require(home.root).raw
    assert shown not in "".join(p.read_text() for p in home.logs.rglob("*") if p.is_file())


# ---- recover -------------------------------------------------------------------------------


def lose_the_keyring_entry(ring, home) -> None:
    ring.secrets.clear()
    store_key.forget(home.root)


def test_recover_puts_the_key_back_from_its_code(on_ring, ring, home, monkeypatch):
    cli = on_ring
    code = code_of(home)
    lose_the_keyring_entry(ring, home)
    assert "counter store recover" in refused(cli, home, "case", "list")
    code_rc, _out, err = cli_with_stdin(cli, monkeypatch, f"{code.lower()}\n", "store", "recover")
    assert "--by" in err and code_rc == 1 and not ring.secrets  # an administrator is needed
    code_rc, _out, err = cli_with_stdin(
        cli, monkeypatch, f"{code}\n", "store", "recover", "--by", "admin"
    )
    assert code_rc == 0, err
    assert list(ring.secrets.values()) == [store_key.require(home.root).raw.hex()]
    store_key.forget(home.root)
    assert cli("case", "list")[0] == 0


def cli_with_stdin(cli, monkeypatch, text: str, *argv: str):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    return cli(*argv)


def test_recover_refuses_a_mistyped_code_and_another_window_s_code(
    on_ring, ring, home, monkeypatch
):
    cli = on_ring
    code = code_of(home)
    lose_the_keyring_entry(ring, home)
    typo = code[:3] + ("0" if code[3] != "0" else "1") + code[4:]
    err = refused(
        cli, home, "store", "recover", "--by", "admin", stdin=typo, monkeypatch=monkeypatch
    )
    assert "校验不符" in err
    other = store_key.recovery_code(store_key.StoreKey(b"\x07" * 32, store_key.KEYRING))
    err = refused(
        cli, home, "store", "recover", "--by", "admin", stdin=other, monkeypatch=monkeypatch
    )
    assert "打不开本窗口的数据库" in err
    assert not ring.secrets
    # The right code, a wrong password: nothing kept.
    monkeypatch.setenv("COUNTER_PASSWORD", "wrong-password")
    code_rc, _out, err = cli_with_stdin(cli, monkeypatch, code, "store", "recover", "--by", "admin")
    assert code_rc == 1 and "密码" in err and not ring.secrets


def test_recover_with_the_password_on_stdin_then_the_code(on_ring, ring, home, monkeypatch):
    cli = on_ring
    code = code_of(home)
    lose_the_keyring_entry(ring, home)
    monkeypatch.delenv("COUNTER_PASSWORD")
    rc, _out, err = cli_with_stdin(
        cli,
        monkeypatch,
        f"{PASSWORD}\n{code}\n",
        "store",
        "recover",
        "--by",
        "admin",
        "--password-stdin",
        "--key-file",
    )
    assert rc == 0, err
    info = store_key.read_info(home.root)
    assert info is not None and info.kept == store_key.FILE
    assert not ring.secrets  # kept in the file, as asked


# ---- the key file, and back to the keyring -------------------------------------------------


def test_a_pc_without_a_keyring_starts_with_the_key_file(cli, home, monkeypatch):
    keep_keys_in(monkeypatch, no_keyring(), secure=False)
    assert "counter store key-file" in refused(cli, home, "case", "list")
    assert not home.db.exists()
    code, out, err = cli("store", "key-file")
    assert code == 0, err and "硬盘" in out
    info = store_key.read_info(home.root)
    assert info is not None and info.kept == store_key.FILE
    assert cli("case", "list")[0] == 0  # the store is made with that key


def test_moving_the_key_to_the_file_and_back_needs_an_administrator(on_ring, ring, home):
    cli = on_ring
    key = store_key.require(home.root)
    assert "--by" in refused(cli, home, "store", "key-file")
    code, _out, err = cli("store", "key-file", "--by", "admin")
    assert code == 0, err
    info = store_key.read_info(home.root)
    assert info is not None and info.kept == store_key.FILE and info.key_hex == key.raw.hex()
    ring.secrets.clear()  # the file alone opens the store now
    store_key.forget(home.root)
    assert cli("case", "list")[0] == 0
    code, _out, err = cli("store", "keyring", "--by", "admin")
    assert code == 0, err
    info = store_key.read_info(home.root)
    assert info is not None and info.kept == store_key.KEYRING and info.key_hex is None
    assert list(ring.secrets.values()) == [key.raw.hex()]


# ---- restore -------------------------------------------------------------------------------


@pytest.fixture
def two_intakes(initialised, home, tmp_path):
    """A backup made after the first intake; the second intake is only in the store."""
    from app.models.migrate import backup

    cli = initialised
    first = intake(cli, tmp_path, "first")
    copy = backup(home.db, home.backups, "by-hand")
    second = intake(cli, tmp_path, "second")
    return cli, copy, first, second


def intake(cli, tmp_path, name: str) -> str:
    code, out, err = cli("intake", write(tmp_path, application(), f"{name}.json"), "--json")
    assert code == 0, err
    return str(json.loads(out)["case_no"])


def cases_in(db) -> list[str]:
    with connect_store(db) as con:
        return [r[0] for r in con.execute("SELECT case_no FROM cases ORDER BY case_no")]


def test_restore_puts_a_checked_backup_in_place_and_keeps_the_store_as_it_was(two_intakes, home):
    cli, copy, first, second = two_intakes
    code, _out, err = cli("store", "restore", copy.name, "--by", "admin")
    assert code == 0, err
    assert cases_in(home.db) == [first]
    (saved,) = home.backups.glob("*before-restore.sqlite3")
    assert cases_in(saved) == sorted([first, second])  # nothing of the store is lost
    assert copy.is_file() and not list(home.root.glob("*.restoring*"))
    assert cli("log", "verify")[0] == 0


def test_restore_refuses_a_missing_backup_another_key_and_a_tampered_one(
    two_intakes, home, tmp_path
):
    cli, copy, *_ = two_intakes
    assert "找不到备份文件" in refused(
        cli, home, "store", "restore", "nope.sqlite3", "--by", "admin"
    )
    assert "不是备份" in refused(cli, home, "store", "restore", str(home.db), "--by", "admin")
    # Another window's backup: a key that is not this store's.
    foreign = tmp_path / "foreign.sqlite3"
    con = connect_store(copy)
    try:
        con.execute(f"ATTACH DATABASE '{foreign}' AS f KEY \"x'{'07' * 32}'\"")
        con.execute("SELECT sqlcipher_export('f')")
        con.execute("DETACH DATABASE f")
    finally:
        con.close()
    assert "无法用本窗口的密钥打开" in refused(
        cli, home, "store", "restore", str(foreign), "--by", "admin"
    )
    # A backup whose records were edited: it fails log verify.
    edited = tmp_path / "edited.sqlite3"
    shutil.copyfile(copy, edited)
    con = connect_store(edited)
    try:
        con.execute("UPDATE records SET created_at = '2020-01-01T00:00:00.000+08:00'")
        con.commit()
    finally:
        con.close()
    err = refused(cli, home, "store", "restore", str(edited), "--by", "admin")
    assert "未通过记录核验" in err
    assert "--by" in refused(cli, home, "store", "restore", copy.name)


def test_restore_over_a_damaged_store_checks_the_administrator_in_the_backup(
    two_intakes, home, monkeypatch
):
    cli, copy, first, _second = two_intakes
    damaged = bytearray(home.db.read_bytes())
    damaged[:4096] = b"\0" * 4096
    home.db.write_bytes(bytes(damaged))
    assert "counter store restore" in refused(cli, home, "case", "list")
    monkeypatch.setenv("COUNTER_PASSWORD", "wrong-password")
    assert "密码" in refused(cli, home, "store", "restore", copy.name, "--by", "admin")
    monkeypatch.setenv("COUNTER_PASSWORD", PASSWORD)
    code, _out, err = cli("store", "restore", copy.name, "--by", "admin")
    assert code == 0, err
    assert cases_in(home.db) == [first]
    (saved,) = home.backups.glob("*damaged-before-restore.sqlite3")
    assert saved.read_bytes() == bytes(damaged)  # the damaged store kept byte for byte


def test_status_names_where_the_key_is_and_lists_the_backups(two_intakes, home):
    cli, copy, *_ = two_intakes
    code, out, err = cli("store", "status")
    assert code == 0, err
    assert store_key.KEY_ENV in out and copy.name in out
