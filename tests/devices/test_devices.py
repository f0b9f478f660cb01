"""Device interfaces and their simulators (no Qt)."""

from __future__ import annotations

import json
import sys

import pytest

from app.core.errors import CounterError
from app.devices.config import DeviceConfig, load_config, make_id_reader, make_pad, save_config
from app.devices.evaluation_pad import FileEvaluationPad, PadAnswer, ReviewAsk
from app.devices.id_card import FileIdCardReader, HelperIdCardReader, IdCard
from app.devices.scanner import ScanBurstDetector

CARD = {
    "name": "张𠈌",
    "id_number": "11010519491231002X",
    "sex": "男",
    "nation": "汉",
    "birth": "19491231",
    "address": "北京市西城区",
    "issuer": "北京市公安局西城分局",
}


def test_file_reader_reads_a_card_and_no_card(tmp_path):
    path = tmp_path / "card.json"
    reader = FileIdCardReader(path)
    assert reader.read() is None
    path.write_text(json.dumps(CARD, ensure_ascii=False), encoding="utf-8")
    card = reader.read()
    assert card == IdCard(**CARD)


def test_file_reader_hands_out_a_list_in_turn(tmp_path):
    path = tmp_path / "cards.json"
    path.write_text(json.dumps([CARD, {**CARD, "name": "赵孟𫖯"}], ensure_ascii=False), "utf-8")
    reader = FileIdCardReader(path)
    assert [reader.read().name for _ in range(3)] == ["张𠈌", "赵孟𫖯", "张𠈌"]


def test_a_card_without_a_number_is_refused(tmp_path):
    path = tmp_path / "card.json"
    path.write_text('{"name": "张三"}', encoding="utf-8")
    with pytest.raises(CounterError) as err:
        FileIdCardReader(path).read()
    assert err.value.code == "device.card_data"


def test_helper_process_protocol_end_to_end(tmp_path):
    path = tmp_path / "card.json"
    reader = HelperIdCardReader(
        [sys.executable, "-m", "app.devices.id_helper_sim", str(path)], timeout=30
    )
    try:
        assert reader.read() is None
        path.write_text(json.dumps(CARD, ensure_ascii=False), encoding="utf-8")
        assert reader.read().name == "张𠈌"  # rare character through the pipe
        path.write_text("{broken", encoding="utf-8")
        with pytest.raises(CounterError) as err:
            reader.read()
        assert err.value.code == "device.reader"
    finally:
        reader.close()


def test_helper_that_cannot_start_says_so():
    reader = HelperIdCardReader(["/nonexistent/idreader-helper.exe"])
    with pytest.raises(CounterError) as err:
        reader.read()
    assert err.value.code == "device.helper"


CASE_NO = "C3301-W03-20261123-0007"


def test_scanner_burst_is_a_case_number_typed_fast():
    d = ScanBurstDetector(max_gap_ms=50)
    t = 1000.0
    for ch in CASE_NO:
        d.key(ch, t)
        t += 4
    assert d.enter(t) == CASE_NO


def test_person_typing_is_not_a_scan():
    d = ScanBurstDetector(max_gap_ms=50)
    t = 0.0
    for ch in CASE_NO:
        d.key(ch, t)
        t += 180
    assert d.enter(t) is None


def test_fast_typing_of_something_else_is_not_a_scan():
    d = ScanBurstDetector(max_gap_ms=50)
    for n, ch in enumerate("11010519491231002X"):
        d.key(ch, n * 5.0)
    assert d.enter(100.0) is None


def test_a_pause_starts_a_new_burst():
    d = ScanBurstDetector(max_gap_ms=50)
    d.key("x", 0)
    t = 1000.0
    for ch in CASE_NO:
        d.key(ch, t)
        t += 4
    assert d.enter(t) == CASE_NO


def test_pad_simulator(tmp_path):
    path = tmp_path / "pad.json"
    pad = FileEvaluationPad(path)
    ask = ReviewAsk("rec-1", "李窗口")
    assert pad.ask(ask) is None
    path.write_text('{"level": 2, "reason": "等候时间长"}', encoding="utf-8")
    assert pad.ask(ask) == PadAnswer(2, "等候时间长")
    path.write_text('{"level": 9}', encoding="utf-8")
    with pytest.raises(CounterError):
        pad.ask(ask)


def test_config_round_trip_and_factories(tmp_path):
    assert load_config(tmp_path) == DeviceConfig()
    cfg = DeviceConfig(
        id_reader="simulator",
        id_card_file=str(tmp_path / "c.json"),
        pad="simulator",
        pad_file=str(tmp_path / "p.json"),
    )
    save_config(tmp_path, cfg)
    assert load_config(tmp_path) == cfg
    assert isinstance(make_id_reader(cfg), FileIdCardReader)
    assert isinstance(make_pad(cfg), FileEvaluationPad)
    assert make_id_reader(DeviceConfig()) is None and make_pad(DeviceConfig()) is None
    (tmp_path / "devices.json").write_text("{not json", encoding="utf-8")
    assert load_config(tmp_path) == DeviceConfig()


def test_devices_do_not_import_qt():
    import subprocess

    code = (
        "import sys, app.devices.config, app.devices.scanner, app.devices.id_helper_sim, "
        "app.services.drafts; assert not any(m.startswith('PySide6') for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
