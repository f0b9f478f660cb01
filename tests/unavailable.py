"""What a test does when this machine cannot run it: on CI (``CI=true``), where everything it
needs is installed, a failure, so nothing passes by being skipped; elsewhere a skip that says
what is missing and how to get it."""

from __future__ import annotations

import os
import shutil
from typing import NoReturn


def cannot_run(message: str) -> NoReturn:
    import pytest

    if os.environ.get("CI") == "true":
        pytest.fail(f"must run on CI: {message}")
    pytest.skip(message)


def need_pdftoppm() -> None:
    """The slips are read back as a printer or a scanner sees them, through poppler."""
    if shutil.which("pdftoppm") is None:
        cannot_run("pdftoppm (poppler-utils) is not installed: apt-get install poppler-utils")
