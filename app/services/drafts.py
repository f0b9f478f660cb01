"""Intake drafts: work not finished.

The intake wizard saves its whole state here at every step (``drafts`` table), so a
closed window or a crash loses nothing typed; the next start offers to resume. A draft is
deleted when its visit is recorded or the clerk discards it.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from app.models.db import Store
from app.models.schema import Draft


@dataclass(frozen=True)
class DraftView:
    id: str
    clerk: str
    kind: str
    data: dict[str, Any]
    updated_at: datetime


class DraftService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def save(
        self,
        clerk: str,
        kind: str,
        data: Mapping[str, Any],
        draft_id: str | None = None,
        now: datetime | None = None,
    ) -> str:
        """Insert or replace one draft; returns its id."""
        now = now or datetime.now()
        draft_id = draft_id or str(uuid.uuid4())
        with self.store.write() as s:
            row = s.get(Draft, draft_id)
            if row is None:
                s.add(Draft(id=draft_id, clerk=clerk, kind=kind, data=dict(data), updated_at=now))
            else:
                row.data, row.updated_at = dict(data), now
        return draft_id

    def latest(self, clerk: str, kind: str) -> DraftView | None:
        with self.store.read() as s:
            row = s.scalars(
                select(Draft)
                .where(Draft.clerk == clerk, Draft.kind == kind)
                .order_by(Draft.updated_at.desc())
                .limit(1)
            ).first()
            return (
                None
                if row is None
                else DraftView(row.id, row.clerk, row.kind, dict(row.data), row.updated_at)
            )

    def discard(self, draft_id: str) -> None:
        with self.store.write() as s:
            s.execute(delete(Draft).where(Draft.id == draft_id))
