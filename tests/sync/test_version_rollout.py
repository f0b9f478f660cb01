"""The county rolls out a version: windows learn the current and minimum version at a pull; an
older window says so, one below the minimum keeps pushing but refuses new intakes."""

from __future__ import annotations

import argparse
import hashlib

import pytest

from app import __version__
from app.cli.sync_cmds import cmd_status
from app.core.errors import CounterError
from app.services.rollout import Rollout, published, version_key
from app.sync import central_admin
from app.sync.pull import cursor

from .conftest import CentralDb
from .intakes import accept, ready


def test_versions_compare_by_number_and_ignore_the_build() -> None:
    assert version_key("0.10.0") > version_key("0.9.9")
    assert version_key("1.2") == version_key("1.2.0")
    assert version_key("0.1.0+b412.g340f28f") == version_key("0.1.0")
    for bad in ("", "1.x", "v1.2", "1..2", "1.2.3.4.5"):
        with pytest.raises(ValueError):
            version_key(bad)


def test_a_rollout_says_what_to_install() -> None:
    r = Rollout("0.3.0", "0.2.0")
    assert r.below_minimum("0.1.9") and r.outdated("0.1.9")
    assert "请安装 Counter 0.3.0" in (r.notice("0.1.9") or "")
    assert not r.below_minimum("0.2.0") and r.outdated("0.2.0")
    assert "0.3.0 已发布" in (r.notice("0.2.0") or "")
    assert r.notice("0.3.0") is None and r.notice("0.4.0") is None
    with pytest.raises(ValueError, match="高于当前版本"):
        Rollout.from_json({"current": "0.2.0", "minimum": "0.3.0"})


def _digest(db) -> str:
    """The store with its write-ahead log (a refused intake must write to neither)."""
    h = hashlib.sha256()
    for part in (db, db.with_name(db.name + "-wal")):
        h.update(part.read_bytes() if part.exists() else b"")
    return h.hexdigest()


def _above(version: str, by: int) -> str:
    major, minor, *_ = version_key(version)
    return f"{major}.{minor + by}.0"


def sync_status(w, capsys: pytest.CaptureFixture[str], json: bool = False) -> str:
    """What `counter sync status` prints for this window."""
    capsys.readouterr()
    assert cmd_status(argparse.Namespace(json=json), w.ctx) == 0
    return capsys.readouterr().out


@pytest.mark.central
def test_below_the_minimum_a_window_pushes_its_records_and_refuses_intakes(
    central: CentralDb, make_window, capsys: pytest.CaptureFixture[str]
) -> None:
    w = ready(make_window())
    accept(w.ctx, 2)  # made before the rollout: they must still reach the central database
    current, minimum = _above(__version__, 2), _above(__version__, 1)
    p = central_admin.publish_app_version(central.url, current, minimum)
    summary = w.sync()
    assert summary.ok and summary.pushed >= 2
    assert published(w.ctx) == Rollout(current, minimum)
    assert cursor(w.ctx, "app_version") == p.version

    before = _digest(w.ctx.home.db)
    with pytest.raises(CounterError) as refused:
        accept(w.ctx, 1)
    assert refused.value.code == "version.below_minimum"
    assert f"请安装 Counter {current}" in str(refused.value)
    assert _digest(w.ctx.home.db) == before  # nothing written by the refusal

    w.records(3)  # records still made (pickups, reviews...) keep going out
    again = w.sync()
    assert again.ok and again.pushed == 3 and again.waiting == 0

    out = sync_status(w, capsys)
    assert f"低于县里要求的最低版本 {minimum}" in out and f"请安装 Counter {current}" in out


@pytest.mark.central
def test_an_older_window_above_the_minimum_is_told_and_keeps_working(
    central: CentralDb, make_window, capsys: pytest.CaptureFixture[str]
) -> None:
    w = ready(make_window())
    central_admin.publish_app_version(central.url, _above(__version__, 3), "0.0.1")
    central_admin.publish_app_version(central.url, _above(__version__, 1), __version__)
    assert w.sync().ok
    assert published(w.ctx) == Rollout(_above(__version__, 1), __version__)  # the newest only
    assert len(accept(w.ctx, 1)) == 1
    out = sync_status(w, capsys, json=True)
    assert f"Counter {_above(__version__, 1)} 已发布" in out


@pytest.mark.central
def test_a_rollout_is_checked_before_it_is_published(central: CentralDb, make_window) -> None:
    w = make_window()
    for current, minimum in (("1.0", "2.0"), ("latest", "1.0"), ("1.0", "")):
        with pytest.raises(CounterError):
            central_admin.publish_app_version(central.url, current, minimum)
    body = '{"current": "1.0"}'  # bypassing publish-version's own check
    with central.connect() as conn:
        conn.execute(
            "INSERT INTO counter.publications (dataset, body, body_hash) "
            "VALUES ('app_version', %s, encode(sha256(convert_to(%s, 'UTF8')), 'hex'))",
            (body, body),
        )
    summary = w.sync()
    assert summary.error_code == "pull.app_version_invalid"
    assert published(w.ctx) is None and cursor(w.ctx, "app_version") == 0
