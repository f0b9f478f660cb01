"""Optional situation questions (``"optional": true``, 可多选，均不符合可不选): left empty they
are answered "none of these", in the catalog format, application files and ``catalog show``."""

from __future__ import annotations

import json

from app.core.catalog import parse_answer_spec, unanswered
from app.core.catalog_format import FORMAT_TAG, dump_catalog, parse_catalog
from tests.cli.test_cli_intake import application, write


def catalog(question: dict) -> dict:
    return {
        "format": FORMAT_TAG,
        "items": [
            {
                "code": "LOCAL-0100",
                "name": "测试事项",
                "questions": [question],
                "materials": [
                    {"id": "m1", "name": "申请书"},
                    {"id": "m2", "name": "残疾人证", "when": [["b1"]]},
                ],
            }
        ],
    }


FAMILY = {
    "id": "q2",
    "text": "家庭特殊情形",
    "multiple": True,
    "optional": True,
    "options": [{"id": "b1", "text": "有持证残疾人"}, {"id": "b2", "text": "单亲家庭"}],
}


def test_optional_is_read_written_back_and_left_out_when_false():
    res = parse_catalog(catalog(FAMILY))
    assert res.errors == []
    q = res.catalog.items[0].questions[0]
    assert q.optional and q.multiple
    assert dump_catalog(res.catalog)["items"][0]["questions"][0]["optional"] is True
    plain = dict(FAMILY, optional=False)
    dumped = dump_catalog(parse_catalog(catalog(plain)).catalog)["items"][0]["questions"][0]
    assert "optional" not in dumped  # catalogs without it export exactly as before


def test_optional_only_on_a_multi_select_and_only_true_or_false():
    res = parse_catalog(catalog(dict(FAMILY, multiple=False)))
    assert res.catalog is None
    [problem] = res.errors
    assert problem.path.endswith("questions[0].optional") and "可多选" in problem.reason
    res = parse_catalog(catalog(dict(FAMILY, optional="yes")))
    assert res.catalog is None and res.errors[0].path.endswith(".optional")


def test_an_empty_answer_answers_an_optional_question_only():
    item = parse_catalog(catalog(FAMILY)).catalog.items[0]
    assert unanswered(item, {"q2": []}) == []
    assert [q.id for q in unanswered(item, {})] == ["q2"]  # left out is still unanswered
    required = parse_catalog(catalog(dict(FAMILY, optional=False))).catalog.items[0]
    assert [q.id for q in unanswered(required, {"q2": []})] == ["q2"]
    assert parse_answer_spec("q1=a1 q2=-") == {"q1": ["a1"], "q2": []}


def test_the_demo_items_saying_so_are_optional():
    from app.bootstrap import DEMO_CATALOG
    from app.paths import resources_dir

    doc = json.loads((resources_dir() / DEMO_CATALOG).read_text(encoding="utf-8"))
    said = [
        (i["code"], q["id"], q.get("optional", False))
        for i in doc["items"]
        for q in i["questions"]
        if "均不符合可不选" in q["text"]
    ]
    assert len(said) >= 3 and all(optional for _c, _q, optional in said), said
    assert ("DEMO-0011", "q2", True) in said


def test_an_application_file_answers_none_of_these_with_an_empty_list(initialised, tmp_path):
    cli = initialised
    materials = {m: "ok" for m in ("m1", "m2", "m3", "m4", "m5", "m6", "m16")}
    doc = application(item="DEMO-0011", answers={"q1": ["a1"], "q2": []}, materials=materials)
    code, out, err = cli("intake", write(tmp_path, doc), "--json")
    assert code == 0, err
    res = json.loads(out)
    assert res["outcome"] == "accept"
    code, out, _ = cli("case", "show", res["case_no"], "--json")
    assert json.loads(out)["answers"] == {"q1": ["a1"], "q2": []}
    left_out = application(item="DEMO-0011", answers={"q1": ["a1"]}, materials=materials)
    code, _out, err = cli("intake", write(tmp_path, left_out, "b.json"), "--json")
    assert code == 1 and "家庭特殊情形" in err


def test_catalog_show_says_none_of_these(initialised):
    code, out, err = initialised("catalog", "show", "DEMO-0011", "--answer", "q1=a1 q2=-")
    assert code == 0, err
    lines = out.splitlines()
    at = next(n for n, line in enumerate(lines) if "家庭特殊情形" in line)
    assert any("均不符合" in line and "●" in line for line in lines[at + 1 : at + 10])


def test_the_excel_workbook_keeps_optional_and_reads_older_ones(empty_ctx, tmp_path):
    from openpyxl import load_workbook

    from app.services.catalog import read_catalog_file
    from app.services.catalog_xlsx import write_workbook

    cat = parse_catalog(catalog(FAMILY)).catalog
    book = tmp_path / "catalog.xlsx"
    write_workbook(cat, book)
    back = read_catalog_file(book)
    assert back.errors == [] and back.catalog.items[0].questions[0].optional
    wb = load_workbook(book)  # a workbook from the template before the column existed
    wb["情形"].delete_cols(8)
    wb.save(book)
    older = read_catalog_file(book)
    assert older.errors == [] and not older.catalog.items[0].questions[0].optional
