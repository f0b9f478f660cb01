"""Files Counter writes survive a power cut once the call that wrote them returned."""

from __future__ import annotations

from app.files import make_folder, write_bytes
from app.paths import Home

from .dropfs import open_durable_tree
from .mount import DropMount


def test_a_slip_in_a_new_case_folder_survives(dropfs: DropMount) -> None:
    home = Home(dropfs.mountpoint / "window")
    home.ensure()
    target = home.case_dir("C01-W01-20261203-AB-0001") / "acceptance-01.pdf"
    make_folder(target.parent)
    write_bytes(target, b"%PDF-1.4 slip")
    dropfs.cut()
    tree = open_durable_tree(dropfs.backing)
    assert tree["/window/cases/C01-W01-20261203-AB-0001/acceptance-01.pdf"] == b"%PDF-1.4 slip"
    assert {"/window/backups", "/window/logs", "/window/cases"} <= set(tree)


def test_without_the_folder_made_durable_the_slip_is_lost(dropfs: DropMount) -> None:
    """What slips did before make_folder: the case folder's name was never fsynced."""
    home = Home(dropfs.mountpoint / "window")
    home.ensure()
    folder = home.case_dir("C01-W01-20261203-AB-0002")
    folder.mkdir()
    write_bytes(folder / "acceptance-01.pdf", b"%PDF-1.4 slip")  # fsyncs file and folder
    dropfs.cut()
    assert not any("AB-0002" in p for p in open_durable_tree(dropfs.backing))


def test_an_existing_folder_made_by_a_process_that_died_is_made_durable(dropfs: DropMount) -> None:
    folder = dropfs.mountpoint / "cases" / "C01-W01-20261203-AB-0003"
    folder.mkdir(parents=True)  # by a process killed before it synced anything
    make_folder(dropfs.mountpoint / "cases")
    make_folder(folder)
    write_bytes(folder / "refusal-01.pdf", b"slip")
    dropfs.cut()
    assert (
        open_durable_tree(dropfs.backing)["/cases/C01-W01-20261203-AB-0003/refusal-01.pdf"]
        == b"slip"
    )


def test_an_intakes_slip_survives_a_cut_right_after_the_call(dropfs: DropMount) -> None:
    from datetime import datetime

    from app.bootstrap import open_context
    from app.core.cases import IntakeRequest
    from app.core.checklist import Verdict
    from tests.sync.intakes import APPLICANT, ready

    home = Home(dropfs.mountpoint / "window")

    class W:
        ctx = open_context(home, load_demo=False)

    from app.services.settings import Settings

    with W.ctx.store.write() as s:
        Settings.centre_code.set(s, "C01")
        Settings.window_code.set(s, "W01")
    ready(W)
    dropfs.sync_all()  # the set-up is old news
    answers = {"s": ["s2"]}
    pv = W.ctx.visits.preview("LOCAL-0001", answers, {})
    verdicts = {m.id: Verdict("ok") for m in pv.evaluation.applicable}
    result = W.ctx.visits.submit(
        IntakeRequest("clerk1", "LOCAL-0001", APPLICANT, answers, verdicts), now=datetime.now()
    )
    slip = result.documents[0]
    printed = open(slip, "rb").read()  # noqa: SIM115 (read before the power goes)
    dropfs.cut()
    W.ctx.close()
    dropfs.mount()
    again = open_context(home, load_demo=False)
    try:
        assert again.cases.case(result.case_no).case_no == result.case_no
        assert open(slip, "rb").read() == printed  # noqa: SIM115
    finally:
        again.close()
