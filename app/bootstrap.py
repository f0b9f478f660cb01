"""The one place where Counter is wired together: data directory, store, services.

The CLI and the GUI both call ``open_context``; nothing else builds services, and there is no
global instance: whoever needs the services is handed the context.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from app.core.errors import CounterError
from app.models.db import Store, check_store_file, damaged_store, make_engine
from app.models.migrate import upgrade
from app.paths import Home, resources_dir
from app.services.catalog import CatalogService
from app.services.settings import Settings, WindowSettings

if TYPE_CHECKING:  # imported when first used: `counter --help` loads none of them
    from app.models.store_key import StoreKey
    from app.services.accounts import AccountService
    from app.services.bundle_intake import BundleIntakeService
    from app.services.calendar import CalendarService
    from app.services.case_issuer import CaseIssuer
    from app.services.case_queries import CaseQueries
    from app.services.case_state import CaseStateService
    from app.services.feedback import FeedbackService
    from app.services.posts import PostService
    from app.services.slips import SlipService
    from app.services.visits import VisitService

log = logging.getLogger(__name__)
__all__ = ["Context", "open_context"]
DEMO_CATALOG = "catalog/demo-catalog.json"


@dataclass
class Context:
    home: Home
    store: Store
    catalog: CatalogService
    first_start: bool = False
    notes: list[str] = field(default_factory=list)  # what start-up did, for the user to see
    practice: bool = False  # the practice store of app.services.practice, not the real one

    # Each service is handed what it uses; the context only wires them.

    @cached_property
    def users(self) -> AccountService:
        from app.services.accounts import AccountService

        return AccountService(self.store)

    @cached_property
    def calendar(self) -> CalendarService:
        from app.services.calendar import CalendarService

        return CalendarService(self.store)

    @cached_property
    def issuer(self) -> CaseIssuer:
        from app.services.case_issuer import CaseIssuer

        return CaseIssuer(self.home.root)

    @cached_property
    def cases(self) -> CaseQueries:
        from app.services.case_queries import CaseQueries

        return CaseQueries(self.store, self.catalog)

    @cached_property
    def slips(self) -> SlipService:
        from app.services.slips import SlipService

        return SlipService(self.home, self.store, self.catalog, self.users, self.cases)

    @cached_property
    def visits(self) -> VisitService:
        from app.services.visits import VisitService

        return VisitService(
            self.store, self.catalog, self.calendar, self.users, self.issuer, self.cases, self.slips
        )

    @cached_property
    def posts(self) -> PostService:
        from app.services.posts import PostService

        return PostService(self.store, self.users)

    @cached_property
    def bundles(self) -> BundleIntakeService:
        from app.services.bundle_intake import BundleIntakeService

        return BundleIntakeService(self)

    @cached_property
    def case_state(self) -> CaseStateService:
        from app.services.case_state import CaseStateService

        return CaseStateService(self.store, self.users, self.cases, self.slips)

    @cached_property
    def feedback(self) -> FeedbackService:
        from app.services.feedback import FeedbackService
        from app.services.tickets import TicketService

        return FeedbackService(
            self.store, self.users, self.calendar, self.cases, lambda: TicketService(self)
        )

    def window(self) -> WindowSettings:
        """The window's settings as stored now (a typed snapshot)."""
        with self.store.read() as s:
            return Settings.read(s)

    def close(self) -> None:
        self.store.engine.dispose()


def _unlock(home: Home) -> tuple[StoreKey, list[str]]:
    """The store's key; a store an older version left in plaintext is encrypted first."""
    from app.models.opener import DatabaseError
    from app.services.kept_slips import SPOOL_MINUTES, clear_spool
    from app.services.store_unlock import unlock

    try:
        key, notes = unlock(home)
    except DatabaseError as exc:
        damaged = damaged_store(home.db, exc)
        if damaged is not None:
            raise damaged from exc
        raise
    clear_spool(home, SPOOL_MINUTES * 60)  # what a switched-off PC left readable
    return key, notes


def open_context(home: Home, *, load_demo: bool = True) -> Context:
    """Open (creating on first start) the data directory: migrate, identify the device, seed."""
    try:
        home.ensure()
    except OSError as exc:
        raise CounterError(
            "home.unwritable",
            f"无法创建或写入数据目录 {home.root}：{exc.strerror}。请用 --home 指定一个可写的目录",
        ) from exc
    check_store_file(home.db)
    first = not home.db.exists()
    key, unlocked = _unlock(home)
    store = Store(make_engine(home.db, key))
    ctx = Context(home=home, store=store, catalog=CatalogService(store), first_start=first)
    ctx.notes.extend(unlocked)
    try:
        if upgrade(store.engine, home.db, home.backups):
            ctx.notes.append("数据库已升级到最新结构" if not first else "已创建本地数据库")
        with store.write() as s:
            if Settings.device_id.get(s) is None:
                Settings.device_id.set(s, str(uuid.uuid4()))
        if load_demo and ctx.catalog.current_version() is None:
            demo = resources_dir() / DEMO_CATALOG
            if demo.exists():
                result = ctx.catalog.import_file(demo, origin="demo")
                ctx.notes.append(f"已载入示例事项目录（{result.items} 个事项）")
    except BaseException as exc:
        store.engine.dispose()
        damaged = damaged_store(home.db, exc) if isinstance(exc, Exception) else None
        if damaged is not None:
            raise damaged from exc
        raise
    return ctx
