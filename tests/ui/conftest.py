"""UI fixtures: an initialised window with a clerk, a logged-in main window, and helpers that
wait for background work by draining the workers (never by sleeping or timing out).

Slips come from the real printing service (``ctx.slips``): real PDFs in the case folders."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.conftest import CLERK, PASSWORD, resident_id

__all__ = ["CLERK", "PASSWORD", "resident_id", "settle"]  # what the UI tests import from here


@pytest.fixture(scope="session", autouse=True)
def chinese_ui(qapp):
    """The UI in its default language and fonts, as a clerk sees it."""
    from app.ui import theme
    from app.ui.fonts import load_fonts
    from app.ui.i18n import install_language

    install_language(qapp, "zh_CN")
    load_fonts(qapp)
    theme.apply(qapp)
    return qapp


@pytest.fixture
def window_ctx(window):
    """The tests' window (tests/conftest.py), under the name the UI tests use."""
    return window


@pytest.fixture
def dialogs(monkeypatch):
    """Modal message boxes would block a test: answers are scripted, errors collected."""
    from app.ui import messages

    @dataclass
    class Script:
        answers: list[bool] = field(default_factory=list)  # replies to questions, in order
        asked: list[str] = field(default_factory=list)
        defaults: list[bool] = field(default_factory=list)  # the button Enter would press
        errors: list[str] = field(default_factory=list)

    script = Script()

    def ask(_parent, _title, text, default=True):
        script.asked.append(text)
        script.defaults.append(default)
        return script.answers.pop(0) if script.answers else True

    monkeypatch.setattr(messages, "ask", ask)
    monkeypatch.setattr(
        messages,
        "show_error",
        lambda _p, exc, title=None: script.errors.append(messages.describe(exc)),
    )
    monkeypatch.setattr(messages, "inform", lambda *_a: None)
    return script


@pytest.fixture
def session(window_ctx, qapp, dialogs):
    from app.ui.session import Session
    from app.ui.worker import Worker

    clerk = window_ctx.users.get(CLERK)
    s = Session.open(window_ctx, clerk, Worker("db", 1), Worker("print", 1))
    yield s
    settle(s)


def settle(session) -> None:
    """Run every queued background task and its callback, until nothing is left."""
    while session.db.busy or session.background.busy:
        session.db.drain()
        session.background.drain()


@pytest.fixture
def main_window(session, qtbot):
    from app.ui.main_window import MainWindow

    w = MainWindow(session)
    qtbot.addWidget(w)
    w.show()
    w.start()
    settle(session)
    return w
