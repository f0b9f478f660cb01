from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.case_numbers import MAX_LEN, CaseNoParts, format_case_no, parse_case_no
from app.core.errors import CounterError

DAY = date(2026, 11, 23)


def test_format_example() -> None:
    assert format_case_no("C3301020001", "W03", DAY, 7) == "C3301020001-W03-20261123-0007"


def test_sequence_grows_past_four_digits() -> None:
    assert format_case_no("C1", "W1", DAY, 12345) == "C1-W1-20261123-12345"


def test_parse_round_trip() -> None:
    parts = parse_case_no("C3301020001-W03-20261123-0007")
    assert parts == CaseNoParts("C3301020001", "W03", DAY, 7)
    assert parts is not None and parts.format() == "C3301020001-W03-20261123-0007"


@pytest.mark.parametrize(
    "typed",
    [
        "C3301020001-W03-20261123-0007\r\n",  # scanner's Enter
        "C3301020001-W03-20261123-0007\n",
        "C3301020001-W03-20261123-0007\t",
        "  C3301020001-W03-20261123-0007  ",
        "c3301020001-w03-20261123-0007",  # Caps Lock off / typed by hand
        "Ｃ３３０１０２０００１－Ｗ０３－２０２６１１２３－０００７",  # Chinese IME in full-width mode
        "]C0C3301020001-W03-20261123-0007",  # AIM symbology identifier
        "C3301020001 - W03 - 20261123 - 0007",
    ],
)
def test_parse_what_scanners_and_people_type(typed: str) -> None:
    assert parse_case_no(typed) == CaseNoParts("C3301020001", "W03", DAY, 7)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\r\n",
        "hello",
        "C3301020001-W03-20261123",  # no sequence
        "C3301020001-W03-20261131-0007",  # 31 November
        "C3301020001-W03-2026112-0007",  # 7-digit date
        "C3301020001-W03-20261123-007",  # short sequence
        "C3301020001-W03-20261123-00007",  # non-canonical padding
        "C3301020001-W03-20261123-0000",  # sequence 0
        "C3301020001_W03-20261123-0007",
        "C33010200中-W03-20261123-0007",
        "C3301020001-W03-20261123-0007-1",
        "A" * 40 + "-W-20261123-0001",  # over 50 characters
    ],
)
def test_parse_rejects(text: str) -> None:
    assert parse_case_no(text) is None


@pytest.mark.parametrize(
    ("centre", "window", "seq", "code"),
    [
        ("", "W03", 1, "caseno.centre"),
        ("c33", "W03", 1, "caseno.centre"),  # lower case is a configuration error
        ("C-33", "W03", 1, "caseno.centre"),
        ("中心", "W03", 1, "caseno.centre"),
        ("C33", "", 1, "caseno.window"),
        ("C33", "W 3", 1, "caseno.window"),
        ("C33", "W03", 0, "caseno.seq"),
        ("C33", "W03", -5, "caseno.seq"),
        ("C33", "W03", True, "caseno.seq"),
        ("C" * 30, "W" * 10, 1, "caseno.too_long"),
    ],
)
def test_format_rejects(centre: str, window: str, seq: int, code: str) -> None:
    with pytest.raises(CounterError) as info:
        format_case_no(centre, window, DAY, seq)
    assert info.value.code == code


def test_fifty_characters_is_the_limit() -> None:
    # 3 dashes + 8 date + 4 sequence = 15, so the codes may share 35 characters.
    assert len(format_case_no("C" * 30, "W" * 5, DAY, 1)) == MAX_LEN == 50
    with pytest.raises(CounterError):
        format_case_no("C" * 30, "W" * 6, DAY, 1)


CODES = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=16)


@given(
    CODES,
    CODES,
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    st.integers(min_value=1, max_value=999_999),
)
def test_property_round_trip_and_code128_safe(
    centre: str, window: str, day: date, seq: int
) -> None:
    text = format_case_no(centre, window, day, seq)
    assert len(text) <= MAX_LEN
    assert text.isascii()
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
    assert parse_case_no(text + "\r\n") == CaseNoParts(centre, window, day, seq)


def test_different_windows_never_collide() -> None:
    numbers = {
        format_case_no(centre, window, DAY, seq)
        for centre in ("C1", "C12")
        for window in ("W1", "W2", "2")
        for seq in range(1, 50)
    }
    assert len(numbers) == 2 * 3 * 49
