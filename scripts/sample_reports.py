"""Regenerate docs/reports/: the daily and monthly reports and the month's 归档清单 of a window
holding November 2026 of real work (tests/services/month.py), as PDF and a PNG of every page.

    .venv/bin/python scripts/sample_reports.py

Needs ``pdftoppm`` (poppler-utils). Pages are rendered at 80 dpi: enough to read the figures
and charts, small to commit. The clock is fixed, so the files do not change between runs
except where the data does.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "reports"
NOW = datetime(2026, 12, 1, 8, 30)


def main() -> int:
    from app.bootstrap import open_context
    from app.core.figures import month_period
    from app.files import write_file
    from app.printing.archive_list import render_archive_list, write_archive_xlsx
    from app.printing.report_pdf import render_report
    from app.printing.report_xlsx import write_report_xlsx
    from app.services.archive import ArchiveService
    from app.services.period_reports import window_period_report
    from tests.services.conftest import month_window

    if shutil.which("pdftoppm") is None:
        print("pdftoppm is needed (apt-get install poppler-utils)", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        home, _made = month_window(Path(tmp) / "home")
        ctx = open_context(home)
        try:
            reports = {
                "daily-2026-11-20": window_period_report(
                    ctx, "daily", day=date(2026, 11, 20), now=NOW
                ),
                "monthly-2026-11": window_period_report(ctx, "monthly", month=(2026, 11), now=NOW),
            }
            for name, report in reports.items():
                write_file(OUT / f"{name}.pdf", lambda f, r=report: render_report(r, f))
                write_file(OUT / f"{name}.xlsx", lambda f, r=report: write_report_xlsx(r, f))
            svc = ArchiveService(ctx)
            user = "boss"
            for no in svc.ended(month_period(2026, 11)):
                svc.file_case(no, user, svc.rule(), NOW)
            volumes = svc.volumes(month_period(2026, 11))
            title = "城东街道便民服务中心 W03 2026-11 档案归档清单"
            write_file(
                OUT / "archive-list-2026-11.pdf",
                lambda f: render_archive_list(title, volumes, f, NOW),
            )
            write_file(
                OUT / "archive-list-2026-11.xlsx", lambda f: write_archive_xlsx(title, volumes, f)
            )
        finally:
            ctx.close()
    for pdf in sorted(OUT.glob("*.pdf")):
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(OUT / pdf.stem)], check=True)
        print(pdf.name, len(list(OUT.glob(f"{pdf.stem}-*.png"))), "pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
