"""Handing filed archive packages over to the county's central archive (档案移交).

A volume filed at the window (services/archive.py) is verified here first, then sent as its
plain files with the ``sha256sum`` list of them to ``counter.hand_over_volume`` (central
revision c0010), which checks every file against the list on arrival and keeps the package, or
answers why not:

- ``stored``: kept now; ``held``: the central already holds exactly this package (sending twice
  adds nothing);
- ``differs``: the central holds another content for this volume: refused, never overwritten;
- ``damaged``: the files do not match their checksums (or the manifest names another volume).

The window records each volume the central holds as an ``archive_handover`` record (pushed with
the others), so the archive list shows 已移交 and the next handover skips it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import psycopg

from app.core import archive_package as ap
from app.core.archive_package import Volume
from app.core.errors import CounterError
from app.sync.connection import CentralConnection, central_too_old

if TYPE_CHECKING:
    from app.services.archive import ArchiveService

ANSWERS = {
    "stored": "已移交",
    "held": "中心已有（此前已移交）",
    "differs": "拒收：中心已有该档号的另一内容（未覆盖）",
    "damaged": "拒收：档案包校验不通过",
    "local_damaged": "未移交：本机档案包校验不通过",
}


@dataclass(frozen=True)
class Handover:
    volume_no: str
    answer: str  # stored | held | differs | damaged | local_damaged
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.answer in ("stored", "held")

    @property
    def label(self) -> str:
        return ANSWERS.get(self.answer, self.answer) + (f"：{self.detail}" if self.detail else "")


def pending(svc: ArchiveService, wanted: Sequence[str] | None = None) -> list[Volume]:
    """The filed volumes not handed over yet (those named, when ``wanted`` is given; a name no
    filing record knows is refused)."""
    volumes = svc.volumes()
    if wanted:
        known = {v.volume_no: v for v in volumes}
        unknown = [w for w in wanted if w.strip() not in known]
        if unknown:
            raise CounterError("archive.unknown", f"没有档号为 {unknown[0]} 的归档记录")
        volumes = [known[w.strip()] for w in dict.fromkeys(wanted)]
    return [v for v in volumes if v.handed_over is None]


def hand_over(
    cc: CentralConnection,
    svc: ArchiveService,
    device_id: str,
    volumes: Sequence[Volume],
    now: Callable[[], datetime] = datetime.now,
    step: Callable[[int, int, str], None] = lambda _n, _total, _what: None,
) -> list[Handover]:
    """Send each volume; record at the window each one the central holds. Idempotent: a
    volume sent again is answered ``held``."""
    out: list[Handover] = []
    for n, v in enumerate(volumes):
        step(n, len(volumes), v.volume_no)
        try:
            files = svc.plain_files(v)
        except CounterError as exc:
            out.append(Handover(v.volume_no, "local_damaged", exc.message))
            continue
        sums = ap.checksums_text({p: ap.sha256(b) for p, b in files.items()})
        paths = list(files)
        with cc.guard() as conn:
            try:
                row = conn.execute(
                    "SELECT status, detail FROM counter.hand_over_volume("
                    "%s, %s, %s, %s, %s, %s, %s, %s)",
                    (
                        device_id,
                        v.volume_no,
                        v.case_id,
                        v.case_no,
                        v.filed_at[:10],
                        sums,
                        paths,
                        [files[p] for p in paths],
                    ),
                ).fetchone()
            except psycopg.errors.UndefinedFunction as exc:
                conn.rollback()
                raise central_too_old("档案移交") from exc
            conn.commit()
        answer, detail = (row[0], row[1] or "") if row else ("damaged", "")
        if answer in ("stored", "held"):
            svc.note_handover(v, ap.sha256(sums.encode("utf-8")), answer, now())
            detail = ""
        out.append(Handover(v.volume_no, answer, detail))
    return out
