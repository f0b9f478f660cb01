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
    assert codes(index().search("canjiren"))[:2] == ["A1", "A2"] or \
        set(codes(index().search("canjiren"))[:2]) == {"A1", "A2"}
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
