"""The supervisor's and the administrator's entries of the navigation: which a login sees is
decided by its role's permissions (core/roles.py); the conflicts list only where the window
syncs with the county (it lists what the central told this window). Pages load on first use,
like the clerk's."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.ui.main_window import MainWindow

Entry = tuple[str, str, str, Callable[[], None]]


def _opener(window: MainWindow, key: str, make: Callable[[], QWidget]) -> Callable[[], None]:
    def show() -> None:
        if window._later(show):
            return
        page = window._page(key, make)
        window._show(page, key)
        page.activate()  # type: ignore[attr-defined]

    return show


def _recorded(window: MainWindow) -> None:
    """A ticket act is a record: send it soon, as a visit's is."""
    window.sync.refresh()
    if window.background_sync is not None:
        window.background_sync.request()


def supervisor_entries(window: MainWindow) -> list[Entry]:
    """(key, label, key sequence, slot) of each entry the logged-in account may use."""
    translate = QCoreApplication.translate
    session, account = window.session, window.session.clerk

    def tickets() -> QWidget:
        from app.ui.tickets_page import TicketsPage

        page = TicketsPage(session)
        page.changed.connect(lambda: _recorded(window))
        return page

    def reports() -> QWidget:
        from app.ui.reports_page import ReportsPage

        return ReportsPage(session)

    def archive() -> QWidget:
        from app.ui.archive_page import ArchivePage

        page = ArchivePage(session)
        page.open_case.connect(window.open_case)
        return page

    def versions() -> QWidget:
        from app.ui.catalog_versions_page import CatalogVersionsPage

        page = CatalogVersionsPage(session)
        page.imported.connect(window.load_picker_data)
        return page

    def accounts() -> QWidget:
        from app.ui.accounts_page import AccountsPage

        return AccountsPage(session)

    def posts() -> QWidget:
        from app.ui.posts_page import PostsPage

        return PostsPage(session)

    def conflicts() -> QWidget:
        from app.ui.conflicts_page import ConflictsPage

        page = ConflictsPage(session)
        page.open_case.connect(window.open_case)
        return page

    wanted = [
        ("tickets", translate("MainWindow", "Rectification"), "F10", "tickets", tickets),
        ("reports", translate("MainWindow", "Reports"), "F11", "reports", reports),
        ("archive", translate("MainWindow", "Archive"), "F12", "reports", archive),
        ("versions", translate("MainWindow", "Catalog versions"), "Ctrl+F6", "catalog", versions),
        ("accounts", translate("MainWindow", "Accounts"), "Ctrl+F7", "reports", accounts),
        ("posts", translate("MainWindow", "Posts"), "Ctrl+F8", "reports", posts),
    ]
    if session.window.central_url:
        wanted.append(
            ("conflicts", translate("MainWindow", "Conflicts"), "Ctrl+F12", "reports", conflicts)
        )
    return [
        (key, label, keys, _opener(window, key, make))
        for key, label, keys, permission, make in wanted
        if account.may(permission)
    ]
