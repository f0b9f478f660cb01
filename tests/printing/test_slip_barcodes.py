"""Barcodes that scan: every page rendered as a 203 dpi thermal head would, decoded by zxing-cpp."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

import pypdf
import pytest
import slip_samples
import zxingcpp
from reportlab.lib.units import mm
from slip_helpers import decode, pages_1bit, render_pdf, resources

from app.core.errors import CounterError
from app.printing import DOCS, LAYOUTS
from app.printing.barcodes import DOT, code128_pattern, module_for, qr_payload
from tests.unavailable import need_pdftoppm

CODED = sorted(d for d in DOCS if d != "guide")  # the guide has no case


def _code(data: Any) -> str:
    return getattr(data, "case_no", None) or data.transfer_no


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("doc", CODED)
def test_every_page_scans_back_to_the_case_number(
    doc: str, layout: str, slips: dict[str, Any]
) -> None:
    data = slips[doc]
    pages = list(pages_1bit(render_pdf(doc, data, layout)))
    assert pages
    found = [decode(page) for page in pages]
    if doc == "bundle":  # every member's case barcode, the first's on every page
        assert all(codes and codes[0] == data.members[0].case_no for codes in found)
        assert {c for codes in found for c in codes} == {m.case_no for m in data.members}
    elif doc == "bundletransfer":  # one sheet per back office, each with its own barcode
        assert [c for codes in found for c in codes] == [t.transfer_no for t in data.slips]
    else:
        for i, codes in enumerate(found, 1):
            assert codes == [_code(data)], f"{doc}/{layout} page {i}"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_continuation_pages_carry_the_barcode(layout: str, items: list[dict[str, Any]]) -> None:
    """A one-time notice long enough to need more pages (A4) or more roll (both scan)."""
    c = slip_samples.correction_many(items, 30)
    pdf = render_pdf(
        "correction", c, layout, replace(slip_samples.SETTINGS, roll_max_height_mm=400)
    )
    pages = list(pages_1bit(pdf))
    assert len(pages) >= 2
    for page in pages:
        assert decode(page) == [c.case_no]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("doc", ["acceptance", "correction", "refusal", "tolerance"])
def test_qr_carries_the_case_number_and_query_address(
    doc: str, layout: str, slips: dict[str, Any]
) -> None:
    data = slips[doc]
    found = {
        text
        for page in pages_1bit(render_pdf(doc, data, layout))
        for text in decode(page, zxingcpp.BarcodeFormat.QRCode)
    }
    assert found == {f"https://zwfw.example.gov.cn/q?no={data.case_no}"}


def test_qr_is_optional(slips: dict[str, Any]) -> None:
    pdf = render_pdf(
        "acceptance", slips["acceptance"], "roll80", replace(slip_samples.SETTINGS, qr=False)
    )
    page = next(pages_1bit(pdf))
    assert decode(page, zxingcpp.BarcodeFormat.QRCode) == []
    assert decode(page) == [slips["acceptance"].case_no]


def test_qr_payload_without_placeholder() -> None:
    assert (
        qr_payload("C1-W1-20261123-0001", "https://x.gov.cn/q")
        == "C1-W1-20261123-0001 https://x.gov.cn/q"
    )
    assert qr_payload("C1-W1-20261123-0001", None) == "C1-W1-20261123-0001"


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    "case_no",
    [
        "C3301060001-W03-20261123-0012",  # before issuers
        "C3301-W03-20261203-K7-0001",  # app.core.case_numbers' shape, 26 characters
        "C3301060001-W03-20261203-K7-0001",  # a longer centre code
        "1-2-20261123-0001",
        "C33010600010001-W0003-20261123-12345",
        "ZXCVBNMASDFGHJKLQWERTYUIOP-ZXCVBNMASDFGHJ-20261123",  # 50 letters and digits
    ],
)
def test_case_numbers_of_any_allowed_length_scan(
    case_no: str, layout: str, slips: dict[str, Any]
) -> None:
    c = replace(slips["acceptance"], case_no=case_no)
    for page in pages_1bit(render_pdf("acceptance", c, layout)):
        assert decode(page) == [case_no]


def test_module_is_two_thermal_dots_for_the_case_number_format() -> None:
    # 0.25 mm bars on the roll: its 72 mm print width, quiet zones on the 4 mm paper margins.
    assert module_for("C3301-W03-20261203-K7-0001", 72 * mm, 4 * mm) == pytest.approx(2 * DOT)
    assert module_for("C3301060001-W03-20261123-0012", 72 * mm, 4 * mm) == pytest.approx(2 * DOT)
    # Longer ones fall back to one-dot bars (still scanned above), the last resort.
    assert module_for(
        "ZXCVBNMASDFGHJKLQWERTYUIOP-ZXCVBNMASDFGHJ-20261123", 72 * mm, 4 * mm
    ) == pytest.approx(DOT)
    with pytest.raises(CounterError) as err:  # 50 letters: 73 mm of bars even at one dot
        module_for("A" * 50, 72 * mm, 4 * mm)
    assert err.value.code == "print.barcode_too_wide"


def test_barcodes_are_vector_graphics(slips: dict[str, Any]) -> None:
    for layout in LAYOUTS:
        pdf = render_pdf("acceptance", slips["acceptance"], layout)
        for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
            xobjects = resources(page).get("/XObject", {})
            assert not xobjects, "no raster images: bars and QR are drawn as rectangles"


def test_pattern_is_python_barcodes_code128() -> None:
    from barcode.codex import Code128

    value = "C3301060001-W03-20261123-0012"
    assert code128_pattern(value) == Code128(value).build()[0]
    assert code128_pattern(value).startswith("11010010000")  # START B


@pytest.mark.parametrize("bad", ["", "受理-0001", "A" * 51, "tab\there"])
def test_unprintable_numbers_are_refused(bad: str) -> None:
    with pytest.raises(CounterError) as err:
        code128_pattern(bad)
    assert err.value.code == "print.barcode_value"


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    ("case_no", "dpi"),
    [
        ("C3301-W03-20261203-K7-0001", "203"),  # two-dot bars on the roll
        ("C3301-W03-20261203-K7-0001", "203.2"),
        # A longer centre code needs one-dot bars on the roll: they land on the head's own grid
        # (8 dots/mm = 203.2 dpi); at 203 dpi the grids drift apart by a third of a dot.
        ("C3301060001-W03-20261203-K7-0001", "203.2"),
    ],
)
def test_poppler_mono_render_scans(
    case_no: str, dpi: str, layout: str, slips: dict[str, Any], tmp_path: Any
) -> None:
    """Rasterised by another renderer as a thermal printer would (poppler, 1-bit)."""
    import subprocess

    from PIL import Image

    need_pdftoppm()
    pdf = tmp_path / "slip.pdf"
    pdf.write_bytes(render_pdf("acceptance", replace(slips["acceptance"], case_no=case_no), layout))
    subprocess.run(["pdftoppm", "-r", dpi, "-mono", str(pdf), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p*.pbm"))
    assert pages
    for page in pages:
        with Image.open(page) as img:
            assert decode(img) == [case_no], page.name
