"""Where the slips of a visit come from: the printing service, or the PDFs already on disk.

The printing layer is wired in as ``ctx.slips`` (``for_result(result) -> [Path]``,
``reprint(case_no, doc) -> Path`` and, for consultations, ``guide(item_code, chosen) -> Path``).
The intake service already asks it for the slips of every recorded visit (``result.documents``).
Without it, reprinting offers the PDFs kept in the case's folder, and the guide is rendered
here with ``app.printing`` (imported only then: reportlab costs ~150 ms).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.errors import CounterError

if TYPE_CHECKING:
    from app.bootstrap import Context
    from app.services.intake import IntakeResult


class SlipSource:
    def __init__(self, ctx: Context, clerk_name: str) -> None:
        self.ctx = ctx
        self.clerk_name = clerk_name

    @property
    def printer(self) -> Any | None:
        return getattr(self.ctx, "slips", None)

    def for_result(self, result: IntakeResult) -> list[Path]:
        """The PDFs of a recorded visit (already made by the service when printing is wired)."""
        if result.documents:
            return [Path(p) for p in result.documents]
        if self.printer is not None and result.case_no:
            return [Path(p) for p in self.printer.for_result(result)]
        return self.kept(result.case_no) if result.case_no else []

    def kept(self, case_no: str | None) -> list[Path]:
        """Every PDF kept for a case, newest last."""
        if not case_no:
            return []
        folder = self.ctx.home.case_dir(case_no)
        return sorted(folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime) if folder.is_dir() else []

    def reprint(self, case_no: str, doc: Path) -> Path:
        if self.printer is not None and hasattr(self.printer, "reprint"):
            return Path(self.printer.reprint(case_no, doc.stem))
        if not doc.exists():
            raise CounterError("print.missing", f"找不到单据文件 {doc}")
        return doc

    def guide(self, item_code: str, chosen: Iterable[str] | None = None) -> Path:
        """The item's 办事指南 as a PDF (runs off the UI thread)."""
        if self.printer is not None and hasattr(self.printer, "guide"):
            return Path(self.printer.guide(item_code, list(chosen) if chosen else None))
        from app.printing import PrintSettings, SlipHeader, guide_from_item, render

        w = self.ctx.intake.window()
        item = self.ctx.catalog.item(item_code)
        header = SlipHeader(
            centre_name=w.get("centre_name") or "", centre_code=w.get("centre_code") or "",
            window_name=w.get("window_name") or "", window_code=w.get("window_code") or "",
            clerk_name=self.clerk_name, complaint_phone=w.get("complaint_phone") or "",
            query_phone=w.get("query_phone"), query_url=w.get("query_url"))
        slip = guide_from_item(item, header, datetime.now(), chosen,
                               str(self.ctx.catalog.current_version() or ""))
        folder = self.ctx.home.root / "guides"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{item_code}-{datetime.now():%Y%m%d-%H%M%S}.pdf"
        with target.open("wb") as out:
            render("guide", slip, w.get("print_layout") or "a4", out,
                   PrintSettings(organ_name=w.get("organ_name") or ""))
        return target
