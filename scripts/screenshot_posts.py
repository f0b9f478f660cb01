#!/usr/bin/env python3
"""The administrator's 账号管理 and 岗位分工 screens: the window's accounts (one locked out, one
disabled, one sent by the central), and the post table of docs/examples/posts.json as the
central publishes it, with the A of 前台综合受理 away today and the B covering. The machinery
(seeded window, taskbar, shots) is that of scripts/screenshots.py:

    xvfb-run -a -s "-screen 0 1366x768x24" sh -c \
        'openbox & sleep 1; .venv/bin/python scripts/screenshot_posts.py --screen 1366x768'

writes docs/screenshots/1366x768/27-accounts.png and 28-posts.png (without ``--screen``: the
window alone, in docs/screenshots/). ``--lang en`` takes them in English (27-accounts-en.png,
28-posts-en.png); at 125%, as scripts/screenshots.py does:

    xvfb-run -a -s "-screen 0 1024x768x24" sh -c 'openbox & sleep 1; QT_SCALE_FACTOR=1.25 \
        .venv/bin/python scripts/screenshot_posts.py --screen 1024x768-125 --lang en'
 ``--pdf`` also prints the table as ``counter post print``
does, to docs/reports/posts-2027-01.pdf, with its pages as PNG beside it (80 dpi).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import screenshots as shots

STAFF = [
    ("clerk2", "钱窗口", "clerk"),
    ("clerk3", "孙帮办", "clerk"),
    ("clerk4", "周制证", "clerk"),
    ("clerk5", "吴导办", "clerk"),
    ("supervisor1", "郑值班", "supervisor"),
]


def prepare(home: shots.Home) -> None:
    from app.core.posts import parse_posts
    from app.models.schema import User
    from app.services.posts import PostService, store_published

    ctx = shots.open_context(home)
    shots.seed(ctx)
    for username, name, role in STAFF:
        ctx.users.add(username, name, role, shots.PASSWORD)
    ctx.users.add("zhao.old", "赵调离", "clerk", shots.PASSWORD)
    ctx.users.set_active("zhao.old", False)
    with ctx.store.write() as s:
        clerk5 = s.query(User).filter_by(username="clerk5").one()
        clerk5.locked_until = datetime.now() + timedelta(minutes=12)
        clerk5.failed_attempts = 5
        s.query(User).filter_by(username="supervisor1").one().origin = "central"
        doc = json.loads((shots.ROOT / "docs" / "examples" / "posts.json").read_text("utf-8"))
        store_published(s, 3, parse_posts(doc))
    today = date.today()
    PostService(ctx.store, ctx.users).mark_absent(
        "clerk1", today, today + timedelta(days=2), "supervisor1"
    )
    ctx.close()


def print_table(home: shots.Home) -> None:
    import pypdfium2 as pdfium

    from app.cli.main import main as counter

    reports = shots.ROOT / "docs" / "reports"
    pdf = reports / "posts-2027-01.pdf"
    assert counter(["--home", str(home.root), "post", "print", "--out", str(pdf)]) == 0
    for n, page in enumerate(pdfium.PdfDocument(pdf), start=1):
        page.render(scale=80 / 72).to_pil().save(reports / f"posts-2027-01-{n}.png")
        print("saved", reports / f"posts-2027-01-{n}.png")


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--screen", metavar="WxH", help="take the whole screen, named so")
    p.add_argument("--pdf", action="store_true", help="also the printed table, to docs/reports")
    p.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    args = p.parse_args()
    suffix = "" if args.lang == "zh_CN" else "-en"
    if args.screen:
        shots.OUT = shots.OUT / args.screen
        shots.WHOLE_SCREEN.append(True)
    shots.OUT.mkdir(parents=True, exist_ok=True)
    home = shots.Home(Path(tempfile.mkdtemp(prefix="counter-shots-")) / "home")
    prepare(home)
    if args.pdf:
        print_table(home)

    from app.ui import main as ui_main

    app = ui_main.application()
    bar = shots.taskbar() if args.screen else None
    window = ui_main.run(home, args.lang, credentials=("admin", shots.PASSWORD))
    assert window is not None and app is not None and (bar is not None) == bool(args.screen)
    if not args.screen:
        window.resize(1366, 768)
    window.activateWindow()
    shots.WINDOWS.append(window)
    shots.settle(window)

    window.nav_buttons["accounts"].click()
    shots.settle(window)
    page = window._pages["accounts"]
    page.table.selectRow([r.username for r in page.rows].index("clerk5"))  # the locked one
    shots.shot(window, "27-accounts" + suffix)

    window.nav_buttons["posts"].click()
    shots.settle(window)
    shots.shot(window, "28-posts" + suffix)
    window.close_quietly()
    window.session.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
