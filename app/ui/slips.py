"""The screens' door to the printing service (``ctx.slips``, app.services.slips.SlipService).

The service makes and keeps every slip; this only adapts its calls to what the screens hold
(the PDF paths of a recorded visit, a kept PDF to reprint, the clerk of this session).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.bootstrap import Context
    from app.core.cases import IntakeResult

log = logging.getLogger(__name__)


class SlipSource:
    def __init__(self, ctx: Context, clerk: str) -> None:
        self.ctx = ctx
        self.clerk = clerk  # the login name: the service prints the clerk's name from it

    def for_result(self, result: IntakeResult) -> list[Path]:
        """The PDFs of a recorded visit: the intake service printed them after the commit.

        When that failed, they are made once more; failing again raises CounterError with
        what the clerk should do (the visit is recorded all the same)."""
        if result.documents or not result.case_no:
            return [Path(p) for p in result.documents]
        try:
            return [Path(p) for p in self.ctx.slips.for_result(result)]
        except Exception as exc:
            from app.core.errors import CounterError
            from app.services.slips import slip_failure

            raise CounterError("print.slip_failed", slip_failure(result.case_no, exc)) from exc

    def remake(self, case_no: str) -> list[Path]:
        """The slip of a case's last visit, made again when it was never kept (a full disk)."""
        return [Path(self.ctx.slips.reprint(case_no, self.ctx.slips.visit_doc(case_no)))]

    def kept(self, case_no: str | None) -> list[Path]:
        """Every PDF kept for a case, newest last."""
        if not case_no:
            return []
        return sorted(self.ctx.slips.documents(case_no), key=lambda p: p.stat().st_mtime)

    def reprint(self, case_no: str, doc: Path) -> Path:
        """The kept PDF itself, byte for byte (made again only if it was never kept)."""
        return Path(self.ctx.slips.reprint(case_no, doc.stem))

    def transfer_list(self, case_no: str) -> Path:
        """The 材料流转单 of a transferred case (printed with the transfer)."""
        return Path(self.ctx.slips.reprint(case_no, "transfer"))

    def guide(self, item_code: str, chosen: Iterable[str] | None = None) -> Path:
        """The item's 办事指南 as a PDF (runs off the UI thread)."""
        return Path(
            self.ctx.slips.guide(item_code, list(chosen) if chosen else None, clerk=self.clerk)
        )
