"""Drafts of unfinished intakes and the local sync status (services/drafts.py)."""

from __future__ import annotations

from datetime import datetime

from app.services.drafts import DraftService, local_sync_status, pending_records


def test_save_replace_latest_discard(ctx):
    drafts = DraftService(ctx.store)
    did = drafts.save("clerk1", "intake", {"step": "applicant"}, now=datetime(2026, 1, 5, 9))
    drafts.save("clerk1", "intake", {"step": "item"}, draft_id=did, now=datetime(2026, 1, 5, 10))
    drafts.save("clerk2", "intake", {"step": "materials"})
    latest = drafts.latest("clerk1", "intake")
    assert latest.id == did and latest.data == {"step": "item"}
    drafts.discard(did)
    assert drafts.latest("clerk1", "intake") is None


def test_sync_status_without_a_central_database(ctx):
    status = local_sync_status(ctx.store)
    assert not status.configured and status.pending == pending_records(ctx.store) == 0
