"""The return QR on slips that ask the applicant to come back: printed on the dot grid in both
layouts, it scans back with zxing-cpp from a 203 dpi 1-bit render made by pdftoppm, and the text
read is the signed ticket, byte for byte."""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image
from slip_helpers import render_pdf

from app.core import return_ticket
from app.core.id_check import id_check
from app.printing import LAYOUTS
from tests.unavailable import need_pdftoppm

RETURN_DOCS = ("correction", "tolerance", "acceptance")


def pdftoppm_pages(pdf: bytes) -> list[Image.Image]:
    """The slip as a 203 dpi thermal head prints it, rendered by poppler: ``pdftoppm -r 203
    -mono`` (black or white, no grey)."""
    need_pdftoppm()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "slip.pdf"
        src.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "203", "-mono", str(src), str(Path(tmp) / "p")], check=True
        )
        return [Image.open(p).convert("L") for p in sorted(Path(tmp).glob("p*.pbm"))]


def qr_texts(pdf: bytes) -> list[str]:
    return [
        r.text
        for page in pdftoppm_pages(pdf)
        for r in zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode)
    ]


def ticket_for(slip: Any, reasons: bool = True) -> tuple[str, Ed25519PrivateKey]:
    key = Ed25519PrivateKey.generate()
    materials = {
        f"m{i}": {
            "verdict": "missing" if i % 2 else "ok",
            "reason": "未提供原件，请携带原件到窗口核验" if reasons and i % 2 else None,
        }
        for i in range(1, 9)
    }
    t = return_ticket.ReturnTicket(
        case_id="0193a0c4-5b6e-7d8f-9a0b-1c2d3e4f5a6b",
        case_no=slip.case_no,
        centre=slip.header.centre_code,
        window=slip.header.window_code,
        item_code=slip.item_code,
        item_name="",
        catalog_hash="cd996d2a8f456a76",
        state="awaiting_correction",
        outcome="correction",
        answers={"q1": ["a"], "q2": ["b", "c"]},
        materials=materials,
        applicant={
            "kind": "person",
            "name": slip.applicant.name,
            "id_type": "resident_id",
            "id_number": "110105********002X",
        },
        applicant_check=id_check(slip.header.centre_code, "11010519491231002X"),
        promised_days=20,
        supplement_deadline="2026-12-10",
        created_at="2026-11-23T10:00:00",
        issued_at="2026-11-23T10:00:05+08:00",
    )
    return return_ticket.encode(t, "ABCDEFGHIJKLMNOP", key.sign), key


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("doc", RETURN_DOCS)
def test_the_return_qr_scans_back_from_a_203_dpi_one_bit_render(
    doc: str, layout: str, slips: dict[str, Any]
) -> None:
    slip = slips[doc]
    text, key = ticket_for(slip)
    pdf = render_pdf(doc, replace(slip, return_code=text), layout)
    found = [t for t in qr_texts(pdf) if return_ticket.looks_like_ticket(t)]
    # On every copy the slip prints (a 容缺 notice has the applicant's and the window's).
    assert found and set(found) == {text}, f"{doc}/{layout}"

    def verify(key_id: str, message: bytes, signature: bytes) -> str | None:
        key.public_key().verify(signature, message)  # raises when anything changed
        return None

    assert return_ticket.decode(found[0], verify).case_no == slip.case_no


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_slip_without_return_code_has_no_return_qr(layout: str, slips: dict[str, Any]) -> None:
    pdf = render_pdf("refusal", slips["refusal"], layout)
    assert not [t for t in qr_texts(pdf) if return_ticket.looks_like_ticket(t)]
