"""What the county administrator publishes to windows, and the report of what came back.

Every publication is a row in ``counter.publications`` with a version from one sequence.
Publishers take one advisory lock before taking a version, so versions become visible in the
order they were taken and a window asking "newer than N" never skips one that committed late.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import psycopg

from app.core import catalog_format
from app.core.case_numbers import parse_case_no
from app.core.cases import BACK_OFFICE_STATES, state_among
from app.core.errors import CounterError, ValidationFailed
from app.core.roles import ROLES
from app.services.accounts import USERNAME, check_password_strength
from app.services.calendar import read_holiday_file
from app.sync.central_schema import admin_connection, normalise_code


@dataclass(frozen=True)
class Published:
    dataset: str
    version: int
    audience: str  # "全县" or the centre / window it goes to
    summary: str


def _publish(
    conn: psycopg.Connection,
    dataset: str,
    body: str,
    centre: str | None = None,
    window: str | None = None,
) -> int:
    conn.execute("SELECT pg_advisory_xact_lock(hashtext('counter.publish'))")
    row = conn.execute(
        "INSERT INTO counter.publications (dataset, centre_code, window_code, body, body_hash) "
        "VALUES (%s, %s, %s, %s, %s) RETURNING version",
        (dataset, centre, window, body, hashlib.sha256(body.encode("utf-8")).hexdigest()),
    ).fetchone()
    assert row is not None
    return int(row[0])


def _audience(centre: str | None, window: str | None = None) -> str:
    if centre is None:
        return "全县"
    return f"{centre}/{window}" if window else centre


# ---- catalog and holidays ------------------------------------------------------------------


def publish_catalog(db_url: str, path: Path) -> Published:
    """Check the file completely (every problem listed), then publish it for every window."""
    from app.services.catalog import read_catalog_file

    parsed = read_catalog_file(path)
    if parsed.catalog is None:
        raise ValidationFailed(
            "catalog.invalid",
            f"目录文件 {path.name} 有 {len(parsed.errors)} 处错误，未发布",
            parsed.errors,
        )
    body = catalog_format.dumps_catalog(parsed.catalog)
    with admin_connection(db_url) as conn:
        version = _publish(conn, "catalog", body)
    return Published("catalog", version, _audience(None), f"{len(parsed.catalog.items)} 个事项")


def publish_holidays(db_url: str, path: Path, years: list[int] | None = None) -> Published:
    """The same CSV/JSON format as ``counter holidays import`` (see docs/central.md). The years
    the file covers completely come from the file, else --years, else the years of its dates;
    windows replace those whole years with it."""
    rows, file_years = read_holiday_file(path)
    covered = sorted(set(years or file_years or {r.day.year for r in rows}))
    if not covered:
        raise CounterError("holidays.empty", "节假日文件没有任何日期，也没有指定覆盖的年份")
    outside = [r.day for r in rows if r.day.year not in covered]
    if outside:
        raise CounterError(
            "holidays.years", f"日期 {outside[0]} 不在所覆盖的年份 {covered} 内；请检查 --years"
        )
    body = json.dumps(
        {
            "years": covered,
            "days": [
                {"date": r.day.isoformat(), "workday": r.workday, "note": r.note}
                for r in sorted(rows, key=lambda r: r.day)
            ],
        },
        ensure_ascii=False,
        sort_keys=True,
    )
    with admin_connection(db_url) as conn:
        version = _publish(conn, "holidays", body)
    return Published(
        "holidays",
        version,
        _audience(None),
        f"{'、'.join(map(str, covered))} 年，{len(rows)} 个调整日",
    )


def publish_app_version(db_url: str, current: str, minimum: str) -> Published:
    """The version every window should run and the oldest that may still take intakes."""
    from app.services.rollout import Rollout

    try:
        rollout = Rollout.from_json({"current": current, "minimum": minimum})
    except ValueError as exc:
        raise CounterError("version.invalid", f"{exc}；未发布") from exc
    body = json.dumps(rollout.to_json(), sort_keys=True)
    with admin_connection(db_url) as conn:
        version = _publish(conn, "app_version", body)
    return Published(
        "app_version", version, _audience(None), f"当前 {rollout.current}，最低 {rollout.minimum}"
    )


# ---- accounts ------------------------------------------------------------------------------


def _account_body(row: tuple[Any, ...], centre: str | None) -> str:
    """One account's state for the windows. Its password hash goes only to the windows of the
    account's own centre: an account without a centre (made by older versions for every
    window of the county) is published with ``password_hash`` null, so a change of its name,
    role or state still reaches the windows that hold it, and no window receives its hash."""
    username, display_name, role, password_hash, active = row
    return json.dumps(
        {
            "username": username,
            "display_name": display_name,
            "role": role,
            "password_hash": password_hash if centre is not None else None,
            "active": active,
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def add_account(
    db_url: str, username: str, display_name: str, role: str, password: str, centre: str | None
) -> Published:
    """An account for the windows of ``centre``, and only those: its password is published as
    the argon2 hash windows check, made with the windows' own settings
    (``app.services.login.hasher``, so a window never has to replace it), and no window of
    another centre receives it. There are no county-wide accounts at windows: someone who
    works at the windows of several centres has an account at each (another name)."""
    from app.services.login import hasher

    if not centre:
        raise CounterError(
            "user.centre",
            "请用 --centre 指明账户所属的中心：账户只发往该中心的窗口（不再有全县通用的窗口账户）",
        )
    if not USERNAME.match(username):
        raise CounterError("user.name", "用户名只能包含字母、数字、点、下划线和连字符，2 到 64 位")
    if role not in ROLES:
        raise CounterError("user.role", f"角色应为 {'、'.join(ROLES)} 之一")
    if not display_name.strip():
        raise CounterError("user.display_name", "请填写姓名")
    check_password_strength(password)
    code = normalise_code(centre, "centre")
    digest = hasher().hash(password)
    with admin_connection(db_url) as conn:
        if (
            conn.execute("SELECT 1 FROM counter.centres WHERE code = %s", (code,)).fetchone()
            is None
        ):
            raise CounterError("central.unknown_centre", f"中心 {code} 还没有登记任何窗口")
        try:
            conn.execute(
                "INSERT INTO counter.accounts (username, display_name, role, "
                "centre_code, password_hash) VALUES (%s, %s, %s, %s, %s)",
                (username, display_name.strip(), role, code, digest),
            )
        except psycopg.errors.UniqueViolation as exc:
            raise CounterError("user.exists", f"用户 {username} 已存在") from exc
        version = _publish(
            conn,
            "accounts",
            _account_body((username, display_name.strip(), role, digest, True), code),
            code,
        )
    return Published("accounts", version, _audience(code), f"{username}（{ROLES[role]}）")


def set_account_active(db_url: str, username: str, active: bool) -> Published:
    with admin_connection(db_url) as conn:
        row = conn.execute(
            "UPDATE counter.accounts SET active = %s, updated_at = now() WHERE username = %s "
            "RETURNING username, display_name, role, password_hash, active, centre_code",
            (active, username),
        ).fetchone()
        if row is None:
            raise CounterError("user.unknown", f"没有用户 {username}")
        version = _publish(conn, "accounts", _account_body(row[:5], row[5]), row[5])
    return Published(
        "accounts", version, _audience(row[5]), f"{username} {'已启用' if active else '已停用'}"
    )


def set_account_password(db_url: str, username: str, password: str) -> Published:
    """A new password for an account the central manages, published (as the windows' argon2
    hash) to the windows of its centre: they take it at their next sync, and a lock-out there
    ends with it. A window does not reset such an account's password itself
    (``AccountService.set_password``): the central's next publication would overwrite it."""
    from app.services.login import hasher

    check_password_strength(password, username)
    digest = hasher().hash(password)
    with admin_connection(db_url) as conn:
        found = conn.execute(
            "SELECT centre_code FROM counter.accounts WHERE username = %s", (username,)
        ).fetchone()
        if found is None:
            raise CounterError("user.unknown", f"没有用户 {username}")
        if found[0] is None:
            raise CounterError(
                "user.centre",
                f"用户 {username} 不属于任何中心，密码不会发往窗口：请为其所在中心新建账户"
                "（counter central user add … --centre 中心编码）",
            )
        row = conn.execute(
            "UPDATE counter.accounts SET password_hash = %s, updated_at = now() "
            "WHERE username = %s "
            "RETURNING username, display_name, role, password_hash, active, centre_code",
            (digest, username),
        ).fetchone()
        assert row is not None
        version = _publish(conn, "accounts", _account_body(row[:5], row[5]), row[5])
    return Published("accounts", version, _audience(row[5]), f"{username} 已设新密码")


# ---- case status ---------------------------------------------------------------------------


def publish_case_status(
    db_url: str, case_no: str, state: str, note: str | None = None, case_id: str | None = None
) -> Published:
    """The back office's decision on one case, sent to the window whose device sent the case.

    The case is named by its number and addressed by its identity (the id its window made):
    the window applies it only to the case with that id, never to another case that happens to
    carry the number. A number two cases share (see ``duplicates``) needs ``case_id``."""
    decided = state_among(state, BACK_OFFICE_STATES)
    with admin_connection(db_url) as conn:
        number, found_id, centre, window = _address(conn, case_no, case_id)
        body = json.dumps(
            {
                "case_no": number,
                "case_id": found_id,
                "state": decided,
                "note": note,
                "decided_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        version = _publish(conn, "case_status", body, centre, window)
    return Published(
        "case_status",
        version,
        _audience(centre, window),
        f"{number} → {BACK_OFFICE_STATES[decided]}",
    )


def _address(
    conn: psycopg.Connection, case_no: str, case_id: str | None
) -> tuple[str, str, str, str]:
    """The case a decision is for: (its number, its identity, its window's centre and window
    codes). The central must hold it; a number two cases share needs ``case_id``."""
    parts = parse_case_no(case_no)
    if parts is None:
        raise CounterError("case.number", f"{case_no} 不是有效的办件编号（中心-窗口-日期-序号）")
    number = parts.format()
    cases = _cases_under(conn, number)
    if case_id is not None:
        cases = [c for c in cases if c[0] == case_id]
        if not cases:
            raise CounterError("case.unknown", f"中心没有编号为 {number}、标识为 {case_id} 的办件")
    if not cases:
        raise CounterError(
            "case.unknown", f"中心还没有收到办件 {number}：请在受理窗口同步之后再发布处理结果"
        )
    if len(cases) > 1:
        ids = "、".join(c[0] for c in cases)
        raise CounterError(
            "case.ambiguous",
            f"编号 {number} 下有 {len(cases)} 个办件（{ids}）：请用 --case-id 指明"
            "是哪一个（counter central duplicates 列出全部）",
        )
    found_id, centre, window = cases[0]
    return number, found_id, centre, window


def publish_post_check(
    db_url: str, case_no: str, result: str, note: str | None = None, case_id: str | None = None
) -> Published:
    """The back office's post-check (核查) of a case's 告知承诺, sent to the window whose device
    sent the case, addressed like a decision (``publish_case_status``). The window records it
    through the same function as a check recorded there (services/post_checks.py): 属实 keeps
    the case, 不属实 revokes it (已撤销).

    Refused, nothing published: a result other than 属实 / 不属实, 不属实 without the finding,
    a case the central does not hold, a case whose records show no 告知承诺, or one whose
    check has been recorded already."""
    from app.services.post_checks import CHECK_FALSE, check_finding

    note = check_finding(result, note)
    with admin_connection(db_url) as conn:
        number, found_id, centre, window = _address(conn, case_no, case_id)
        promised, checked = _promise_of(conn, found_id)
        if not promised:
            raise CounterError(
                "check.none",
                f"办件 {number} 没有以告知承诺代替的材料，无需核查（请核对办件编号）",
            )
        if checked is not None:
            raise CounterError(
                "check.done",
                f"办件 {number} 的核查结果已于 {checked[:10]} 记录（{checked[11:]}），不再发布",
            )
        body = json.dumps(
            {
                "case_no": number,
                "case_id": found_id,
                "result": result,
                "note": note,
                "decided_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        version = _publish(conn, "post_checks", body, centre, window)
    revoked = "，撤销" if result == CHECK_FALSE else ""
    return Published(
        "post_checks", version, _audience(centre, window), f"{number} 核查{result}{revoked}"
    )


# A case's records that can hold a promise or its check, oldest first (index records_case_id).
_PROMISE_RECORDS = """
SELECT kind, created_at, payload FROM counter.records
 WHERE case_id = %s AND kind IN ('intake', 'supplement', 'case_status')
 ORDER BY created_ts"""


def _promise_of(conn: psycopg.Connection, case_id: str) -> tuple[bool, str | None]:
    """Whether the case's records (as pushed so far) name materials a 告知承诺 replaced, and
    when its post-check was recorded with which result ("YYYY-MM-DDTHH:MM… 属实"), if it was."""
    promised, checked = False, None
    for kind, created_at, payload in conn.execute(_PROMISE_RECORDS, (case_id,)):
        try:
            body = json.loads(payload)
        except ValueError:
            continue
        if not isinstance(body, dict):
            continue
        if kind != "case_status" and body.get("promised"):
            promised = True
        elif kind == "case_status" and body.get("post_check"):
            checked = f"{created_at[:10]} {body['post_check']}"
    return promised, checked


# Every case under a number: the one that holds it, and those that shared it before numbers
# were registered. Two index probes.
_CASES_UNDER = """
SELECT n.case_id, d.centre_code, d.window_code
  FROM counter.case_numbers n JOIN counter.devices d ON d.device_id = n.device_id
 WHERE n.case_no = %(no)s
UNION ALL
SELECT x.case_id, d.centre_code, d.window_code
  FROM counter.shared_case_numbers x JOIN counter.devices d ON d.device_id = x.device_id
 WHERE x.case_no = %(no)s"""


def _cases_under(conn: psycopg.Connection, number: str) -> list[tuple[str, str, str]]:
    return [tuple(r) for r in conn.execute(_CASES_UNDER, {"no": number})]


@dataclass(frozen=True)
class DuplicateCase:
    case_no: str
    case_id: str | None
    centre: str
    window: str
    device_id: str
    received_at: datetime
    status: str  # held: keeps the number | refused: refused at push (quarantined,
    #              case_no_taken) | shared: taken in all the same (before numbers were
    #              registered, or pushed at the same moment as the holder)


_DUPLICATES = r"""
WITH others AS (
    SELECT x.case_no, x.case_id, x.device_id, x.received_at, 'shared' AS status
      FROM counter.shared_case_numbers x
    UNION ALL
    SELECT substring(q.payload from '"case_no":"([A-Z0-9-]{1,50})"'),
           substring(q.payload from '"case_id":"([^"]{1,64})"'), q.device_id, q.received_at,
           'refused'
      FROM counter.quarantine q
     WHERE q.reason = 'case_no_taken'
), listed AS (
    SELECT * FROM others
    UNION ALL
    SELECT n.case_no, n.case_id, n.device_id, n.received_at, 'held'
      FROM counter.case_numbers n WHERE n.case_no IN (SELECT case_no FROM others)
)
SELECT l.case_no, l.case_id, d.centre_code, d.window_code, l.device_id::text, l.received_at,
       l.status
  FROM listed l JOIN counter.devices d ON d.device_id = l.device_id
 ORDER BY l.case_no, l.received_at, l.case_id"""


def duplicates(db_url: str) -> list[DuplicateCase]:
    """Every case number the central database holds for more than one case: from before numbers
    were registered (``shared``) and refused at push since (``refused``), each with the case
    that keeps the number (``held``)."""
    with admin_connection(db_url) as conn:
        return [DuplicateCase(*row) for row in conn.execute(_DUPLICATES)]


# ---- report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WindowReport:
    centre: str
    window: str
    role: str
    devices: int
    records: int
    quarantined: int
    conflicts: int
    waiting: int | None  # records the window said were still waiting after its last sync
    last_sync_at: datetime | None  # last sync that left nothing waiting
    last_seen: datetime | None
    last_error: str | None
    day_closed: date | None  # latest day with a manifest
    day_status: str | None  # verified | missing | mismatch (worst of that day)
    clock_skew_seconds: float | None
    case_no_refused: int = 0  # intakes refused because another case holds their number
    chain_breaks: int = 0  # records refused because they do not continue the chain held here
    tamper_found: int = 0  # the window found its own store changed (rewritten, deleted records)
    last_tamper: str | None = None  # what it found last


# Records per device from counter.device_totals (central revision c0008), kept by a trigger:
# never a count of the records themselves.
_REPORT = """
SELECT w.centre_code, w.window_code, w.role_name,
       count(d.device_id),
       coalesce(sum(t.records), 0),
       coalesce(sum((SELECT count(*) FROM counter.quarantine q
                      WHERE q.device_id = d.device_id)), 0),
       coalesce(sum((SELECT count(*) FROM counter.conflicts c
                      WHERE c.device_id = d.device_id)), 0),
       sum(d.waiting), max(d.last_sync_at), max(d.last_seen),
       (array_agg(d.last_error ORDER BY d.last_seen DESC))[1],
       m.day, m.status,
       (array_agg(d.clock_skew_seconds ORDER BY d.last_seen DESC))[1],
       coalesce(sum((SELECT count(*) FROM counter.quarantine q
                      WHERE q.device_id = d.device_id AND q.reason = 'case_no_taken')), 0),
       coalesce(sum((SELECT count(*) FROM counter.quarantine q
                      WHERE q.device_id = d.device_id AND q.reason = 'chain_break')), 0),
       (SELECT count(*) FROM counter.refusals f
         WHERE f.role_name = w.role_name
           AND (f.reason LIKE 'local\\_%' OR f.reason = 'outbox_dropped')),
       (SELECT f.detail FROM counter.refusals f
         WHERE f.role_name = w.role_name
           AND (f.reason LIKE 'local\\_%' OR f.reason = 'outbox_dropped')
         ORDER BY f.at DESC LIMIT 1)
  FROM counter.windows w
  LEFT JOIN counter.devices d ON d.role_name = w.role_name
  LEFT JOIN counter.device_totals t ON t.device_id = d.device_id
  LEFT JOIN LATERAL (
        SELECT mm.day,
               CASE WHEN bool_and(mm.status = 'verified') THEN 'verified'
                    WHEN bool_or(mm.status = 'missing') THEN 'missing'
                    ELSE 'mismatch' END AS status
          FROM counter.manifests mm
          JOIN counter.devices dd ON dd.device_id = mm.device_id
         WHERE dd.role_name = w.role_name
         GROUP BY mm.day ORDER BY mm.day DESC LIMIT 1) m ON true
 GROUP BY w.centre_code, w.window_code, w.role_name, m.day, m.status
 ORDER BY w.centre_code, w.window_code"""


def report(db_url: str) -> list[WindowReport]:
    with admin_connection(db_url) as conn:
        return [
            WindowReport(
                centre=r[0],
                window=r[1],
                role=r[2],
                devices=int(r[3]),
                records=int(r[4]),
                quarantined=int(r[5]),
                conflicts=int(r[6]),
                waiting=None if r[7] is None else int(r[7]),
                last_sync_at=r[8],
                last_seen=r[9],
                last_error=r[10],
                day_closed=r[11],
                day_status=r[12],
                clock_skew_seconds=r[13],
                case_no_refused=int(r[14]),
                chain_breaks=int(r[15]),
                tamper_found=int(r[16]),
                last_tamper=r[17],
            )
            for r in conn.execute(_REPORT)
        ]


# ---- one case, several windows -------------------------------------------------------------


@dataclass(frozen=True)
class CaseConflict:
    case_no: str
    case_id: str
    kind: str
    window: str  # the window whose act did not take effect
    at: str
    rule: str
    record_id: str
    against: str | None  # the record whose act stands


# Every visit of the cases with visits from more than one device (only those can conflict
# across windows; a window refuses a conflicting act of its own at the counter).
_SHARED_CASE_VISITS = """
WITH shared AS (
    SELECT r.case_id FROM counter.records r
      JOIN counter.devices d ON d.device_id = r.device_id
     WHERE r.case_id IS NOT NULL AND r.kind = ANY (%(kinds)s)
       AND (%(centre)s::text IS NULL OR d.centre_code = %(centre)s)
     GROUP BY r.case_id HAVING count(DISTINCT r.device_id) > 1)
SELECT r.case_id, r.id::text, r.device_id::text, r.seq, r.kind, r.created_at, r.payload,
       d.centre_code || '/' || d.window_code
  FROM counter.records r JOIN counter.devices d ON d.device_id = r.device_id
 WHERE r.case_id IN (SELECT case_id FROM shared) AND r.kind = ANY (%(kinds)s)
 ORDER BY r.case_id"""


def case_conflicts(db_url: str, centre: str | None = None) -> list[CaseConflict]:
    """The conflicting acts in the cases several windows served, found by the same fold and
    rules as the windows (core/case_merge.py, docs/any-window.md): for the supervisor."""
    from itertools import groupby

    from app.core.case_merge import CASE_KINDS, Visit, fold

    code = normalise_code(centre, "centre") if centre else None
    with admin_connection(db_url) as conn:
        rows = conn.execute(
            _SHARED_CASE_VISITS, {"kinds": list(CASE_KINDS), "centre": code}
        ).fetchall()
    found: list[CaseConflict] = []
    for case_id, group in groupby(rows, key=lambda r: r[0]):
        visits = []
        for _, rid, device, seq, kind, created, payload, window in group:
            try:
                body = json.loads(payload)
            except ValueError:
                continue
            visits.append(Visit(rid, device, int(seq), kind, created, body, window))
        st = fold(case_id, visits)
        found += [
            CaseConflict(
                st.case_no, case_id, c.kind, c.window, c.at, c.rule, c.record_id, c.against
            )
            for c in st.conflicts
        ]
    return sorted(found, key=lambda c: (c.case_no, c.at))
