"""Holiday tables: years in range, no conflicting dates, no empty covered year, strict JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.errors import CounterError
from app.services.calendar import read_holiday_file


def write(tmp_path: Path, content, name: str = "h.json") -> Path:
    p = tmp_path / name
    p.write_text(
        content if isinstance(content, str) else json.dumps(content, ensure_ascii=False),
        encoding="utf-8",
    )
    return p


GOOD_DAY = {"date": "2027-01-01", "workday": 0, "note": "元旦"}

BAD = [
    ("year 0", {"years": [0], "days": []}),
    ("year 99999", {"years": [99999], "days": []}),
    ("year text", {"years": ["2027"], "days": [GOOD_DAY]}),
    ("year bool", {"years": [True], "days": []}),
    ("date year 1", {"days": [{"date": "0001-01-01", "workday": 0}]}),
    ("days object", {"years": [2027], "days": {}}),
    ("years object", {"years": {"2027": 1}, "days": [GOOD_DAY]}),
    ("conflicting dates", {"days": [GOOD_DAY, {**GOOD_DAY, "workday": 1}]}),
    ("covered year without rows", {"years": [2027, 2028], "days": [GOOD_DAY]}),
    ("note object", {"days": [{**GOOD_DAY, "note": {"x": 1}}]}),
    ("note NUL", {"days": [{**GOOD_DAY, "note": "元\x00旦"}]}),
    ("note 1 MB", {"days": [{**GOOD_DAY, "note": "长" * 300_000}]}),
    ("date a number", {"days": [{**GOOD_DAY, "date": 20270101}]}),
    ("workday list", {"days": [{**GOOD_DAY, "workday": [1]}]}),
    ("day a string", {"days": ["2027-01-01"]}),
    ("unknown key", {"years": [2027], "days": [GOOD_DAY], "extra": 1}),
    ("not an object", [GOOD_DAY]),
]


@pytest.mark.parametrize("doc", [d for _, d in BAD], ids=[n for n, _ in BAD])
def test_bad_json_holiday_tables_are_refused(tmp_path, doc):
    with pytest.raises(CounterError) as info:
        read_holiday_file(write(tmp_path, doc))
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        '{"years": [2027], "years": [2028], "days": []}',
        '{"years": [' + "9" * 5000 + '], "days": []}',
        '{"days": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"days": [{"date": "2027-01-01", "workday": NaN}]}',
    ],
    ids=["duplicate-key", "5000-digits", "deep", "nan"],
)
def test_hostile_json_is_one_clear_error(tmp_path, text):
    with pytest.raises(CounterError) as info:
        read_holiday_file(write(tmp_path, text))
    assert "\n" not in str(info.value) and len(str(info.value)) < 300


@pytest.mark.parametrize(
    "csv",
    [
        "date,workday,note\n#years,0\n",
        "date,workday,note\n#years,99999\n2027-01-01,0,元旦\n",
        "date,workday,note\n#years,2027\n",
        "date,workday,note\n2027-01-01,0,元旦\n2027-01-01,1,上班\n",
        "date,workday,note\n2027-01-01,0,元旦,多余\n",
        'date,workday,note\n2027-01-01,0,"' + "x" * 200_000 + '"\n',
    ],
    ids=["year-0", "year-99999", "covered-empty", "conflict", "extra-column", "huge-field"],
)
def test_bad_csv_holiday_tables_are_refused(tmp_path, csv):
    with pytest.raises(CounterError):
        read_holiday_file(write(tmp_path, csv, "h.csv"))


def test_the_same_date_twice_with_the_same_meaning_is_one_row(tmp_path):
    rows, years = read_holiday_file(
        write(tmp_path, {"years": [2027], "days": [GOOD_DAY, dict(GOOD_DAY)]})
    )
    assert len(rows) == 1 and years == [2027]


def test_a_good_table_still_reads(tmp_path):
    rows, years = read_holiday_file(
        write(
            tmp_path,
            "date,workday,note\n#years,2027\n2027-01-01,0,元旦\n2027-02-06,1,春节调休\n",
            "h.csv",
        )
    )
    assert [r.workday for r in rows] == [False, True] and years == [2027]


def test_a_folder_or_device_is_refused(tmp_path):
    (tmp_path / "d.csv").mkdir()
    with pytest.raises(CounterError):
        read_holiday_file(tmp_path / "d.csv")
    with pytest.raises(CounterError) as info:
        read_holiday_file(Path("/dev/zero"))
    assert "不是普通文件" in info.value.message


def test_cli_import_of_a_bad_table_changes_nothing(cli, home, tmp_path):
    from tests.fuzz.helpers import store_bytes

    code, _out, err = cli("holidays", "set", "2027-01-04", "off")
    before = store_bytes(home)
    code, _out, err = cli(
        "holidays", "import", str(write(tmp_path, {"years": [99999], "days": []}))
    )
    assert code == 1 and "Traceback" not in err and "内部错误" not in err
    assert store_bytes(home) == before
