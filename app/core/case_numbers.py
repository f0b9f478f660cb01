"""Case numbers: unique without asking anyone, printable as Code 128, readable back by a scanner.

Format: ``{centre}-{window}-{YYYYMMDD}-{issuer}-{seq}``, e.g. ``C3301-W03-20261203-K7-0001``.

- Centre and window codes are ``[A-Z0-9]+`` (no "-", so the parts split unambiguously).
- ``issuer`` names the installation that issued the number: two characters of Crockford's
  base32 alphabet (digits and capitals without I, L, O, U, which read as 1 and 0 or are
  spoken alike), at least one a letter so it never reads as part of the date or sequence.
  A store picks it at random when it is created, and picks a new one whenever it may be a copy
  of another (a restored backup, a store moved to another PC, a second PC set up with the same
  window code: see services/case_issuer.py). The central database registers each window's
  issuers and hands a window a free one at its first sync when its own is taken. Without it a
  reinstalled window restarts its daily sequence at 0001 and issues numbers an earlier
  installation already printed that day.
- ``seq`` is the per-issuer, per-day sequence, zero-padded to at least 4 digits and allowed to
  grow past 9999.

Why this shape: uniqueness must hold offline at the moment of issue, so it cannot come from the
central database alone; a full device id would make the number too long to read out or to
print at 0.25 mm per module (two dots of a 203 dpi head). Two characters add 33 modules: the
demo centre's 26-character number is 288 modules, 72 mm, exactly the printable width of an
80 mm roll. 924 issuers a window, and a new one is only needed per installation or restore,
so a random pick that also avoids every issuer the store has used collides with the issuer
active that day about once in a thousand reinstalls; the central refuses the second case
under a number it already holds (``case_no_taken`` in its quarantine) and lists them.

Numbers issued before issuers existed (``C3301-W03-20261123-0007``) stay valid and parse.
The whole number is at most 50 characters (the national acceptance table's limit) and uses
only ``[A-Z0-9-]``, which Code 128 sets A and B both encode and which every keyboard layout
types the same way.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import NamedTuple

from app.core.errors import CounterError

MAX_LEN = 50
SEQ_DIGITS = 4
ISSUER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
ISSUER_LEN = 2

_CODE = re.compile(r"[A-Z0-9]+")
_ISSUER = re.compile(rf"(?=[0-9]*[{ISSUER_ALPHABET[10:]}])[{ISSUER_ALPHABET}]{{{ISSUER_LEN}}}")
_CASE_NO = re.compile(rf"([A-Z0-9]+)-([A-Z0-9]+)-(\d{{8}})-(?:({_ISSUER.pattern})-)?(\d{{4,}})")
# Scanners configured to send an AIM symbology identifier prefix Code 128 with "]C0".."]C4".
_AIM_PREFIX = re.compile(r"^\]C\d")


class CaseNoParts(NamedTuple):
    centre: str
    window: str
    day: date
    seq: int
    issuer: str | None = None  # None on numbers issued before issuers existed

    def format(self) -> str:
        return format_case_no(self.centre, self.window, self.day, self.seq, self.issuer)


def is_issuer(text: str) -> bool:
    return isinstance(text, str) and _ISSUER.fullmatch(text) is not None


def all_issuers() -> list[str]:
    """Every valid issuer, in a fixed order."""
    return [a + b for a in ISSUER_ALPHABET for b in ISSUER_ALPHABET if is_issuer(a + b)]


def format_case_no(centre: str, window: str, day: date, seq: int, issuer: str | None = None) -> str:
    """Build a case number; raise CounterError on a bad code, issuer, sequence or excess length.

    ``issuer`` None builds the older four-part form (kept for numbers already printed)."""
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
    if issuer is not None and not is_issuer(issuer):
        raise CounterError("caseno.issuer", f"办件编号的发号码 {issuer!r} 无效", path="issuer")
    tag = f"{issuer}-" if issuer else ""
    text = f"{centre}-{window}-{day:%Y%m%d}-{tag}{seq:0{SEQ_DIGITS}d}"
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
    centre, window, ymd, issuer, seq_text = m.groups()
    try:
        day = date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:]))
    except ValueError:
        return None
    seq = int(seq_text)
    # Only the canonical spelling: "00007" would name the same case as "0007" by accident.
    if seq < 1 or f"{seq:0{SEQ_DIGITS}d}" != seq_text:
        return None
    return CaseNoParts(centre, window, day, seq, issuer)
