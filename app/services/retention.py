"""How long this window keeps personal data, and purging what is past it (``counter store
retention`` and ``counter store purge``).

The period is the county's to set (个人信息保护法 art. 19: no longer than the purpose needs;
no period is written into the law for this data): there is no default, and until an
administrator sets one nothing is purged.

What a purge removes today, for cases that ended (delivered, refused, closed), whose every
record the central database has acknowledged (none left in the outbox) and that last changed
before the cut-off date:

- their kept slips (``cases/<case>/``), the sealed PDFs naming the applicant;
- every readable copy in the print spool;
- backups made before the cut-off (the newest backup is kept whatever its age).

- the personal fields of their records and ``cases`` row, once the central database has
  acknowledged every record of the case: redacted in place, the chain and its anchor kept
  (services/record_purge.py, docs/data-at-rest.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import exists, select

from app.core.cases import CaseState
from app.core.errors import CounterError
from app.models.db import Store
from app.models.schema import Case, Outbox, Record
from app.paths import Home
from app.services.settings import Var

log = logging.getLogger(__name__)

# Years after a case's last change; None: nothing is purged (the county has not decided).
RETENTION_YEARS = Var[int | None](
    "retention.years", None, "个人信息保存年限（县里规定；未设置时不清除任何数据）"
)
LONGEST = 100
ENDED = (CaseState.DELIVERED, CaseState.REFUSED, CaseState.CLOSED)
NOT_SET = "尚未设置个人信息保存年限：由管理员按县里的规定运行 counter store retention --years N"


@dataclass(frozen=True)
class PurgePlan:
    cutoff: date  # cases last changed, and backups made, before this day
    cases: list[str]  # case numbers whose kept slips go
    slips: list[Path]
    backups: list[Path]
    spool: list[Path]
    # Of ``cases``, those whose personal fields go from the records and the ``cases`` row (by
    # id): every record acknowledged by the central and not purged before (record_purge.py).
    redact: dict[str, str] = field(default_factory=dict)  # case id -> case number
    years: int = 0


def period(store: Store) -> int | None:
    with store.read() as s:
        return RETENTION_YEARS.get(s)


def set_period(store: Store, years: int | None) -> None:
    if years is not None and not 1 <= years <= LONGEST:
        raise CounterError(
            "retention.years", f"保存年限应为 1 到 {LONGEST} 之间的整数年（按县里的规定）"
        )
    with store.write() as s:
        RETENTION_YEARS.set(s, years)


def cutoff(today: date, years: int) -> date:
    """The same day ``years`` earlier (29 February: the 28th)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def plan(home: Home, store: Store, today: date) -> PurgePlan:
    """What a purge on ``today`` would remove; refused while no period is set."""
    years = period(store)
    if years is None:
        raise CounterError("retention.not_set", NOT_SET)
    before = cutoff(today, years)
    limit = datetime.combine(before, time.min)
    unsynced = exists(
        select(Record.id)
        .join(Outbox, Outbox.record_id == Record.id)
        .where(Record.case_id == Case.id)
    )
    from app.services.record_purge import purgeable

    with store.read() as s:
        rows = s.execute(
            select(Case.id, Case.case_no)
            .where(Case.state.in_([str(st) for st in ENDED]))
            .where(Case.updated_at < limit)
            .where(~unsynced)
            .order_by(Case.case_no)
        ).all()
        numbers = {cid: no for cid, no in rows}
        redact = {cid: numbers[cid] for cid in purgeable(s, numbers)}
    cases = [no for _cid, no in rows]
    slips = [p for c in cases for p in sorted(_case_folder(home, c).glob("*.pdf"))]
    return PurgePlan(before, cases, slips, _old_backups(home, limit), _spooled(home), redact, years)


def _case_folder(home: Home, case_no: str) -> Path:
    from app.paths import inside

    return inside(home.cases, case_no)


def _old_backups(home: Home, limit: datetime) -> list[Path]:
    if not home.backups.is_dir():
        return []
    made = sorted((p.stat().st_mtime, p) for p in home.backups.glob("*.sqlite3") if p.is_file())
    return [p for mtime, p in made[:-1] if datetime.fromtimestamp(mtime) < limit]


def _spooled(home: Home) -> list[Path]:
    from app.services.kept_slips import spool_dir

    folder = spool_dir(home)
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def purge(
    home: Home,
    what: PurgePlan,
    store: Store | None = None,
    by: str = "",
    now: datetime | None = None,
) -> None:
    """Remove what ``plan`` listed (files gone since are skipped); with the store, redact the
    personal fields of the cases it names in the store first."""
    from app.models.plaintext_upgrade import SIDE_FILES

    if store is not None and what.redact:
        from app.models import store_key
        from app.services.record_purge import PURPOSE, purge_cases

        key = store_key.require(home.root).derived(PURPOSE)
        purge_cases(
            store,
            key,
            what.redact,
            cutoff=what.cutoff,
            years=what.years,
            by=by,
            now=now or datetime.now().astimezone(),
        )

    for p in [*what.slips, *what.spool]:
        p.unlink(missing_ok=True)
    for b in what.backups:
        for suffix in ("", *SIDE_FILES):
            b.with_name(b.name + suffix).unlink(missing_ok=True)
    for c in what.cases:
        folder = _case_folder(home, c)
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    from app.services.kept_slips import clear_spool

    clear_spool(home)  # the emptied spool folders
    log.info(
        "purged past %s: kept slips of %d cases, %d backups, %d spooled copies",
        what.cutoff,
        len(what.cases),
        len(what.backups),
        len(what.spool),
    )
