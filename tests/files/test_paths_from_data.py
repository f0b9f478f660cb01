"""Paths built from data (item codes, case numbers) never leave the data directory."""

from __future__ import annotations

import json

import pytest

from app.core.errors import CounterError, ValidationFailed
from app.paths import Home, inside

HOSTILE_CODES = [
    "../../../x/pwn",
    "/abs/path",
    "..",
    "a/../../b",
    "a\\b",
    "LOCAL-0001/..",
    "x..y",
    ".hidden",
    "-rf",
    "a b",
    "代码",
    "a\x00b",
    "a" * 65,
    "",
]
REAL_CODES = [
    "LOCAL-0001",
    "DEMO-0048",
    "11330100002498745F4000117009001",
    "000117009000",
    "330106-ZJ.XK.001_2",
    "a" * 64,
]


def catalog(code: str) -> dict:
    return {
        "format": "counter-catalog/1",
        "items": [
            {"code": code, "name": "测试事项", "materials": [{"id": "m1", "name": "申请表"}]}
        ],
    }


@pytest.mark.parametrize("code", HOSTILE_CODES)
def test_import_refuses_a_code_that_could_name_a_path(empty_ctx, tmp_path, code):
    f = tmp_path / "c.json"
    f.write_text(json.dumps(catalog(code)), encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        empty_ctx.catalog.import_file(f)
    assert any("code" in p.path and "items[0]" in p.path for p in info.value.problems)
    assert empty_ctx.catalog.current_version() is None


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_import(empty_ctx, tmp_path, code):
    f = tmp_path / "c.json"
    f.write_text(json.dumps(catalog(code)), encoding="utf-8")
    assert empty_ctx.catalog.import_file(f).items == 1


def test_publish_catalog_refuses_the_same_codes(tmp_path):
    """The central's publish-catalog reads files with the same reader, before connecting."""
    from app.sync.central_admin import publish_catalog

    f = tmp_path / "c.json"
    f.write_text(json.dumps(catalog("../../../x/pwn")), encoding="utf-8")
    with pytest.raises(ValidationFailed):
        publish_catalog("postgresql://nobody@127.0.0.1:1/none", f)


@pytest.mark.parametrize("part", ["..", "../x", "/etc/passwd", "a/b", "", ".", "a\\..\\b"])
def test_inside_refuses_anything_leaving_the_root(tmp_path, part):
    with pytest.raises(CounterError) as info:
        inside(tmp_path / "root", part)
    assert info.value.code == "path.outside"


def test_inside_keeps_plain_names(tmp_path):
    assert inside(tmp_path, "LOCAL-0001-20261203.pdf") == tmp_path / "LOCAL-0001-20261203.pdf"


def test_case_folder_of_a_hostile_case_number_is_refused(tmp_path):
    home = Home(tmp_path)
    with pytest.raises(CounterError):
        home.case_dir("../../outside")
    assert (
        home.case_dir("C3301-W03-20261123-0001") == tmp_path / "cases" / "C3301-W03-20261123-0001"
    )


def test_a_guide_of_a_stored_hostile_code_is_not_written_outside(ctx, tmp_path):
    """A store written before codes were checked may hold such a code: printing its guide
    must refuse rather than write outside the data directory."""
    from sqlalchemy import update

    from app.models.schema import CatalogItem

    bad = "../../../escaped"
    with ctx.store.write() as s:
        row = s.query(CatalogItem).filter(CatalogItem.code == "LOCAL-0001").one()
        payload = dict(row.payload, code=bad)
        s.execute(
            update(CatalogItem).where(CatalogItem.id == row.id).values(code=bad, payload=payload)
        )
    with pytest.raises(CounterError):
        ctx.slips.guide(bad)
    root = ctx.home.root.resolve()
    assert not any(p.name.startswith("escaped") for p in root.parent.parent.rglob("*.pdf"))


def test_cli_print_item_with_a_traversal_code_fails_cleanly(cli, tmp_path):
    code, _out, err = cli("print", "--item", "../../../x/pwn", "--out", str(tmp_path / "g.pdf"))
    assert code != 0 and "Traceback" not in err and "内部错误" not in err
    assert not (tmp_path / "g.pdf").exists()
