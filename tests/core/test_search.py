"""Search: pinyin, initials, aliases, codes, substrings, a missing character, ranking."""

from __future__ import annotations

from app.core.search import SearchIndex, make_entry

NAMES = [
    ("A1", "残疾人证新办", ["办残疾证"]),
    ("A2", "残疾人两项补贴申请", []),
    ("A3", "城乡居民基本养老保险参保登记", ["交养老保险"]),
    ("A4", "最低生活保障申请", ["低保"]),
    ("A5", "个体工商户设立登记", ["开店执照"]),
    ("A6", "老年人优待证办理", []),
]


def index():
    return SearchIndex(make_entry(c, n, a) for c, n, a in NAMES)


def codes(hits):
    return [h.code for h in hits]


def test_pinyin_initials_find_the_item():
    assert codes(index().search("cjrz"))[0] == "A1"
    assert codes(index().search("CJRZ"))[0] == "A1"


def test_full_pinyin_prefix_and_alias():
    assert codes(index().search("canjiren"))[:2] == ["A1", "A2"] or set(
        codes(index().search("canjiren"))[:2]
    ) == {"A1", "A2"}
    assert codes(index().search("低保"))[0] == "A4"
    assert codes(index().search("开店"))[0] == "A5"


def test_code_exact_beats_everything():
    hits = index().search("a3")
    assert hits[0].code == "A3"


def test_substring_and_missing_character():
    assert "A3" in codes(index().search("养老保险"))
    assert codes(index().search("残疾证"))[0] == "A1"  # 残疾人证: one character missing
    assert codes(index().search("优待证"))[0] == "A6"


def test_exact_and_prefix_rank_before_substring():
    hits = index().search("残疾人")
    # Both start with 残疾人: prefix tier; a substring-only match would rank lower.
    assert set(codes(hits)[:2]) == {"A1", "A2"}
    sub = index().search("两项补贴")
    assert sub[0].code == "A2"
    assert index().search("残疾人证新办")[0].score > index().search("残疾人证")[0].score


def test_frequent_items_rank_higher_within_a_tier():
    plain = codes(index().search("cj"))
    boosted = codes(index().search("cj", usage={"A2": 50}))
    assert boosted[0] == "A2"
    assert set(plain) == set(boosted)


def test_no_match_and_empty_query():
    assert index().search("zzzz") == []
    assert index().search("   ") == []


def test_demo_catalog_search_through_the_service(ctx):
    hits = ctx.catalog.search("cjrz")
    assert any("残疾人证" in h.name for h in hits[:3])


def test_initials_skip_punctuation():
    idx = SearchIndex([make_entry("B1", "最低生活保障（低保）申请")])
    assert codes(idx.search("zdshbzdbsq")) == ["B1"]
    assert codes(idx.search("dbsq")) == ["B1"]


def test_one_character_is_looked_for_inside_names_only():
    idx = index()
    # 证 inside 残疾人证新办 and 老年人优待证办理; "x" sits inside several pinyin keys but
    # starts none of them, so it finds nothing.
    assert set(codes(idx.search("证"))) == {"A1", "A6"}
    assert codes(idx.search("x")) == []


# ---- the index against a plain reading of the rules -----------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from app.core.search import (  # noqa: E402
    EXACT,
    FIELD_BONUS,
    FUZZY,
    PREFIX,
    SUBSTRING,
    SearchEntry,
    _fuzzy_span,
    normalise,
)

HANZI = "城乡居民保险证残疾人"
LATIN = "abcdy"


def reference(entries, q, limit, usage):
    """Every entry scored field by field, all sorted: slow and obviously right."""
    import math

    q = normalise(q)
    if not q:
        return []
    fields = {
        e.code: [("name", normalise(e.name)), ("code", normalise(e.code))]
        + [("alias", normalise(a)) for a in e.aliases]
        + [("pinyin", p) for p in e.pinyin]
        + [("initials", p) for p in e.initials]
        for e in entries
    }
    scores = {}
    for e in entries:
        for f, t in fields[e.code]:
            if t and t.startswith(q):
                tier = EXACT if t == q else PREFIX
                s = tier + FIELD_BONUS[f] - min(len(t), 99)
                scores[e.code] = max(scores.get(e.code, -1), s)
    if len(scores) < limit:
        inner = {}
        for e in entries:
            if e.code in scores:
                continue
            for f, t in fields[e.code]:
                if len(q) == 1 and f not in ("name", "alias"):
                    continue
                pos = t.find(q)
                if pos > 0:
                    inner[e.code] = max(
                        inner.get(e.code, -1), SUBSTRING + FIELD_BONUS[f] - min(pos, 99)
                    )
                elif pos < 0 and len(q) >= 2 and f in ("name", "alias"):
                    span = _fuzzy_span(q, t)
                    if span is not None:
                        inner[e.code] = max(
                            inner.get(e.code, -1), FUZZY + FIELD_BONUS[f] - min(span, 99)
                        )
        scores.update(inner)
    names = {e.code: e.name for e in entries}
    ranked = sorted(
        ((round(s + 80 * math.log1p(usage.get(c, 0)), 2), c) for c, s in scores.items()),
        key=lambda x: (-x[0], len(names[x[1]]), x[1]),
    )
    return [(c, s) for s, c in ranked[:limit]]


entry_texts = st.text(alphabet=HANZI + LATIN, min_size=1, max_size=8)
latin_keys = st.text(alphabet=LATIN, min_size=1, max_size=8)


@st.composite
def catalogs(draw):
    n = draw(st.integers(1, 30))
    return [
        SearchEntry(
            f"C{k:02d}",
            draw(entry_texts),
            tuple(draw(st.lists(entry_texts, max_size=2))),
            (draw(latin_keys),),
            (draw(latin_keys),),
        )
        for k in range(n)
    ]


@settings(max_examples=300, deadline=None)
@given(
    catalogs(),
    st.text(alphabet=HANZI + LATIN, min_size=1, max_size=4),
    st.integers(1, 6),
    st.dictionaries(
        st.sampled_from([f"C{k:02d}" for k in range(30)]), st.integers(0, 50), max_size=5
    ),
)
def test_the_index_answers_as_the_rules_say(entries, q, limit, usage):
    idx = SearchIndex(entries)
    for _ in range(2):  # the second time from the cache of prefixes
        got = [(h.code, h.score) for h in idx.search(q, limit, usage)]
        assert got == reference(entries, q, limit, usage)
