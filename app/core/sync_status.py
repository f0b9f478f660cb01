"""What the status bar shows about sync: filled in by the sync engine, or locally without one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows about sync; the sync engine returns one of these."""

    configured: bool  # a central database is set up
    online: bool  # the last attempt reached it
    last_synced: datetime | None
    pending: int  # records waiting to be sent
    detail: str | None = None  # e.g. the last error, for the tooltip
