"""The applicant's review device (评价器): asked after each visit, answers a level 1-5.

The default "pad" is the applicant-facing review window of the UI (a second screen, or a dialog
on the clerk's screen). Hardware pads differ by vendor (serial or USB HID); each is one class
with ``ask`` and ``cancel``. ``FileEvaluationPad`` is the simulator.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.core.errors import CounterError

LEVELS = (5, 4, 3, 2, 1)


@dataclass(frozen=True, slots=True)
class ReviewAsk:
    visit_record_id: str
    clerk_name: str
    item_name: str | None = None
    case_no: str | None = None


@dataclass(frozen=True, slots=True)
class PadAnswer:
    level: int
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise CounterError("device.pad_level", f"评价器返回了无效的等级 {self.level}")


class EvaluationPad(Protocol):
    channel: str  # as recorded with the review: "pad"

    def ask(self, request: ReviewAsk) -> PadAnswer | None:
        """Blocks until the applicant answers (run it off the UI thread); None if cancelled."""
        ...

    def cancel(self) -> None: ...


class FileEvaluationPad:
    """Simulator: the applicant's answer is ``{"level": 5, "reason": null}`` in a file."""

    channel = "pad"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def ask(self, request: ReviewAsk) -> PadAnswer | None:
        if not self.path.exists():
            return None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8-sig"))
            return PadAnswer(int(data["level"]), data.get("reason"))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CounterError(
                "device.pad_file", f"模拟评价文件 {self.path} 无法读取：{exc}"
            ) from exc

    def cancel(self) -> None:
        pass
