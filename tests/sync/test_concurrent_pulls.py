"""Two syncs at once apply each publication once: the cursor is re-read under the write lock.

The race is made deterministic: the first sync fetches a dataset's publications, and before it
applies them a whole second sync runs and applies the same ones (as a background sync and a
`counter sync` started by hand would).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.models.schema import CatalogVersion, Counter, Holiday, Record
from app.services.calendar import VERSION_COUNTER
from app.sync import central_admin, pull
from app.sync.pull import cursor

from .conftest import CentralDb
from .intakes import accept, ready

pytestmark = pytest.mark.central


def _second_sync_inside_first(monkeypatch: pytest.MonkeyPatch, w: Any, dataset: str) -> None:
    """Make the next fetch of ``dataset`` run a complete second sync before it returns."""
    real_fetch = pull._fetch
    state = {"armed": True}

    def fetch(
        cc: Any, name: str, after: int, *, newest_only: bool, device: str | None = None
    ) -> pull.Page:
        rows = real_fetch(cc, name, after, newest_only=newest_only, device=device)
        if name == dataset and rows.rows and state["armed"]:
            state["armed"] = False
            assert w.sync().ok  # the other sync, from start to end
        return rows

    monkeypatch.setattr(pull, "_fetch", fetch)


def test_a_decision_is_applied_once_when_two_syncs_overlap(
    central: CentralDb, make_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = ready(make_window("C01", "W01"))
    (number,) = accept(w.ctx)
    assert w.sync().ok
    case_id = w.ctx.cases.case(number).id
    published = central_admin.publish_case_status(central.url, number, "result_ready", "证件已制好")
    _second_sync_inside_first(monkeypatch, w, "case_status")
    summary = w.sync()
    assert summary.ok
    with w.ctx.store.read() as s:
        kinds = [
            json.loads(r.payload)["state"]
            for r in s.scalars(
                select(Record).where(Record.case_id == case_id, Record.kind == "case_status")
            )
        ]
    assert kinds == ["result_ready"]
    assert {d.name: d.applied for d in summary.pulled}["case_status"] == 0
    assert cursor(w.ctx, "case_status") == published.version


def test_an_older_holiday_table_never_replaces_a_newer_one(
    central: CentralDb, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = make_window()
    first = tmp_path / "a.csv"
    first.write_text(
        "date,workday,note\n#years,2027\n2027-02-07,1,调休（初稿）\n", encoding="utf-8"
    )
    central_admin.publish_holidays(central.url, first)
    # The first sync fetches the draft; the second sees the correction too and applies both.
    real_fetch = pull._fetch
    state = {"armed": True}

    def fetch(
        cc: Any, name: str, after: int, *, newest_only: bool, device: str | None = None
    ) -> pull.Page:
        rows = real_fetch(cc, name, after, newest_only=newest_only, device=device)
        if name == "holidays" and rows.rows and state["armed"]:
            state["armed"] = False
            fixed = tmp_path / "b.csv"
            fixed.write_text(
                "date,workday,note\n#years,2027\n2027-02-06,1,春节调休\n", encoding="utf-8"
            )
            central_admin.publish_holidays(central.url, fixed)
            assert w.sync().ok
        return rows

    monkeypatch.setattr(pull, "_fetch", fetch)
    assert w.sync().ok
    with w.ctx.store.read() as s:
        days = {(h.day.isoformat(), h.note) for h in s.scalars(select(Holiday))}
        applied = s.get(Counter, VERSION_COUNTER).value
    assert days == {("2027-02-06", "春节调休")}  # the correction stands
    assert applied == 2  # each table applied once: the draft never came back over the correction


def test_a_catalog_is_added_once_when_two_syncs_overlap(
    central: CentralDb,
    make_window,
    real_guides: dict,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = make_window()
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(real_guides, ensure_ascii=False), encoding="utf-8")
    published = central_admin.publish_catalog(central.url, path)
    _second_sync_inside_first(monkeypatch, w, "catalog")
    assert w.sync().ok
    with w.ctx.store.read() as s:
        assert s.scalar(select(func.count()).select_from(CatalogVersion)) == 1
    assert cursor(w.ctx, "catalog") == published.version
