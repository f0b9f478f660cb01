"""What the sync needs from the application's wiring, named here so that sync does not import
``app.bootstrap`` (which sits above it): the store and the catalog service.
``bootstrap.Context`` provides both."""

from __future__ import annotations

from typing import Protocol

from app.models.db import Store
from app.services.catalog import CatalogService


class SyncContext(Protocol):
    @property
    def store(self) -> Store: ...

    @property
    def catalog(self) -> CatalogService: ...
