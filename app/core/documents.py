"""Every document Counter prints, in one list that the services, the printing, the command line
and the window all read.

A new document is a line in ``DOCUMENTS``, its builder in ``app/printing/documents.py`` named
in ``app.printing.render.BUILDERS``, and the service that fills its slip data
(``app/services/slips.py``); the window, ``counter print --doc`` and the file names follow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from app.core.checklist import ACCEPT, CORRECTION, REFUSE, TOLERATE

PICKUP = "pickup"  # the visit that hands the result over; its slip is the pickup receipt


@dataclass(frozen=True)
class Document:
    name: str  # the file name's stem (correction-01.pdf) and `counter print --doc NAME`
    title: str  # printed at the top of the document
    short: str  # its name in lists: the window (in Chinese) and the case's folder
    label: str  # the window's name for it in English
    outcome: str | None = None  # the visit outcome (or PICKUP) whose slip this is
    of_case: bool = True  # kept in the case's folder; the guide is made for an item instead
    returns: bool = False  # asks the applicant to come back: carries the signed return code


DOCUMENTS: tuple[Document, ...] = (
    Document("acceptance", "受理通知书", "受理通知书", "Acceptance notice", ACCEPT, returns=True),
    Document(
        "correction",
        "一次性告知书（补正材料通知书）",
        "一次性告知书",
        "Correction notice (一次性告知书)",
        CORRECTION,
        returns=True,
    ),
    Document(
        "tolerance",
        "容缺受理通知书（两联）及承诺书",
        "容缺受理通知书",
        "Tolerated-gaps acceptance notice",
        TOLERATE,
        returns=True,
    ),
    Document("commitment", "容缺受理承诺书", "承诺书", "Commitment letter"),
    # 告知承诺: a signed promise in place of a proof, both copies in one print job.
    Document("promise", "证明事项告知承诺书", "告知承诺书", "Commitment in place of a proof"),
    Document("refusal", "不予受理通知书", "不予受理通知书", "Refusal notice", REFUSE),
    Document("transfer", "材料流转单", "材料流转单", "Transfer list"),
    Document("pickup", "结果领取凭证", "结果领取凭证", "Pickup receipt", PICKUP),
    Document("guide", "办事指南", "办事指南", "Service guide", of_case=False),
    # 一件事: every member's case and outcome on one slip, kept with each member's case.
    Document("bundle", "一件事办理告知单", "一件事告知单", "Bundle visit notice"),
    Document("bundletransfer", "材料流转单（一件事）", "一件事流转单", "Bundle transfer lists"),
)

BY_NAME: Mapping[str, Document] = MappingProxyType({d.name: d for d in DOCUMENTS})
CASE_DOCS: tuple[str, ...] = tuple(d.name for d in DOCUMENTS if d.of_case)
RETURN_DOCS: tuple[str, ...] = tuple(d.name for d in DOCUMENTS if d.returns)
OUTCOME_DOC: Mapping[str, str] = MappingProxyType(
    {d.outcome: d.name for d in DOCUMENTS if d.outcome is not None}
)


def document_of(stem: str) -> Document | None:
    """The document a kept file is, from its name: ``correction`` or ``correction-01``."""
    return BY_NAME.get(stem.split("-")[0])
