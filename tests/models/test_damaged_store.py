"""A store file that is not an SQLite database: one line saying so and what to do."""

from __future__ import annotations

import pytest

from app.core.errors import CounterError


def _made(home) -> bytes:  # type: ignore[no-untyped-def]
    from app.bootstrap import open_context

    open_context(home, load_demo=False).close()
    return home.db.read_bytes()


@pytest.mark.parametrize("damage", ["garbage", "header", "zeros", "text"])
def test_a_damaged_store_is_named_not_crashed(home, damage):
    from app.bootstrap import open_context

    good = _made(home)
    bad = {
        "garbage": bytes(range(256)) * 8,
        "header": b"SQLite format 2\x00" + good[16:],
        "zeros": b"\x00" * len(good),
        "text": "这不是数据库\n".encode() * 100,
    }[damage]
    home.db.write_bytes(bad)
    for suffix in ("-wal", "-shm"):
        home.db.with_name(home.db.name + suffix).unlink(missing_ok=True)
    with pytest.raises(CounterError) as info:
        open_context(home)
    assert info.value.code == "store.damaged"
    assert "backups" in info.value.message
    assert home.db.read_bytes() == bad  # never touched


def test_cli_says_so_in_one_line(cli, home):
    _made(home)
    home.db.write_bytes(b"not a database at all" * 100)
    code, _out, err = cli("catalog", "versions")
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "内部错误" not in err and "已损坏" in err


def test_a_damaged_page_after_a_good_header(cli, home):
    good = _made(home)
    home.db.write_bytes(good[:100] + b"\xff" * (len(good) - 100))
    code, _out, err = cli("catalog", "versions")
    assert code != 0
    assert len(err.strip().splitlines()) == 1 and "内部错误" not in err and "Traceback" not in err
