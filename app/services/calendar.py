"""Working-day calendar of this window: chinesecalendar plus the county's holiday table."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.core.errors import CounterError, Problem, ValidationFailed
from app.core.workdays import WorkCalendar
from app.models.db import Store
from app.models.schema import Counter, Holiday, HolidayYear


@dataclass(frozen=True)
class HolidayRow:
    day: date
    workday: bool
    note: str | None


VERSION_COUNTER = "holidays.version"


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
            version = s.scalar(select(Counter.value).where(Counter.name == VERSION_COUNTER)) or 0
            if self._cached is not None and self._cached[0] == version:
                return self._cached[1]
            overrides = {h.day: h.workday for h in s.scalars(select(Holiday))}
            years = set(s.scalars(select(HolidayYear.year)))
        cal = WorkCalendar(overrides, years)
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

    def set_day(self, day: date, workday: bool, note: str | None = None,
                origin: str = "local") -> None:
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

    def replace_years(self, rows: list[HolidayRow], years: list[int],
                      origin: str = "local") -> None:
        """Replace whole years at once (a published schedule), in one transaction."""
        with self.store.write() as s:
            replace_years_in(s, rows, years, origin)


def replace_years_in(s: Session, rows: list[HolidayRow], years: list[int],
                     origin: str = "local") -> None:
    """``replace_years`` inside the caller's write transaction (a pull applies the table and
    moves its cursor in one transaction)."""
    for y in years:
        s.execute(delete(Holiday).where(Holiday.day >= date(y, 1, 1),
                                        Holiday.day <= date(y, 12, 31)))
        if s.get(HolidayYear, y) is None:
            s.add(HolidayYear(year=y, origin=origin))
    for r in rows:
        s.merge(Holiday(day=r.day, workday=r.workday, note=r.note, origin=origin))
    _bump(s)


def read_holiday_file(path: Path) -> tuple[list[HolidayRow], list[int]]:
    """Read a holiday table: CSV ``date,workday,note`` or JSON ``{"years": [...], "days": [...]}``.

    ``workday`` is 1/0 (or 上班/休息). Every problem is reported at once; nothing is applied.
    """
    if not path.exists():
        raise CounterError("holidays.file_missing", f"找不到文件 {path}")
    problems: list[Problem] = []
    raw: list[tuple[str, object, object, object]] = []
    years: list[int] = []
    try:
        if path.suffix.lower() == ".json":
            doc = json.loads(path.read_text(encoding="utf-8-sig"))
            years = [int(y) for y in doc.get("years", [])]
            raw = [(f"days[{i}]", d.get("date"), d.get("workday"), d.get("note"))
                   for i, d in enumerate(doc.get("days", []))]
        else:
            with path.open(encoding="utf-8-sig", newline="") as f:
                for n, row in enumerate(csv.reader(f), start=1):
                    if not row or row[0].strip().lower() in ("date", "日期") or row[0].startswith("#"):
                        if row and row[0].startswith("#years"):
                            years = [int(y) for y in row[1:] if y.strip()]
                        continue
                    raw.append((f"第 {n} 行", row[0], row[1] if len(row) > 1 else None,
                                row[2] if len(row) > 2 else None))
    except (ValueError, AttributeError, TypeError) as exc:
        raise CounterError("holidays.format", f"节假日文件格式不正确：{exc}") from exc
    rows: list[HolidayRow] = []
    for where, d, w, note in raw:
        try:
            day = date.fromisoformat(str(d).strip())
        except ValueError:
            problems.append(Problem(where, "date", f"日期 {d!r} 应为 YYYY-MM-DD"))
            continue
        flag = str(w).strip().lower() if w is not None else ""
        if flag in ("1", "true", "上班", "work", "workday"):
            workday = True
        elif flag in ("0", "false", "休息", "off", "holiday"):
            workday = False
        else:
            problems.append(Problem(where, "workday", f"{w!r} 应为 1（上班）或 0（休息）"))
            continue
        rows.append(HolidayRow(day, workday, str(note) if note else None))
    if problems:
        raise ValidationFailed("holidays.invalid", f"节假日文件有 {len(problems)} 处错误，未导入",
                               problems)
    return rows, years
