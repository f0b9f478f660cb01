"""Case numbers are never issued twice by copies of one store: restore, copy, reinstall.

Each test runs whole processes' worth of work: open the data directory, accept cases, close,
as a window PC does across days and mishaps.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from app.bootstrap import Context, open_context
from app.core.case_numbers import parse_case_no
from app.core.cases import IntakeRequest
from app.core.checklist import Verdict
from app.core.parties import Party
from app.paths import Home
from app.services import case_issuer
from app.services.case_issuer import IssuerState
from app.services.window import FirstAdmin, WindowSetup, initialise
from tests.conftest import PASSWORD, publish_coming_years
from tests.stores import connect_store

NOW = datetime(2026, 2, 13, 10, 0)


def set_up(home: Home) -> Context:
    ctx = open_context(home)
    initialise(
        ctx.store,
        ctx.users,
        WindowSetup("C3301", "城东街道便民服务中心", "W03"),
        FirstAdmin("admin", "王管理", PASSWORD),
    )
    ctx.users.add("clerk1", "李窗口", "clerk", PASSWORD)
    publish_coming_years(ctx)
    return ctx


def accept(ctx: Context, applicant: Party, n: int = 1) -> list[str]:
    answers = {"s": ["s2"]}
    pv = ctx.visits.preview("LOCAL-0001", answers, {})
    verdicts = {m.id: Verdict("ok") for m in pv.evaluation.applicable}
    return [
        ctx.visits.submit(
            IntakeRequest("clerk1", "LOCAL-0001", applicant, answers, verdicts),
            now=NOW,
            slips=False,
        ).case_no
        for _ in range(n)
    ]


def issuers(numbers: list[str]) -> set[str | None]:
    return {parse_case_no(n).issuer for n in numbers}  # type: ignore[union-attr]


def backup(db: Path, to: Path) -> None:
    src, dst = connect_store(db), connect_store(to)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def restore(copy: Path, home: Home) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(home.db) + suffix).unlink(missing_ok=True)
    shutil.copyfile(copy, home.db)


def test_a_restored_backup_never_repeats_a_number(tmp_path: Path, applicant: Party) -> None:
    home = Home(tmp_path / "window")
    ctx = set_up(home)
    morning = accept(ctx, applicant, 2)
    backup(home.db, tmp_path / "backup.sqlite3")  # taken while the window works
    noon = accept(ctx, applicant, 2)
    ctx.close()
    ctx = open_context(home)
    afternoon = accept(ctx, applicant, 1)
    ctx.close()

    restore(tmp_path / "backup.sqlite3", home)
    ctx = open_context(home)
    after = accept(ctx, applicant, 3)
    ctx.close()
    numbers = morning + noon + afternoon + after
    assert len(set(numbers)) == len(numbers) == 8
    assert issuers(after).isdisjoint(issuers(morning + noon + afternoon))


def test_a_backup_taken_in_the_same_process_is_recognised(tmp_path: Path, applicant: Party) -> None:
    home = Home(tmp_path / "window")
    ctx = set_up(home)
    first = accept(ctx, applicant, 1)
    backup(home.db, tmp_path / "backup.sqlite3")
    second = accept(ctx, applicant, 2)
    ctx.close()
    restore(tmp_path / "backup.sqlite3", home)
    ctx = open_context(home)
    again = accept(ctx, applicant, 2)
    ctx.close()
    assert len(set(first + second + again)) == 5


def test_a_store_copied_into_another_data_directory_takes_a_new_issuer(
    tmp_path: Path, applicant: Party
) -> None:
    home = Home(tmp_path / "old-pc")
    ctx = set_up(home)
    old = accept(ctx, applicant, 2)
    ctx.close()
    new_home = Home(tmp_path / "new-pc")
    new_home.ensure()
    backup(home.db, new_home.db)
    ctx = open_context(new_home)
    new = accept(ctx, applicant, 2)
    ctx.close()
    assert issuers(new).isdisjoint(issuers(old))
    assert len(set(old + new)) == 4


def test_the_same_store_keeps_its_issuer_and_sequence_across_starts(
    tmp_path: Path, applicant: Party
) -> None:
    home = Home(tmp_path / "window")
    ctx = set_up(home)
    first = accept(ctx, applicant, 2)
    ctx.close()
    ctx = open_context(home)
    second = accept(ctx, applicant, 1)
    ctx.close()
    (tag,) = issuers(first + second)
    assert tag is not None
    assert second == [f"C3301-W03-20260213-{tag}-0003"]


def test_a_lost_generation_file_costs_only_a_new_issuer(
    tmp_path: Path, applicant: Party, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Home(tmp_path / "window")
    ctx = set_up(home)
    first = accept(ctx, applicant, 1)

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(case_issuer, "_overwrite", full_disk)
        second = accept(ctx, applicant, 1)  # the intake goes through all the same
    third = accept(ctx, applicant, 2)
    with ctx.store.read() as s:
        used = IssuerState.used.get(s)
    ctx.close()
    numbers = first + second + third
    assert len(set(numbers)) == 4 and len(used) == 2
    assert issuers(first) == issuers(second) and issuers(third).isdisjoint(issuers(first))


def test_numbers_issued_before_issuers_still_open(window: Context, applicant: Party) -> None:
    (new,) = accept(window, applicant)
    old = new.replace(f"-{parse_case_no(new).issuer}-", "-")  # type: ignore[union-attr]
    with window.store.write() as s:
        from app.models.schema import Case

        s.get(Case, window.cases.case(new).id).case_no = old
    assert window.cases.case(old.lower()).case_no == old


@pytest.mark.parametrize("tag", ["", "K", "KKK", "IO", "12", "k7", None, 7])
def test_a_damaged_issuer_setting_is_replaced_not_printed(
    window: Context, applicant: Party, tag: object
) -> None:
    with window.store.write() as s:
        IssuerState.issuer.set(s, tag)  # type: ignore[arg-type]
    (number,) = accept(window, applicant)
    parts = parse_case_no(number)
    assert parts is not None and parts.issuer is not None and parts.issuer != tag


def test_an_unreadable_generation_file_does_not_burn_an_issuer_per_case(
    tmp_path: Path, applicant: Party
) -> None:
    home = Home(tmp_path / "window")
    ctx = set_up(home)
    (home.root / case_issuer.SIDECAR).mkdir()  # exists, cannot be read or replaced
    numbers = accept(ctx, applicant, 3)
    with ctx.store.read() as s:
        used = IssuerState.used.get(s)
    ctx.close()
    assert len(used) == 1 and len(issuers(numbers)) == 1
