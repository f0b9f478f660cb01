"""Telling a handheld barcode scanner from a person at the keyboard.

Scanners are keyboard wedges: they "type" the code in a few milliseconds and press Enter.
People type at 100-300 ms a key. A burst therefore is: keys no more than ``max_gap_ms`` apart,
ended by Enter, long enough, and shaped like a case number (so a fast typist finishing an ID
number with Enter is never mistaken for a scan).
"""

from __future__ import annotations

from collections.abc import Callable

from app.core.case_numbers import parse_case_no


class ScanBurstDetector:
    def __init__(
        self,
        max_gap_ms: float = 50.0,
        min_length: int = 12,
        accept: Callable[[str], bool] | None = None,
    ) -> None:
        self.max_gap_ms = max_gap_ms
        self.min_length = min_length
        self.accept = accept or (lambda text: parse_case_no(text) is not None)
        self._chars: list[str] = []
        self._last: float | None = None

    def key(self, char: str, t_ms: float) -> None:
        """A printable character arrived at time ``t_ms`` (any monotonic millisecond clock)."""
        if self._last is None or t_ms - self._last > self.max_gap_ms:
            self._chars = []
        self._chars.append(char)
        self._last = t_ms

    def enter(self, t_ms: float) -> str | None:
        """Enter arrived: the scanned code if the keys before it were a scanner burst."""
        text = "".join(self._chars)
        fast = self._last is not None and t_ms - self._last <= self.max_gap_ms
        self.reset()
        if fast and len(text) >= self.min_length and self.accept(text):
            return text
        return None

    def reset(self) -> None:
        self._chars = []
        self._last = None

    @property
    def pending(self) -> str:
        return "".join(self._chars)
