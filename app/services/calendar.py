"""Working-day calendar of this window: chinesecalendar plus the county's holiday table.

A year neither knows is counted with its statutory holidays (暂定, see core/workdays.py); when
a table arrives (``counter holidays import`` or a pull), every open case whose promised date
was counted over its years is counted again, and each date that moved is recorded (a
``promise`` record) for the home page and ``counter report`` to list."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.core.cases import RUNNING
from app.core.errors import CounterError, Problem, ValidationFailed
from app.core.workdays import WorkCalendar
from app.models.db import Store
from app.models.schema import Case, Counter, Holiday, HolidayYear, Record


@dataclass(frozen=True)
class PromiseChange:
    """A case whose promised date moved when a year's holiday table arrived."""

    case_no: str
    previous: date
    promised_date: date
    provisional: bool  # still 暂定 (its range reaches another year without a table)
    recorded_at: str = ""


@dataclass(frozen=True)
class HolidayRow:
    day: date
    workday: bool
    note: str | None


VERSION_COUNTER = "holidays.version"
_VERSION = select(Counter.__table__.c.value).where(Counter.__table__.c.name == VERSION_COUNTER)


def _bump(s: Session) -> None:
    from app.services.record_log import next_counter

    next_counter(s, VERSION_COUNTER)


class CalendarService:
    """Builds the calendar once and again only after the table changed (in any process)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cached: tuple[int, WorkCalendar] | None = None

    def calendar(self) -> WorkCalendar:
        with self.store.read() as s:
            return self.calendar_in(s)

    def calendar_in(self, s: Session) -> WorkCalendar:
        """``calendar`` in the caller's transaction: one statement while the table is unchanged
        (its version counter), the table read again when it moved."""
        conn = s.connection()
        version = conn.execute(_VERSION).scalar() or 0
        if self._cached is not None and self._cached[0] == version:
            return self._cached[1]
        overrides = {h.day: h.workday for h in s.scalars(select(Holiday))}
        years = set(s.scalars(select(HolidayYear.year)))
        cal = WorkCalendar(overrides, years, estimate=True)
        self._cached = (version, cal)
        return cal

    def rows(self, year: int | None = None) -> list[HolidayRow]:
        with self.store.read() as s:
            q = select(Holiday).order_by(Holiday.day)
            rows = [HolidayRow(h.day, h.workday, h.note) for h in s.scalars(q)]
        return [r for r in rows if year is None or r.day.year == year]

    def covered_years(self) -> list[int]:
        with self.store.read() as s:
            return sorted(s.scalars(select(HolidayYear.year)))

    def set_day(
        self, day: date, workday: bool, note: str | None = None, origin: str = "local"
    ) -> None:
        with self.store.write() as s:
            row = s.get(Holiday, day)
            if row is None:
                s.add(Holiday(day=day, workday=workday, note=note, origin=origin))
            else:
                row.workday, row.note, row.origin = workday, note, origin
            _bump(s)

    def clear_day(self, day: date) -> None:
        with self.store.write() as s:
            s.execute(delete(Holiday).where(Holiday.day == day))
            _bump(s)

    def replace_years(
        self, rows: list[HolidayRow], years: list[int], origin: str = "local"
    ) -> list[PromiseChange]:
        """Replace whole years at once (a published schedule), in one transaction; returns
        the cases whose promised date it moved."""
        with self.store.write() as s:
            return replace_years_in(s, rows, years, origin)

    def promise_changes(self) -> list[PromiseChange]:
        """The latest move of each running case's promised date by a holiday table: the
        ``promise`` records through the (kind, created_at) index, joined to running cases."""
        import json

        with self.store.read() as s:
            latest: dict[str, PromiseChange] = {}
            rows = s.execute(
                select(Case.id, Case.case_no, Record.payload, Record.created_at)
                .join(Case, Case.id == Record.case_id)
                .where(Record.kind == "promise", Case.state.in_(RUNNING))
                .order_by(Record.epoch, Record.seq)
            )
            for case_id, case_no, payload, created_at in rows:
                p = json.loads(payload)
                latest[case_id] = PromiseChange(
                    case_no,
                    date.fromisoformat(p["previous"]),
                    date.fromisoformat(p["promised_date"]),
                    bool(p["promised_provisional"]),
                    created_at,
                )
        return sorted(latest.values(), key=lambda c: (c.promised_date, c.case_no))


def replace_years_in(
    s: Session, rows: list[HolidayRow], years: list[int], origin: str = "local"
) -> list[PromiseChange]:
    """``replace_years`` inside the caller's write transaction (a pull applies the table and
    moves its cursor in one transaction)."""
    for y in years:
        s.execute(
            delete(Holiday).where(Holiday.day >= date(y, 1, 1), Holiday.day <= date(y, 12, 31))
        )
        if s.get(HolidayYear, y) is None:
            s.add(HolidayYear(year=y, origin=origin))
    for r in rows:
        s.merge(Holiday(day=r.day, workday=r.workday, note=r.note, origin=origin))
    _bump(s)
    return recount_promises(s, years, origin)


def recount_promises(s: Session, years: list[int], origin: str) -> list[PromiseChange]:
    """Count again the promised date of every running case whose count reaches ``years``
    (those estimated, and those the table now overrides), with the table just written."""
    from datetime import datetime

    from app.services import record_log

    if not years:
        return []
    s.flush()
    cal = WorkCalendar(
        {h.day: h.workday for h in s.scalars(select(Holiday))},
        set(s.scalars(select(HolidayYear.year))),
        estimate=True,
    )
    changes: list[PromiseChange] = []
    cases = s.scalars(
        select(Case)
        .where(
            Case.state.in_(RUNNING),
            Case.promised_days.is_not(None),
            Case.promised_date.is_not(None),
            Case.accepted_at.is_not(None),
        )
        .order_by(Case.promised_date)
    ).all()
    wanted = set(years)
    for case in cases:
        start, old = case.accepted_at.date(), case.promised_date  # type: ignore[union-attr]
        assert old is not None and case.promised_days is not None
        if not wanted & set(range(start.year, max(old.year, start.year) + 2)):
            continue
        new = cal.add_workdays(start, case.promised_days)
        provisional = cal.provisional_years(start, new)
        if new == old and bool(provisional) == case.promised_provisional:
            continue
        case.promised_date, case.promised_provisional = new, bool(provisional)
        if new == old:
            continue  # the same date, now confirmed: nothing the applicant needs to hear
        now = datetime.now().astimezone()
        rec = record_log.append(
            s,
            "promise",
            {
                "case_no": case.case_no,
                "case_id": case.id,
                "item_code": case.item_code,
                "previous": old,
                "promised_date": new,
                "promised_provisional": bool(provisional),
                "provisional_years": provisional,
                "holiday_years": sorted(wanted),
                "origin": origin,
            },
            case_id=case.id,
            now=now,
        )
        changes.append(PromiseChange(case.case_no, old, new, bool(provisional), rec.created_at))
    return changes


MIN_YEAR, MAX_YEAR = 1990, 2100  # outside these a year is a typing error
MAX_HOLIDAY_FILE_BYTES = 1024 * 1024
MAX_DAYS = 5000
MAX_NOTE = 200
HOLIDAY_KEYS = {"years", "days"}
DAY_KEYS = {"date", "workday", "note"}
WORK_FLAGS = {
    "1": True,
    "true": True,
    "上班": True,
    "work": True,
    "workday": True,
    "0": False,
    "false": False,
    "休息": False,
    "off": False,
    "holiday": False,
}


def _year(v: object, text: bool = False) -> int:
    """A covered year: a whole number between MIN_YEAR and MAX_YEAR (digits, in a CSV)."""
    if (
        text
        and isinstance(v, str)
        and v.strip().isascii()
        and v.strip().isdigit()
        and len(v.strip()) <= 6
    ):
        v = int(v.strip())
    if isinstance(v, bool) or not isinstance(v, int) or not MIN_YEAR <= v <= MAX_YEAR:
        raise CounterError(
            "holidays.year",
            f"覆盖年份 {str(v)[:12]!r} 无效：应为 {MIN_YEAR} 至 {MAX_YEAR} 之间的年份；请改正",
        )
    return v


def read_holiday_file(path: Path) -> tuple[list[HolidayRow], list[int]]:
    """Read a holiday table: CSV ``date,workday,note`` or JSON ``{"years": [...], "days": [...]}``.

    ``workday`` is 1/0 (or 上班/休息). Every problem is reported at once; nothing is applied.
    A date listed twice must say the same both times; a year the file says it covers must have
    at least one date listed (every year has its holidays).
    """
    from app.core.input_rules import (
        decode_utf8,
        loads_strict,
        missing,
        read_bytes_limited,
        text_problem,
    )

    if missing(path):
        raise CounterError("holidays.file_missing", f"找不到文件 {path}")
    text = decode_utf8(read_bytes_limited(path, MAX_HOLIDAY_FILE_BYTES, "节假日文件"), path.name)
    raw: list[tuple[str, object, object, object]] = []
    years: list[int] = []
    if path.suffix.lower() == ".json":
        doc = loads_strict(text, path.name)
        if not isinstance(doc, dict):
            raise CounterError(
                "holidays.format", '节假日文件应为 {"years": [...], "days": [...]} 对象'
            )
        unknown = sorted(set(doc) - HOLIDAY_KEYS)
        if unknown:
            raise CounterError(
                "holidays.format", f"未知字段 {unknown[0][:40]!r}；只能有 years 和 days"
            )
        for key in HOLIDAY_KEYS:
            if not isinstance(doc.get(key, []), list):
                raise CounterError("holidays.format", f"{key} 应为列表；请改正")
        if len(doc.get("days", [])) > MAX_DAYS or len(doc.get("years", [])) > 200:
            raise CounterError("holidays.format", f"节假日文件的日期过多（最多 {MAX_DAYS} 个）")
        years = [_year(y) for y in doc.get("years", [])]
        for i, d in enumerate(doc.get("days", [])):
            if not isinstance(d, dict) or set(d) - DAY_KEYS:
                raise CounterError(
                    "holidays.format", f'days[{i}] 应为 {{"date", "workday", "note"}} 对象'
                )
            raw.append((f"days[{i}]", d.get("date"), d.get("workday"), d.get("note")))
    else:
        try:
            for n, cells in enumerate(csv.reader(text.splitlines()), start=1):
                if n > MAX_DAYS:
                    raise CounterError(
                        "holidays.format", f"节假日文件的行数过多（最多 {MAX_DAYS} 行）"
                    )
                if (
                    not cells
                    or cells[0].strip().lower() in ("date", "日期")
                    or cells[0].startswith("#")
                ):
                    if cells and cells[0].startswith("#years"):
                        years = [_year(y, text=True) for y in cells[1:] if y.strip()]
                    continue
                if len(cells) > 3:
                    raise CounterError(
                        "holidays.format", f"第 {n} 行有 {len(cells)} 列；应为 日期,上班(1/0),备注"
                    )
                raw.append(
                    (
                        f"第 {n} 行",
                        cells[0],
                        cells[1] if len(cells) > 1 else None,
                        cells[2] if len(cells) > 2 else None,
                    )
                )
        except csv.Error as exc:
            raise CounterError("holidays.format", f"节假日文件不是有效的 CSV：{exc}") from exc
    problems: list[Problem] = []
    rows: dict[date, HolidayRow] = {}
    for where, d, w, note in raw:
        day = None
        if isinstance(d, str) and len(d.strip()) == 10:
            try:
                day = date.fromisoformat(d.strip())
            except ValueError:
                day = None
        if day is None or not MIN_YEAR <= day.year <= MAX_YEAR:
            problems.append(
                Problem(
                    where,
                    "date",
                    f"日期 {str(d)[:20]!r} 应为 YYYY-MM-DD（{MIN_YEAR} 至 {MAX_YEAR} 年）",
                )
            )
            continue
        flag = str(w).strip().lower() if isinstance(w, (str, int)) else ""
        if flag not in WORK_FLAGS:
            problems.append(
                Problem(where, "workday", f"{str(w)[:20]!r} 应为 1（上班）或 0（休息）")
            )
            continue
        if note is not None and not isinstance(note, str):
            problems.append(Problem(where, "note", "备注应为文字"))
            continue
        if note and (problem := text_problem(note, MAX_NOTE)):
            problems.append(Problem(where, "note", problem))
            continue
        row = HolidayRow(day, WORK_FLAGS[flag], note or None)
        if day in rows and rows[day] != row:
            problems.append(
                Problem(where, "date", f"日期 {day} 出现了两次且内容不同；请只保留正确的一行")
            )
            continue
        rows[day] = row
    listed = {d.year for d in rows}
    for y in sorted(set(years) - listed):
        problems.append(
            Problem(
                "",
                "years",
                f"文件声明覆盖 {y} 年，却没有 {y} 年的任何日期；"
                "请补上该年的节假日，或从覆盖年份中去掉它",
            )
        )
    if problems:
        raise ValidationFailed(
            "holidays.invalid", f"节假日文件有 {len(problems)} 处错误，未导入", problems[:200]
        )
    return list(rows.values()), sorted(set(years))
