"""Item search that keeps up with typing: name, alias, code, full pinyin, pinyin initials.

Ranking tiers (higher first): exact match, prefix, substring, then a "missing character"
match (the query's characters appear in order within a short span of a name, so 残疾证 finds
残疾人证). Within a tier, name beats alias beats pinyin, frequent items rank higher, then the
earlier match and the shorter name. Substrings and missing characters are looked for only when
prefixes do not fill the list, and a one-character query looks inside names and aliases only.

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
    """An in-memory index over the current catalog; rebuilt when a new version is imported.

    Every keystroke asks it again, so each kind of match has its own narrow way in: exact and
    prefix matches by bisection into the sorted keys; substrings by ``str.find`` over all keys
    joined into one text (C speed, and nothing to build but the join); missing-character
    matches through the entries whose name or alias holds every query character. A short
    query matches thousands of prefixes: those are cached, already ordered, and only the used
    items among them are looked at again for the usage boost.
    """

    def __init__(self, entries: Iterable[SearchEntry]) -> None:
        self.entries: list[SearchEntry] = list(entries)
        keys: list[tuple[str, int, int]] = []  # (key, static prefix score, entry)
        self._texts: list[tuple[tuple[str, str], ...]] = []  # per entry: (field, text)
        name_chars: dict[str, list[int]] = {}  # character -> entries with it in name or alias
        for i, e in enumerate(self.entries):
            fields = [("name", normalise(e.name)), ("code", normalise(e.code))]
            fields += [("alias", normalise(a)) for a in e.aliases]
            fields += [("pinyin", p) for p in e.pinyin] + [("initials", p) for p in e.initials]
            fields = [(f, t) for f, t in fields if t]
            self._texts.append(tuple(fields))
            for f, t in fields:
                keys.append((t, PREFIX + FIELD_BONUS[f] - min(len(t), 99), i))
            for ch in set("".join(t for f, t in fields if f in ("name", "alias"))):
                name_chars.setdefault(ch, []).append(i)
        keys.sort()
        self._key_strings = [k[0] for k in keys]
        self._key_scores = [k[1] for k in keys]
        self._key_entries = [k[2] for k in keys]
        self._name_chars = name_chars
        self._all_keys = _Corpus(
            (i, f, t) for i, fields in enumerate(self._texts) for f, t in fields
        )
        self._name_keys = _Corpus(
            (i, f, t)
            for i, fields in enumerate(self._texts)
            for f, t in fields
            if f in ("name", "alias")
        )
        self._by_code = {e.code: i for i, e in enumerate(self.entries)}
        # Ties in score go to the shorter name, then the code: as a rank number per entry.
        self._tie = [0] * len(self.entries)
        for rank, i in enumerate(
            sorted(
                range(len(self.entries)),
                key=lambda i: (len(self.entries[i].name), self.entries[i].code),
            )
        ):
            self._tie[i] = rank
        self._prefix_cache: dict[tuple[str, int], tuple[dict[int, int], list[int]]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def search(
        self, query: str, limit: int = 20, usage: Mapping[str, int] | None = None
    ) -> list[Hit]:
        q = normalise(query)
        if not q:
            return []
        usage = usage or {}
        prefixed, ordered = self._prefixes(q, limit)
        best: dict[int, float] = dict(prefixed)
        # Substring and missing-character matches rank below every prefix match: only when
        # prefixes do not fill the list.
        if len(best) < limit:
            self._add_inner_matches(q, best)
        return self._rank(best, ordered if len(best) == len(prefixed) else None, usage, limit)

    def _prefixes(self, q: str, limit: int) -> tuple[dict[int, int], list[int]]:
        """Entries with a key starting with ``q`` and their best static score, and the first
        ``limit`` of them in ranking order (before usage). Kept for the last few hundred
        queries: backspace and retyping come back to them."""
        cached = self._prefix_cache.get((q, limit))
        if cached is not None:
            return cached
        lo = bisect.bisect_left(self._key_strings, q)
        hi = bisect.bisect_left(self._key_strings, q + "\U0010ffff")
        exact_hi = bisect.bisect_right(self._key_strings, q, lo, hi)
        best: dict[int, int] = {}
        get, scores, owners = best.get, self._key_scores, self._key_entries
        for k in range(lo, hi):
            i, score = owners[k], scores[k]
            if k < exact_hi:  # the key is the whole query
                score += EXACT - PREFIX
            if score > get(i, -1):
                best[i] = score
        tie = self._tie
        ordered = heapq.nsmallest(limit, best, key=lambda i: (-best[i], tie[i]))
        if len(self._prefix_cache) >= 512:  # typing moves on; old prefixes are rarely typed again
            self._prefix_cache.clear()
        self._prefix_cache[q, limit] = (best, ordered)
        return best, ordered

    def _add_inner_matches(self, q: str, best: dict[int, float]) -> None:
        def offer(i: int, score: float) -> None:
            if score > best.get(i, -1.0):
                best[i] = score

        if _Corpus.SEPARATOR in q:
            return
        prefixed = set(best)  # a prefix match outranks anything found inside a key
        # One character is looked for inside names and aliases only: a letter somewhere inside
        # the pinyin or code of thousands of items says nothing about what the clerk wants.
        corpus = self._all_keys if len(q) > 1 else self._name_keys
        text, starts, owners = corpus.text, corpus.starts, corpus.owners
        at = text.find(q)
        while at >= 0:  # every occurrence; a few thousand for two letters at 10,000 items
            k = bisect.bisect_right(starts, at) - 1
            i, bonus = owners[k]
            if i not in prefixed:
                score = SUBSTRING + bonus - min(at - starts[k], 99)
                if score > best.get(i, -1.0):
                    best[i] = score
            at = text.find(q, at + 1)
        if len(q) < 2:
            return
        for i in _all_of(self._name_chars, set(q)):
            if i in best:
                continue
            for field, text in self._texts[i]:
                if field in ("name", "alias"):
                    span = _fuzzy_span(q, text)
                    if span is not None:
                        offer(i, FUZZY + FIELD_BONUS[field] - min(span, 99))

    def _rank(
        self,
        best: Mapping[int, float],
        ordered: list[int] | None,
        usage: Mapping[str, int],
        limit: int,
    ) -> list[Hit]:
        """The best ``limit`` hits; frequently used items move up within their tier (a log
        keeps them from jumping tiers).

        With thousands of prefix matches only the first ``limit`` in static order and the used
        items can make the list: any other item has ``limit`` items above it that a usage
        boost can only lift further."""
        scores = (
            dict(best) if ordered is None or len(best) <= limit else {i: best[i] for i in ordered}
        )
        for code, uses in usage.items():
            i = self._by_code.get(code)
            if uses > 0 and i is not None and i in best:
                scores[i] = round(best[i] + 80 * math.log1p(uses), 2)
        tie = self._tie
        top = heapq.nsmallest(limit, ((-score, tie[i], i) for i, score in scores.items()))
        return [Hit(self.entries[i].code, self.entries[i].name, -neg) for neg, _t, i in top]


class _Corpus:
    """Texts joined into one string, so that ``str.find`` (C code) does the substring scan."""

    SEPARATOR = "\x00"

    def __init__(self, texts: Iterable[tuple[int, str, str]]) -> None:
        parts: list[str] = []
        self.starts: list[int] = []  # where each text begins in the joined string
        self.owners: list[tuple[int, int]] = []  # (entry, field bonus) of each text
        at = 0
        for i, field, text in texts:
            self.starts.append(at)
            self.owners.append((i, FIELD_BONUS[field]))
            parts.append(text)
            at += len(text) + 1
        self.text = self.SEPARATOR.join(parts)


def _all_of(postings: Mapping[str, list[int]], pieces: Iterable[str]) -> set[int]:
    """Entries listed under every piece (intersecting from the shortest list)."""
    lists = sorted((postings.get(p, ()) for p in pieces), key=len)
    if not lists or not lists[0]:
        return set()
    found = set(lists[0])
    for other in lists[1:]:
        found.intersection_update(other)
        if not found:
            break
    return found


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
