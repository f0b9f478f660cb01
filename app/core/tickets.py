"""Rectification tickets (问题整改清单): where a ticket comes from, its category, its states and
the acts that move it, and its due date in working days. Pure rules: the store, the record log
and the screens are in services/tickets.py and app/ui/tickets_page.py; docs/tickets.md says
the same in prose.

A ticket goes 待领单 open -> 领单 take -> 整改 fix (the measure taken, with the category) ->
回访 call back -> 销单 close. The call-back's answer decides: 满意 goes on to 销单, 不满意
reopens the ticket (整改中 again, a new due date). A ticket without anyone to call back (an
anonymous review, a spot check, the third-party evaluation) may be closed once fixed. The
responsible person may appeal (申诉复核) a ticket they hold as unfounded: the clock stops; the
reviewer (an administrator, never the appellant) upholds it (closed, not counted against the
window) or rejects it (整改中 again, with the working days that were left when it was appealed).

Every act is kept as a ``ticket`` record carrying the ticket as it stands after the act
(:meth:`Ticket.to_json`), so the central database knows each ticket from the records alone
(:func:`fold`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

from app.core.errors import CounterError
from app.core.workdays import DueStatus, WorkCalendar, due_status

# Where a ticket comes from. review and complaint open one by themselves (services/feedback.py);
# the others are entered by the supervisor.
SOURCES: dict[str, str] = {
    "review": "差评",
    "complaint": "办不成事",
    "hotline": "12345转办",
    "spot_check": "督查抽查",
    "evaluation": "第三方评估",
}
ENTERED_SOURCES = ("hotline", "spot_check", "evaluation")

# What the problem was about: 18 kinds, the product's own list for a service centre's window,
# grouped the way 国办发〔2019〕51号 asks reviews to be judged (the item and its guide, the
# service process, the result, the conduct of the staff, the place) plus the causes a centre
# does not control (policy, other departments' systems) and 其他. docs/tickets.md gives the
# reasons; a ticket is classified at the latest when its measure is recorded.
CATEGORIES: dict[str, str] = {
    "guide": "办事指南不清或与实际不符",
    "extra_material": "要求提交清单外材料",
    "notice": "一次性告知不到位",
    "repeat_trip": "多次跑腿",
    "overdue": "超时限办理",
    "shirking": "推诿扯皮、不予受理理由不当",
    "attitude": "服务态度生硬",
    "discipline": "工作纪律（脱岗、迟到、办私事）",
    "skill": "业务不熟、解答有误",
    "waiting": "排队等候时间长",
    "online": "网上办理、系统故障",
    "facility": "场所设施设备",
    "fee": "收费问题",
    "result": "办理结果或证照有误",
    "privacy": "个人信息保护",
    "integrity": "廉洁问题（吃拿卡要）",
    "policy": "政策规定本身（非窗口原因）",
    "other": "其他",
}

STATES: dict[str, str] = {
    "open": "待领单",
    "taken": "整改中",
    "fixed": "待回访",
    "called": "待销单",
    "appealed": "申诉复核中",
    "closed": "已销单",
}
CALLBACK_RESULTS = {"satisfied": "满意", "dissatisfied": "不满意"}
APPEAL_DECISIONS = {"upheld": "申诉成立", "rejected": "申诉驳回"}
# How a closed ticket ended: rectified and closed, or closed by an upheld appeal.
RESOLUTIONS = {"rectified": "整改销单", "appeal_upheld": "申诉成立"}

# The acts, each allowed from these states.
ACTS: dict[str, tuple[str, ...]] = {
    "take": ("open",),
    "classify": ("open", "taken", "fixed", "called", "appealed"),
    "fix": ("taken",),
    "call_back": ("fixed",),
    "close": ("fixed", "called"),
    "appeal": ("taken",),
    "decide": ("appealed",),
}
ACT_LABELS = {
    "open": "开单",
    "take": "领单",
    "classify": "归类",
    "fix": "整改",
    "call_back": "回访",
    "close": "销单",
    "appeal": "申诉",
    "decide": "复核",
}
# The permission an act needs (core/roles.py): deciding an appeal is an administrator's.
ACT_PERMISSION = {act: "tickets" for act in ACTS} | {"decide": "appeals"}
TEXT_LIMIT = 500  # a measure, an appeal's grounds, a call-back note
REFERENCE_LIMIT = 40  # a 12345 referral number


@dataclass(frozen=True)
class Ticket:
    """One ticket as it stands. Dates are local dates; ``due`` is None while appealed."""

    id: str
    source: str
    summary: str
    state: str
    opened_on: date
    due: date | None
    category: str | None = None
    responsible: str | None = None
    contact: bool = False  # someone to call back (a real-name review, a complainant's phone)
    case_id: str | None = None
    case_no: str | None = None
    referral_from: str | None = None  # 12345 转办: who referred it (12345热线, 市长信箱 ...)
    referral_no: str | None = None
    reply_by: date | None = None  # 12345 转办: the reply deadline the referral set
    measure: str | None = None
    callback: str | None = None  # the last call-back's result
    reopened: int = 0
    appeal: str | None = None  # the grounds of the last appeal
    appealed_by: str | None = None
    appeal_days_left: int | None = None  # working days left when it was appealed
    decision: str | None = None  # the last appeal's decision
    resolution: str | None = None  # how a closed ticket ended
    centre: str = ""
    window: str = ""
    history: tuple[str, ...] = field(default=())  # the acts so far, oldest first

    @property
    def state_label(self) -> str:
        label = STATES.get(self.state, self.state)
        if self.state == "taken" and self.reopened:
            return f"{label}（第{self.reopened + 1}次）"
        return label

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.category or "", "未分类")

    @property
    def source_label(self) -> str:
        return SOURCES.get(self.source, self.source)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("opened_on", "due", "reply_by"):
            out[key] = out[key].isoformat() if out[key] else None
        out["history"] = list(self.history)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Ticket:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        for key in ("opened_on", "due", "reply_by"):
            if known.get(key):
                known[key] = date.fromisoformat(str(known[key]))
        known["history"] = tuple(known.get("history") or ())
        return cls(**known)


@dataclass(frozen=True)
class Rules:
    """What a window sets: the working days a ticket is given (tickets.due_days), the warning."""

    due_days: int = 5
    warn_days: int = 2


def _text(value: str | None, what: str, code: str, limit: int = TEXT_LIMIT) -> str:
    text = (value or "").strip()
    if not text:
        raise CounterError(code, f"请填写{what}", path=code.split(".")[-1])
    if len(text) > limit:
        raise CounterError(code, f"{what}不超过 {limit} 个字（现有 {len(text)} 个）")
    return text


def check_category(category: str | None) -> str:
    if category not in CATEGORIES:
        raise CounterError(
            "ticket.category", "请选择问题类别（共 18 类，见整改清单的类别列表）", path="category"
        )
    return category


def open_ticket(
    ticket_id: str,
    source: str,
    summary: str,
    today: date,
    cal: WorkCalendar,
    rules: Rules,
    *,
    category: str | None = None,
    contact: bool = False,
    case_id: str | None = None,
    case_no: str | None = None,
    referral_from: str | None = None,
    referral_no: str | None = None,
    reply_by: date | None = None,
    centre: str = "",
    window: str = "",
) -> Ticket:
    """A new ticket, due ``rules.due_days`` working days after ``today``; a 12345 referral is
    due by the reply deadline it names (which must not have passed)."""
    if source not in SOURCES:
        raise CounterError("ticket.source", f"来源应为 {'、'.join(SOURCES.values())} 之一")
    text = _text(summary, "反映的问题", "ticket.summary")
    if category is not None:
        check_category(category)
    if source == "hotline":
        referral_from = _text(referral_from or "12345热线", "转办来源", "ticket.referral_from", 40)
        referral_no = _text(referral_no, "转办单号", "ticket.referral_no", REFERENCE_LIMIT)
        if reply_by is None:
            raise CounterError("ticket.reply_by", "请填写转办单的答复期限", path="reply_by")
        if reply_by < today:
            raise CounterError(
                "ticket.reply_by",
                f"答复期限 {reply_by.isoformat()} 已过；请核对转办单上的期限",
                path="reply_by",
            )
        due = reply_by
        contact = True  # the reply goes back through the referral
    else:
        referral_from = referral_no = reply_by = None
        due = cal.add_workdays(today, rules.due_days)
    return Ticket(
        id=ticket_id,
        source=source,
        summary=text,
        state="open",
        opened_on=today,
        due=due,
        category=category,
        contact=contact,
        case_id=case_id,
        case_no=case_no,
        referral_from=referral_from,
        referral_no=referral_no,
        reply_by=reply_by,
        centre=centre,
        window=window,
        history=("open",),
    )


@dataclass(frozen=True)
class Act:
    """One act on a ticket. ``text``: the measure, the grounds, the note; ``result``: the
    call-back's result or the appeal's decision; ``category`` for classify (and fix)."""

    name: str
    user: str
    text: str | None = None
    result: str | None = None
    category: str | None = None


def apply(t: Ticket, act: Act, today: date, cal: WorkCalendar, rules: Rules) -> Ticket:
    """The ticket after ``act`` on ``today``; CounterError (nothing changed) when not allowed."""
    if act.name not in ACTS:
        raise CounterError("ticket.act", f"整改单的操作应为 {'、'.join(ACTS)} 之一")
    if t.state not in ACTS[act.name]:
        raise CounterError(
            "ticket.transition",
            f"整改单当前为“{STATES.get(t.state, t.state)}”，不能{ACT_LABELS[act.name]}",
        )
    done = replace(t, history=(*t.history, act.name))
    if act.name == "take":
        return replace(done, state="taken", responsible=act.user)
    if act.name == "classify":
        return replace(done, category=check_category(act.category))
    if act.name == "fix":
        category = check_category(act.category or t.category)
        measure = _text(act.text, "整改措施", "ticket.measure")
        return replace(done, state="fixed", category=category, measure=measure)
    if act.name == "call_back":
        if act.result not in CALLBACK_RESULTS:
            raise CounterError("ticket.callback", "回访结果应为“满意”或“不满意”", path="result")
        if act.result == "satisfied":
            return replace(done, state="called", callback=act.result)
        # 不满意: rectified again, with a fresh period counted from the call-back.
        return replace(
            done,
            state="taken",
            callback=act.result,
            reopened=t.reopened + 1,
            due=cal.add_workdays(today, rules.due_days),
        )
    if act.name == "close":
        if t.state == "fixed" and t.contact:
            raise CounterError(
                "ticket.callback_needed",
                "这张整改单有联系人，销单前请先回访（满意后销单，不满意则重新整改）",
            )
        return replace(done, state="closed", resolution="rectified")
    if act.name == "appeal":
        grounds = _text(act.text, "申诉理由", "ticket.appeal")
        left = max(1, cal.workdays_between(today, t.due)) if t.due else rules.due_days
        return replace(
            done,
            state="appealed",
            appeal=grounds,
            appealed_by=act.user,
            appeal_days_left=left,
            due=None,
        )
    # decide
    if act.result not in APPEAL_DECISIONS:
        raise CounterError("ticket.decision", "复核结论应为“申诉成立”或“申诉驳回”", path="result")
    if act.user == t.appealed_by:
        raise CounterError("ticket.self_review", "申诉应由申诉人以外的管理员复核")
    if act.result == "upheld":
        return replace(done, state="closed", decision="upheld", resolution="appeal_upheld")
    left = t.appeal_days_left or rules.due_days
    return replace(done, state="taken", decision="rejected", due=cal.add_workdays(today, left))


def status(t: Ticket, today: date, cal: WorkCalendar, warn_days: int = 2) -> DueStatus | None:
    """The deadline's light (ok, near, overdue) of a running ticket; None when closed or while
    an appeal stops the clock."""
    if t.state in ("closed", "appealed") or t.due is None:
        return None
    return due_status(t.due, today, cal, warn_days)


def fold(records: Iterable[tuple[str, Mapping[str, Any]]]) -> dict[str, Ticket]:
    """The tickets as the ``ticket`` records tell them: ``(created_at, payload)`` pairs, in any
    order; the latest snapshot of each ticket wins (created_at is ISO 8601 with the window's
    offset; one ticket is moved at one window, so its records share the offset)."""
    latest: dict[str, tuple[str, Mapping[str, Any]]] = {}
    for created_at, payload in records:
        snap = payload.get("snapshot")
        if not isinstance(snap, Mapping) or not snap.get("id"):
            continue  # a step recorded before tickets carried their snapshot
        key = str(snap["id"])
        if key not in latest or latest[key][0] <= created_at:
            latest[key] = (created_at, snap)
    out: dict[str, Ticket] = {}
    for key, (_at, snap) in latest.items():
        try:
            out[key] = Ticket.from_json(snap)
        except (TypeError, ValueError):
            continue  # a damaged snapshot: the records themselves stay for the audit
    return out


def ordered(tickets: Iterable[Ticket]) -> list[Ticket]:
    """Running ones first, soonest due first; appealed after them; closed last."""
    rank = {"appealed": 1, "closed": 2}
    return sorted(
        tickets,
        key=lambda t: (rank.get(t.state, 0), t.due or date.max, t.opened_on, t.id),
    )
