"""The home page says when the county published a newer Counter, and that intakes stop below
the minimum (the refusal itself: tests/sync/test_version_rollout.py)."""

from __future__ import annotations

from app import __version__
from app.services.rollout import PUBLISHED, version_key
from tests.ui.conftest import settle


def _home(window):
    window.go_home()
    home = window.stack.currentWidget()
    home.refresh()
    settle(window.session)
    return home


def _publish(ctx, current: str, minimum: str) -> None:
    with ctx.store.write() as s:
        PUBLISHED.set(s, {"current": current, "minimum": minimum})


def test_the_home_page_names_the_version_to_install(main_window, window_ctx):
    major, minor, *_ = version_key(__version__)
    newer, newest = f"{major}.{minor + 1}.0", f"{major}.{minor + 2}.0"
    assert not _home(main_window).version_notice.isVisibleTo(main_window)

    _publish(window_ctx, newer, __version__)
    notice = _home(main_window).version_notice
    assert notice.isVisibleTo(main_window)
    assert newer in notice.text() and "已停止受理" not in notice.text()

    _publish(window_ctx, newest, newer)
    notice = _home(main_window).version_notice
    assert newest in notice.text() and newer in notice.text() and "已停止受理" in notice.text()

    _publish(window_ctx, __version__, __version__)
    assert not _home(main_window).version_notice.isVisibleTo(main_window)
