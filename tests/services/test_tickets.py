"""The window's rectification list (services/tickets.py): tickets in the store, every act a
record carrying the ticket, refusals that leave the store as it was."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from app.core import tickets as tk
from app.core.cases import IntakeRequest
from app.core.errors import CounterError
from app.services.tickets import TicketService
from tests.conftest import CLERK, PASSWORD

NOW = datetime(2026, 9, 28, 10, 0)  # Monday before the National Day holiday


@pytest.fixture
def desk(window):
    window.users.add("boss", "赵值班", "supervisor", PASSWORD)
    return window


def ticket_records(ctx) -> list[dict]:
    from sqlalchemy import select

    from app.models.schema import Record

    with ctx.store.read() as s:
        rows = s.scalars(select(Record.payload).where(Record.kind == "ticket").order_by(Record.seq))
        return [json.loads(p) for p in rows]


def store_bytes(ctx) -> bytes:
    ctx.store.engine.dispose()  # every connection closed: the file is all there is
    return ctx.home.db.read_bytes()


def test_a_bad_review_opens_a_ticket_with_its_record(desk, applicant) -> None:
    res = desk.visits.submit(
        IntakeRequest(CLERK, "LOCAL-0001", applicant, {"s": ["s2"]}, {}), now=NOW
    )
    t = desk.feedback.review(res.record_id, 1, "材料清单没说清楚", "pad", CLERK, now=NOW).ticket
    assert t is not None and t.source == "review" and t.contact and t.case_no == res.case_no
    assert t.due == date(2026, 10, 10)  # five working days over the holiday, 调休 Saturday
    (opened,) = ticket_records(desk)
    assert opened["step"] == "open" and opened["snapshot"] == t.to_json()
    assert opened["centre"] == "C3301" and opened["window"] == "W03"


def test_hotline_referral_and_its_acts_are_recorded(desk) -> None:
    service = TicketService(desk)
    t = service.open(
        "boss",
        "hotline",
        "来电反映社保卡补办被要求提供清单外证明",
        referral_no="GD20260928-0113",
        reply_by=date(2026, 10, 9),
        now=NOW,
    )
    assert t.due == date(2026, 10, 9) and t.state == "open"
    service.act(t.id, tk.Act("take", "boss"), now=NOW)
    fixed = service.act(
        t.id,
        tk.Act("fix", "boss", "窗口人员培训清单外材料不得要求", category="extra_material"),
        now=NOW,
    )
    again = service.act(t.id, tk.Act("call_back", "boss", "仍不满意", "dissatisfied"), now=NOW)
    assert fixed.state == "fixed" and (again.state, again.reopened) == ("taken", 1)
    assert [s.act for s in service.steps(t.id)] == ["open", "take", "fix", "call_back"]
    assert service.steps(t.id)[-1].note == "不满意：仍不满意"
    assert ticket_records(desk)[-1]["snapshot"] == again.to_json()
    assert service.get(t.id) == again
    # A second referral with the same number is refused; nothing is written.
    before = store_bytes(desk)
    with pytest.raises(CounterError) as dup:
        service.open(
            "boss",
            "hotline",
            "重复登记",
            referral_no="GD20260928-0113",
            reply_by=date(2026, 10, 9),
            now=NOW,
        )
    assert dup.value.code == "ticket.referral_duplicate"
    assert store_bytes(desk) == before


def test_refusals_leave_the_store_untouched(desk) -> None:
    service = TicketService(desk)
    t = service.open("boss", "spot_check", "窗口桌面摆放私人物品", now=NOW)
    before = store_bytes(desk)
    for act, code in (
        (tk.Act("take", CLERK), "user.forbidden"),  # a clerk does not work tickets
        (tk.Act("fix", "boss", "整理", category="facility"), "ticket.transition"),
        (tk.Act("decide", "boss", result="upheld"), "user.forbidden"),  # an administrator's
    ):
        with pytest.raises(CounterError) as e:
            service.act(t.id, act, now=NOW)
        assert e.value.code == code
    with pytest.raises(CounterError) as src:
        service.open("boss", "review", "自己开的差评单", now=NOW)
    assert src.value.code == "ticket.source"
    assert store_bytes(desk) == before


def test_appeal_decided_by_the_administrator(desk) -> None:
    service = TicketService(desk)
    t = service.open("boss", "evaluation", "暗访：窗口未执行首问负责", now=NOW)
    service.act(t.id, tk.Act("take", "boss"), now=NOW)
    appealed = service.act(
        t.id, tk.Act("appeal", "boss", "暗访时段该窗口暂停服务，有公告"), now=NOW
    )
    assert appealed.state == "appealed" and appealed.due is None
    assert [d.ticket.id for d in service.due_soon(date(2026, 12, 1))] == []  # clock stopped
    closed = service.act(t.id, tk.Act("decide", "admin", result="upheld"), now=NOW)
    assert (closed.state, closed.resolution) == ("closed", "appeal_upheld")
    assert service.tickets() == [] and service.tickets(open_only=False) == [closed]


def test_due_soon_lists_near_and_overdue(desk) -> None:
    service = TicketService(desk)
    t = service.open("boss", "spot_check", "叫号器故障未报修", now=NOW)  # due 10 Oct
    assert service.due_soon(date(2026, 9, 29)) == []
    assert [d.status for d in service.due_soon(date(2026, 10, 9))] == ["near"]
    assert [(d.ticket.id, d.status) for d in service.due_soon(date(2026, 10, 12))] == [
        (t.id, "overdue")
    ]
