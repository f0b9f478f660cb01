"""One initialised window per fuzz module, and the CLI run in-process against it."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.fuzz.helpers import store_bytes

MARKERS = ("Traceback", "内部错误")


class Window:
    """A data directory with a catalog, an administrator and a clerk."""

    def __init__(self, root: Path) -> None:
        from app.paths import Home

        self.home = Home(root / "home")
        self.files = root / "files"
        self.files.mkdir()

    def cli(self, *argv: str) -> tuple[int, str, str]:
        from app.cli.main import main

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["--home", str(self.home.root), *argv])
            except SystemExit as exc:  # argparse: wrong usage
                code = exc.code if isinstance(exc.code, int) else 2
        return code, out.getvalue(), err.getvalue()

    def snapshot(self) -> object:
        return store_bytes(self.home)

    def write(self, name: str, data: bytes | str) -> Path:
        p = self.files / name
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
        return p


def assert_clear_failure(code: int, err: str) -> None:
    """A refusal: exit 1 (refused) or 2 (usage), a message on stderr ending in one
    ``counter: ...`` line, and no trace of an internal error."""
    assert code in (1, 2), (code, err[:500])
    lines = err.strip().splitlines()
    assert lines, "no message"
    assert lines[-1].startswith("counter: "), err[:500]
    for marker in MARKERS:
        assert marker not in err, err[:1000]
    for line in lines:
        assert len(line) < 600, line[:200]


@pytest.fixture(scope="module")
def window(tmp_path_factory: pytest.TempPathFactory) -> Window:
    from app.bootstrap import open_context
    from tests.conftest import publish_coming_years, set_up_window

    w = Window(tmp_path_factory.mktemp("fuzz"))
    ctx = open_context(w.home)
    try:
        set_up_window(ctx)
        publish_coming_years(ctx)
    finally:
        ctx.close()
    return w


@pytest.fixture
def admin_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNTER_PASSWORD", PASSWORD)
