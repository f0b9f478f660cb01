"""Catalog use cases: import (validated, versioned, all or nothing), export, look-up, search."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from app.core import catalog_format
from app.core.catalog import Bundle, Catalog, Item
from app.core.errors import CounterError, Problem, ValidationFailed
from app.core.input_rules import (
    check_regular_file,
    missing,
    one_line,
    read_bytes_limited,
    text_problem,
)
from app.core.search import Hit, SearchEntry, SearchIndex, make_entry
from app.models.db import Store
from app.models.schema import Base, CatalogBundle, CatalogItem, CatalogVersion, ItemUsage

MAX_CATALOG_BYTES = 64 * 1024 * 1024  # 10,000 real items take about 30 MB


@dataclass(frozen=True)
class ImportResult:
    version: int | None  # None when the file equals the current catalog (nothing added)
    items: int
    warnings: list[Problem]


@dataclass(frozen=True)
class VersionInfo:
    id: int
    imported_at: datetime
    published_at: str | None
    source: str | None
    origin: str
    item_count: int


@dataclass(frozen=True)
class ItemSummary:
    code: str
    name: str
    department: str | None


def read_catalog_file(path: Path) -> catalog_format.ParseResult:
    """Read a JSON or .xlsx catalog file; a broken file is reported as a problem, not raised."""
    if missing(path):
        raise CounterError("catalog.file_missing", f"找不到文件 {path}，请检查路径")
    if path.suffix.lower() == ".xlsx":
        from app.services.catalog_xlsx import MAX_WORKBOOK_BYTES, read_workbook

        check_regular_file(path, MAX_WORKBOOK_BYTES, "目录文件")
        return read_workbook(path)
    data = read_bytes_limited(path, MAX_CATALOG_BYTES, "目录文件")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return catalog_format.ParseResult(
            None,
            [
                Problem(
                    "",
                    "",
                    "文件不是 UTF-8 编码的 JSON；请另存为 UTF-8 或使用 .xlsx 模板",
                    "catalog.encoding",
                )
            ],
            [],
        )
    return catalog_format.parse_catalog_text(text)


def checked_file(path: Path) -> catalog_format.ParseResult:
    """``read_catalog_file`` that raises, listing every problem, when the file is not valid."""
    result = read_catalog_file(path)
    if result.catalog is None:
        raise ValidationFailed(
            "catalog.invalid",
            f"目录文件 {path.name} 有 {len(result.errors)} 处错误，未导入任何内容",
            result.errors,
        )
    return result


def content_hash(catalog: Catalog) -> str:
    doc = catalog_format.dump_catalog(catalog)
    # Items alone when there are no bundles: a version-1 catalog keeps the hash it always had.
    hashed = {"items": doc["items"], "bundles": doc["bundles"]} if catalog.bundles else doc["items"]
    body = json.dumps(
        hashed,
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode()).hexdigest()


def search_entries(catalog: Catalog) -> list[SearchEntry]:
    """The items' entries, then the bundles' (search finds both alike)."""
    entries: list[Item | Bundle] = [*catalog.items, *catalog.bundles]
    return [make_entry(e.code, e.name, e.aliases) for e in entries]


_VERSIONS = CatalogVersion.__table__.c
_CURRENT = select(_VERSIONS.id, _VERSIONS.content_hash).order_by(_VERSIONS.id.desc()).limit(1)
_VERSION = select(_VERSIONS.id, _VERSIONS.content_hash).where(_VERSIONS.id == bindparam("id"))


class CatalogService:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._index: tuple[int, SearchIndex] | None = None
        self._items: dict[tuple[int, str], Item] = {}
        self._bundles: dict[int, dict[str, Bundle]] = {}  # version -> its bundles, by code
        self._longest: dict[int, int] = {}  # version -> longest time limit, see below
        self._lock = threading.Lock()

    # ---- versions ---------------------------------------------------------------------------

    def current_version(self) -> int | None:
        with self.store.read() as s:
            return s.scalar(select(func.max(CatalogVersion.id)))

    def version_in(self, s: Session, version: int | None = None) -> tuple[int, str] | None:
        """The given catalog version (default: the current one) and its content hash, in the
        caller's transaction (one statement); None when there is no such version."""
        conn = s.connection()
        if version is None:
            row = conn.execute(_CURRENT).first()
        else:
            row = conn.execute(_VERSION, {"id": version}).first()
        return None if row is None else (int(row[0]), str(row[1]))

    def versions(self) -> list[VersionInfo]:
        with self.store.read() as s:
            rows = s.scalars(select(CatalogVersion).order_by(CatalogVersion.id)).all()
            return [
                VersionInfo(r.id, r.imported_at, r.published_at, r.source, r.origin, r.item_count)
                for r in rows
            ]

    def import_file(self, path: Path, origin: str = "import") -> ImportResult:
        result = checked_file(path)
        return self.import_catalog(result.catalog, origin, result.warnings)  # type: ignore[arg-type]

    def dropped_by(self, catalog: Catalog) -> list[ItemSummary]:
        """The current version's items that ``catalog`` would no longer offer for new intakes
        (the old version stays for the cases that name it)."""
        kept = {i.code for i in catalog.items}
        return [i for i in self.items() if i.code not in kept]

    def import_catalog(
        self,
        catalog: Catalog,
        origin: str = "import",
        warnings: list[Problem] | None = None,
        central_version: int | None = None,
    ) -> ImportResult:
        entries = search_entries(catalog)  # pinyin for every item: not under the write lock
        with self.store.write() as s:
            new_id = self.import_in(s, catalog, origin, central_version, entries)
        self.forget_index()
        return ImportResult(new_id, len(catalog.items), warnings or [])

    def import_in(
        self,
        s: Session,
        catalog: Catalog,
        origin: str = "import",
        central_version: int | None = None,
        entries: list[SearchEntry] | None = None,
    ) -> int | None:
        """Add ``catalog`` as a new version inside the caller's write transaction; None when it
        is the current version already. ``entries`` are its ``search_entries``, made before
        the transaction. The caller calls ``forget_index`` after its commit."""
        digest = content_hash(catalog)
        if entries is None:
            entries = search_entries(catalog)
        latest = s.scalars(
            select(CatalogVersion).order_by(CatalogVersion.id.desc()).limit(1)
        ).first()
        if latest is not None and latest.content_hash == digest:
            if central_version is not None:
                latest.central_version = central_version
            return None
        version = CatalogVersion(
            imported_at=datetime.now(),
            published_at=catalog.published_at,
            source=catalog.source,
            origin=origin,
            central_version=central_version,
            content_hash=digest,
            item_count=len(catalog.items),
        )
        s.add(version)
        s.flush()
        s.execute(
            Base.metadata.tables[CatalogItem.__tablename__].insert(),
            [
                {
                    "version_id": version.id,
                    "position": n,
                    "code": item.code,
                    "name": item.name,
                    "aliases": "\n".join(item.aliases),
                    "department": item.department,
                    "search_keys": {"pinyin": list(e.pinyin), "initials": list(e.initials)},
                    "payload": catalog_format.dump_item(item),
                }
                for n, (item, e) in enumerate(
                    zip(catalog.items, entries[: len(catalog.items)], strict=True)
                )
            ],
        )
        bundle_entries = entries[len(catalog.items) :]
        if catalog.bundles:
            s.execute(
                Base.metadata.tables[CatalogBundle.__tablename__].insert(),
                [
                    {
                        "version_id": version.id,
                        "position": n,
                        "code": b.code,
                        "name": b.name,
                        "aliases": "\n".join(b.aliases),
                        "search_keys": {"pinyin": list(e.pinyin), "initials": list(e.initials)},
                        "payload": catalog_format.dump_bundle(b),
                    }
                    for n, (b, e) in enumerate(zip(catalog.bundles, bundle_entries, strict=True))
                ],
            )
        return version.id

    def forget_index(self) -> None:
        """Drop the search index so the next search builds it from the newest version."""
        with self._lock:
            self._index = None

    # ---- reading ----------------------------------------------------------------------------

    def item(self, code: str, version: int | None = None) -> Item:
        """The item as the given catalog version had it (default: the current version)."""
        if not isinstance(code, str) or text_problem(code, 64) is not None:
            # Not even a code of older catalogs: no look-up, and not echoed as it is.
            raise CounterError(
                "catalog.unknown_item",
                f"{one_line(repr(code), 60)} 不是有效的事项编码；请检查事项编码",
            )
        if version is not None and (version, code) in self._items:
            return self._items[(version, code)]
        with self.store.read() as s:
            v = version if version is not None else s.scalar(select(func.max(CatalogVersion.id)))
            if v is None:
                raise CounterError("catalog.empty", "本窗口还没有导入事项目录，请先导入目录")
            if (v, code) in self._items:
                return self._items[(v, code)]
            row = s.scalars(
                select(CatalogItem).where(CatalogItem.version_id == v, CatalogItem.code == code)
            ).first()
            if row is None:
                raise CounterError(
                    "catalog.unknown_item",
                    f"目录（版本 {v}）中没有编码为 {code} 的事项，请检查事项编码",
                    path=code,
                )
            item = catalog_format.load_item(row.payload)
        # A version's items never change, so a parsed item can be kept for good.
        if len(self._items) > 5000:
            self._items.clear()
        self._items[(v, code)] = item
        return item

    def items(self, version: int | None = None) -> list[ItemSummary]:
        with self.store.read() as s:
            v = version if version is not None else s.scalar(select(func.max(CatalogVersion.id)))
            rows = s.execute(
                select(CatalogItem.code, CatalogItem.name, CatalogItem.department)
                .where(CatalogItem.version_id == v)
                .order_by(CatalogItem.position)
            ).all()
            return [ItemSummary(*r) for r in rows]

    def longest_time_limit(self, version: int | None = None) -> int:
        """The most working days any item of the version allows (its promised limit, else its
        legal one, as a case's promised date counts them); 0 for none. Kept per version: a
        version never changes, and the scan takes ~60 ms at 10,000 items."""
        days = func.coalesce(
            func.json_extract(CatalogItem.payload, "$.promised_days"),
            func.json_extract(CatalogItem.payload, "$.legal_days"),
        )
        with self.store.read() as s:
            v = version if version is not None else s.scalar(select(func.max(CatalogVersion.id)))
            if v is None:
                return 0
            if v not in self._longest:
                longest = s.scalar(select(func.max(days)).where(CatalogItem.version_id == v))
                self._longest[v] = int(longest or 0)
        return self._longest[v]

    def bundles(self, version: int | None = None) -> list[Bundle]:
        """The bundles (一件事) of a catalog version (default: the current one), in order."""
        with self.store.read() as s:
            v = version if version is not None else s.scalar(select(func.max(CatalogVersion.id)))
            if v is None:
                return []
            if v not in self._bundles:
                rows = s.scalars(
                    select(CatalogBundle.payload)
                    .where(CatalogBundle.version_id == v)
                    .order_by(CatalogBundle.position)
                ).all()
                loaded = (catalog_format.load_bundle(p) for p in rows)
                self._bundles[v] = {b.code: b for b in loaded}  # a version never changes
        return list(self._bundles[v].values())

    def bundle(self, code: str, version: int | None = None) -> Bundle | None:
        """The bundle of that code in the version, or None when the code is not a bundle's."""
        return next((b for b in self.bundles(version) if b.code == code), None)

    def export(self, version: int | None = None) -> Catalog:
        with self.store.read() as s:
            v = version if version is not None else s.scalar(select(func.max(CatalogVersion.id)))
            info = s.get(CatalogVersion, v) if v is not None else None
            if info is None:
                raise CounterError("catalog.empty", "没有可导出的目录版本")
            rows = s.scalars(
                select(CatalogItem.payload)
                .where(CatalogItem.version_id == v)
                .order_by(CatalogItem.position)
            ).all()
            items = tuple(catalog_format.load_item(p) for p in rows)
            published_at, source = info.published_at, info.source
        return Catalog(items, published_at, source, bundles=tuple(self.bundles(v)))

    # ---- search -----------------------------------------------------------------------------

    def index(self) -> SearchIndex:
        """The search index of the current version, built once and reused until an import."""
        version = self.current_version() or 0
        with self._lock:
            if self._index is not None and self._index[0] == version:
                return self._index[1]
        with self.store.read() as s:
            rows = [
                *s.execute(
                    select(
                        CatalogItem.code,
                        CatalogItem.name,
                        CatalogItem.aliases,
                        CatalogItem.search_keys,
                    )
                    .where(CatalogItem.version_id == version)
                    .order_by(CatalogItem.position)
                ).all(),
                *s.execute(
                    select(
                        CatalogBundle.code,
                        CatalogBundle.name,
                        CatalogBundle.aliases,
                        CatalogBundle.search_keys,
                    )
                    .where(CatalogBundle.version_id == version)
                    .order_by(CatalogBundle.position)
                ).all(),
            ]
        index = SearchIndex(
            SearchEntry(
                code,
                name,
                tuple(a for a in aliases.split("\n") if a),
                tuple(keys["pinyin"]),
                tuple(keys["initials"]),
            )
            for code, name, aliases, keys in rows
        )
        with self._lock:
            self._index = (version, index)
        return index

    def usage(self) -> Mapping[str, int]:
        with self.store.read() as s:
            return dict(s.execute(select(ItemUsage.code, ItemUsage.uses)).all())

    def search(self, text: str, limit: int = 20) -> list[Hit]:
        return self.index().search(text, limit=limit, usage=self.usage())
