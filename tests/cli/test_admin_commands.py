"""Administrator commands need an administrator once accounts exist; settings are typed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def test_admin_commands_need_by_and_a_password(
    initialised, tmp_path, real_guides_file, monkeypatch
):
    cli = initialised
    code, _, err = cli("holidays", "set", "2026-11-24", "off")
    assert code == 1 and "--by" in err
    code, _, err = cli("holidays", "set", "2026-11-24", "off", "--by", "clerk1")
    assert code == 1 and "无权" in err
    monkeypatch.setenv("COUNTER_PASSWORD", "wrong-password-1")
    code, _, err = cli("catalog", "import", str(real_guides_file), "--by", "admin")
    assert code == 1 and "密码不正确" in err
    monkeypatch.setenv("COUNTER_PASSWORD", "counter2026")
    assert cli("catalog", "import", str(real_guides_file), "--by", "admin", "--yes")[0] == 0
    code, _, err = cli("init", "--centre", "C3301", "--centre-name", "改名", "--window", "W03")
    assert code == 1 and "--by" in err
    code, out, _ = cli("settings", "list", "--json")
    assert json.loads(out)["centre.name"] == "城东街道便民服务中心"


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("print.layout", "roll80", "roll80"),
        ("print.qr", "true", True),
        ("tickets.due_days", "10", 10),
        ("print.reconsideration_body", "某某区人民政府", "某某区人民政府"),
        (
            "window.authorisation",
            '{"*": ["收件", "一次性告知", "受理", "结果送达"]}',
            {"*": ["收件", "一次性告知", "受理", "结果送达"]},
        ),
    ],
)
def test_settings_set_typed_values(initialised, key, value, expected):
    cli = initialised
    code, _, err = cli("settings", "set", key, value, "--by", "admin")
    assert code == 0, err
    assert json.loads(cli("settings", "list", "--json")[1])[key] == expected


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("print.layout", "a3", "a4 或 roll80"),
        ("tickets.due_days", "30", "1 到 15"),
        ("print.qr", "maybe", "true 或 false"),
        ("window.authorisation", '{"LOCAL-0001": ["受理"]}', '"*"'),
        ("window.authorisation", '{"*": ["盖章"]}', "授权深度只能取"),
        ("device.id", "x", "不能直接修改"),
        ("no.such", "1", "没有设置项"),
    ],
)
def test_settings_refuse_bad_values(initialised, key, value, message):
    code, _, err = initialised("settings", "set", key, value, "--by", "admin")
    assert code == 1 and message in err


def test_refusal_slip_prints_the_configured_bodies(initialised, tmp_path):
    from tests.cli.test_cli_intake import application, write
    from tests.printing.slip_helpers import flat_text

    cli = initialised
    for key, value in (
        ("print.reconsideration_body", "东湖区人民政府"),
        ("print.litigation_court", "东湖区人民法院"),
        ("print.litigation_limit", "六个月"),
    ):
        assert cli("settings", "set", key, value, "--by", "admin")[0] == 0
    code, out, err = cli(
        "intake",
        write(tmp_path, application(outcome="refuse", reason="不属于本窗口受理范围")),
        "--json",
    )
    assert code == 0, err
    text = flat_text(Path(json.loads(out)["documents"][0]).read_bytes())
    assert "东湖区人民政府" in text and "东湖区人民法院" in text and "六个月" in text
