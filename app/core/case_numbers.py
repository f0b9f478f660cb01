"""Case numbers: unique without asking anyone, printable as Code 128, readable back by a scanner.

Format: ``{centre}-{window}-{YYYYMMDD}-{seq}``, e.g. ``C3301020001-W03-20261123-0007``.
Centre and window codes are ``[A-Z0-9]+`` (no "-", so the four parts split unambiguously);
``seq`` is the per-window, per-day sequence, zero-padded to at least 4 digits and allowed to
grow past 9999. Uniqueness comes from the (centre, window) pair being unique in the county and
each window keeping its own daily counter. The whole number is at most 50 characters (the
national acceptance table's limit) and uses only ``[A-Z0-9-]``, which Code 128 sets A and B
both encode and which every keyboard layout types the same way.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import NamedTuple

from app.core.errors import CounterError

MAX_LEN = 50
SEQ_DIGITS = 4

_CODE = re.compile(r"[A-Z0-9]+")
_CASE_NO = re.compile(r"([A-Z0-9]+)-([A-Z0-9]+)-(\d{8})-(\d{4,})")
# Scanners configured to send an AIM symbology identifier prefix Code 128 with "]C0".."]C4".
_AIM_PREFIX = re.compile(r"^\]C\d")


class CaseNoParts(NamedTuple):
    centre: str
    window: str
    day: date
    seq: int

    def format(self) -> str:
        return format_case_no(self.centre, self.window, self.day, self.seq)


def format_case_no(centre: str, window: str, day: date, seq: int) -> str:
    """Build a case number; raise CounterError on a bad code, sequence or excess length."""
    if not _CODE.fullmatch(centre or ""):
        raise CounterError(
            "caseno.centre", "中心编码只能由大写字母和数字组成，请管理员检查配置", path="centre"
        )
    if not _CODE.fullmatch(window or ""):
        raise CounterError(
            "caseno.window", "窗口编码只能由大写字母和数字组成，请管理员检查配置", path="window"
        )
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise CounterError("caseno.seq", "案件流水号必须是正整数", path="seq")
    text = f"{centre}-{window}-{day:%Y%m%d}-{seq:0{SEQ_DIGITS}d}"
    if len(text) > MAX_LEN:
        raise CounterError(
            "caseno.too_long",
            f"案件编号长度为{len(text)}位，超过{MAX_LEN}位上限，请管理员缩短中心或窗口编码",
        )
    return text


def parse_case_no(text: str) -> CaseNoParts | None:
    """Read a case number as typed by a keyboard-wedge scanner or a person; None if it is not one.

    Tolerates what scanners and keyboards add: surrounding and embedded whitespace, CR/LF/Tab
    terminators, lower case (Caps Lock), full-width characters from a Chinese IME left on, and
    an AIM "]C0" prefix.
    """
    if not text:
        return None
    value = unicodedata.normalize("NFKC", text)
    value = "".join(value.split()).upper()
    value = _AIM_PREFIX.sub("", value)
    if len(value) > MAX_LEN:
        return None
    m = _CASE_NO.fullmatch(value)
    if m is None:
        return None
    centre, window, ymd, seq_text = m.groups()
    try:
        day = date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:]))
    except ValueError:
        return None
    seq = int(seq_text)
    # Only the canonical spelling: "00007" would name the same case as "0007" by accident.
    if seq < 1 or f"{seq:0{SEQ_DIGITS}d}" != seq_text:
        return None
    return CaseNoParts(centre, window, day, seq)
