"""证明事项告知承诺书: both copies, every promised material with its text, consequences, check and
date, the ID masked on the applicant's copy only, the case's barcode on every page."""

from __future__ import annotations

from dataclasses import replace

import pytest
import slip_samples
from slip_helpers import decode, page_texts, pages_1bit, render_pdf, squash

from app.core.errors import CounterError
from app.printing.kit import mask_id
from app.printing.model import LAYOUTS

APPLICANT_COPY = "（第一联　申请人留存联）"
WINDOW_COPY = "（第二联　窗口留存联）"


def copies(layout: str) -> tuple[str, str]:
    """The applicant's and the window's copy, as text without whitespace."""
    pages = [squash(t) for t in page_texts(render_pdf("promise", slip_samples.promise(), layout))]
    split = next(i for i, t in enumerate(pages) if squash(WINDOW_COPY) in t)
    return "".join(pages[:split]), "".join(pages[split:])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_both_copies_say_what_was_promised_and_how_it_is_checked(layout: str) -> None:
    p = slip_samples.promise()
    for text in copies(layout):
        for words in (
            "证明事项告知承诺书",
            p.case.item_name,
            p.case.case_no,
            "自愿以书面承诺代替下列2项证明材料",
            "承诺人（签字）",
            f"代办人{slip_samples.AGENT.name}（签字）",
            "窗口工作人员",
            "年月日",
        ):
            assert squash(words) in text, words
        for i, m in enumerate(p.promised, 1):
            assert squash(f"{i}.以承诺代替：{m.name}") in text
            assert squash(m.text) in text
            assert squash(m.consequences or "") in text
            assert squash(f"核查方式：{m.check}。核查期限：2026年12月7日前") in text
            assert squash(f"（自受理之日起{m.check_days}个工作日内）") in text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_id_is_masked_on_the_applicants_copy_only(layout: str) -> None:
    number = slip_samples.APPLICANT.id_number
    applicant, window = copies(layout)
    assert squash(APPLICANT_COPY) in applicant
    assert number not in applicant and mask_id(number) in applicant
    assert number in window


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_page_scans_back_to_the_case_number(layout: str) -> None:
    p = slip_samples.promise()
    pages = list(pages_1bit(render_pdf("promise", p, layout)))
    assert len(pages) >= 2  # one sheet per copy at least
    assert all(decode(page) == [p.case.case_no] for page in pages)


def test_before_acceptance_the_check_runs_from_it() -> None:
    p = replace(slip_samples.promise(), check_due=None)
    text = squash("".join(page_texts(render_pdf("promise", p, "a4"))))
    assert squash("核查期限：自受理之日起10个工作日内。") in text


def test_a_letter_without_a_promised_material_is_refused() -> None:
    with pytest.raises(CounterError) as exc:
        render_pdf("promise", replace(slip_samples.promise(), promised=()), "a4")
    assert exc.value.code == "print.no_promise"
