"""Personal data at rest: the store, its WAL, backups and kept slips hold no name or ID number
readable from the disk; the key lives in the keyring (or, by an administrator's choice, a file);
a store, backups and slips an older version left in plaintext are encrypted at the first start."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from app.bootstrap import open_context
from app.core.errors import CounterError
from app.models import store_key
from app.models.migrate import backup
from app.paths import Home
from app.sync.keyring_store import SECURE_BACKENDS, KeyringStore, backend_name
from tests.stores import connect_store, kept_pdf

DATA = Path(__file__).resolve().parent.parent / "data"
# Made by the version before encryption (three intakes, a migration backup, the kept slips),
# the last intakes still in the WAL as a PC switched off with the program open leaves them.
OLD_HOME = DATA / "plaintext-home.tar.gz"
OLD_CASES = {
    "C3301-W03-20260302-X3-0001": ("张𠈌", "11010519491231002X"),
    "C3301-W03-20260302-X3-0002": ("李秀英", "330106198005120033"),
    "C3301-W03-20260302-X3-0003": ("王强", "330102199201010041"),
}


def grep_a(pattern: str, *paths: Path) -> str:
    """``grep -a -r -l`` as a person with the disk would run it: the files that contain it."""
    r = subprocess.run(
        ["grep", "-a", "-r", "-l", "-F", "-e", pattern, *map(str, paths)],
        capture_output=True,
        text=True,
    )
    assert r.returncode in (0, 1), r.stderr
    return r.stdout


def at_rest(home: Home) -> list[Path]:
    """The store, its WAL, the backups and the kept slips."""
    return [p for p in home.root.glob("counter.sqlite3*")] + [home.backups, home.cases]


@pytest.fixture
def old_home(tmp_path: Path) -> Home:
    with tarfile.open(OLD_HOME) as tar:
        tar.extractall(tmp_path / "old", filter="data")
    return Home(tmp_path / "old")


def test_the_fixture_is_readable_plaintext(old_home):
    # What the test below must make unreadable is readable before it runs.
    assert "counter.sqlite3-wal" in grep_a("11010519491231002X", old_home.root)
    assert grep_a("330102199201010041", old_home.backups)


def test_an_older_plaintext_store_is_encrypted_at_first_start(old_home):
    with connect_store_plain(old_home.db) as con:
        chain_before = con.execute(
            "SELECT id, content_hash, prev_hash, chain_hash FROM records ORDER BY epoch, seq"
        ).fetchall()
    ctx = open_context(old_home)
    try:
        assert any("已加密" in n for n in ctx.notes)
        for case_no, (name, id_number) in OLD_CASES.items():
            view = ctx.cases.case(case_no)
            assert (view.applicant.name, view.applicant.id_number) == (name, id_number)
            (slip,) = ctx.slips.documents(case_no)
            assert slip.read_bytes().startswith(b"%PDF")
        with ctx.store.read() as s:
            from sqlalchemy import text

            chain_after = s.execute(
                text(
                    "SELECT id, content_hash, prev_hash, chain_hash FROM records "
                    "ORDER BY epoch, seq"
                )
            ).all()
        assert [tuple(r) for r in chain_after] == chain_before
        from app.services.log_audit import findings, scope

        with ctx.store.read() as s:
            assert list(findings(s, scope(s, full=True))) == []
    finally:
        ctx.close()
    shutil.rmtree(old_home.root / "spool", ignore_errors=True)  # the readable copies handed out
    for _name, id_number in OLD_CASES.values():
        assert grep_a(id_number, *at_rest(old_home)) == ""
        assert grep_a(id_number[:6] + "19", *at_rest(old_home)) == ""
    for name, _ in OLD_CASES.values():
        assert grep_a(name, *at_rest(old_home)) == ""
    for p in old_home.cases.rglob("*.pdf"):
        assert p.read_bytes()[:4] != b"%PDF"
        assert kept_pdf(old_home, p).startswith(b"%PDF")
    # The old backup is encrypted too, as is the one the schema upgrade made: both still
    # backups, opened with the store's key.
    backups = sorted(old_home.backups.glob("*.sqlite3"))
    assert len(backups) == 2
    for b in backups:
        with connect_store(b) as con:
            assert con.execute("SELECT count(*) FROM cases").fetchone()[0] == 3


class connect_store_plain:
    """The fixture's store as the older version wrote it (no key)."""

    def __init__(self, db: Path) -> None:
        from app.models.opener import dbapi

        self.con = dbapi.connect(str(db))

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self.con

    def __exit__(self, *exc: object) -> None:
        self.con.close()


def test_an_interrupted_upgrade_is_finished_at_the_next_start(old_home, monkeypatch):
    from app.services import kept_slips

    def power_cut(*_a: object) -> int:
        raise OSError("power cut")

    monkeypatch.setattr(kept_slips, "seal_plaintext", power_cut)
    with pytest.raises(OSError):
        open_context(old_home)
    monkeypatch.undo()
    open_context(old_home).close()
    assert all(p.read_bytes()[:4] != b"%PDF" for p in old_home.cases.rglob("*.pdf"))


def test_a_new_store_and_its_slips_hold_no_personal_data(window, applicant):
    from app.core.cases import IntakeRequest

    ctx = window
    res = ctx.visits.submit(
        IntakeRequest("clerk1", "LOCAL-0003", applicant, outcome="refuse", reason="户籍不在本辖区")
    )
    assert res.documents
    backup(ctx.home.db, ctx.home.backups, "by-hand")
    shutil.rmtree(ctx.home.root / "spool")
    assert grep_a(applicant.id_number, *at_rest(ctx.home)) == ""
    assert grep_a(applicant.name, *at_rest(ctx.home)) == ""
    assert grep_a(applicant.phone, *at_rest(ctx.home)) == ""


def test_a_backup_restores_by_copying_it_back(window, applicant):
    from app.core.cases import IntakeRequest

    ctx = window
    first = ctx.visits.submit(
        IntakeRequest("clerk1", "LOCAL-0003", applicant, outcome="refuse", reason="一")
    )
    copy = backup(ctx.home.db, ctx.home.backups, "by-hand")
    ctx.visits.submit(
        IntakeRequest("clerk1", "LOCAL-0003", applicant, outcome="refuse", reason="二")
    )
    ctx.close()
    for suffix in ("-wal", "-shm"):
        ctx.home.db.with_name(ctx.home.db.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(copy, ctx.home.db)
    again = open_context(ctx.home)
    try:
        assert again.cases.case(first.case_no).applicant.id_number == applicant.id_number
        with again.store.read() as s:
            from sqlalchemy import text

            assert s.execute(text("SELECT count(*) FROM cases")).scalar() == 1
    finally:
        again.close()


# ---- where the key is kept ---------------------------------------------------------------------


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture
def no_env_key(monkeypatch):
    monkeypatch.delenv(store_key.KEY_ENV, raising=False)
    store_key._cache.clear()
    yield
    store_key._cache.clear()


def use_keyring(monkeypatch, backend: KeyringBackend, secure: bool = True) -> None:
    names = SECURE_BACKENDS | ({backend_name(backend)} if secure else set())
    monkeypatch.setattr(
        store_key,
        "keyring_store",
        lambda b=None: KeyringStore(backend, secure_backends=names, service=store_key.SERVICE),
    )


def test_the_key_lives_in_the_keyring_and_nowhere_on_the_disk(home, no_env_key, monkeypatch):
    ring = MemoryKeyring()
    use_keyring(monkeypatch, ring)
    open_context(home, load_demo=False).close()
    (((service, _account), hex_key),) = ring.secrets.items()
    assert service == store_key.SERVICE
    assert grep_a(hex_key, home.root) == "" and grep_a(hex_key.upper(), home.root) == ""
    store_key._cache.clear()
    open_context(home, load_demo=False).close()  # found again through store-key.json


def test_a_lost_keyring_entry_is_named_and_the_recovery_code_brings_it_back(
    home, no_env_key, monkeypatch
):
    ring = MemoryKeyring()
    use_keyring(monkeypatch, ring)
    open_context(home, load_demo=False).close()
    code = store_key.recovery_code(store_key.require(home.root))
    before = home.db.read_bytes()
    ring.secrets.clear()
    store_key._cache.clear()
    with pytest.raises(CounterError) as info:
        open_context(home, load_demo=False)
    assert info.value.code == "store.key_missing" and "counter store recover" in info.value.message
    assert home.db.read_bytes() == before
    with pytest.raises(CounterError) as bad:
        store_key.parse_recovery_code(code[:-1] + ("0" if code[-1] != "0" else "1"))
    assert bad.value.code == "store.recovery_code"
    store_key.keep(home.root, store_key.parse_recovery_code(code.lower()), key_file=False)
    open_context(home, load_demo=False).close()


def test_no_keyring_refuses_to_make_a_store_until_the_key_file_is_chosen(
    home, no_env_key, monkeypatch
):
    from keyring.backends.fail import Keyring as NoKeyring

    use_keyring(monkeypatch, NoKeyring(), secure=False)
    with pytest.raises(CounterError) as info:
        open_context(home, load_demo=False)
    assert info.value.code == "store.no_keyring" and "counter store key-file" in info.value.message
    assert not home.db.exists()
    store_key.create(home.root, key_file=True)
    open_context(home, load_demo=False).close()
    info_file = store_key.read_info(home.root)
    assert info_file is not None and info_file.kept == store_key.FILE


def test_an_insecure_keyring_is_no_place_for_the_key(home, no_env_key, monkeypatch):
    use_keyring(monkeypatch, MemoryKeyring(), secure=False)
    with pytest.raises(CounterError) as info:
        open_context(home, load_demo=False)
    assert info.value.code == "store.no_keyring"


def test_a_store_with_another_key_is_named_not_crashed(home):
    open_context(home, load_demo=False).close()
    before = home.db.read_bytes()
    with pytest.MonkeyPatch.context() as m:
        m.setenv(store_key.KEY_ENV, "07" * 32)
        with pytest.raises(CounterError) as info:
            open_context(home, load_demo=False)
    assert info.value.code == "store.damaged" and "密钥" in info.value.message
    assert home.db.read_bytes() == before
