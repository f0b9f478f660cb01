from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest

from app.core.errors import CounterError
from app.core.workdays import WorkCalendar, due_status, missing_year, package_years

D = date
CAL = WorkCalendar()


def test_installed_package_covers_2025_and_2026() -> None:
    years = package_years()
    assert 2025 in years
    assert 2026 in years
    assert CAL.knows_year(2026)
    assert not CAL.knows_year(2031)


# --- 2026 Spring Festival: off 02-15 (Sun) .. 02-23 (Mon); Saturdays 02-14 and 02-28 worked ---


def test_spring_festival_2026_days() -> None:
    assert CAL.is_workday(D(2026, 2, 13))  # Friday
    assert CAL.is_workday(D(2026, 2, 14))  # Saturday, 调休 working day
    for day in range(15, 24):
        assert not CAL.is_workday(D(2026, 2, day)), day
    assert CAL.is_workday(D(2026, 2, 24))
    assert CAL.is_workday(D(2026, 2, 28))  # Saturday, 调休 working day
    assert not CAL.is_workday(D(2026, 3, 1))  # ordinary Sunday


def test_three_workdays_after_2026_02_13() -> None:
    # 02-14 (Saturday worked) is day 1, 02-24 day 2, 02-25 day 3.
    assert CAL.add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert CAL.add_workdays(D(2026, 2, 13), 2) == D(2026, 2, 24)
    assert CAL.add_workdays(D(2026, 2, 13), 3) == D(2026, 2, 25)


# --- 2025 National Day + Mid-autumn: off 10-01 .. 10-08; Sunday 09-28 and Saturday 10-11 worked ---


def test_national_day_2025_days() -> None:
    assert CAL.is_workday(D(2025, 9, 28))  # Sunday worked
    for day in range(1, 9):
        assert not CAL.is_workday(D(2025, 10, day)), day
    assert CAL.is_workday(D(2025, 10, 9))
    assert CAL.is_workday(D(2025, 10, 11))  # Saturday worked
    assert not CAL.is_workday(D(2025, 10, 12))


def test_deadlines_across_national_day_2025() -> None:
    # Accepted Friday 09-26: Sunday 09-28 counts, then 09-29, 09-30, then 10-09.
    assert CAL.add_workdays(D(2025, 9, 26), 1) == D(2025, 9, 28)
    assert CAL.add_workdays(D(2025, 9, 26), 3) == D(2025, 9, 30)
    assert CAL.add_workdays(D(2025, 9, 26), 4) == D(2025, 10, 9)
    assert CAL.add_workdays(D(2025, 9, 26), 5) == D(2025, 10, 10)
    assert CAL.add_workdays(D(2025, 9, 26), 6) == D(2025, 10, 11)
    # Accepted on a holiday (a window open during the holiday): the first working day is 10-09.
    assert CAL.add_workdays(D(2025, 10, 3), 1) == D(2025, 10, 9)


def test_acceptance_day_not_counted_and_weekends_skipped() -> None:
    # Friday 2025-11-21 + 1 working day = Monday 11-24; + 5 = Friday 11-28; + 20 = 12-19.
    assert CAL.add_workdays(D(2025, 11, 21), 1) == D(2025, 11, 24)
    assert CAL.add_workdays(D(2025, 11, 21), 5) == D(2025, 11, 28)
    assert CAL.add_workdays(D(2025, 11, 21), 20) == D(2025, 12, 19)


def test_year_boundary_2025_to_2026() -> None:
    # 2026-01-01..03 off, Sunday 01-04 worked.
    assert CAL.add_workdays(D(2025, 12, 31), 1) == D(2026, 1, 4)
    assert CAL.add_workdays(D(2025, 12, 31), 2) == D(2026, 1, 5)


def test_zero_days_is_same_day() -> None:
    assert CAL.add_workdays(D(2026, 2, 13), 0) == D(2026, 2, 13)
    # 即办 on a holiday or in an unpublished year is still due the same day: nothing to look up.
    assert CAL.add_workdays(D(2026, 2, 16), 0) == D(2026, 2, 16)
    assert CAL.add_workdays(D(2031, 5, 6), 0) == D(2031, 5, 6)


def test_negative_days_rejected() -> None:
    with pytest.raises(CounterError) as info:
        CAL.add_workdays(D(2026, 2, 13), -1)
    assert info.value.code == "calendar.negative_days"


def test_datetime_is_treated_as_its_date() -> None:
    assert CAL.add_workdays(datetime(2026, 2, 13, 16, 30), 3) == D(2026, 2, 25)
    cal = WorkCalendar({D(2026, 3, 2): False})
    assert not cal.is_workday(datetime(2026, 3, 2, 9, 0))


def test_agrees_with_the_package_over_2025_2026() -> None:
    day = D(2025, 1, 1)
    while day.year < 2027:
        assert CAL.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


# --- workdays_between -------------------------------------------------------------------------


def test_workdays_between_inverts_add_workdays() -> None:
    start = D(2025, 9, 20)
    for n in range(0, 40):
        end = CAL.add_workdays(start, n)
        assert CAL.workdays_between(start, end) == n


def test_workdays_between_directions() -> None:
    assert CAL.workdays_between(D(2026, 2, 13), D(2026, 2, 13)) == 0
    assert CAL.workdays_between(D(2026, 2, 13), D(2026, 2, 25)) == 3
    assert CAL.workdays_between(D(2026, 2, 25), D(2026, 2, 13)) == -3
    assert CAL.workdays_between(D(2026, 2, 15), D(2026, 2, 23)) == 0


# --- overrides ---------------------------------------------------------------------------------


def test_override_beats_the_package() -> None:
    # A county gives an extra local day off on Monday 2026-03-02 and makes Sunday 03-08 a working
    # day; the package says the opposite for both.
    assert chinese_calendar.is_workday(D(2026, 3, 2))
    assert not chinese_calendar.is_workday(D(2026, 3, 8))
    cal = WorkCalendar({D(2026, 3, 2): False, D(2026, 3, 8): True})
    assert not cal.is_workday(D(2026, 3, 2))
    assert cal.is_workday(D(2026, 3, 8))
    # Friday 02-27 + 1: Saturday 02-28 (调休, from the package) ; + 2: skips 03-02, lands 03-03.
    assert cal.add_workdays(D(2026, 2, 27), 1) == D(2026, 2, 28)
    assert cal.add_workdays(D(2026, 2, 27), 2) == D(2026, 3, 3)
    # An override may also cancel a package holiday (e.g. a corrected schedule).
    assert WorkCalendar({D(2026, 2, 23): True}).add_workdays(D(2026, 2, 14), 1) == D(2026, 2, 23)


def test_covered_year_uses_only_the_table_and_the_weekday_rule() -> None:
    # A hypothetical 2027 table: 01-01 off, Saturday 01-09 worked; everything else by weekday.
    cal = WorkCalendar({D(2027, 1, 1): False, D(2027, 1, 9): True}, override_years={2027})
    assert cal.knows_year(2027)
    assert not cal.is_workday(D(2027, 1, 1))  # Friday, listed off
    assert not cal.is_workday(D(2027, 1, 2))  # Saturday
    assert cal.is_workday(D(2027, 1, 4))  # Monday
    assert cal.is_workday(D(2027, 1, 9))  # Saturday, listed worked
    # Thursday 2026-12-31 (package) + 1 -> skips 01-01..01-03 -> Monday 2027-01-04.
    assert cal.add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert cal.add_workdays(D(2027, 1, 8), 1) == D(2027, 1, 9)


def test_covered_year_known_to_package_follows_the_table() -> None:
    # If the county marks 2026 as fully covered, the package's 2026 holidays no longer apply.
    cal = WorkCalendar({}, override_years=[2026])
    assert cal.is_workday(D(2026, 10, 1))  # a Thursday; the table (empty) lists nothing
    assert not cal.is_workday(D(2026, 2, 14))  # a Saturday; the table does not make it worked


# --- unknown years ------------------------------------------------------------------------------


def test_unknown_year_raises_never_guesses() -> None:
    with pytest.raises(CounterError) as info:
        CAL.is_workday(D(2031, 3, 3))
    assert info.value.code == "calendar.unknown_year"
    assert "2031" in info.value.message
    assert "管理员" in info.value.message
    assert info.value.path == "2031"


def test_unknown_year_reached_while_counting() -> None:
    with pytest.raises(CounterError) as info:
        CAL.add_workdays(D(2026, 12, 28), 10)
    assert info.value.code == "calendar.unknown_year"
    assert "2027" in info.value.message


def test_years_before_the_package_are_unknown_too() -> None:
    with pytest.raises(CounterError) as info:
        CAL.is_workday(D(2003, 6, 2))
    assert info.value.code == "calendar.unknown_year"


def test_listed_day_in_unknown_year_is_decided_but_others_are_not() -> None:
    cal = WorkCalendar({D(2031, 1, 1): False})
    assert not cal.is_workday(D(2031, 1, 1))
    with pytest.raises(CounterError):
        cal.is_workday(D(2031, 1, 2))


# --- due status -----------------------------------------------------------------------------------


def test_due_status() -> None:
    due = D(2026, 2, 25)
    assert due_status(due, D(2026, 2, 26), CAL) == "overdue"
    assert due_status(due, due, CAL) == "near"
    assert due_status(due, D(2026, 2, 24), CAL) == "near"  # 1 working day left
    assert due_status(due, D(2026, 2, 14), CAL) == "near"  # 2 left: 02-24, 02-25
    assert due_status(due, D(2026, 2, 13), CAL) == "ok"  # 3 left
    assert due_status(due, D(2026, 2, 13), CAL, warn_days=3) == "near"
    assert due_status(due, D(2026, 2, 24), CAL, warn_days=0) == "ok"
    assert due_status(due, due, CAL, warn_days=0) == "near"


def test_due_status_far_deadline_in_unknown_year_is_ok_without_a_table() -> None:
    # Only the next warn_days + 1 working days are looked at.
    assert due_status(D(2027, 3, 1), D(2026, 11, 23), CAL) == "ok"
    with pytest.raises(CounterError):
        due_status(D(2027, 1, 4), D(2026, 12, 30), CAL)


def test_a_missing_schedule_is_named_from_november_on() -> None:
    """With the package ending in 2026 (1.11.0): the window is warned about 2027 from
    November 2026, about a year it is already in at once, and not once the table has it."""
    last = package_years()[-1]
    package_only = WorkCalendar()
    assert missing_year(package_only, D(last, 10, 31)) is None
    assert missing_year(package_only, D(last, 11, 1)) == last + 1
    assert missing_year(package_only, D(last, 12, 31)) == last + 1
    assert missing_year(package_only, D(last + 1, 1, 4)) == last + 1  # this year: urgent
    published = WorkCalendar({D(last + 1, 1, 1): False}, override_years={last + 1})
    assert missing_year(published, D(last, 11, 23)) is None
    assert missing_year(published, D(last + 1, 11, 2)) == last + 2


def test_long_time_limits_are_warned_of_earlier() -> None:
    """A 60-working-day item accepted in late September already reaches next year: its
    window is warned then, not in November when such intakes have been failing for weeks."""
    last = package_years()[-1]
    package_only = WorkCalendar()
    with pytest.raises(CounterError):
        package_only.add_workdays(D(last, 10, 12), 60)
    assert missing_year(package_only, D(last, 9, 1), longest_limit=60) is None
    assert missing_year(package_only, D(last, 9, 20), longest_limit=60) == last + 1
    assert missing_year(package_only, D(last, 9, 20), longest_limit=20) is None


def test_the_default_supplement_deadline_is_a_working_day() -> None:
    """容缺: the proposed deadline was ten calendar days on, which could be a Sunday (from
    2026-11-20 it was Sunday 2026-11-30); it is counted in working days now (the rule lives in
    app.core.decision)."""
    from app.core.decision import default_deadline

    cal = WorkCalendar(estimate=True)  # late December counts into 2027
    far = date(2027, 6, 30)
    assert default_deadline(cal, date(2026, 11, 20), far) == date(2026, 12, 1)
    day = date(2026, 1, 1)
    while day.year == 2026:
        limit = cal.add_workdays(day, 5)
        due = default_deadline(cal, day, limit)
        assert due is not None and cal.is_workday(due) and day < due <= limit, day
        day += timedelta(days=1)
    # Spring Festival 2026 (15-23 February off, Saturday 14 and 28 February worked): from
    # Friday 13 February the seventh working day is 2 March.
    assert default_deadline(cal, date(2026, 2, 13), far) == date(2026, 3, 2)


def test_an_estimating_calendar_counts_an_unknown_year_with_its_statutory_holidays() -> None:
    from app.core.workdays import statutory_holidays

    cal = WorkCalendar({date(2099, 1, 5): False}, estimate=True)
    assert not cal.knows_year(2099)
    assert not cal.is_workday(date(2099, 1, 1))  # 元旦, a Thursday
    assert cal.is_workday(date(2099, 1, 2))
    assert not cal.is_workday(date(2099, 1, 5))  # the county's table still decides its days
    assert cal.add_workdays(date(2098, 12, 31), 2) == date(2099, 1, 6)
    assert cal.provisional_years(date(2098, 12, 31), date(2099, 1, 6)) == [2099]
    assert cal.provisional_years(date(2098, 12, 30), date(2099, 1, 6)) == [2098, 2099]
    assert WorkCalendar().provisional_years(date(2098, 12, 31), date(2099, 1, 6)) == []
    assert len([d for d, n in statutory_holidays(2099).items() if "补假" not in n]) == 13
