"""Pulling reference data: "what is newer than version N" per dataset, applied atomically.

Versions are numbers the central database assigns (one sequence, publishers serialised), never
the device clock. The window keeps its cursor per dataset in ``datasets``. Each publication's
body hash is checked before anything is applied; a publication that does not parse stops that
dataset (cursor unchanged, old data intact) and is reported.

- catalog: the newest publication only; it becomes a new local catalog version and the old
  versions stay, so records naming an old version keep their meaning.
- holidays: each publication replaces whole years (the county's complete schedule for them).
- accounts: each publication is one account's full state (the argon2 hash the window checks).
- case_status: the back office's decision on one case of this window, applied only to the case
  whose identity it names (a number alone could name another case: see core/case_numbers.py).
- post_checks: the back office's post-check (核查) of a case's 告知承诺, addressed like a case
  status and recorded by the same function as a check recorded at this window
  (services/post_checks.py): 不属实 revokes the case.
- window_keys: the public keys of the centre's windows, which sign return slips
  (services/window_keys.py).
- centre_visits: every visit to a case of this centre recorded at any window, folded into the
  case here (services/centre_cases.py, docs/any-window.md).
- app_version: the newest publication only, the current and minimum version of Counter the
  county rolls out (services/rollout.py), kept in the settings table.

Atomicity: every dataset is applied in the same local transaction that moves its cursor, and
the cursor is read again inside that transaction (which holds the write lock from its BEGIN):
two syncs running at once fetch the same publications, and the second one to take the lock
skips what the first applied instead of applying a back-office decision twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from app.core import catalog_format
from app.core.errors import CounterError
from app.models.schema import Case, Dataset, Record, User
from app.services import centre_cases, record_log, window_keys
from app.services.calendar import HolidayRow, replace_years_in
from app.services.case_state import change_state
from app.services.catalog import search_entries
from app.services.post_checks import apply_check
from app.services.rollout import PUBLISHED, Rollout
from app.services.settings import Settings
from app.sync.connection import CentralConnection, SyncFailure
from app.sync.crashpoints import crashpoint

if TYPE_CHECKING:
    from app.sync.context import SyncContext

log = logging.getLogger(__name__)

DATASETS = (
    "catalog",
    "holidays",
    "accounts",
    "posts",
    "archive_rule",
    "case_status",
    "post_checks",
    "app_version",
    "window_keys",
    "centre_visits",
)
PAGE = 500
CENTRAL_CLERK = "central"


@dataclass(frozen=True)
class PulledDataset:
    name: str
    version: int  # the cursor after this pull
    applied: int  # publications applied
    skipped: int = 0  # e.g. a case status for a case this window does not have


def cursor(ctx: SyncContext, name: str) -> int:
    with ctx.store.read() as s:
        return _cursor_in(s, name)


def _cursor_in(s: OrmSession, name: str) -> int:
    row = s.get(Dataset, name)
    return row.version if row is not None else 0


def _set_cursor(s: OrmSession, name: str, version: int) -> None:
    row = s.get(Dataset, name)
    if row is None:
        s.add(Dataset(name=name, version=version, applied_at=datetime.now()))
    else:
        row.version, row.applied_at = version, datetime.now()


@dataclass(frozen=True)
class Page:
    rows: list[tuple[int, str, str]]  # (version, body, body_hash) for this window, oldest first
    through: int  # every publication for this window up to this version has been read


def _fetch(
    cc: CentralConnection, name: str, after: int, *, newest_only: bool, device: str | None = None
) -> Page:
    """This window's publications newer than ``after`` (only the newest with ``newest_only``;
    ``device``: leave out the centre's publications of this device's own records, c0016).

    ``counter.my_publications`` answers with the dataset's horizon too: the cursor moves to it
    when the page was not full, so a window that receives nothing of a busy dataset (case
    decisions for other windows) does not read the same county-wide rows at every sync."""
    # The device only where it is needed: the four-argument call is what every revision has.
    args = (name, after, PAGE, newest_only, *([device] if device else []))
    with cc.guard() as conn:
        result = conn.execute(
            "SELECT version, body, body_hash, horizon FROM counter.my_publications("
            + ", ".join(["%s"] * len(args))
            + ")",
            args,
        ).fetchall()
        conn.rollback()  # read only; never leave a transaction open while applying locally
    rows = [(int(v), b, d) for v, b, d, _ in result if v is not None]
    for version, body, digest in rows:
        if hashlib.sha256(body.encode("utf-8")).hexdigest() != digest:
            raise SyncFailure(
                "pull.corrupt",
                f"中心数据 {name} 第 {version} 版校验失败（内容与摘要不符）；未应用，请联系管理员",
                False,
            )
    horizon = int(result[0][3]) if result else 0
    if not newest_only and len(rows) == PAGE:
        return Page(rows, rows[-1][0])
    return Page(rows, max([after, horizon, *(v for v, _, _ in rows)]))


def pull_all(
    cc: CentralConnection, ctx: SyncContext, progress: Callable[[str, int], None] | None = None
) -> list[PulledDataset]:
    results = []
    for n, name in enumerate(DATASETS):
        if progress is not None:
            progress(name, n)
        results.append(_PULLERS[name](cc, ctx))
    return results


def _nothing_new(ctx: SyncContext, name: str, after: int, page: Page) -> PulledDataset:
    """No publication of a newest-only dataset for this window: the cursor still moves to the
    dataset's horizon."""
    if page.through > after:
        with ctx.store.write() as s:
            _set_cursor(s, name, max(_cursor_in(s, name), page.through))
    return PulledDataset(name, max(after, page.through), 0)


def _pull_catalog(cc: CentralConnection, ctx: SyncContext) -> PulledDataset:
    after = cursor(ctx, "catalog")
    page = _fetch(cc, "catalog", after, newest_only=True)
    if not page.rows:
        return _nothing_new(ctx, "catalog", after, page)
    version, body, _ = page.rows[0]
    parsed = catalog_format.parse_catalog_text(body)
    if parsed.catalog is None:
        first = parsed.errors[0] if parsed.errors else "?"
        raise SyncFailure(
            "pull.catalog_invalid",
            f"中心发布的事项目录（第 {version} 版）无法解析：{first}；本窗口继续使用原目录",
            False,
        )
    entries = search_entries(parsed.catalog)  # the slow part, before taking the write lock
    with ctx.store.write() as s:
        done = _cursor_in(s, "catalog")
        if version <= done:  # another sync applied it (or a newer one) meanwhile
            return PulledDataset("catalog", done, 0)
        ctx.catalog.import_in(s, parsed.catalog, "central", version, entries)
        _set_cursor(s, "catalog", page.through)
        crashpoint("mid_pull_apply")
    ctx.catalog.forget_index()
    return PulledDataset("catalog", page.through, 1)


def _pull_paged(
    cc: CentralConnection,
    ctx: SyncContext,
    name: str,
    read: Callable[[int, str], Any],
    apply: Callable[[OrmSession, int, Any], bool] | None = None,
    page_apply: Callable[[OrmSession, list[Any]], Callable[[OrmSession, int, Any], bool]]
    | None = None,
    device: str | None = None,
) -> PulledDataset:
    """Page through a dataset oldest first: each page is read (``read``, before the write lock),
    then applied in the transaction that moves the cursor, the cursor read again inside it so
    a sync running at the same time never applies a publication twice. ``apply`` answers False
    for a publication it skipped (counted, cursor moved all the same). ``page_apply``, instead
    of ``apply``, makes the page's apply function in the transaction, from the page's items
    still to apply (for what is looked up once a page). ``device``: see ``_fetch``."""
    after = cursor(ctx, name)
    applied = skipped = 0
    while True:
        page = _fetch(cc, name, after, newest_only=False, device=device)
        if page.through <= after:
            break
        items = [(version, read(version, body)) for version, body, _ in page.rows]
        with ctx.store.write() as s:
            done = _cursor_in(s, name)
            if page_apply is not None:
                apply = page_apply(s, [item for version, item in items if version > done])
            assert apply is not None
            for version, item in items:
                if version <= done:  # applied by a sync that ran at the same time
                    continue
                if apply(s, version, item):
                    applied += 1
                else:
                    skipped += 1
            after = max(done, page.through)
            _set_cursor(s, name, after)
            crashpoint("mid_pull_apply")
        if len(page.rows) < PAGE:
            break
    return PulledDataset(name, after, applied, skipped)


def _json(version: int, body: str) -> Any:
    return json.loads(body)


def _pull_holidays(cc: CentralConnection, ctx: SyncContext) -> PulledDataset:
    def apply(s: OrmSession, version: int, table: tuple[list[HolidayRow], list[int]]) -> bool:
        replace_years_in(s, *table, origin="central")
        return True

    return _pull_paged(cc, ctx, "holidays", _holiday_body, apply)


def _holiday_body(version: int, body: str) -> tuple[list[HolidayRow], list[int]]:
    try:
        doc = json.loads(body)
        days = [
            HolidayRow(date.fromisoformat(d["date"]), bool(d["workday"]), d.get("note"))
            for d in doc["days"]
        ]
        years = [int(y) for y in doc["years"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise SyncFailure(
            "pull.holidays_invalid",
            f"中心发布的节假日表（第 {version} 版）无法解析：{exc}；未应用",
            False,
        ) from exc
    return days, years


def _pull_accounts(cc: CentralConnection, ctx: SyncContext) -> PulledDataset:
    return _pull_paged(cc, ctx, "accounts", _json, lambda s, _v, a: _apply_account(s, a))


def _apply_account(s: OrmSession, a: dict[str, Any]) -> bool:
    """Add or update an account the central database publishes; False when skipped: a central
    publication never replaces an account this window created itself (origin 'local', e.g. its
    administrator), whose hash and role stay as they are."""
    now = datetime.now()
    user = s.scalar(select(User).where(User.username == a["username"]))
    digest = a.get("password_hash")
    if user is None and not digest:
        # An account of no centre (see central_admin.add_account): it does not log in at
        # windows, and one that never came here has nothing to change.
        return True
    if user is None:
        s.add(
            User(
                username=a["username"],
                display_name=a["display_name"],
                role=a["role"],
                password_hash=a["password_hash"],
                active=bool(a["active"]),
                failed_attempts=0,
                origin="central",
                created_at=now,
                updated_at=now,
            )
        )
        return True
    if user.origin != "central":
        log.warning(
            "account %s from the central database skipped: a %s account of that name "
            "exists at this window and is kept as it is",
            a["username"],
            user.origin,
        )
        return False
    user.display_name, user.role, user.active = a["display_name"], a["role"], bool(a["active"])
    if digest and digest != user.password_hash:  # a new password ends a lock-out, as at the window
        user.password_hash, user.failed_attempts, user.locked_until = digest, 0, None
    user.origin, user.updated_at = "central", now
    return True


def _pull_newest(
    cc: CentralConnection,
    ctx: SyncContext,
    name: str,
    what: str,
    parse: Callable[[str], Any],
    store: Callable[[OrmSession, int, Any], None],
) -> PulledDataset:
    """The newest publication of a dataset only, like the catalog: parsed before the store is
    touched (one the window cannot use is refused whole and the one before stays in force),
    then stored with the cursor in one transaction."""
    after = cursor(ctx, name)
    page = _fetch(cc, name, after, newest_only=True)
    if not page.rows:
        return _nothing_new(ctx, name, after, page)
    version, body, _ = page.rows[0]
    try:
        value = parse(body)
    except (CounterError, ValueError) as exc:
        raise SyncFailure(
            f"pull.{name}_invalid",
            f"中心发布的{what}（第 {version} 版）无法使用：{exc}；本窗口继续使用原{what}",
            False,
        ) from exc
    with ctx.store.write() as s:
        if version <= _cursor_in(s, name):
            return PulledDataset(name, _cursor_in(s, name), 0)
        store(s, version, value)
        _set_cursor(s, name, page.through)
    return PulledDataset(name, page.through, 1)


def _pull_posts(cc: CentralConnection, ctx: SyncContext) -> PulledDataset:
    """The post table (岗位职责分工表): from then on each clerk's authorisation depths come
    from it."""
    from app.core.posts import parse_posts_text
    from app.services.posts import store_published

    return _pull_newest(
        cc,
        ctx,
        "posts",
        "岗位职责分工表",
        lambda body: parse_posts_text(body, "岗位职责分工表"),
        store_published,
    )


def _pull_archive_rule(cc: CentralConnection, ctx: SyncContext) -> PulledDataset:
    """The volume-number rule (档号规则): it numbers the volumes filed from then on (volumes
    filed before keep theirs), and the window's own rule can no longer be set."""
    from app.core.archive_package import VolumeRule
    from app.services.archive import store_central_rule

    return _pull_newest(
        cc,
        ctx,
        "archive_rule",
        "档号规则",
        lambda body: VolumeRule.from_doc(json.loads(body)),
        store_central_rule,
    )


def _pull_case_status(cc: CentralConnection, ctx: SyncContext) -> PulledDataset:
    return _pull_paged(cc, ctx, "case_status", _json, _apply_case_status)


def _apply_case_status(s: OrmSession, version: int, st: dict[str, Any]) -> bool:
    """The back office's decision is authoritative: applied whatever the local state, by the
    same function as a status the window sets itself (services/case_state.py), so the record
    log tells the whole story."""
    case = _case_addressed(s, st)
    if case is None:
        log.warning("case status for unknown case %s (publication %s)", st["case_no"], version)
        return False
    change_state(
        s,
        case,
        st["state"],
        clerk=CENTRAL_CLERK,
        note=st.get("note"),
        origin="central",
        now=datetime.now(),
        extra={"central_version": version, "decided_at": st.get("decided_at")},
    )
    return True


def _pull_post_checks(cc: CentralConnection, ctx: SyncContext) -> PulledDataset:
    return _pull_paged(cc, ctx, "post_checks", _json, _apply_post_check)


def _apply_post_check(s: OrmSession, version: int, pc: dict[str, Any]) -> bool:
    """The back office's post-check, recorded by THE function that records one at this window
    (``apply_check``: the check record and, for 不属实, the revocation). Skipped, logged and
    nothing written: a case this window does not have, a case with no check due (nothing was
    promised, or its check is recorded already). The same publication applied twice (a
    cursor set back) finds its own record and changes nothing."""
    case = _case_addressed(s, pc)
    if case is None:
        log.warning("post-check for unknown case %s (publication %s)", pc.get("case_no"), version)
        return False
    if case.check_due is None and _applied(s, case.id, version):
        log.info("post-check publication %s already recorded for case %s", version, case.case_no)
        return False
    try:
        apply_check(
            s,
            case,
            str(pc.get("result")),
            clerk=CENTRAL_CLERK,
            note=pc.get("note"),
            origin="central",
            now=datetime.now(),
            extra={"central_version": version, "decided_at": pc.get("decided_at")},
        )
    except CounterError as exc:
        log.warning(
            "post-check for case %s (publication %s) not recorded: %s",
            case.case_no,
            version,
            exc.message,
        )
        return False
    return True


def _case_addressed(s: OrmSession, body: dict[str, Any]) -> Case | None:
    """The case a back-office publication names: by its identity (another case here may carry
    the number, see core/case_numbers.py), else, for a publication older than identities, by
    its number."""
    if body.get("case_id") is not None:
        return s.get(Case, str(body["case_id"]))
    return s.scalar(select(Case).where(Case.case_no == body.get("case_no")))


def _applied(s: OrmSession, case_id: str, version: int) -> bool:
    """Does the case hold the record of this post-check publication already?"""
    for rec in s.scalars(
        select(Record).where(Record.case_id == case_id, Record.kind == "case_status")
    ):
        payload = record_log.payload_of(rec)
        if payload.get("post_check") and payload.get("central_version") == version:
            return True
    return False


def _pull_app_version(cc: CentralConnection, ctx: SyncContext) -> PulledDataset:
    """The newest rollout only (like the catalog): an older one says nothing any more."""
    after = cursor(ctx, "app_version")
    page = _fetch(cc, "app_version", after, newest_only=True)
    if not page.rows:
        return _nothing_new(ctx, "app_version", after, page)
    version, body, _ = page.rows[0]
    try:
        rollout = Rollout.from_json(json.loads(body))
    except ValueError as exc:  # JSONDecodeError is one too
        raise SyncFailure(
            "pull.app_version_invalid",
            f"中心发布的版本要求（第 {version} 版）无法解析：{exc}；未应用",
            False,
        ) from exc
    with ctx.store.write() as s:
        if version <= _cursor_in(s, "app_version"):
            return PulledDataset("app_version", _cursor_in(s, "app_version"), 0)
        PUBLISHED.set(s, rollout.to_json())
        _set_cursor(s, "app_version", page.through)
    return PulledDataset("app_version", page.through, 1)


def _pull_window_keys(cc: CentralConnection, ctx: SyncContext) -> PulledDataset:
    return _pull_paged(cc, ctx, "window_keys", _json, lambda s, _v, k: window_keys.apply_key(s, k))


def _pull_centre_visits(cc: CentralConnection, ctx: SyncContext) -> PulledDataset:
    """The centre's visits, this window's own left out by the central (c0016); then the cases
    this window served since the last pull are folded with the others' visits they hold."""

    def page_apply(s: OrmSession, bodies: list[Any]) -> Callable[[OrmSession, int, Any], bool]:
        page = centre_cases.VisitPage(s, bodies)
        return lambda s, version, body: centre_cases.apply_published_visit(s, version, body, page)

    with ctx.store.read() as s:
        device = Settings.device_id.get(s)
    pulled = _pull_paged(cc, ctx, "centre_visits", _json, page_apply=page_apply, device=device)
    with ctx.store.read() as s:
        pending = centre_cases.own_visits_to_fold(s)
    if pending:
        with ctx.store.write() as s:
            centre_cases.refold_own_visits(s)
    return pulled


_PULLERS: dict[str, Callable[[CentralConnection, SyncContext], PulledDataset]] = {
    "catalog": _pull_catalog,
    "holidays": _pull_holidays,
    "accounts": _pull_accounts,
    "posts": _pull_posts,
    "archive_rule": _pull_archive_rule,
    "case_status": _pull_case_status,
    "post_checks": _pull_post_checks,
    "window_keys": _pull_window_keys,
    "centre_visits": _pull_centre_visits,
    "app_version": _pull_app_version,
}
