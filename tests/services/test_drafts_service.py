"""Drafts of unfinished intakes (services/drafts.py) and the local sync status."""

from __future__ import annotations

from datetime import datetime

from app.services.drafts import DraftService
from app.services.sync_state import sync_status


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
    status = sync_status(ctx.store)
    assert not status.configured and not status.online
    assert (status.waiting, status.quarantined, status.last_synced_at) == (0, 0, None)
