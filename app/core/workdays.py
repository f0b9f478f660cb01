"""Working-day arithmetic for time limits (行政许可法 art. 82).

Time limits count working days: weekends and public holidays are skipped, adjusted working
Saturdays/Sundays (调休) count, and the acceptance day itself is not counted. 0 days is 即办:
due the same day.

Where a day's status comes from, first match wins:

1. the county's override table (a day listed there is decided by it, in any year);
2. for a year the table *fully covers*: the plain weekday rule (Mon-Fri work), because the
   table then lists every exception of that year and is authoritative over the package;
3. the ``chinese_calendar`` package (PyPI ``chinesecalendar``) for the years it knows;
4. otherwise, for a calendar that ``estimates``: the statutory holidays of the year, known by
   rule (:func:`statutory_holidays`), with weekends off. Only the 调休 the State Council
   publishes each year are unknown, so a date counted this way is provisional (暂定) until the
   year's schedule arrives; ``provisional_years`` says which years a count relied on;
5. otherwise :class:`CounterError` ``calendar.unknown_year``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Literal

from app.core.errors import CounterError

DueStatus = Literal["ok", "near", "overdue"]


# 全国年节及纪念日放假办法 (as amended in 2024), the holidays of all citizens: 元旦 1 day,
# 春节 4 days (除夕 to 正月初三), 清明 1, 劳动节 2 (1-2 May), 端午 1, 中秋 1, 国庆 3 (1-3 Oct).
# One falling on a Saturday or Sunday is made up on the next working day (补假).
@functools.lru_cache(maxsize=64)
def statutory_holidays(year: int) -> dict[date, str]:
    """The days off of ``year`` by rule, with their names; without the year's 调休."""
    from lunar_python import Lunar

    def solar(lunar: Lunar) -> date:
        s = lunar.getSolar()
        return date(s.getYear(), s.getMonth(), s.getDay())

    new_year = Lunar.fromYmd(year, 1, 1)
    qingming = new_year.getJieQiTable()["清明"]
    blocks: list[tuple[str, list[date]]] = [
        ("元旦", [date(year, 1, 1)]),
        ("春节", [solar(new_year.next(d)) for d in range(-1, 3)]),
        ("清明节", [date(qingming.getYear(), qingming.getMonth(), qingming.getDay())]),
        ("劳动节", [date(year, 5, 1), date(year, 5, 2)]),
        ("端午节", [solar(Lunar.fromYmd(year, 5, 5))]),
        ("中秋节", [solar(Lunar.fromYmd(year, 8, 15))]),
        ("国庆节", [date(year, 10, d) for d in (1, 2, 3)]),
    ]
    off: dict[date, str] = {}
    for name, days in blocks:
        for d in days:
            off.setdefault(d, name)
    for name, days in sorted(blocks, key=lambda b: b[1][0]):
        for _ in (d for d in days if d.weekday() >= 5):
            extra = days[-1] + timedelta(days=1)
            while extra.weekday() >= 5 or extra in off:
                extra += timedelta(days=1)
            off[extra] = f"{name}补假"
    return off


@functools.cache
def _package_knows(year: int) -> bool:
    # The package raises NotImplementedError outside its data range (1.11.0: 2004-2026).
    import chinese_calendar  # on first use: the screens import this module at start-up

    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def package_years() -> range:
    """The years the installed ``chinese_calendar`` package has data for."""
    known = [y for y in range(1990, date.today().year + 10) if _package_knows(y)]
    return range(known[0], known[-1] + 1) if known else range(0)


class WorkCalendar:
    """Decides working days from the county overrides and the ``chinese_calendar`` package."""

    def __init__(
        self,
        overrides: Mapping[date, bool] | None = None,
        override_years: Iterable[int] = (),
        *,
        estimate: bool = False,
    ) -> None:
        """``estimate``: count a year nobody published with its statutory holidays (暂定)
        instead of refusing to count it."""
        self._overrides: dict[date, bool] = {
            _as_date(d): bool(v) for d, v in (overrides or {}).items()
        }
        self._covered: frozenset[int] = frozenset(int(y) for y in override_years)
        self.estimates = estimate

    def knows_year(self, year: int) -> bool:
        """True when every day of ``year`` can be decided (covered by the table or the package)."""
        return year in self._covered or _package_knows(year)

    def is_workday(self, d: date) -> bool:
        day = _as_date(d)
        listed = self._overrides.get(day)
        if listed is not None:
            return listed
        if day.year in self._covered:
            return day.weekday() < 5
        if _package_knows(day.year):
            return _package_workday(day)
        if self.estimates:
            return day.weekday() < 5 and day not in statutory_holidays(day.year)
        raise CounterError(
            "calendar.unknown_year",
            f"{day.year}年的节假日安排尚未发布或尚未导入，无法计算工作日；"
            "请管理员导入本县发布的节假日表",
            path=str(day.year),
        )

    def provisional_years(self, start: date, end: date) -> list[int]:
        """The years of the days in (start, end] that were counted without a published
        schedule: a date counted over them is 暂定. Empty for a calendar that never estimates
        (it raises instead)."""
        lo, hi = sorted((_as_date(start), _as_date(end)))
        if not self.estimates or lo == hi:
            return []
        first = (lo + timedelta(days=1)).year
        return [y for y in range(first, hi.year + 1) if not self.knows_year(y)]

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (start itself not counted); n == 0 is ``start``.

        A 1-day limit accepted on Friday is therefore due Monday (if Monday is a working day).
        """
        if n < 0:
            raise CounterError("calendar.negative_days", "工作日天数不能为负数")
        day = _as_date(start)
        remaining = n
        while remaining:
            day += timedelta(days=1)
            if self.is_workday(day):
                remaining -= 1
        return day

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in (a, b]: so ``workdays_between(s, add_workdays(s, n)) == n``.

        Negative when b is before a (the count of (b, a], negated); 0 when a == b.
        """
        lo, hi, sign = (_as_date(a), _as_date(b), 1)
        if hi < lo:
            lo, hi, sign = hi, lo, -1
        count = 0
        day = lo
        while day < hi:
            day += timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return sign * count


def due_status(due: date, today: date, cal: WorkCalendar, warn_days: int = 2) -> DueStatus:
    """Traffic light of a deadline: overdue (red), near (yellow) or ok.

    "overdue" once today is after ``due``; "near" when at most ``warn_days`` working days
    remain (the due day itself counts as "near"); otherwise "ok".

    Only looks ``warn_days + 1`` working days ahead, so a far deadline in a year without a
    holiday table does not raise until it comes close.
    """
    due_d, today_d = _as_date(due), _as_date(today)
    if today_d > due_d:
        return "overdue"
    count = 0
    day = today_d
    while day < due_d:
        day += timedelta(days=1)
        if cal.is_workday(day):
            count += 1
            if count > warn_days:
                return "ok"
    return "near"


# The State Council publishes next year's holiday schedule around November: from then on a
# window without it is warned, and earlier when its longest time limits reach next year sooner
# (a 60-working-day limit counted in September).
WARN_FROM_MONTH = 11


def missing_year(cal: WorkCalendar, today: date, longest_limit: int = 0) -> int | None:
    """The year whose holiday schedule the window lacks and needs, else None.

    This year, when it is missing: no time limit can be counted. Next year, when it is missing
    and either November has come or a limit of ``longest_limit`` working days counted from
    today could reach it (five working days a week, and three weeks for the long holidays)."""
    day = _as_date(today)
    if not cal.knows_year(day.year):
        return day.year
    reach = day + timedelta(days=longest_limit * 7 // 5 + 21)
    if (day.month >= WARN_FROM_MONTH or reach.year > day.year) and not cal.knows_year(day.year + 1):
        return day.year + 1
    return None


def _as_date(d: date) -> date:
    # datetime is a date subclass but never equals a date, so dict look-ups would miss it.
    return d.date() if isinstance(d, datetime) else d


@functools.lru_cache(maxsize=4096)
def _package_workday(day: date) -> bool:
    # chinese_calendar scans its whole holiday table to validate every date it is asked about.
    import chinese_calendar

    return bool(chinese_calendar.is_workday(day))
