"""Authorisation from the post table at the window (services/posts.py): the window setting
applies only without a published table; 原件核验 and 收件 are enforced."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from app.core.cases import IntakeRequest
from app.core.checklist import ACCEPT, CORRECTION, Verdict
from app.core.errors import CounterError
from app.core.posts import FORMAT_TAG, parse_posts
from app.services.posts import store_published
from app.services.settings import AUTH_DEPTHS, Settings
from tests.services.test_intake_service import count

NOW = datetime(2026, 11, 23, 10, 0)
ANSWERS = {"s": ["s1"]}  # LOCAL-0009: m1 is 收原件及复印件


def publish(ctx, depths: list[str], items: object = "*") -> None:
    doc = {
        "format": FORMAT_TAG,
        "version": "t1",
        "posts": [
            {
                "code": "P1",
                "name": "前台综合受理",
                "kind": "前台",
                "items": items,
                "depths": {"*": depths},
                "members": [{"username": "clerk1", "role": "A"}],
            }
        ],
    }
    with ctx.store.write() as s:
        store_published(s, 1, parse_posts(doc))


def all_ok(ctx, code: str, answers) -> dict[str, Verdict]:
    pv = ctx.visits.preview(code, answers, {}, NOW.date(), clerk="clerk1")
    return {m.id: Verdict("ok") for m in pv.evaluation.applicable}


def test_without_a_table_the_window_setting_applies(window) -> None:
    assert window.visits.authorised("LOCAL-0009", "clerk1", NOW.date()) == set(AUTH_DEPTHS)
    with window.store.write() as s:
        Settings.authorisation.set(s, {"*": ["收件", "一次性告知"]})
    assert window.visits.authorised("LOCAL-0009", "clerk1") == {"收件", "一次性告知"}
    publish(window, list(AUTH_DEPTHS), ["LOCAL-0001"])
    # The table wins over the setting, per item.
    assert window.visits.authorised("LOCAL-0001", "clerk1") == set(AUTH_DEPTHS)
    assert window.visits.authorised("LOCAL-0009", "clerk1") == set()
    assert window.visits.authorised("LOCAL-0001", "admin") == set()


def test_an_original_is_recorded_as_checked_only_with_original_checking(window, applicant) -> None:
    publish(window, ["收件", "一次性告知", "受理"])
    req = IntakeRequest(
        "clerk1", "LOCAL-0009", applicant, ANSWERS, all_ok(window, "LOCAL-0009", ANSWERS)
    )
    with pytest.raises(CounterError) as err:
        window.visits.submit(replace(req, outcome=ACCEPT), now=NOW, slips=False)
    assert err.value.code == "verdict.original" and err.value.path == "materials.m1"
    assert "原件核验" in err.value.message
    assert count(window, "records") == 0
    # Marked missing instead, the clerk tells the applicant (一次性告知).
    verdicts = {**req.verdicts, "m1": Verdict("missing")}
    done = window.visits.submit(
        replace(req, verdicts=verdicts, outcome=CORRECTION),
        now=NOW,
        slips=False,
    )
    assert done.outcome == CORRECTION
    publish(window, ["收件", "原件核验", "一次性告知", "受理"])
    done = window.visits.submit(replace(req, outcome=ACCEPT), now=NOW, slips=False)
    assert done.outcome == ACCEPT


def test_without_receiving_no_intake_starts(window, applicant) -> None:
    publish(window, ["一次性告知", "受理"])
    with pytest.raises(CounterError) as err:
        window.visits.require_intake("LOCAL-0001", "clerk1", NOW.date())
    assert err.value.code == "post.not_authorised"
    assert "前台综合受理" in err.value.message and "收件" in err.value.message
    with pytest.raises(CounterError) as err:
        window.visits.submit(
            IntakeRequest("clerk1", "LOCAL-0001", applicant, {"s": ["s2"]}, {}), now=NOW
        )
    assert err.value.code == "post.not_authorised"
    assert count(window, "records") == 0


def test_a_bundle_needs_receiving_on_every_member(window, applicant) -> None:
    from tests.services.test_bundle_intake import NOW as MONDAY
    from tests.services.test_bundle_intake import request

    req = request(window, applicant)  # verdicts while the window setting still applies
    publish(window, list(AUTH_DEPTHS), ["DEMO-0026", "DEMO-0004"])  # not DEMO-0009
    with pytest.raises(CounterError) as err:
        window.bundles.submit(req, now=MONDAY)
    assert err.value.code == "post.not_authorised" and "DEMO-0009" in err.value.message
    assert err.value.path == "outcomes.DEMO-0009"
    assert count(window, "records") == 0


def test_the_result_is_handed_over_only_with_delivery(window, applicant) -> None:
    answers = {"s": ["s2"]}
    res = window.visits.submit(
        IntakeRequest(
            "clerk1", "LOCAL-0001", applicant, answers, all_ok(window, "LOCAL-0001", answers)
        ),
        now=NOW,
        slips=False,
    )
    window.case_state.set_state(res.case_no, "transferred", "clerk1")
    window.case_state.set_state(res.case_no, "result_ready", "clerk1", origin="central")
    publish(window, ["收件", "原件核验", "一次性告知", "受理"])
    with pytest.raises(CounterError) as err:
        window.visits.pickup(res.case_no, "clerk1", applicant, by_agent=False)
    assert err.value.code == "post.not_authorised" and "结果送达" in err.value.message
    assert window.cases.case(res.case_no).state == "result_ready"
    publish(window, ["结果送达"])
    done = window.visits.pickup(res.case_no, "clerk1", applicant, by_agent=False)
    assert done.state == "delivered"
