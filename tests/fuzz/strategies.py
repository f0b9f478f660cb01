"""Hostile values and mutations of valid documents, for the fuzz suite."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

# Values that have broken or could break something: paths, control characters, lone
# surrogates, look-alike digits, huge and odd numbers, empty and blank text.
HOSTILE_STRINGS = [
    "",
    " ",
    "\t",
    "../../../x/pwn",
    "/abs/path",
    "..",
    ".",
    "a/../../b",
    "C:\\x",
    "\\\\srv\\x",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\r\n",
    "\u2028",
    "\u202e",
    "\ufeff",
    "\ud800",
    "\udcff",
    "①②③٣٤",
    "１３８",
    "NaN",
    "Infinity",
    "null",
    "true",
    "{}",
    "[]",
    "LOCAL-0001",
    "LOCAL-0001/..",
    "s1",
    "m1",
    "s1+s2|s3",
    "张三",
    "𠈌",
    "%s%n",
    "${x}",
    "'; drop table x; --",
    "A" * 65,
    "长" * 5000,
    "9" * 5000,
]
HOSTILE_NUMBERS = [
    0,
    -1,
    1,
    2**31,
    2**63,
    -(2**63),
    10**30,
    0.5,
    -0.0,
    1e308,
    float("nan"),
    float("inf"),
    float("-inf"),
    True,
    False,
]

text_values = st.one_of(
    st.sampled_from(HOSTILE_STRINGS),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=30),
    st.text(max_size=30),
)
scalar_values = st.one_of(st.none(), st.sampled_from(HOSTILE_NUMBERS), st.integers(), text_values)
json_values = st.recursive(
    scalar_values,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(text_values, inner, max_size=4)
    ),
    max_leaves=12,
)


def paths_of(doc: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path (keys and indices) to a value inside ``doc``, the root excluded."""
    out = []
    if isinstance(doc, dict):
        for k, v in doc.items():
            out.append((*prefix, k))
            out += paths_of(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out.append((*prefix, i))
            out += paths_of(v, (*prefix, i))
    return out


def _parent(doc: Any, path: tuple) -> Any:
    for p in path[:-1]:
        doc = doc[p]
    return doc


@st.composite
def mutated(draw: Any, valid: Any, max_mutations: int = 3) -> Any:
    """``valid`` with one to three values replaced, removed, or keys added."""
    doc = json.loads(json.dumps(valid))
    for _ in range(draw(st.integers(1, max_mutations))):
        paths = paths_of(doc)
        kind = draw(
            st.sampled_from(["replace", "replace", "replace", "delete", "add_key", "empty"])
        )
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _parent(doc, path)
        key = path[-1]
        if kind == "replace":
            parent[key] = draw(json_values)
        elif kind == "delete":
            del parent[key]
        elif kind == "empty":
            value = parent[key]
            parent[key] = type(value)() if isinstance(value, (list, dict, str)) else None
        elif isinstance(parent, dict):
            parent[draw(text_values)] = draw(json_values)
    return doc


def raw_json_tricks() -> st.SearchStrategy[str]:
    """Text no well-behaved serialiser writes: duplicate keys, huge numbers, deep nesting."""
    return st.sampled_from(
        [
            '{"format": "x", "format": "y"}',
            '{"items": [' + "1" * 5000 + "]}",
            '{"items": ' + "[" * 5000 + "]" * 5000 + "}",
            '{"items": [NaN, Infinity, -Infinity]}',
            '{"a": "\\ud800"}',
            '\ufeff{"format": null}',
            "",
            "null",
            '"just a string"',
            "[1, 2, 3]",
            '{"items": [{"code": "A"}]',
            '{"days": {}}',
        ]
    )


def dumps(doc: Any) -> bytes:
    """Serialise as a hostile file would come: surrogates and NaN kept."""
    return json.dumps(doc, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")
