"""The central's records by year: partitions made ahead, and detaching a year that is over.

``counter.records`` is partitioned by range of ``day`` (central revision c0013), one partition
a year, ``counter.records_<YEAR>``, and a default partition, ``counter.records_default``, that
takes the days no year partition covers (a window whose clock is years off, or a year nobody
made ahead). ``ensure_until`` makes the year partitions up to a year and moves into each the
rows the default partition held for it. ``detach_year`` detaches a year that is over: its
table stays in the database, out of ``counter.records`` and out of every window's reach, to be
exported and dropped; the keys of its records stay in ``counter.record_keys``, so a replay of
one of them is still answered ``duplicate`` and the chains still link across it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import psycopg

from app.core.errors import CounterError
from app.sync.central_schema import admin_connection

DEFAULT = "records_default"
# Years ahead one command may make (a typo such as 20277 must not make 18,000 tables).
MAX_AHEAD = 10
# Days before this year stay in the default partition (as in central revision c0013).
FIRST_YEAR = 2000
_BOUND = re.compile(r"FROM \('(\d{4})-01-01'\) TO \('(\d{4})-01-01'\)")

_PARTITIONS = """
SELECT c.relname, pg_get_expr(c.relpartbound, c.oid), c.reltuples::bigint
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
 WHERE i.inhparent = 'counter.records'::regclass
 ORDER BY c.relname"""


@dataclass(frozen=True)
class Partition:
    table: str  # counter.records_2026
    year: int | None  # None: the default partition
    rows: int  # the default partition's exact count; a year's as the statistics estimate it


@dataclass(frozen=True)
class Detached:
    year: int
    table: str
    rows: int
    attach_again: str  # the statement that puts it back


def _partitioned(conn: psycopg.Connection) -> None:
    kind = conn.execute(
        "SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'counter' AND c.relname = 'records'"
    ).fetchone()
    if kind is None or kind[0] != "p":
        raise CounterError(
            "central.not_partitioned",
            "中心数据库的记录表还没有按年分区；请先运行 counter central init 升级数据库结构",
        )


def _list(conn: psycopg.Connection) -> list[Partition]:
    _partitioned(conn)
    found = []
    for name, bound, estimate in conn.execute(_PARTITIONS):
        year = None
        rows = max(int(estimate), 0)
        m = _BOUND.search(bound or "")
        if m and int(m.group(2)) == int(m.group(1)) + 1:
            year = int(m.group(1))
        elif name == DEFAULT:
            counted = conn.execute(f"SELECT count(*) FROM counter.{DEFAULT}").fetchone()
            rows = int(counted[0]) if counted else 0
        found.append(Partition(f"counter.{name}", year, rows))
    return found


def partitions(db_url: str) -> list[Partition]:
    """The partitions of ``counter.records``, years first, the default partition last."""
    with admin_connection(db_url) as conn:
        found = _list(conn)
    return sorted(found, key=lambda p: (p.year is None, p.year or 0))


def ensure_until(db_url: str, until: int, today: date) -> list[str]:
    """Make the year partitions from this year to ``until`` that are missing, and those of the
    earlier years the default partition holds rows of (each moving in what the default
    partition held for its year); returns the tables made."""
    if until > today.year + MAX_AHEAD:
        raise CounterError(
            "central.partition_year",
            f"最多提前 {MAX_AHEAD} 年建分区（到 {today.year + MAX_AHEAD} 年）；请检查年份 {until}",
        )
    made = []
    with admin_connection(db_url) as conn:
        have = {p.year for p in _list(conn)}
        # Years the default partition took (a window's clock years off, or a year not made
        # ahead in time) get their partition too, so they can be detached once over.
        strays = {
            y
            for (y,) in conn.execute(
                f"SELECT DISTINCT extract(year FROM day)::integer FROM counter.{DEFAULT}"
            )
            if FIRST_YEAR <= y <= until
        }
        conn.rollback()
        for year in sorted(strays | set(range(today.year, until + 1))):
            if year in have:
                continue
            made.append(_make_year(conn, year))
    return made


def _make_year(conn: psycopg.Connection, year: int) -> str:
    name = f"records_{year}"
    taken = conn.execute(
        "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'counter' AND c.relname = %s",
        (name,),
    ).fetchone()
    if taken:
        raise CounterError(
            "central.partition_taken",
            f"表 counter.{name} 已存在但不是记录表的分区（可能是分离出的 {year} 年归档）："
            f"导出并删除它，或用 ALTER TABLE counter.records ATTACH PARTITION 挂回，再重试",
        )
    lo, hi = f"{year}-01-01", f"{year + 1}-01-01"
    # Made apart and attached: the rows the default partition holds for the year move in the
    # same transaction, and pushes wait only for the attach, not for the copy.
    conn.execute(
        f"CREATE TABLE counter.{name} (LIKE counter.records INCLUDING DEFAULTS "
        "INCLUDING CONSTRAINTS INCLUDING STORAGE)"
    )
    conn.execute(
        f"WITH moved AS (DELETE FROM counter.{DEFAULT} WHERE day >= %s AND day < %s "
        f"RETURNING *) INSERT INTO counter.{name} SELECT * FROM moved",
        (lo, hi),
    )
    conn.execute(
        f"ALTER TABLE counter.records ATTACH PARTITION counter.{name} "
        f"FOR VALUES FROM ('{lo}') TO ('{hi}')"
    )
    conn.commit()
    return f"counter.{name}"


def detach_year(db_url: str, year: int, today: date) -> Detached:
    """Detach the partition of a year that is over (two years back or more)."""
    if year >= today.year - 1:
        raise CounterError(
            "central.detach_recent",
            f"不能分离 {year} 年：当年和上一年的记录还在使用（日结核对、报表回看、办件查询）；"
            f"只能分离 {today.year - 2} 年及以前",
        )
    with admin_connection(db_url) as conn:
        held = {p.year: p for p in _list(conn)}
        if year not in held:
            years = "、".join(str(y) for y in sorted(y for y in held if y is not None)) or "无"
            raise CounterError(
                "central.no_partition",
                f"记录表没有 {year} 年的分区（现有年份：{years}）；它可能已经分离",
            )
        name = f"records_{year}"
        conn.execute(f"ALTER TABLE counter.records DETACH PARTITION counter.{name}")
        rows = conn.execute(f"SELECT count(*) FROM counter.{name}").fetchone()
        conn.commit()
    attach = (
        f"ALTER TABLE counter.records ATTACH PARTITION counter.{name} "
        f"FOR VALUES FROM ('{year}-01-01') TO ('{year + 1}-01-01');"
    )
    return Detached(year, f"counter.{name}", int(rows[0]) if rows else 0, attach)
