"""A post table or volume-number rule the window cannot use (written past the central's own
checks, or by a version that wrote another format) is refused whole at the pull: the sync says
which publication and that the one before stays in force, the store is unchanged, and the
cursor stays where it was, so a corrected publication is taken at the next sync."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from app.core.archive_package import VolumeRule
from app.services.archive import ArchiveService
from app.sync.central_posts import publish_posts
from app.sync.pull import cursor

from .conftest import CentralDb
from .intakes import NOW
from .test_central_trust import snapshot
from .test_posts_central import ITEM, staffed, table, write

pytestmark = pytest.mark.central

BROKEN = (
    '{"format": "counter-posts/1", "version": "v2", "posts": "not a list"}',  # a wrong shape
    '{"format": "counter-posts/1", "versi',  # cut off
    "",
)


def publish_raw(central: CentralDb, dataset: str, body: str) -> int:
    """A publication as it arrives when nothing checked it (the central's own commands do)."""
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return int(
        central.scalar(
            "INSERT INTO counter.publications (dataset, centre_code, window_code, body, "
            "body_hash) VALUES (%s, 'C01', NULL, %s, %s) RETURNING version",
            (dataset, body, digest),
        )
    )


def rows(w: Any) -> dict[str, list[Any]]:
    """Every row of the window's store but the sync's own bookkeeping (its last error)."""
    return snapshot(w.ctx.home.root / "counter.sqlite3", ignore_sync_bookkeeping=True)


@pytest.mark.parametrize("body", BROKEN)
def test_an_unusable_post_table_is_refused_and_the_one_before_stays(
    central: CentralDb, make_window: Any, tmp_path: Path, body: str
) -> None:
    w = staffed(central, make_window)
    first = publish_posts(
        central.url, write(tmp_path, "v1.json", table({"ann": "A"}, {"cat": "A"})), "C01"
    )
    assert w.sync().ok
    version = publish_raw(central, "posts", body)
    before = rows(w)

    summary = w.sync()
    assert summary.error_code == "pull.posts_invalid"
    assert f"第 {version} 版" in (summary.error or "") and "继续使用原" in (summary.error or "")
    assert rows(w) == before
    assert cursor(w.ctx, "posts") == first.version
    assert w.ctx.posts.require_published().table.version == "v1"
    assert w.ctx.visits.authorised(ITEM, "cat", NOW.date()) == {"收件"}

    # The centre publishes a corrected table: the next sync takes it.
    fixed = publish_posts(
        central.url, write(tmp_path, "v3.json", table({"cat": "A"}, {"ann": "A"}, "v3")), "C01"
    )
    assert w.sync().ok
    assert cursor(w.ctx, "posts") == fixed.version
    assert w.ctx.posts.require_published().table.version == "v3"


@pytest.mark.parametrize(
    "body",
    [
        '{"format": "counter-archive-rule/1", "template": "{nonsense}"}',
        '{"format": "counter-archive-rule/9"}',
        "[]",
    ],
)
def test_an_unusable_volume_rule_is_refused_and_the_window_keeps_numbering_as_before(
    central: CentralDb, make_window: Any, body: str
) -> None:
    w = staffed(central, make_window)
    svc = ArchiveService(w.ctx)
    rule = svc.rule()
    version = publish_raw(central, "archive_rule", body)
    before = rows(w)

    summary = w.sync()
    assert summary.error_code == "pull.archive_rule_invalid"
    assert f"第 {version} 版" in (summary.error or "")
    assert rows(w) == before
    assert cursor(w.ctx, "archive_rule") == 0
    assert svc.central_rule() is None and svc.rule() == rule == VolumeRule()
