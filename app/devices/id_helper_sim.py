"""A stand-in for the vendor helper process: answers the JSON-lines protocol from a file.

    python -m app.devices.id_helper_sim CARD.json

Used by the tests of ``HelperIdCardReader`` and to try the helper set-up without hardware.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from app.core.errors import CounterError
from app.devices.id_card import FileIdCardReader


def serve(path: Path) -> int:
    reader = FileIdCardReader(path)
    for line in sys.stdin:
        try:
            request = json.loads(line)
        except ValueError:
            answer: dict[str, object] = {"ok": False, "error": "bad request"}
        else:
            if request.get("op") != "read":
                answer = {"ok": False, "error": f"unknown op {request.get('op')!r}"}
            else:
                try:
                    card = reader.read()
                    answer = {"ok": True, "card": asdict(card) if card else None}
                except CounterError as exc:
                    answer = {"ok": False, "error": exc.message}
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(serve(Path(sys.argv[1])))
