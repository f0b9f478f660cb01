"""Long lists flow instead of being cut; the roll is one page as long as its content."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from typing import Any

import pypdf
import pytest
import slip_samples
from reportlab.lib.units import mm
from slip_helpers import flat_text, page_sizes, page_texts, render_pdf, resources, squash

from app.core.errors import CounterError
from app.printing import DOCS, LAYOUTS, MaterialLine
from app.printing.fonts import fontset
from app.printing.text import wrap_lines
from app.printing.tounicode import make_tounicode_cmap


@pytest.mark.parametrize("layout", LAYOUTS)
def test_one_time_notice_lists_all_twelve_missing_materials(
    layout: str, items: list[dict[str, Any]]
) -> None:
    c = slip_samples.correction_many(items, 12)
    assert len(c.outstanding) == 12
    pdf = render_pdf("correction", c, layout)
    text = flat_text(pdf)
    assert "共12项" in text
    for i, m in enumerate(c.outstanding, 1):
        assert squash(m.name) in text, m.name
        assert squash(m.reason or "") in text
        assert f"第{i}项：申请人未携带" in text
    if layout == "roll80":
        assert len(page_sizes(pdf)) == 1, "the whole notice is one receipt"
    # the closing (signatures and seal) comes after the last material, nothing is cut
    assert text.rindex("第12项") < text.rindex("申请人（签收）")


def test_a4_list_flows_onto_more_pages_with_numbered_pages(items: list[dict[str, Any]]) -> None:
    c = slip_samples.correction_many(items, 30)
    pdf = render_pdf("correction", c, "a4")
    texts = page_texts(pdf)
    assert len(texts) >= 2
    assert "第 1 页 / 共" in texts[0] and "（续）" in texts[1]
    text = flat_text(pdf)
    for m in c.outstanding:
        assert squash(m.name) in text
    header = texts[1].splitlines()  # the table header repeats on the continuation page
    assert any("序号" in line and "材料名称" in line for line in header)


@pytest.mark.parametrize("doc", sorted(DOCS))
def test_roll_pages_are_80mm_and_exactly_as_long_as_needed(doc: str, slips: dict[str, Any]) -> None:
    sizes = page_sizes(render_pdf(doc, slips[doc], "roll80"))
    # A sheet is one receipt: the tolerance notice has three, the promise letter two (its
    # copies), a bundle one per back office.
    sheets = {"tolerance": 3, "promise": 2}
    if doc == "bundletransfer":
        sheets[doc] = len(slips[doc].slips)
    assert len(sizes) == sheets.get(doc, 1)
    for width, height in sizes:
        assert width == pytest.approx(80 * mm, abs=0.01)
        assert 60 * mm < height < 600 * mm


def test_roll_longer_than_the_driver_limit_continues(items: list[dict[str, Any]]) -> None:
    c = slip_samples.correction_many(items, 30)
    limit = replace(slip_samples.SETTINGS, roll_max_height_mm=300)
    sizes = page_sizes(render_pdf("correction", c, "roll80", limit))
    assert len(sizes) >= 2
    assert all(h == pytest.approx(300 * mm, abs=1) for _, h in sizes)
    text = flat_text(render_pdf("correction", c, "roll80", limit))
    for m in c.outstanding:
        assert squash(m.name) in text


def test_tolerance_prints_two_copies_and_the_commitment(slips: dict[str, Any]) -> None:
    texts = page_texts(render_pdf("tolerance", slips["tolerance"], "a4"))
    assert len(texts) == 3
    assert "第一联" in texts[0] and "第二联" in texts[1] and "容缺受理承诺书" in texts[2]
    assert "申请人留存联" in texts[0] and "窗口存档联" in texts[1] and "窗口存档联" in texts[2]
    assert "承诺人（签字）" in texts[2]


def test_e_seal_image_is_placed(tmp_path: Any, slips: dict[str, Any]) -> None:
    seal = slip_samples.demo_seal(str(tmp_path / "seal.png"))
    pdf = render_pdf(
        "acceptance", slips["acceptance"], "a4", replace(slip_samples.SETTINGS, e_seal_image=seal)
    )
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    xobjects = resources(page)["/XObject"]
    assert any(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values())
    assert "（盖章）" not in page.extract_text()  # the e-seal is the stamp


def test_missing_seal_image_is_reported(slips: dict[str, Any]) -> None:
    with pytest.raises(CounterError) as err:
        render_pdf(
            "acceptance",
            slips["acceptance"],
            "a4",
            replace(slip_samples.SETTINGS, e_seal_image="/nonexistent/seal.png"),
        )
    assert err.value.code == "print.seal_image"


# -- text layout ------------------------------------------------------------------------------
def test_wrapping_keeps_numbers_whole_and_punctuation_attached() -> None:
    fonts = fontset()
    text = (
        "申请人张𠈌（居民身份证：330106********1231）于2026年11月23日提交申请，"
        "受理编号C3301060001-W03-20261123-0012，请于期限内补正。"
    ) * 3
    for width in (60.0, 120.0, 200.0, 330.0):
        lines = [line for line, _ in wrap_lines(text, 9, width, fonts)]
        assert "".join(lines) == text  # nothing lost, nothing added
        for line in lines:
            assert fonts.width(line, 9) <= width + 1e-6 or len(line) == 1
            assert line[0] not in "，。）；：、"  # 禁则: no closing punctuation first
            assert line[-1] not in "（“"  # nor an opener last
        if width >= 120:  # the masked ID fits a line, so it is never split
            assert any("330106********1231" in line for line in lines)


def test_explicit_newlines_and_spaces() -> None:
    lines = wrap_lines("第一行\n第二行  two words", 10, 500, fontset())
    assert [line for line, _ in lines] == ["第一行", "第二行  two words"]
    assert [end for _, end in lines] == [True, True]


def test_rare_characters_fall_back_to_hanamin() -> None:
    fonts = fontset()
    runs = fonts.runs("王𪚥张𠈌")
    assert runs == [("CounterSansSC", "王"), ("CounterHanaMinB", "𪚥"), ("CounterSansSC", "张𠈌")]


def test_tounicode_writes_utf16_surrogates() -> None:
    cmap = make_tounicode_cmap("F1+0", [0, 0x5F20, 0x2020C] + [0x4E00 + i for i in range(150)])
    assert "<01> <5F20>" in cmap
    assert "<02> <D840DE0C>" in cmap  # 𠈌 as a surrogate pair, not <2020C>
    assert "100 beginbfchar" in cmap and "52 beginbfchar" in cmap  # blocks of at most 100


# -- refusals to print a wrong slip -----------------------------------------------------------
@pytest.mark.parametrize(
    ("doc", "change", "code"),
    [
        ("acceptance", {"outcome": "refused"}, "print.wrong_outcome"),
        ("refusal", {"refusal_reason": " "}, "print.no_reason"),
        ("correction", {"materials": ()}, "print.no_corrections"),
        ("tolerance", {"supplement_deadline": None}, "print.no_deadline"),
        ("tolerance", {"supplement_deadline": date(2026, 12, 31)}, "print.deadline_after_promise"),
        (
            "tolerance",
            {"materials": (MaterialLine("户口簿", verdict="missing"),)},
            "print.not_tolerable",
        ),
    ],
)
def test_inconsistent_cases_are_refused(
    doc: str, change: dict[str, Any], code: str, slips: dict[str, Any]
) -> None:
    with pytest.raises(CounterError) as err:
        render_pdf(doc, replace(slips[doc], **change), "a4")
    assert err.value.code == code


def test_refusal_needs_the_review_bodies(slips: dict[str, Any]) -> None:
    with pytest.raises(CounterError) as err:
        render_pdf(
            "refusal",
            slips["refusal"],
            "a4",
            replace(slip_samples.SETTINGS, reconsideration_body=""),
        )
    assert err.value.code == "print.settings_missing"


@pytest.mark.parametrize(
    ("doc", "layout", "code"),
    [
        ("receipt", "a4", "print.unknown_doc"),
        ("acceptance", "a5", "print.layout"),
        ("transfer", "a4", "print.wrong_data"),
    ],
)
def test_bad_requests(doc: str, layout: str, code: str, slips: dict[str, Any]) -> None:
    with pytest.raises(CounterError) as err:
        render_pdf(doc, slips["acceptance"], layout)
    assert err.value.code == code


def _blank_below(page: Any) -> float:
    """Share of the page below its last printed line, the page-number footer left out."""
    img = page.render(scale=0.4).to_pil().convert("L")
    w, h = img.size
    px = img.load()
    for y in range(int(h * (1 - 16 / 297)), -1, -1):
        if any(px[x, y] < 128 for x in range(w)):
            return 1 - y / h
    return 1.0


def test_guides_fill_their_pages() -> None:
    """A guide's first page was left 60% blank (its heading kept with the whole materials
    table) and a last page could carry four lines: every page but the last is full, and a last
    page carries more than a few lines. Every item of the demo catalog, on A4."""
    import json
    from datetime import datetime

    import pypdfium2 as pdfium

    from app.core.catalog_format import load_item
    from app.paths import resources_dir
    from app.printing import guide_from_item

    raw = json.loads(
        (resources_dir() / "catalog" / "demo-catalog.json").read_text(encoding="utf-8")
    )
    longer = 0
    for data in raw["items"]:
        item = load_item(dict(data))
        gs = guide_from_item(item, slip_samples.HEADER, datetime(2026, 11, 23, 10, 15))
        pages = list(pdfium.PdfDocument(render_pdf("guide", gs, "a4")))
        if len(pages) == 1:
            continue
        longer += 1
        blank = [_blank_below(p) for p in pages]
        assert max(blank[:-1]) < 0.2, (item.code, blank)
        assert blank[-1] < 0.75, (item.code, blank)  # more than a few lines
    assert longer > 10  # the check is not empty
