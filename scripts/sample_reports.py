"""Regenerate docs/reports/: the daily, monthly and yearly reports and the month's 归档清单 of a
window holding November 2026 of real work (tests/services/month.py), as PDF and a PNG of every page;
with ``--county``, also the county's monthly report over three such windows synced to a
temporary central database (PostgreSQL at $COUNTER_TEST_PG, as for the tests).

    .venv/bin/python scripts/sample_reports.py [--county]

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
AFTER_THE_YEAR = datetime(2027, 1, 4, 8, 30)  # when the year's report (年报) is drawn


def county_sample(tmp: Path) -> None:
    """Three windows of one centre, each a month of work (W02 with one-time notices nobody
    came back for, W03 with more bad reviews), synced; the county's monthly report."""
    import secrets

    import psycopg

    from app.bootstrap import open_context
    from app.files import write_file
    from app.paths import Home
    from app.printing.report_pdf import render_report
    from app.services.window import FirstAdmin, WindowSetup, initialise
    from app.sync import central_schema
    from app.sync.central_reports import county_report
    from app.sync.engine import SyncEngine, SyncOptions
    from app.sync.setup import configure_central
    from tests.conftest import publish_coming_years
    from tests.services import month
    from tests.sync.conftest import admin_url, memory_keyring_store

    tag = secrets.token_hex(4)
    name, prefix = f"counter_sample_{tag}", f"cs{tag}_"
    admin = admin_url()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = psycopg.conninfo.make_conninfo(admin, dbname=name)
    try:
        central_schema.init_central(url, prefix)
        for k, window in enumerate(("W01", "W02", "W03")):
            creds = central_schema.add_window(
                url, "C3301", window, centre_name="城东街道便民服务中心"
            )
            ctx = open_context(Home(tmp / f"home-{window}"))
            try:
                publish_coming_years(ctx)
                initialise(
                    ctx.store,
                    ctx.users,
                    WindowSetup(
                        "C3301", "城东街道便民服务中心", window, complaint_phone="0571-12345"
                    ),
                    FirstAdmin("admin", "王管理", month.PASSWORD),
                )
                ctx.users.add("clerk1", "李窗口", "clerk", month.PASSWORD)
                made = month.make_month(ctx)  # its accounts made before it is registered
                for i, day in enumerate(made.days):
                    who = month.APPLICANTS[i % len(month.APPLICANTS)]
                    if k == 1 and i % 2 == 0:
                        month.intake(
                            ctx, "DEMO-0008", month.at(day, 200), "clerk1", who, drop="必要"
                        )
                    if k == 2 and i % 3 == 0:
                        no = month.intake(ctx, "DEMO-0006", month.at(day, 210), "clerk2", who)
                        rec = ctx.cases.case(no).history[-1]["record_id"]
                        ctx.feedback.review(
                            rec, 1, "材料要求说不清楚", "pad", "clerk2", now=month.at(day, 215)
                        )
                keyring = memory_keyring_store()
                configure_central(ctx, creds.url, creds.password, keyring_store=keyring)
                SyncEngine(ctx, SyncOptions(), keyring_store=keyring).run()
            finally:
                ctx.close()
        publish_sample_posts(url)
        report = county_report(url, "monthly", month=(2026, 11), now=NOW)
        write_file(OUT / "county-monthly-2026-11.pdf", lambda f: render_report(report, f))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            central_schema.drop_window_roles(conn, prefix)


def post_sample(ctx: object) -> None:
    """The example post table (docs/examples/posts.json) as published to the window, and
    clerk1 (A of 前台综合受理) away 16 to 20 November: clerk2 (its B) covers it then; the rest
    of the month clerk2's intakes are under no post (未分岗)."""
    from app.core.posts import parse_posts_text
    from app.services.posts import store_published

    table = parse_posts_text((ROOT / "docs" / "examples" / "posts.json").read_text("utf-8"))
    with ctx.store.write() as s:  # type: ignore[attr-defined]
        store_published(s, 1, table)
    ctx.posts.mark_absent(  # type: ignore[attr-defined]
        "clerk1", date(2026, 11, 16), date(2026, 11, 20), "boss", now=NOW
    )


def publish_sample_posts(url: str) -> None:
    """The example post table (docs/examples/posts.json) as the county's publication, dated 1
    November so it is the table in force over the month (``counter central posts publish``
    dates a publication now, and checks its members against the central's accounts, which
    these sample windows keep locally)."""
    import hashlib
    import json

    import psycopg

    from app.core.posts import dump_posts, parse_posts_text

    table = parse_posts_text((ROOT / "docs" / "examples" / "posts.json").read_text("utf-8"))
    body = json.dumps(dump_posts(table), ensure_ascii=False, sort_keys=True)
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO counter.publications (dataset, body, body_hash, published_at) "
            "VALUES ('posts', %s, %s, %s)",
            (body, hashlib.sha256(body.encode()).hexdigest(), datetime(2026, 11, 1).astimezone()),
        )


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
            post_sample(ctx)
            reports = {
                "daily-2026-11-20": window_period_report(
                    ctx, "daily", day=date(2026, 11, 20), now=NOW
                ),
                "monthly-2026-11": window_period_report(ctx, "monthly", month=(2026, 11), now=NOW),
                "yearly-2026": window_period_report(ctx, "yearly", year=2026, now=AFTER_THE_YEAR),
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
        if "--county" in sys.argv[1:]:
            county_sample(Path(tmp))
    for pdf in sorted(OUT.glob("*.pdf")):
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(OUT / pdf.stem)], check=True)
        print(pdf.name, len(list(OUT.glob(f"{pdf.stem}-*.png"))), "pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
