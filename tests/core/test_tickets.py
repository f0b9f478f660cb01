"""Rectification tickets: states, acts, due dates in working days, categories (core/tickets.py).

Fixed dates around the 2026 National Day holiday (1-7 October off, Saturday 10 October worked),
so a due date that forgot the holiday or the 调休 Saturday is caught."""

from __future__ import annotations

from datetime import date

import pytest

from app.core import tickets as tk
from app.core.errors import CounterError
from app.core.workdays import WorkCalendar

CAL = WorkCalendar()
RULES = tk.Rules(due_days=5, warn_days=2)
MON = date(2026, 9, 28)


def new(source: str = "review", contact: bool = True, **kw: object) -> tk.Ticket:
    return tk.open_ticket("t1", source, "等候太久", MON, CAL, RULES, contact=contact, **kw)  # type: ignore[arg-type]


def act(t: tk.Ticket, name: str, user: str = "boss", day: date = MON, **kw: object) -> tk.Ticket:
    return tk.apply(t, tk.Act(name, user, **kw), day, CAL, RULES)  # type: ignore[arg-type]


def test_eighteen_categories_with_distinct_names() -> None:
    assert len(tk.CATEGORIES) == 18
    assert len(set(tk.CATEGORIES.values())) == 18
    assert "other" in tk.CATEGORIES


def test_due_date_counts_working_days_over_the_national_day_holiday() -> None:
    # 29, 30 Sep, (1-7 Oct off), 8, 9 Oct, Saturday 10 Oct worked: the fifth working day.
    assert new().due == date(2026, 10, 10)
    assert new().state == "open" and new().history == ("open",)


def test_a_hotline_referral_is_due_by_its_reply_deadline() -> None:
    t = new("hotline", referral_no="GD20260928-0113", reply_by=date(2026, 10, 9))
    assert t.due == date(2026, 10, 9) and t.referral_from == "12345热线" and t.contact
    with pytest.raises(CounterError) as missing:
        new("hotline", reply_by=date(2026, 10, 9))
    assert missing.value.code == "ticket.referral_no"
    with pytest.raises(CounterError) as passed:
        new("hotline", referral_no="GD1", reply_by=date(2026, 9, 25))
    assert passed.value.code == "ticket.reply_by" and "已过" in passed.value.message
    with pytest.raises(CounterError):
        new("hotline", referral_no="GD1")  # no deadline


def test_unknown_source_and_category_are_refused() -> None:
    with pytest.raises(CounterError) as bad:
        new("gossip")
    assert bad.value.code == "ticket.source"
    with pytest.raises(CounterError) as cat:
        new(category="weather")
    assert cat.value.code == "ticket.category"


def test_take_fix_call_back_close() -> None:
    t = act(new(), "take", user="boss")
    assert t.state == "taken" and t.responsible == "boss"
    with pytest.raises(CounterError) as unclassified:
        act(t, "fix", text="已向申请人致歉")
    assert unclassified.value.code == "ticket.category"
    with pytest.raises(CounterError) as no_measure:
        act(t, "fix", category="waiting", text="  ")
    assert no_measure.value.code == "ticket.measure"
    t = act(t, "fix", category="waiting", text="高峰时段增开一个窗口")
    assert (t.state, t.category, t.measure) == ("fixed", "waiting", "高峰时段增开一个窗口")
    with pytest.raises(CounterError) as needs_call:
        act(t, "close")
    assert needs_call.value.code == "ticket.callback_needed"
    t = act(t, "call_back", result="satisfied")
    assert t.state == "called" and t.callback == "satisfied"
    t = act(t, "close")
    assert t.state == "closed" and t.resolution == "rectified"
    assert t.history == ("open", "take", "fix", "call_back", "close")


def test_a_dissatisfied_call_back_reopens_with_a_new_due_date() -> None:
    t = act(act(new(), "take"), "fix", category="attitude", text="谈话提醒")
    t = act(t, "call_back", result="dissatisfied", day=date(2026, 10, 9))
    # From Friday 9 Oct: Sat 10 (worked), Mon 12 .. Thu 15: the fifth working day.
    assert (t.state, t.reopened, t.due) == ("taken", 1, date(2026, 10, 15))
    assert t.state_label == "整改中（第2次）"
    with pytest.raises(CounterError) as bad:
        act(t, "call_back", result="satisfied")
    assert bad.value.code == "ticket.transition"


def test_anonymous_ticket_closes_once_fixed() -> None:
    t = act(act(new(contact=False), "take"), "fix", category="guide", text="修订办事指南")
    assert act(t, "close").state == "closed"


def test_wrong_order_is_refused_with_the_state_named() -> None:
    with pytest.raises(CounterError) as e:
        act(new(), "fix", category="guide", text="x")
    assert e.value.code == "ticket.transition" and "待领单" in e.value.message
    with pytest.raises(CounterError):
        act(new(), "call_back", result="satisfied")
    with pytest.raises(CounterError):
        act(new(), "appeal", text="恶意差评")  # only the one who took it appeals


def test_appeal_stops_the_clock_and_a_rejection_gives_back_the_days_left() -> None:
    t = act(new(), "take")
    # Appealed on Tuesday 29 Sep with due Saturday 10 Oct: 30 Sep, 8, 9, 10 Oct are left.
    t = act(t, "appeal", text="评价人未办理业务，系误评", day=date(2026, 9, 29))
    assert (t.state, t.due, t.appeal_days_left, t.appealed_by) == ("appealed", None, 4, "boss")
    assert tk.status(t, date(2026, 12, 1), CAL) is None  # no overdue while appealed
    with pytest.raises(CounterError) as own:
        act(t, "decide", user="boss", result="rejected")
    assert own.value.code == "ticket.self_review"
    rejected = act(t, "decide", user="admin", result="rejected", day=date(2026, 10, 12))
    # Four working days after Monday 12 Oct.
    assert (rejected.state, rejected.due) == ("taken", date(2026, 10, 16))
    upheld = act(t, "decide", user="admin", result="upheld")
    assert (upheld.state, upheld.resolution) == ("closed", "appeal_upheld")


def test_status_lights() -> None:
    t = new()  # due Saturday 10 Oct (worked)
    assert tk.status(t, MON, CAL, 2) == "ok"
    assert tk.status(t, date(2026, 10, 8), CAL, 2) == "near"
    assert tk.status(t, date(2026, 10, 11), CAL, 2) == "overdue"
    closed = act(act(act(new(contact=False), "take"), "fix", category="other", text="x"), "close")
    assert tk.status(closed, date(2027, 1, 1), CAL) is None


def test_fold_takes_each_tickets_latest_snapshot() -> None:
    a = new()
    b = act(a, "take")
    other = tk.open_ticket("t2", "spot_check", "窗口人员脱岗", MON, CAL, RULES)
    records = [
        (
            "2026-09-28T10:00:01.000+08:00",
            {"ticket": "t1", "step": "take", "snapshot": b.to_json()},
        ),
        (
            "2026-09-28T09:00:00.000+08:00",
            {"ticket": "t1", "step": "open", "snapshot": a.to_json()},
        ),
        ("2026-09-28T11:00:00.000+08:00", {"ticket": "t2", "snapshot": other.to_json()}),
        ("2026-09-28T12:00:00.000+08:00", {"ticket": "t0", "step": "taken"}),  # no snapshot
    ]
    folded = tk.fold(records)
    assert set(folded) == {"t1", "t2"}
    assert folded["t1"] == b and folded["t2"] == other
    assert tk.Ticket.from_json(b.to_json()) == b


def test_ordered_running_first_by_due() -> None:
    a = new()
    later = tk.open_ticket("t3", "spot_check", "x", date(2026, 10, 9), CAL, RULES)
    appealed = act(act(new(), "take"), "appeal", text="误评")
    assert [t.id for t in tk.ordered([appealed, later, a])] == ["t1", "t3", "t1"]
    assert tk.ordered([appealed, later])[-1].state == "appealed"
