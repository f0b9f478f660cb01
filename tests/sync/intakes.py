"""Real intakes at a test window, through the intake service, for tests that need real cases."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.bootstrap import DEMO_CATALOG, Context
from app.core.cases import IntakeRequest
from app.core.checklist import Verdict
from app.core.parties import Party
from app.paths import resources_dir
from tests.conftest import PASSWORD, publish_coming_years, resident_id

APPLICANT = Party("person", "张𠈌", "resident_id", resident_id("11010519491231002"), "13800001111")


def ready(w: Any) -> Any:
    """A window that can accept: the demo catalog, a clerk, the county's holiday table."""
    w.ctx.catalog.import_file(resources_dir() / DEMO_CATALOG, origin="demo")
    central_account(w.ctx, "clerk1", "李窗口", "clerk")
    publish_coming_years(w.ctx)
    return w


def central_account(ctx: Context, username: str, name: str, role: str) -> None:
    """An account as the central publishes it (a registered window makes none of its own),
    applied as the pull applies one."""
    from app.services.login import hasher
    from app.sync.pull import _apply_account

    with ctx.store.write() as s:
        _apply_account(
            s,
            {
                "username": username,
                "display_name": name,
                "role": role,
                "password_hash": hasher().hash(PASSWORD),
                "active": True,
            },
        )


# A fixed working morning: the promised dates and the day's sequence never depend on when the
# tests run (midnight, New Year).
NOW = datetime(2026, 11, 23, 10, 0)


def accept(ctx: Context, n: int = 1) -> list[str]:
    """``n`` accepted cases of the demo's LOCAL-0001, all materials present; their numbers."""
    answers = {"s": ["s2"]}
    pv = ctx.visits.preview("LOCAL-0001", answers, {}, NOW.date())
    verdicts = {m.id: Verdict("ok") for m in pv.evaluation.applicable}
    return [
        ctx.visits.submit(
            IntakeRequest("clerk1", "LOCAL-0001", APPLICANT, answers, verdicts),
            now=NOW,
            slips=False,
        ).case_no
        for _ in range(n)
    ]
