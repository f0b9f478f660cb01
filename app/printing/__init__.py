"""Printed slips (受理通知书, 一次性告知书, …) as PDF, on A4 or the 80 mm roll. No Qt here.

    from app.printing import DOCS, render, PrintSettings
    with open("slip.pdf", "wb") as out:
        render("acceptance", case_slip, "a4", out, PrintSettings(organ_name="…"))

The input contract is ``app.printing.model``; fonts come from ``resources/fonts``.
"""

from app.printing.model import (
    LAYOUTS,
    CaseSlip,
    GuideSlip,
    Layout,
    MaterialLine,
    PickupSlip,
    PrintSettings,
    PromisedMaterial,
    SlipHeader,
    SlipParty,
    TransferEntry,
    TransferSlip,
    guide_from_item,
)
from app.printing.render import DOCS, DocSpec, render

__all__ = [
    "DOCS",
    "LAYOUTS",
    "CaseSlip",
    "DocSpec",
    "GuideSlip",
    "Layout",
    "MaterialLine",
    "PickupSlip",
    "PrintSettings",
    "PromisedMaterial",
    "SlipHeader",
    "SlipParty",
    "TransferEntry",
    "TransferSlip",
    "guide_from_item",
    "render",
]
