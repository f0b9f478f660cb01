"""The county's archive on the central database (central revision c0010): the packages the
windows handed over (sync/archive_handover.py), listed and verified by the administrator.

Verification reads every stored file again and compares it with the package's checksum list,
the list with its recorded SHA-256, and that digest with the one the window's own hash-chained
``archive_handover`` record carries (when that record has arrived): a package changed on the
central together with its checksums is still found out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

import psycopg

from app.core import archive_package as ap
from app.core.errors import CounterError
from app.sync.central_schema import admin_connection, normalise_code


@dataclass(frozen=True)
class CentralVolume:
    centre: str
    window: str
    device_id: str
    volume_no: str
    case_no: str
    case_id: str
    filed_day: date
    files: int
    bytes: int
    digest: str
    received_at: datetime


@dataclass(frozen=True)
class CentralVerdict:
    volume: CentralVolume
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


_LIST = """
SELECT d.centre_code, d.window_code, a.device_id::text, a.volume_no, a.case_no, a.case_id,
       a.filed_day, a.files, a.bytes, a.digest, a.received_at
  FROM counter.archive_packages a JOIN counter.devices d ON d.device_id = a.device_id
 WHERE (%(centre)s::text IS NULL OR d.centre_code = %(centre)s)
   AND (%(window)s::text IS NULL OR d.window_code = %(window)s)
   AND (%(volume)s::text IS NULL OR a.volume_no = %(volume)s)
 ORDER BY d.centre_code, d.window_code, a.filed_day, a.volume_no"""


def _fetch(
    conn: psycopg.Connection, centre: str | None, window: str | None, volume: str | None
) -> list[CentralVolume]:
    try:
        rows = conn.execute(_LIST, {"centre": centre, "window": window, "volume": volume})
    except psycopg.errors.UndefinedTable as exc:
        raise CounterError(
            "central.too_old", "中心数据库还没有档案库：请先运行 counter central init 升级结构"
        ) from exc
    return [CentralVolume(*r) for r in rows.fetchall()]


def packages(
    db_url: str, centre: str | None = None, window: str | None = None
) -> list[CentralVolume]:
    """The packages the central holds, by centre, window and filing day."""
    c = normalise_code(centre, "centre") if centre else None
    w = normalise_code(window, "window") if window else None
    with admin_connection(db_url) as conn:
        return _fetch(conn, c, w, None)


def verify(db_url: str, volume_no: str | None = None) -> list[CentralVerdict]:
    """Every stored package (or those with this volume number) checked again."""
    out = []
    with admin_connection(db_url) as conn:
        found = _fetch(conn, None, None, volume_no.strip() if volume_no else None)
        if volume_no and not found:
            raise CounterError("archive.unknown", f"中心档案库中没有档号为 {volume_no} 的卷")
        for v in found:
            out.append(CentralVerdict(v, _problems(conn, v)))
    return out


def _problems(conn: psycopg.Connection, v: CentralVolume) -> list[str]:
    checksums = conn.execute(
        "SELECT checksums FROM counter.archive_packages WHERE device_id = %s AND volume_no = %s",
        (v.device_id, v.volume_no),
    ).fetchone()
    text = checksums[0] if checksums else ""
    found = {
        path: ap.sha256(bytes(content))
        for path, content in conn.execute(
            "SELECT path, content FROM counter.archive_files "
            "WHERE device_id = %s AND volume_no = %s",
            (v.device_id, v.volume_no),
        )
    }
    digest = ap.sha256(text.encode("utf-8"))
    problems = ap.compare_tree(found, ap.parse_checksums(text), digest == v.digest)
    told = [
        json.loads(p).get("digest")
        for (p,) in conn.execute(
            "SELECT payload FROM counter.records WHERE device_id = %s "
            "AND kind = 'archive_handover' AND payload::jsonb ->> 'volume_no' = %s",
            (v.device_id, v.volume_no),
        )
    ]
    if told and digest not in told:
        problems.append("校验清单与窗口移交记录中的摘要不符（中心的副本被改动或替换）")
    return problems
