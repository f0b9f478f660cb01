"""What every screen of a logged-in window is handed (no global main-window singleton).

A ``Session`` bundles the services context, the clerk, the two workers (database and
printing), the devices and the sources of slips and sync status. Screens receive it in their
constructor; nothing reaches for a module-level instance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from app.devices.config import DeviceConfig, load_config, make_id_reader, make_pad
from app.devices.evaluation_pad import EvaluationPad
from app.devices.id_card import IdCardReader
from app.services.drafts import DraftService, SyncStatus, local_sync_status
from app.ui.slips import SlipSource
from app.ui.worker import Worker

if TYPE_CHECKING:
    from app.bootstrap import Context
    from app.services.accounts import Account


@dataclass
class Session:
    ctx: Context
    clerk: Account
    db: Worker  # one thread: every database call, in order
    background: Worker  # printing, PDF rendering: may take seconds
    devices: DeviceConfig
    window: dict[str, Any] = field(default_factory=dict)  # the window's settings
    id_reader: IdCardReader | None = None
    pad: EvaluationPad | None = None
    sync_status: Callable[[], SyncStatus] | None = None
    today: Callable[[], date] = date.today

    def __post_init__(self) -> None:
        self.drafts = DraftService(self.ctx.store)
        self.slips = SlipSource(self.ctx, self.clerk.username)
        if self.sync_status is None:
            store = self.ctx.store
            ctx = self.ctx

            def status() -> SyncStatus:
                try:
                    from app.ui.background_sync import sync_status

                    return sync_status(ctx)
                except ImportError:  # a build without the sync package
                    return local_sync_status(store)

            self.sync_status = status

    @classmethod
    def open(cls, ctx: Context, clerk: Account, db: Worker, background: Worker) -> Session:
        devices = load_config(ctx.home.root)
        return cls(ctx, clerk, db, background, devices, window=ctx.intake.window(),
                   id_reader=make_id_reader(devices), pad=make_pad(devices))

    def reload_devices(self) -> None:
        if self.id_reader is not None:
            self.id_reader.close()
        self.devices = load_config(self.ctx.home.root)
        self.id_reader = make_id_reader(self.devices)
        self.pad = make_pad(self.devices)
