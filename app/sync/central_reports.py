"""The county's daily, monthly and yearly reports across every window, and the sync watch.

The reports read ``counter.records`` the same way the window reads its store (see
services/period_reports.py) and hand the records to the same core figures:

1. the records of the report's days (``day``, the window's own date of each record);
2. the earlier history of the cases they touch (``records_case_id``);
3. the history of cases accepted in the ``LOOKBACK_DAYS`` before the period (acceptance
   records only), which can still be running and overdue during it. A case accepted longer
   ago than that and still open is not counted overdue here (the window's own report, which
   has its cases' current state, still counts it).

The watch reads one row per window (devices, manifests, quarantine) and says what needs
attention: no complete sync or no day close for ``days`` days, a clock off by more than
``skew_seconds``, records held in quarantine.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg

from app.core import figures as fg
from app.core import tickets
from app.core.period_report import PeriodReport, build_report, period_for, reading_range
from app.core.posts import PostTable, parse_posts
from app.core.workdays import WorkCalendar
from app.services.posts import Absence, replay_absences
from app.sync.central_schema import admin_connection, normalise_code

# The longest time limits are 60 working days: about three months with the long holidays.
LOOKBACK_DAYS = 183
CHUNK = 1000

_SCOPE = """
  FROM counter.records r JOIN counter.devices d ON d.device_id = r.device_id
 WHERE (%(centre)s::text IS NULL OR d.centre_code = %(centre)s)"""


def _events(conn: psycopg.Connection, days: fg.Period, centre: str | None) -> list[fg.Event]:
    cols = "SELECT r.kind, r.created_at, r.case_id, r.payload"
    args: dict[str, Any] = {"centre": centre, "lo": days.start, "hi": days.end}
    events = [
        fg.event_of(*row)
        for row in conn.execute(
            cols + _SCOPE + " AND r.day BETWEEN %(lo)s AND %(hi)s AND r.kind = ANY(%(kinds)s)",
            {**args, "kinds": list(fg.READ_KINDS)},
        )
    ]
    touched = {e.case_id for e in events if e.case_id}
    running = conn.execute(
        "SELECT DISTINCT r.case_id"
        + _SCOPE
        + " AND r.day >= %(from)s AND r.day < %(lo)s AND r.kind IN ('intake', 'supplement')"
        " AND r.case_id IS NOT NULL AND r.payload::jsonb ->> 'outcome' IN ('accept', 'tolerate')",
        {**args, "from": days.start - timedelta(days=LOOKBACK_DAYS)},
    )
    ids = sorted(touched | {r[0] for r in running})
    for i in range(0, len(ids), CHUNK):
        rows = conn.execute(
            cols + _SCOPE + " AND r.case_id = ANY(%(ids)s) AND r.day < %(lo)s",
            {**args, "ids": ids[i : i + CHUNK]},
        )
        events.extend(fg.event_of(*row) for row in rows)
    return events


def _tickets(events: Sequence[fg.Event], period: fg.Period) -> list[fg.TicketFact]:
    """The county sees tickets through records. Each act on a ticket carries the ticket as it
    stands (core/tickets.py): a ticket is counted by its latest snapshot, with its category and
    state. A window that recorded no snapshots yet (an older version) is counted as before:
    each bad review and complaint opened one, each ticket step moved one."""
    snapshots = tickets.fold(
        (ev.at.isoformat(), ev.payload) for ev in events if ev.kind == "ticket"
    )
    out = [
        fg.TicketFact(t.id, t.category or t.source, t.state, t.opened_on, t.due, t.centre, t.window)
        for t in snapshots.values()
    ]
    current = {(t.centre, t.window) for t in snapshots.values()}
    steps: dict[str, tuple[datetime, str, fg.Event]] = {}
    for ev in events:
        p = ev.payload
        if (
            ev.at not in period
            or (str(p.get("centre") or ""), str(p.get("window") or "")) in current
        ):
            continue
        opened = ev.kind == "complaint" or (ev.kind == "review" and int(p.get("level") or 5) <= 2)
        if opened:
            out.append(
                fg.TicketFact(
                    f"{ev.kind}:{ev.at.isoformat()}",
                    ev.kind,
                    "opened",
                    ev.at.date(),
                    None,
                    str(p.get("centre") or ""),
                    str(p.get("window") or ""),
                )
            )
        elif ev.kind == "ticket" and p.get("ticket"):
            prev = steps.get(str(p["ticket"]))
            if prev is None or prev[0] <= ev.at:
                steps[str(p["ticket"])] = (ev.at, str(p.get("step") or ""), ev)
    # A ticket moved in the period is counted by the state it reached, once.
    for tid, (at, step, _ev) in steps.items():
        out.append(fg.TicketFact(tid, "step", step, at.date(), None))
    return out


def _limits(conn: psycopg.Connection) -> fg.Limits:
    row = conn.execute(
        "SELECT body FROM counter.publications WHERE dataset = 'catalog' "
        "ORDER BY version DESC LIMIT 1"
    ).fetchone()
    table: dict[str, tuple[int | None, int | None]] = {}
    if row is not None:
        for item in json.loads(row[0]).get("items", []):
            table[str(item.get("code"))] = (item.get("legal_days"), item.get("promised_days"))

    def limits(code: str, _version: int | None) -> tuple[int | None, int | None]:
        return table.get(code, (None, None))

    return limits


def _calendar(conn: psycopg.Connection) -> WorkCalendar:
    """The holiday tables the county published (the latest for each year), over the package;
    a year nobody published is counted with its statutory holidays."""
    overrides: dict[date, bool] = {}
    years: set[int] = set()
    for (body,) in conn.execute(
        "SELECT body FROM counter.publications WHERE dataset = 'holidays' ORDER BY version"
    ):
        doc = json.loads(body)
        covered = {int(y) for y in doc.get("years", [])}
        overrides = {d: w for d, w in overrides.items() if d.year not in covered}
        for d in doc.get("days", []):
            overrides[date.fromisoformat(d["date"])] = bool(d["workday"])
        years |= covered
    return WorkCalendar(overrides, years, estimate=True)


@dataclass(frozen=True)
class _PostTables:
    """The county's post tables (岗位职责分工表) and absences, for the per-post breakdown."""

    # centre ('' for county-wide) -> [(day published, table)], oldest first
    tables: dict[str, list[tuple[date, PostTable]]]
    absences: dict[str, list[Absence]]  # centre -> absences marked at its windows
    prefixed: bool  # the report covers several centres: a post is named with its centre

    def table_on(self, centre: str, day: date) -> PostTable | None:
        """The table in force at ``centre`` on ``day``: the newest published for it, or for
        the whole county, on or before that day."""
        best: tuple[date, PostTable] | None = None
        for key in ("", centre):
            for published, table in self.tables.get(key, []):
                if published <= day and (best is None or published >= best[0]):
                    best = (published, table)
        return best[1] if best else None

    def key(self, centre: str, code: str) -> str:
        return f"{centre} {code}" if self.prefixed and code != fg.UNPOSTED else code

    def held(self, centre: str, clerk: str, item: str, day: date) -> list[str]:
        table = self.table_on(centre, day)
        if table is None:
            return [fg.UNPOSTED]
        away = {a.username for a in self.absences.get(centre, []) if a.start <= day <= a.end}
        return [self.key(centre, c) for c in fg.posts_held(table, clerk, item, away)]


def _post_tables(
    conn: psycopg.Connection, centre: str | None, centres: Sequence[str]
) -> _PostTables | None:
    """Every post table published (to the county, or to the report's centre), with the day
    it was published in the central's time zone; None when none was."""
    tables: dict[str, list[tuple[date, PostTable]]] = {}
    rows = conn.execute(
        "SELECT centre_code, published_at::date, body FROM counter.publications "
        "WHERE dataset = 'posts' AND window_code IS NULL "
        "AND (%(centre)s::text IS NULL OR centre_code IS NULL OR centre_code = %(centre)s) "
        "ORDER BY version",
        {"centre": centre},
    )
    for code, published, body in rows:
        tables.setdefault(code or "", []).append((published, parse_posts(json.loads(body))))
    if not tables:
        return None
    absences: dict[str, list[dict[str, Any]]] = {}
    for code, payload in conn.execute(
        "SELECT d.centre_code, r.payload" + _SCOPE + " AND r.kind = 'post_absence' "
        "ORDER BY r.created_at, r.device_id, r.epoch, r.seq",
        {"centre": centre},
    ):
        absences.setdefault(code, []).append(json.loads(payload))
    return _PostTables(
        tables,
        {c: replay_absences(ps) for c, ps in absences.items()},
        len(set(centres)) > 1,
    )


def county_report(
    db_url: str,
    kind: str,
    *,
    day: date | None = None,
    month: tuple[int, int] | None = None,
    year: int | None = None,
    centre: str | None = None,
    now: datetime | None = None,
) -> PeriodReport:
    """The daily, monthly or yearly report of every window of the county (or of one centre)."""
    period = period_for(kind, day, month, year)
    code = normalise_code(centre, "centre") if centre else None
    with admin_connection(db_url) as conn:
        events = _events(conn, reading_range(kind, period), code)
        cases = fg.case_facts(events, _limits(conn))
        cal = _calendar(conn)
        centres = sorted({c.centre for c in cases.values()})
        posts = _post_tables(conn, code, centres)
        names = dict(conn.execute("SELECT username, display_name FROM counter.accounts"))
        name = None
        if code:
            row = conn.execute(
                "SELECT name FROM counter.centres WHERE code = %s", (code,)
            ).fetchone()
            name = row[0] if row and row[0] else code
    scope = name or "全县"
    notes = [
        f"超期未办结只计本期开始前 {LOOKBACK_DAYS} 天内受理的办件；更早受理仍未办结的见各窗口报表。"
    ]
    if not any(c.legal_days is not None for c in cases.values()):
        notes.append(
            "中心尚未发布含法定时限的事项目录（counter central publish-catalog），提速率无从计算。"
        )
    order: list[str] = []
    post_names: dict[str, str] = {}
    if posts is not None:
        # Rows in the order of the tables up to the period's end, named by the newest.
        for centre_code in centres or [""]:
            tables = [*posts.tables.get("", []), *posts.tables.get(centre_code, [])]
            for published, table in sorted(tables, key=lambda t: t[0]):
                if published > period.end:
                    continue
                for p in table.posts:
                    key = posts.key(centre_code, p.code)
                    if key not in post_names:
                        order.append(key)
                    name = f"{p.name}（{p.code}）"
                    post_names[key] = f"{centre_code} {name}" if posts.prefixed else name
    return build_report(
        kind,
        period,
        scope,
        events,
        cases,
        _tickets(events, period),
        cal,
        now or datetime.now(),
        notes,
        names,
        posts_held=posts.held if posts is not None else None,
        post_order=order,
        post_names=post_names,
        post_table=(
            "按各中心当日施行的岗位职责分工表统计（当日及以前发布的最新一版，按中心数据库的发布日期），"
            "A/B/C 顶岗按各窗口登记的缺岗"
            if posts is not None
            else ""
        ),
    )


# ---- the watch ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WatchRow:
    centre: str
    window: str
    last_sync_at: datetime | None
    last_seen: datetime | None
    day_closed: date | None
    clock_skew_seconds: float | None
    quarantined: int
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


_WATCH = """
SELECT w.centre_code, w.window_code,
       (SELECT max(d.last_sync_at) FROM counter.devices d WHERE d.role_name = w.role_name),
       (SELECT max(d.last_seen) FROM counter.devices d WHERE d.role_name = w.role_name),
       (SELECT max(m.day) FROM counter.manifests m JOIN counter.devices d
            ON d.device_id = m.device_id WHERE d.role_name = w.role_name),
       (SELECT d.clock_skew_seconds FROM counter.devices d WHERE d.role_name = w.role_name
         ORDER BY d.last_seen DESC NULLS LAST LIMIT 1),
       (SELECT count(*) FROM counter.quarantine q JOIN counter.devices d
            ON d.device_id = q.device_id WHERE d.role_name = w.role_name)
  FROM counter.windows w
 ORDER BY w.centre_code, w.window_code"""


def watch(
    db_url: str, *, days: int = 2, skew_seconds: float = 300, now: datetime | None = None
) -> list[WatchRow]:
    """Every registered window and what needs attention at it."""
    now = now or datetime.now(UTC)
    limit = now - timedelta(days=days)
    rows: list[WatchRow] = []
    with admin_connection(db_url) as conn:
        for centre, window, synced, seen, closed, skew, quarantined in conn.execute(_WATCH):
            problems = []
            if synced is None:
                problems.append("从未完整同步")
            elif synced < limit:
                problems.append(f"{(now - synced).days} 天未完整同步")
            if closed is None:
                problems.append("从未日结")
            elif closed < limit.date():
                problems.append(f"{(now.date() - closed).days} 天未日结")
            if skew is not None and abs(skew) > skew_seconds:
                problems.append(f"时钟偏差 {skew:+.0f} 秒")
            if quarantined:
                problems.append(f"隔离记录 {quarantined} 条")
            rows.append(
                WatchRow(centre, window, synced, seen, closed, skew, int(quarantined), problems)
            )
    return rows
