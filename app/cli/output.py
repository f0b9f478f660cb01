"""Small helpers for printing to the terminal."""

from __future__ import annotations

import json
import sys
from typing import Any


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=1, default=str) + "\n")


def warn(text: str) -> None:
    print(f"warning: {text}", file=sys.stderr)
