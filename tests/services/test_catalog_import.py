"""Importing catalogs: versions kept, a broken file changes nothing, xlsx and JSON alike."""

from __future__ import annotations

import json

import pytest

from app.core.catalog_format import dump_catalog
from app.core.errors import ValidationFailed
from tests.stores import connect_store


def snapshot(db) -> dict[str, list[tuple]]:
    con = connect_store(db)
    tables = [r[0] for r in con.execute("select name from sqlite_master where type='table'")]
    snap = {t: sorted(con.execute(f'select * from "{t}"').fetchall(), key=repr) for t in tables}
    con.close()
    return snap


def test_import_real_guides_into_a_new_home(cli, real_guides_file, home):
    code, out, err = cli("catalog", "import", str(real_guides_file))
    assert code == 0, err
    assert "12 个事项" in out
    code, out, _ = cli("catalog", "search", "残疾人证", "--json")
    assert json.loads(out)[0]["code"] == "LOCAL-0009"


def test_a_broken_file_lists_errors_and_changes_nothing(cli, real_guides_file, home, tmp_path):
    assert cli("catalog", "import", str(real_guides_file))[0] == 0
    before = snapshot(home.db)
    doc = json.loads(real_guides_file.read_text(encoding="utf-8"))
    doc["items"][3]["materials"][0]["when"] = [["s99"]]
    doc["items"][5]["legal_days"] = -1
    doc["items"][0]["name"] = "changed, must not land"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, _out, err = cli("catalog", "import", str(broken))
    assert code == 1
    assert f"{doc['items'][3]['code']} items[3].materials[0].when[0][0]" in err
    assert "s99" in err
    assert f"{doc['items'][5]['code']} items[5].legal_days" in err
    assert "2 处错误" in err
    assert snapshot(home.db) == before


def test_not_json_and_missing_file(cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    code, _, err = cli("catalog", "import", str(bad))
    assert code == 1 and "不是有效的 JSON" in err
    code, _, err = cli("catalog", "import", str(tmp_path / "nope.json"))
    assert code == 1 and "找不到文件" in err


def test_versions_are_kept_and_old_items_still_readable(empty_ctx, real_guides_file):
    svc = empty_ctx.catalog
    v1 = svc.import_file(real_guides_file).version
    doc = json.loads(real_guides_file.read_text(encoding="utf-8"))
    old_name = doc["items"][0]["name"]
    doc["items"][0]["name"] = old_name + "（2027版）"
    real_guides_file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    v2 = svc.import_file(real_guides_file).version
    assert v2 == v1 + 1
    assert svc.item("LOCAL-0001", v1).name == old_name
    assert svc.item("LOCAL-0001").name == old_name + "（2027版）"
    # Importing the same content again adds no version.
    assert svc.import_file(real_guides_file).version is None
    assert len(svc.versions()) == 2


def test_export_import_export_is_lossless(cli, real_guides_file, real_guides, tmp_path):
    cli("catalog", "import", str(real_guides_file))
    out1 = tmp_path / "a.json"
    assert cli("catalog", "export", str(out1))[0] == 0
    assert json.loads(out1.read_text(encoding="utf-8"))["items"] == real_guides["items"]


def test_xlsx_template_round_trip(empty_ctx, real_guides_file, real_guides, tmp_path):
    from app.services.catalog import read_catalog_file
    from app.services.catalog_xlsx import write_workbook

    svc = empty_ctx.catalog
    svc.import_file(real_guides_file)
    book = tmp_path / "catalog.xlsx"
    write_workbook(svc.export(), book)
    back = read_catalog_file(book)
    assert back.errors == []
    assert dump_catalog(back.catalog)["items"] == real_guides["items"]


def test_xlsx_errors_are_listed(empty_ctx, real_guides_file, tmp_path):
    from openpyxl import load_workbook

    from app.services.catalog_xlsx import write_workbook

    svc = empty_ctx.catalog
    svc.import_file(real_guides_file)
    book = tmp_path / "catalog.xlsx"
    write_workbook(svc.export(), book)
    wb = load_workbook(book)
    wb["材料"]["K2"] = "zz9"
    wb["事项"]["F3"] = "三天"
    wb.save(book)
    with pytest.raises(ValidationFailed) as err:
        svc.import_file(book)
    text = "\n".join(str(p) for p in err.value.problems)
    assert "zz9" in text and "legal_days" in text
    assert len(svc.versions()) == 1


def test_template_command(cli, tmp_path):
    out = tmp_path / "t.xlsx"
    code, _, err = cli("catalog", "template", str(out), "--example")
    assert code == 0, err
    from app.services.catalog import read_catalog_file

    parsed = read_catalog_file(out)
    assert parsed.errors == [] and len(parsed.catalog.items) == 1


def test_the_longest_time_limit_is_the_promised_one_else_the_legal_one(ctx):
    """What the home page's holiday warning looks ahead by: the same limit a case counts."""
    items = [ctx.catalog.item(i.code) for i in ctx.catalog.items()]
    limits = [i.promised_days if i.promised_days is not None else i.legal_days for i in items]
    expected = max(d for d in limits if d is not None)
    assert expected >= 30  # the demo catalog has long limits, so the check means something
    assert ctx.catalog.longest_time_limit() == expected


def test_no_catalog_has_no_time_limit_and_a_new_version_its_own(empty_ctx, real_guides_file):
    svc = empty_ctx.catalog
    assert svc.longest_time_limit() == 0
    v1 = svc.import_file(real_guides_file).version
    first = svc.longest_time_limit()
    doc = json.loads(real_guides_file.read_text(encoding="utf-8"))
    doc["items"][0]["promised_days"] = first + 40
    real_guides_file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    svc.import_file(real_guides_file)
    assert svc.longest_time_limit() == first + 40  # the new version, not the one kept before
    assert svc.longest_time_limit(v1) == first


def test_a_file_that_drops_items_says_which_and_needs_yes(cli, real_guides_file, home, tmp_path):
    assert cli("catalog", "import", str(real_guides_file))[0] == 0
    doc = json.loads(real_guides_file.read_text(encoding="utf-8"))
    kept = doc["items"][:1]
    smaller = tmp_path / "one.json"
    smaller.write_text(json.dumps({**doc, "items": kept}, ensure_ascii=False), encoding="utf-8")
    before = snapshot(home.db)
    code, _, err = cli("catalog", "import", str(smaller))  # stdin is not a terminal here
    assert code == 1
    gone = doc["items"][1]
    assert f"{gone['code']} {gone['name']}" in err and "等 11 个" in err and "--yes" in err
    assert snapshot(home.db) == before
    code, out, err = cli("catalog", "import", str(smaller), "--yes")
    assert code == 0, err
    assert "已导入 1 个事项" in out
    code, out, _ = cli("catalog", "search", "残疾人证", "--json")
    assert json.loads(out) == []
