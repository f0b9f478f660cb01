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
