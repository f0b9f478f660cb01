"""The indexes that keep home, report and log verify independent of the history (local revision
0006): a store made before them keeps every record, chain and case, and the day's queries then
read through them."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import select

from app.bootstrap import open_context
from app.core.cases import IntakeRequest
from app.core.catalog import applicable_materials
from app.core.checklist import Verdict
from app.core.parties import Party
from app.models.migrate import alembic_config
from app.models.schema import Record
from app.paths import Home
from app.services import log_audit
from app.services.record_log import day_range
from app.services.window import FirstAdmin, WindowSetup, initialise
from tests.conftest import resident_id

DAY = date(2026, 6, 30)
NEW = (
    "ix_records_kind_created",
    "ix_cases_updated",
    "ix_cases_state_promised",
    "ix_cases_accepted",
)


def _indexes(ctx) -> set[str]:  # type: ignore[no-untyped-def]
    with ctx.store.read() as s:
        return set(
            s.connection()
            .exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
            .scalars()
        )


def _store_with_intakes(home: Home, n: int, down_to: str = "0005") -> None:
    ctx = open_context(home)
    try:
        initialise(
            ctx.store,
            ctx.users,
            WindowSetup("C3301", "城东街道便民服务中心", "W03"),
            FirstAdmin("admin", "王管理", "counter2026"),
        )
        ctx.users.add("clerk1", "李窗口", "clerk", "counter2026")
        rng = random.Random(5)
        items = [ctx.catalog.item(s.code) for s in ctx.catalog.items()]
        at = datetime.combine(DAY, datetime.min.time()).replace(hour=9)
        for i in range(n):
            item = items[i % len(items)]
            answers = {q.id: [q.options[0].id] for q in item.questions}
            verdicts = {m.id: Verdict("ok") for m in applicable_materials(item, answers)}
            number = resident_id(f"110105194912{rng.randint(10, 28)}{i:03d}")
            applicant = Party("person", "刘䶮", "resident_id", number, "13800000000")
            req = IntakeRequest("clerk1", item.code, applicant, answers, verdicts)
            ctx.visits.submit(req, now=at + timedelta(minutes=7 * i), slips=False)
        # The store as a window of the previous version left it.
        command.downgrade(alembic_config(ctx.store.engine), down_to)
    finally:
        ctx.close()


def test_a_store_made_before_the_indexes_keeps_everything(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    _store_with_intakes(home, 6)
    ctx = open_context(home)  # migrates to the newest revision
    try:
        assert set(NEW) <= _indexes(ctx)
        with ctx.store.read() as s:
            assert list(log_audit.findings(s)) == []
            assert s.query(Record).count() == 6
            query = select(Record.payload).where(
                Record.kind.in_(("intake", "supplement")), *day_range(DAY)
            )
            sql = str(query.compile(compile_kwargs={"literal_binds": True}))
            plan = " ".join(
                str(r[-1]) for r in s.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")
            )
        assert "ix_records_kind_created" in plan, plan
        assert sum(ctx.cases.day_counts(DAY).values()) == 6
    finally:
        ctx.close()


def _counted(ctx) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with ctx.store.read() as s:
        row = (
            s.connection()
            .exec_driver_sql(
                "SELECT count(accepted_at), count(CASE WHEN accepted_at = created_at THEN 1 END) "
                "FROM cases"
            )
            .one()
        )
    return int(row[0]), int(row[1])


def test_acceptance_totals_start_from_the_cases_and_follow_them(tmp_path: Path) -> None:
    """Revision 0008: the report's acceptance counts are filled from a store made before it,
    then kept by the triggers: a later acceptance (at a second visit) counts as not first."""
    from app.services.reports import _acceptance_visits

    home = Home(tmp_path / "home")
    _store_with_intakes(home, 5, down_to="0007")
    ctx = open_context(home)
    try:
        assert {"ix_cases_state_updated", "ix_cases_provisional"} <= _indexes(ctx)
        with ctx.store.read() as s:
            assert _acceptance_visits(s) == _counted(ctx)
        assert _counted(ctx)[0] > 0
        with ctx.store.write() as s:  # a case accepted later than it was made
            s.connection().exec_driver_sql(
                "UPDATE cases SET accepted_at = NULL WHERE rowid = (SELECT min(rowid) FROM cases)"
            )
        with ctx.store.write() as s:
            s.connection().exec_driver_sql(
                "UPDATE cases SET accepted_at = '2026-07-02 10:00:00.000000' "
                "WHERE rowid = (SELECT min(rowid) FROM cases)"
            )
        with ctx.store.read() as s:
            assert _acceptance_visits(s) == _counted(ctx)
            accepted, first = _acceptance_visits(s)
        assert accepted > first
    finally:
        ctx.close()
