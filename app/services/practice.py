"""Practice mode (练习模式): a new clerk works the real screens on a throwaway store.

An administrator turns it on for an account (``counter user practice NAME on --by ADMIN``).
That account then logs in as usual, against the window's real store, but every screen works
on a separate store in ``practice/`` inside the data directory, never on the real one:

- the practice store gets, at every practice start, what the real window has for its clerks:
  the current catalog, the holiday table, the window's identity and printing settings and the
  clerk's account, so the screens and slips are those of the real window;
- it never gets the central database's address, so nothing in it can be synced;
- it is encrypted like the real store, with a key derived from the real store's key
  (``app.models.store_key``): it opens wherever the real one does, a key-file PC included;
- it is marked as a practice store (``practice.store``): every slip printed from it carries
  练习 across each page and on its title, whoever prints it (the window or the CLI).

Nothing a practising clerk does is written to the real store; their cases stay in the practice
store until the folder is deleted.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from app.core.errors import CounterError
from app.paths import Home
from app.services.settings import Settings, Var, WindowSettings

if TYPE_CHECKING:
    from app.core.roles import Account
    from app.models.db import Store
    from app.services.catalog import CatalogService

PRACTICE_DIR = "practice"
# What the real window gives its practice store: what the screens and slips show. Never the
# central database, the device's identity or the sync settings.
COPIED: tuple[Var[Any], ...] = (
    Settings.centre_code,
    Settings.centre_name,
    Settings.window_code,
    Settings.window_name,
    Settings.complaint_phone,
    Settings.query_phone,
    Settings.query_url,
    Settings.organ_name,
    Settings.authorisation,
    Settings.print_layout,
    Settings.silent_print,
    Settings.reconsideration_body,
    Settings.reconsideration_limit,
    Settings.litigation_court,
    Settings.litigation_limit,
    Settings.print_qr,
    Settings.e_seal_image,
    Settings.review_due_days,
    Settings.near_due_days,
    Settings.language,
)
NO_LOGIN = "!practice: log in through the real window"  # never a valid argon2 hash
# (The module loads without SQLAlchemy: the window asks ``practising`` before the store opens.)


def practice_home(home: Home) -> Home:
    return Home(home.root / PRACTICE_DIR)


def prepare(home: Home) -> Home:
    """The practice data directory of the real ``home``, ready to open: a new practice store
    is keyed from the real store's key (no keyring entry of its own, which a PC with the key
    file could not have)."""
    from app.models import store_key

    practice = practice_home(home)
    store_key.derive_from_parent(practice.root)
    return practice


def practising(window: WindowSettings, username: str) -> bool:
    """Does ``username`` work in practice mode? ``window`` is the real window's settings."""
    return username in window.practice_accounts


def set_practice(store: Store, username: str, on: bool) -> Account:
    """Turn practice mode on or off for an account (an administrator's decision)."""
    from app.services.accounts import AccountService

    account = AccountService(store).get(username)
    if on and account.role == "admin":
        raise CounterError(
            "practice.admin",
            f"{username} 是管理员账号，不能设为练习模式：请为新人建一个窗口人员账号再开启练习",
        )
    with store.write() as s:
        names = [n for n in Settings.practice_accounts.get(s) if n != username]
        Settings.practice_accounts.set(s, sorted([*names, username]) if on else names)
    return account


def refresh(
    real: Store, real_catalog: CatalogService, practice: Store, practice_catalog: CatalogService
) -> None:
    """Give the practice store the real window's catalog, holidays, settings and accounts."""
    from sqlalchemy import delete, select

    from app.models.schema import Holiday, HolidayYear, User
    from app.services.calendar import VERSION_COUNTER
    from app.services.record_log import next_counter

    if real_catalog.current_version() is not None:
        practice_catalog.import_catalog(real_catalog.export(), origin="practice")
    with real.read() as s:
        values = [(var, var.get(s)) for var in COPIED]
        days = [(h.day, h.workday, h.note, h.origin) for h in s.scalars(select(Holiday))]
        years = [(y.year, y.origin) for y in s.scalars(select(HolidayYear))]
        users = [
            (u.username, u.display_name, u.role, u.active, u.created_at)
            for u in s.scalars(select(User))
        ]
    with practice.write() as s:
        for var, value in values:
            var.set(s, value)
        Settings.practice_store.set(s, True)
        Settings.central_url.set(s, None)  # never synced, whatever happened to the file
        Settings.sync_interval_minutes.set(s, 0)
        s.execute(delete(Holiday))
        s.execute(delete(HolidayYear))
        s.add_all(Holiday(day=d, workday=w, note=n, origin=o) for d, w, n, o in days)
        s.add_all(HolidayYear(year=y, origin=o) for y, o in years)
        known = {u.username: u for u in s.scalars(select(User))}
        for name, display, role, active, created in users:
            row = known.get(name) or User(
                username=name, password_hash=NO_LOGIN, failed_attempts=0, created_at=created
            )
            row.display_name, row.role, row.active = display, role, active
            row.origin, row.updated_at = "practice", datetime.now()
            s.add(row)
        next_counter(s, VERSION_COUNTER)  # the calendar's cache: the table changed
