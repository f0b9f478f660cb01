"""The county's volume-number rule (档号规则) published from the central, against a real
PostgreSQL: checked as the window's own rule is (and, going to the whole county, naming the
centre), pulled by windows (the newest wins), numbering the volumes filed from then on while
volumes filed before keep theirs; the window's own rule is refused once the county's arrived."""

from __future__ import annotations

from typing import Any

import pytest

from app.cli.main import main
from app.core.archive_package import VolumeRule
from app.core.cases import CaseState
from app.core.errors import CounterError
from app.models.schema import Case
from app.services.archive import ArchiveService
from app.services.case_state import change_state
from app.sync.central_archive_rule import publish_archive_rule
from app.sync.pull import cursor

from .conftest import CentralDb
from .intakes import NOW, accept, ready

pytestmark = pytest.mark.central


def ended(w: Any, n: int) -> list[str]:
    """``n`` cases accepted and delivered at NOW: ready to be filed."""
    numbers = accept(w.ctx, n)
    with w.ctx.store.write() as s:
        for no in numbers:
            case = s.query(Case).filter_by(case_no=no).one()
            for state in (CaseState.RESULT_READY, CaseState.DELIVERED):
                change_state(s, case, state, clerk="clerk1", note=None, origin="local", now=NOW)
    return numbers


def rules_published(central: CentralDb) -> int:
    return int(
        central.scalar("SELECT count(*) FROM counter.publications WHERE dataset = 'archive_rule'")
    )


def central_cli(central: CentralDb, capsys: Any, *argv: str) -> tuple[int, str]:
    code = main(["central", "archive", "rule", *argv, "--db", central.url])
    out, err = capsys.readouterr()
    return code, out + err


def test_the_county_rule_numbers_the_volumes_filed_after_the_sync(
    central: CentralDb, make_window: Any, capsys: Any
) -> None:
    w = ready(make_window("C01", "W01"))
    first, second = ended(w, 2)
    svc = ArchiveService(w.ctx)
    before = svc.file_case(first, "clerk1", svc.rule(), now=NOW)
    assert before.volume_no == "C01-2026-D30-W01-00001"  # the window's own (default) rule

    code, out = central_cli(
        central, capsys, "--template", "{fonds}-{centre}-{year}-{window}-{seq:04d}",
        "--fonds", "J012", "--retention", "Y",
    )  # fmt: skip
    assert code == 0, out
    assert "已发布 archive_rule" in out and "全县" in out
    assert svc.central_rule() is None  # not before the sync
    assert w.sync().ok
    version, rule = svc.central_rule() or (0, VolumeRule())
    assert cursor(w.ctx, "archive_rule") == version > 0
    assert rule == VolumeRule("{fonds}-{centre}-{year}-{window}-{seq:04d}", "J012", "Y")

    after = svc.file_case(second, "clerk1", svc.rule(), now=NOW)
    assert after.volume_no == "J012-C01-2026-W01-0002"
    numbers = {v.case_no: v.volume_no for v in svc.volumes()}
    assert numbers == {first: before.volume_no, second: after.volume_no}  # never renumbered

    # The window's own rule is refused from now on, naming the central command; unchanged.
    with pytest.raises(CounterError) as err:
        svc.set_rule(VolumeRule("{centre}-{year}-{window}-{seq}"))
    assert err.value.code == "archive.rule_central"
    assert "counter central archive rule" in err.value.message
    code = main(
        ["--home", str(w.ctx.home.root), "archive", "rule", "--template", "{year}-{window}-{seq}",
         "--by", "boss"]
    )  # fmt: skip
    out, errs = capsys.readouterr()
    assert code != 0 and "counter central archive rule" in out + errs
    assert svc.rule() == rule

    # A newer publication replaces it at the next sync.
    publish_archive_rule(central.url, VolumeRule("{centre}-{window}-{year}-{seq:05d}"))
    assert w.sync().ok
    assert svc.rule() == VolumeRule("{centre}-{window}-{year}-{seq:05d}")


def test_a_bad_rule_is_refused_and_nothing_is_published(
    central: CentralDb, make_window: Any, capsys: Any
) -> None:
    make_window("C01", "W01")
    # The window's own check: {year}, {window} and {seq}; known parts only.
    code, out = central_cli(central, capsys, "--template", "{centre}-{year}-{seq}")
    assert code != 0 and "{window}" in out and "未发布" in out
    code, out = central_cli(central, capsys, "--template", "{centre}-{year}-{window}-{nope}")
    assert code != 0 and "{nope}" in out
    # The whole county: a window code is unique only in its centre, so the centre is named.
    code, out = central_cli(
        central, capsys, "--template", "{fonds}-{year}-{window}-{seq}", "--fonds", "J012"
    )
    assert code != 0 and "{centre}" in out and "--centre" in out
    with pytest.raises(CounterError) as err:
        publish_archive_rule(central.url, VolumeRule("X-{year}-{window}-{seq}"))
    assert err.value.code == "archive.rule_county"
    with pytest.raises(CounterError) as err:
        publish_archive_rule(central.url, VolumeRule("{centre}-{year}-{window}-{seq}"), "C09")
    assert err.value.code == "central.unknown_centre"
    assert rules_published(central) == 0
    # One centre may give its own 全宗号 without naming the centre.
    code, out = central_cli(
        central, capsys, "--template", "{fonds}-{year}-{window}-{seq}", "--fonds", "J012",
        "--centre", "C01",
    )  # fmt: skip
    assert code == 0, out
    assert "C01" in out and rules_published(central) == 1


def test_a_rule_for_one_centre_leaves_the_others_their_own(
    central: CentralDb, make_window: Any
) -> None:
    mine = make_window("C01", "W01")
    other = make_window("C02", "W01")
    publish_archive_rule(central.url, VolumeRule("{fonds}-{year}-{window}-{seq}", "J012"), "C01")
    assert mine.sync().ok and other.sync().ok
    assert ArchiveService(mine.ctx).rule().fonds == "J012"
    theirs = ArchiveService(other.ctx)
    assert theirs.central_rule() is None
    assert theirs.set_rule(VolumeRule(fonds="J099")).fonds == "J099"
    assert theirs.rule() == VolumeRule(fonds="J099")
