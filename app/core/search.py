"""Item search that keeps up with typing: name, alias, code, full pinyin, pinyin initials.

Ranking tiers (higher first): exact match, prefix, substring, then a "missing character"
match (the query's characters appear in order within a short span of a name, so 残疾证 finds
残疾人证). Within a tier, name beats alias beats pinyin, frequent items rank higher, then the
earlier match and the shorter name.

Pinyin is computed once when an item is imported (pypinyin costs ~0.1 ms a name; 10,000 names
would make start-up take over a second) and stored; building the index from stored keys is
plain dictionary work.
"""

from __future__ import annotations

import bisect
import heapq
import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Tier scores; the rest of a score orders results within a tier.
EXACT, PREFIX, SUBSTRING, FUZZY = 4000, 3000, 2000, 1000
FIELD_BONUS = {"name": 300, "alias": 250, "code": 200, "pinyin": 150, "initials": 100}


@dataclass(frozen=True, slots=True)
class SearchEntry:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    pinyin: tuple[str, ...] = ()  # full pinyin of the name, then of each alias
    initials: tuple[str, ...] = ()  # pinyin initials, same order


@dataclass(frozen=True, slots=True)
class Hit:
    code: str
    name: str
    score: float


def normalise(text: str) -> str:
    """Case-fold, full-width to half-width (NFKC is safe for queries), drop spaces."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def pinyin_keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of a text, non-Chinese characters kept as they are."""
    from pypinyin import Style, lazy_pinyin  # imported on first use: ~110 ms

    # Punctuation is dropped: 最低生活保障（低保）申请 must answer to "zdshbzdbsq".
    full = "".join(lazy_pinyin(text, errors="default"))
    initials = "".join(s[0] for s in lazy_pinyin(text, style=Style.FIRST_LETTER) if s)
    return _alnum(normalise(full)), _alnum(normalise(initials))


def _alnum(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def make_entry(code: str, name: str, aliases: Iterable[str] = ()) -> SearchEntry:
    aliases = tuple(aliases)
    keys = [pinyin_keys(t) for t in (name, *aliases)]
    return SearchEntry(code, name, aliases, tuple(k[0] for k in keys), tuple(k[1] for k in keys))


class SearchIndex:
    """An in-memory index over the current catalog; rebuilt when a new version is imported."""

    def __init__(self, entries: Iterable[SearchEntry]) -> None:
        self.entries: list[SearchEntry] = list(entries)
        # Sorted (key, field, entry index) for exact and prefix lookup by bisection.
        keys: list[tuple[str, str, int]] = []
        # Per entry, its keys for substring / fuzzy scoring.
        self._texts: list[tuple[tuple[str, str], ...]] = []
        # Character -> bitset of entries whose keys contain it: narrows substring candidates.
        char_bits: dict[str, int] = {}
        for i, e in enumerate(self.entries):
            fields = [("name", normalise(e.name)), ("code", normalise(e.code))]
            fields += [("alias", normalise(a)) for a in e.aliases]
            fields += [("pinyin", p) for p in e.pinyin] + [("initials", p) for p in e.initials]
            fields = [(f, t) for f, t in fields if t]
            self._texts.append(tuple(fields))
            bit = 1 << i
            for f, t in fields:
                keys.append((t, f, i))
                for ch in set(t):
                    char_bits[ch] = char_bits.get(ch, 0) | bit
        keys.sort()
        self._keys = keys
        self._key_strings = [k[0] for k in keys]
        self._char_bits = char_bits

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, query: str, limit: int = 20,
               usage: Mapping[str, int] | None = None) -> list[Hit]:
        q = normalise(query)
        if not q:
            return []
        usage = usage or {}
        best: dict[int, float] = {}

        def offer(i: int, score: float) -> None:
            if score > best.get(i, -1.0):
                best[i] = score

        # Exact and prefix: bisect into the sorted keys.
        lo = bisect.bisect_left(self._key_strings, q)
        hi = bisect.bisect_left(self._key_strings, q + "\U0010ffff")
        for key, field, i in self._keys[lo:hi]:
            tier = EXACT if key == q else PREFIX
            offer(i, tier + FIELD_BONUS[field] - min(len(key), 99))

        # Substring and missing-character matches, among entries holding every query character.
        # Skipped when prefixes already fill the list: they would rank below all of those anyway.
        if len(best) < limit:
            bits = -1
            for ch in set(q):
                bits &= self._char_bits.get(ch, 0)
                if not bits:
                    break
            for i in _iter_bits(bits) if bits > 0 else ():
                if i in best:
                    continue
                for field, text in self._texts[i]:
                    pos = text.find(q)
                    if pos > 0:
                        offer(i, SUBSTRING + FIELD_BONUS[field] - min(pos, 99))
                    elif pos < 0 and field in ("name", "alias") and len(q) >= 2:
                        span = _fuzzy_span(q, text)
                        if span is not None:
                            offer(i, FUZZY + FIELD_BONUS[field] - min(span, 99))

        # Frequently used items move up within their tier (a log keeps it from jumping tiers).
        ranked = []
        for i, score in best.items():
            e = self.entries[i]
            uses = usage.get(e.code, 0)
            ranked.append(Hit(e.code, e.name, round(score + 80 * math.log1p(uses), 2)))
        # One-letter queries match thousands: take the best without sorting them all.
        return heapq.nsmallest(limit, ranked, key=lambda h: (-h.score, len(h.name), h.code))


def _fuzzy_span(q: str, text: str) -> int | None:
    """Characters of ``q`` in order inside ``text`` with at most two extra characters between."""
    start = text.find(q[0])
    while start >= 0:
        pos, ok = start, True
        for ch in q[1:]:
            pos = text.find(ch, pos + 1)
            if pos < 0:
                return None
            if pos - start + 1 > len(q) + 2:
                ok = False
                break
        if ok:
            return start + (pos - start + 1 - len(q))
        start = text.find(q[0], start + 1)
    return None


def _iter_bits(bits: int) -> Iterable[int]:
    while bits:
        low = bits & -bits
        yield low.bit_length() - 1
        bits ^= low
