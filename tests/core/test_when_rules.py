"""Which materials apply, on the real guides (FORMAT.md: ANY group with ALL its options)."""

from __future__ import annotations

import pytest

from app.core.catalog import AnswerError, applicable_materials, parse_answer_spec
from app.core.catalog_format import parse_catalog


@pytest.fixture
def items(real_guides):
    return {i.code: i for i in parse_catalog(real_guides).catalog.items}


def test_every_real_item_always_required_materials(items):
    for item in items.values():
        always = [m.id for m in item.materials if m.when is None]
        assert [m.id for m in applicable_materials(item, {}) if m.id in always] == always
        # With no answers, only materials without a condition apply.
        assert all(m.when is None for m in applicable_materials(item, {}))


def test_each_option_selects_exactly_its_materials(items):
    for item in items.values():
        for q in item.questions:
            for o in q.options:
                got = {m.id for m in applicable_materials(item, {q.id: [o.id]})}
                want = {
                    m.id
                    for m in item.materials
                    if m.when is None or any(set(g) <= {o.id} for g in m.when)
                }
                assert got == want, (item.code, o.id)


def test_and_groups_need_all_their_options(items):
    combos = [
        (i, m)
        for i in items.values()
        for m in i.materials
        if m.when and any(len(g) > 1 for g in m.when)
    ]
    for item, m in combos:
        group = next(g for g in m.when if len(g) > 1)
        answers: dict[str, list[str]] = {}
        for opt in group:
            q = next(q for q in item.questions if opt in {o.id for o in q.options})
            answers.setdefault(q.id, []).append(opt)
        if any(not item.question(q).multiple and len(v) > 1 for q, v in answers.items()):
            continue
        assert m in applicable_materials(item, answers)
        partial = {q: v[:-1] for q, v in answers.items()}
        partial = {q: v for q, v in partial.items() if v}
        if not any(set(g) <= {o for v in partial.values() for o in v} for g in m.when):
            assert m not in applicable_materials(item, partial)


def test_bad_answers_are_refused(items):
    item = items["LOCAL-0001"]
    with pytest.raises(AnswerError):
        applicable_materials(item, {"nope": ["s1"]})
    with pytest.raises(AnswerError):
        applicable_materials(item, {"s": ["zz"]})
    from dataclasses import replace

    q = replace(item.questions[0], multiple=False)
    single = replace(item, questions=(q,))
    with pytest.raises(AnswerError):
        applicable_materials(single, {q.id: [q.options[0].id, q.options[1].id]})


def test_answer_spec():
    assert parse_answer_spec("s=s1,s3") == {"s": ["s1", "s3"]}
    assert parse_answer_spec("s=s1;t=t2") == {"s": ["s1"], "t": ["t2"]}
    with pytest.raises(AnswerError):
        parse_answer_spec("s1")
