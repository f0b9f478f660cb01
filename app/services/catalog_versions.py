"""Catalog versions side by side: what a version (or a file not yet imported) adds, changes and
drops against another, through the catalog service; the rules are core/catalog_diff.py."""

from __future__ import annotations

from pathlib import Path

from app.core.catalog_diff import CatalogDiff, compare
from app.core.errors import CounterError
from app.services.catalog import CatalogService, checked_file


def compare_versions(
    catalog: CatalogService, old: int | None, new: int, language: str = "zh_CN"
) -> CatalogDiff:
    """Version ``new`` against ``old`` (None: against nothing, as the first import was); the
    lines in ``language``."""
    known = {v.id for v in catalog.versions()}
    for v in (old, new):
        if v is not None and v not in known:
            raise CounterError("catalog.version", f"没有目录版本 {v}")
    before = catalog.export(old) if old is not None else None
    return compare(before, catalog.export(new), language)


def previous_version(catalog: CatalogService, version: int) -> int | None:
    earlier = [v.id for v in catalog.versions() if v.id < version]
    return earlier[-1] if earlier else None


def compare_file(catalog: CatalogService, path: Path, language: str = "zh_CN") -> CatalogDiff:
    """A catalog file against the version in effect, before it is imported (checked first: a
    file with errors is refused with them, as the import would)."""
    current = catalog.current_version()
    new = checked_file(path).catalog
    assert new is not None  # checked_file raises for a file it could not read
    return compare(catalog.export(current) if current is not None else None, new, language)
