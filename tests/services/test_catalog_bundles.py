"""The catalog service keeps a version's bundles (一件事) and finds them in search."""

from __future__ import annotations

import json
from pathlib import Path

from app.core.catalog_format import dump_catalog, parse_catalog

DEMO = Path(__file__).resolve().parents[2] / "resources" / "catalog" / "demo-catalog.json"


def test_import_keeps_bundles_per_version_and_search_finds_them(ctx):
    demo_doc = json.loads(DEMO.read_text(encoding="utf-8"))
    catalog = parse_catalog(demo_doc).catalog
    service = ctx.catalog
    version = service.import_catalog(catalog).version
    assert [b.code for b in service.bundles(version)] == [b.code for b in catalog.bundles]
    assert service.bundle("BUNDLE-0002") == catalog.bundles[1]
    assert service.bundle("DEMO-0001") is None
    assert "BUNDLE-0001" in [h.code for h in service.search("出生一件事")]
    assert "BUNDLE-0001" in [h.code for h in service.search("xsecsyjs")]  # pinyin initials
    assert dump_catalog(service.export(version)) == demo_doc


def test_catalog_show_lists_a_bundle_with_shared_materials_once(cli):
    code, out, err = cli(
        "catalog", "show", "BUNDLE-0001", "--answer", "x1=x1a", "--answer", "DEMO-0004:q2=c2"
    )
    assert code == 0, err
    assert "新生儿出生一件事" in out and "（一件事）" in out
    assert "材料：8 项（各事项分别办理共需 10 项）" in out
    assert "子女《出生医学证明》" in out and "用于 DEMO-0026/m7、DEMO-0004/m4" in out
    assert "○ 社会保障卡申领" in out  # not selected by the answers


def test_catalog_show_refuses_an_answer_against_the_bundle(cli):
    code, _, err = cli("catalog", "show", "BUNDLE-0001", "--answer", "DEMO-0004:q1=a1")
    assert code != 0
    assert "一件事已确定此问题的答案" in err
    code, _, err = cli("catalog", "show", "BUNDLE-0001", "--answer", "DEMO-0001:q1=a1")
    assert code != 0 and "不是本一件事的成员事项" in err


def test_catalog_show_marks_materials_a_promise_may_replace(cli):
    code, out, err = cli("catalog", "show", "DEMO-0036", "--answer", "q1=a1;q2=b1;q3=-")
    assert code == 0, err
    assert "可承诺：告知承诺（签署承诺书即可不交此材料，10 个工作日内核查）" in out


def test_a_workbook_export_that_would_drop_bundles_is_refused(cli, home):
    target = home.root.parent / "catalog.xlsx"
    code, _, err = cli("catalog", "export", str(target))
    assert code != 0 and "请导出为 .json 文件" in err
    assert not target.exists()
    code, _out, err = cli("catalog", "export", str(home.root.parent / "catalog.json"))
    assert code == 0, err
    assert '"format": "counter-catalog/2"' in (home.root.parent / "catalog.json").read_text()
