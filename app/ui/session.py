"""What every screen of a logged-in window is handed (no global main-window singleton).

A ``Session`` bundles the clerk, the two workers (database and printing), the devices, the
window's settings and, once it has opened, the services context. Screens receive it in their
constructor; nothing reaches for a module-level instance.

The main window can show before the data layer has opened (``app.ui.main`` opens it on the
database worker). Until ``attach`` is called ``ctx`` is None and ``ready`` is False; work queued
on ``db`` runs after the opening, because that worker has one thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from app.devices.config import DeviceConfig, load_config, make_id_reader, make_pad
from app.paths import Home
from app.ui.slips import SlipSource
from app.ui.worker import Worker

if TYPE_CHECKING:
    from app.bootstrap import Context
    from app.core.roles import Account
    from app.devices.evaluation_pad import EvaluationPad
    from app.devices.id_card import IdCardReader
    from app.services.drafts import DraftService
    from app.services.settings import WindowSettings
    from app.services.sync_state import SyncStatus


@dataclass
class Session:
    home: Home
    clerk: Account
    db: Worker  # one thread: every database call, in order
    background: Worker  # printing, PDF rendering: may take seconds
    devices: DeviceConfig
    window: WindowSettings  # the window's settings (replaced whole when they change)
    ctx: Context | None = None  # the services; None until the data layer has opened
    id_reader: IdCardReader | None = None
    pad: EvaluationPad | None = None
    sync_status: Callable[[], SyncStatus] | None = None
    today: Callable[[], date] = date.today

    def __post_init__(self) -> None:
        if self.sync_status is None:
            self.sync_status = self._sync_status

    @classmethod
    def before_store(
        cls, home: Home, clerk: Account, db: Worker, background: Worker, window: WindowSettings
    ) -> Session:
        """A session whose data layer is still opening; ``attach`` completes it."""
        devices = load_config(home.root)
        return cls(
            home,
            clerk,
            db,
            background,
            devices,
            window,
            id_reader=make_id_reader(devices),
            pad=make_pad(devices),
        )

    @classmethod
    def open(cls, ctx: Context, clerk: Account, db: Worker, background: Worker) -> Session:
        session = cls.before_store(ctx.home, clerk, db, background, ctx.window())
        session.attach(ctx)
        return session

    def attach(self, ctx: Context) -> None:
        self.ctx = ctx

    @property
    def ready(self) -> bool:
        return self.ctx is not None

    def _opened(self) -> Context:
        if self.ctx is None:  # a screen asked before MainWindow let it: a programming error
            raise RuntimeError("the data layer has not opened yet")
        return self.ctx

    @cached_property
    def drafts(self) -> DraftService:
        from app.services.drafts import DraftService

        return DraftService(self._opened().store)

    @cached_property
    def slips(self) -> SlipSource:
        return SlipSource(self._opened(), self.clerk.username)

    def _sync_status(self) -> SyncStatus:
        from app.services.sync_state import sync_status

        return sync_status(self._opened().store)

    def reload_devices(self) -> None:
        if self.id_reader is not None:
            self.id_reader.close()
        self.devices = load_config(self.home.root)
        self.id_reader = make_id_reader(self.devices)
        self.pad = make_pad(self.devices)

    def close(self) -> None:
        """Closing the application: wait for queued work, then release the store."""
        self.db.drain()
        self.background.drain()
        if self.ctx is not None:
            self.ctx.close()
