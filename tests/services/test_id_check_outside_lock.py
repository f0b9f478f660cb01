"""A visit's ID check values (scrypt, tens of ms) are made before its write lock is taken."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

import pytest

from app.core import id_check as checks
from app.core.cases import IntakeRequest
from app.core.checklist import Verdict
from app.core.identity import resident_id_check_char
from app.core.parties import Party

NOW = datetime(2026, 3, 2, 9, 30)  # a Monday
ITEM, ANSWERS = "DEMO-0019", {"q1": ["a4"], "q2": ["b1"]}

pytestmark = pytest.mark.usefixtures("window")


def test_intake_makes_the_check_before_the_write_lock(ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    checks.forget_all()
    writing = []
    made_while_writing = []
    real_write, real_scrypt = ctx.store.write, checks._scrypt

    @contextmanager
    def write():  # type: ignore[no-untyped-def]
        writing.append(True)
        try:
            with real_write() as s:
                yield s
        finally:
            writing.pop()

    def scrypt(key):  # type: ignore[no-untyped-def]
        made_while_writing.append(bool(writing))
        return real_scrypt(key)

    monkeypatch.setattr(ctx.store, "write", write)
    monkeypatch.setattr(checks, "_scrypt", scrypt)
    first17 = "11010519491231003"
    person = Party("person", "李四", "resident_id", first17 + resident_id_check_char(first17))
    pv = ctx.visits.preview(ITEM, ANSWERS, {}, NOW.date())
    ok = {m.id: Verdict("ok") for m in pv.evaluation.applicable}
    ctx.visits.submit(IntakeRequest("clerk1", ITEM, person, ANSWERS, ok), now=NOW, slips=False)
    assert made_while_writing == [False]
    checks.forget_all()
