"""The main window: header (centre, window, clerk, date, case lookup), navigation, pages.

The window can show before the data layer has opened (see ``app.ui.main``): the status bar
says so, and whatever the clerk asks for meanwhile (a key, a scanned case number) is kept and
done as soon as it has opened. Pages and their modules are loaded when first used; the item
search index is built on the database worker while the home page shows, and pickers say so
until it is ready.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QLocale, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui import messages
from app.ui.case_lookup import CaseLookupField, ScannerFilter
from app.ui.elided_label import ElidedLabel
from app.ui.home import HomePage
from app.ui.nav_button import NavButton
from app.ui.placement import free_area
from app.ui.practice_banner import PracticeBanner, in_practice
from app.ui.session import Session
from app.ui.supervisor_nav import supervisor_entries
from app.ui.sync_indicator import SyncIndicator

if TYPE_CHECKING:
    from app.bootstrap import Context
    from app.core.cases import CaseView
    from app.ui.background_sync import BackgroundSync
    from app.ui.case_page import CasePage
    from app.ui.catalog_data import PickerData
    from app.ui.wizard.bundle_state import BundleState
    from app.ui.wizard.intake_wizard import IntakeWizard
    from app.ui.wizard.state import IntakeState

log = logging.getLogger(__name__)
PREFERRED = QSize(1366, 768)  # the window's size where the screen has room for it
# The navigation's width, and a narrower one below NARROW px of window (1024x768 at 125%
# leaves 819): the wizard's seven steps then keep one line each.
NAV_WIDTH, NAV_NARROW, NARROW = 190, 150, 900


class MainWindow(QMainWindow):
    # Another interface language was saved: every text is set when a widget is built, so
    # app.ui.main builds the main window again on the same session.
    language_changed = Signal(str)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.session = session
        w = session.window
        self.practice = in_practice(session)
        title = self.tr("Counter — {0}").format(w.window_name or "")
        self.setWindowTitle(self.tr("[PRACTICE] {0}").format(title) if self.practice else title)
        self.wizard: IntakeWizard | None = None
        self._picker: PickerData | None = None
        self._picker_waiting: list[Callable[[PickerData], None]] = []
        self._picker_loading = False
        self._pages: dict[str, QWidget] = {}
        self._until_ready: list[Callable[[], None]] = []  # asked for before the data opened
        self._closing = False
        self._quiet_close = False  # closed by the application, not by the clerk: ask nothing
        self.background_sync: BackgroundSync | None = None

        # ---- header ----
        header = QFrame()
        header.setProperty("role", "header")
        # The centre's name gives way first on a narrow screen (the whole name in its tool tip).
        centre = ElidedLabel()
        centre.set_full_text(f"{w.centre_name or ''}　{w.window_name or ''}")
        centre.setObjectName("headerWindow")
        self.clerk_label = QLabel(self.tr("Clerk: {0}").format(session.clerk.display_name))
        self.clerk_label.setObjectName("headerClerk")
        self.date_label = QLabel()
        self.date_label.setObjectName("headerDate")
        self.date_label.setProperty("role", "muted")
        self.lookup = CaseLookupField()
        self.lookup.case_requested.connect(self.open_case)
        hbox = QHBoxLayout(header)
        hbox.setContentsMargins(20, 10, 20, 10)
        hbox.setSpacing(18)
        hbox.addWidget(centre, 1)
        hbox.addWidget(self.clerk_label)
        hbox.addWidget(self.date_label)
        hbox.addWidget(self.lookup)

        # ---- navigation ----
        nav = self.nav = QFrame()
        nav.setObjectName("nav")
        # The entries scroll when the screen is too short for all of them (an administrator's
        # list on a 1024x768 screen at 125%), instead of pushing the window past its bottom.
        self.nav_scroll = QScrollArea()
        self.nav_scroll.setObjectName("navScroll")
        self.nav_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.nav_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav_scroll.setWidgetResizable(True)
        self.nav_scroll.setFixedWidth(NAV_WIDTH)
        nav.setMinimumWidth(NAV_NARROW // 2)  # beside a scroll bar the entries' labels elide
        nbox = QVBoxLayout(nav)
        nbox.setContentsMargins(10, 14, 10, 14)
        nbox.setSpacing(4)
        self.nav_group = QButtonGroup(self)
        self.nav_buttons: dict[str, NavButton] = {}
        entries = [
            ("home", self.tr("Home"), "F1", self.go_home),
            ("intake", self.tr("New intake"), "F3", self.new_intake),
            ("consultation", self.tr("Consultation"), "F4", self.consultation),
            ("checklists", self.tr("Item checklists"), "F6", self.checklists),
            ("complaint", self.tr("Could not get it done"), "F7", self.complaint),
        ]
        entries += supervisor_entries(self)  # what the account's role may also see
        for key, label, shortcut, slot in entries:
            b = NavButton(label, shortcut)
            b.setObjectName(f"nav_{key}")
            b.clicked.connect(slot)
            self.nav_group.addButton(b)
            self.nav_buttons[key] = b
            nbox.addWidget(b)
            QShortcut(QKeySequence(shortcut), self, slot)
        nbox.addStretch(1)
        settings = NavButton(self.tr("Settings"), "")
        settings.setCheckable(False)
        settings.setObjectName("nav_settings")
        settings.clicked.connect(self.open_settings)
        if self.practice:  # the window's real settings are not a practice store's to change
            settings.setEnabled(False)
            settings.setToolTip(self.tr("Settings cannot be changed in practice mode"))
        nbox.addWidget(settings)
        self.nav_scroll.setWidget(nav)
        QShortcut(QKeySequence("F2"), self, self.focus_lookup)

        # ---- pages ----
        self.stack = QStackedWidget()
        # The window is as narrow as the page shown allows, not as the widest page loaded: a
        # page out of sight asks for no width (a small screen at 125% has none to spare).
        self.stack.currentChanged.connect(self._fit_pages)
        self.home = HomePage(session)
        self.home.open_case.connect(self.open_case)
        self.home.new_intake.connect(self.new_intake)
        self.home.consultation.connect(self.consultation)
        self.stack.addWidget(self.home)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.nav_scroll)
        body.addWidget(self.stack, 1)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(header)
        self.practice_banner: PracticeBanner | None = None
        if self.practice:
            self.practice_banner = PracticeBanner()
            self.practice_banner.end_requested.connect(self.end_practice)
            outer.addWidget(self.practice_banner)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        # ---- status bar ----
        self.busy = QLabel()
        self.busy.setObjectName("busyIndicator")
        self.busy.setProperty("role", "muted")
        self.sync = SyncIndicator(session)
        self.statusBar().addWidget(self.busy, 1)
        self.statusBar().addPermanentWidget(self.sync)
        if self.practice:
            self.sync.hide()
            nosync = QLabel(self.tr("Practice mode: nothing is synced"))
            nosync.setObjectName("practiceSync")
            self.statusBar().addPermanentWidget(nosync)
        self.statusBar().setContentsMargins(8, 0, 10, 0)  # off the edge of a maximised window
        session.db.busy_changed.connect(self._busy_changed)
        session.db.on_error = lambda exc: messages.show_error(self, exc)
        session.background.on_error = lambda exc: messages.show_error(self, exc)

        self.scanner = ScannerFilter(self.lookup, session.devices.scan_gap_ms)
        self.scanner.scanned.connect(self.open_case)  # watching starts in showEvent
        self.clock = QTimer(self)
        self.clock.setInterval(60_000)
        self.clock.timeout.connect(self._tick)
        self.clock.start()
        self._tick()
        self.nav_buttons["home"].setChecked(True)
        self.home.today_view.setFocus()  # the arrow keys walk today's cases at once
        self.resize(PREFERRED)

    def show_on_screen(self) -> None:
        """Shown at 1366x768 where the screen leaves room for that and a title bar; maximised
        on a smaller one (1024x768, or 1366x768 with a taskbar), so nothing lies past its edge."""
        room = free_area(self)
        if room.width() >= PREFERRED.width() and room.height() >= PREFERRED.height():
            self.show()
        else:
            self.showMaximized()

    # ---- start-up ------------------------------------------------------------------------------

    def start(self) -> None:
        """After the window shows: load home, the sync status and the search index, now or as
        soon as the data layer has opened."""
        if self.session.ready:
            if not self._wrong_store(self.session.ctx):
                self._data_ready()
        else:
            self._busy_changed(self.session.db.busy)

    def attach(self, ctx: Context) -> None:
        """The data layer has opened (on the database worker): fill the window."""
        self.session.attach(ctx)  # also when closing: the session closes the store
        if self._closing:
            return
        if self._wrong_store(ctx):
            return
        self._busy_changed(self.session.db.busy)
        self._data_ready()

    def _wrong_store(self, ctx: Context | None) -> bool:
        """A practice window with the real store, or the other way round: never a practice
        clerk's work in the window's real records. Said, and the window closes."""
        if ctx is None or ctx.practice == self.practice:
            return False
        from app.core.errors import CounterError

        self.session.ctx = None
        ctx.close()
        messages.show_error(
            self,
            CounterError(
                "practice.store",
                self.tr(
                    "This account's practice mode and the records that opened do not match. "
                    "Nothing was recorded; start Counter again."
                ),
            ),
            "Counter",
        )
        self.close_quietly()
        return True

    def _data_ready(self) -> None:
        from app.ui.background_sync import BackgroundSync

        if not self.practice:  # a practice store is never synced
            self.background_sync = BackgroundSync(self.session.ctx, self)
            self.background_sync.finished.connect(self._synced)
        self.home.refresh()
        self.sync.refresh()
        self.load_picker_data()
        if self.background_sync is not None:
            self.background_sync.start()
        waiting, self._until_ready = self._until_ready, []
        for fn in waiting:
            if self._closing:  # one of them closed the window (a change of language)
                break
            fn()

    def _synced(self, summary: object) -> None:
        """After a sync (the summary, or the exception of a failed one)."""
        self.sync.refresh()
        # Home again only when the pull brought something: cases' states, a holiday schedule.
        if any(d.applied for d in getattr(summary, "pulled", ())):
            self.home.refresh()

    def _later(self, fn: Callable[[], None]) -> bool:
        """Before the data layer has opened, keep what the clerk asked for until it has."""
        if self.session.ready:
            return False
        self._until_ready.append(fn)
        self._busy_changed(True)
        return True

    def _tick(self) -> None:
        self.date_label.setText(
            QLocale().toString(QDate.currentDate(), QLocale.FormatType.LongFormat)
        )

    def _busy_changed(self, busy: bool) -> None:
        if not self.session.ready:
            self.busy.setText(
                self.tr("Opening the window's data… (your request follows)")
                if self._until_ready
                else self.tr("Opening the window's data…")
            )
        else:
            self.busy.setText(self.tr("Working…") if busy else "")

    # ---- picker data (search index) -----------------------------------------------------------

    def load_picker_data(self) -> None:
        if self._picker_loading:
            return
        self._picker_loading = True
        from app.ui.catalog_data import load_picker_data

        ctx, today = self.session.ctx, self.session.today()

        def loaded(data: PickerData) -> None:
            self._picker_loading = False
            self._picker = data
            # The index is ~100,000 long-lived objects; keep the collector from walking them
            # again and again (a full collection would cost a frame while typing).
            gc.freeze()
            waiting, self._picker_waiting = self._picker_waiting, []
            for cb in waiting:
                cb(data)

        def failed(exc: BaseException) -> None:
            self._picker_loading = False
            messages.show_error(self, exc)

        self.session.db.run(lambda: load_picker_data(ctx, today), loaded, failed)

    def with_picker_data(self, callback: Callable[[PickerData], None]) -> None:
        if self._picker is not None:
            callback(self._picker)
        else:
            self._picker_waiting.append(callback)
            self.load_picker_data()

    # ---- pages ---------------------------------------------------------------------------------

    def _fit_pages(self) -> None:
        current = self.stack.currentWidget()
        for i in range(self.stack.count()):
            page = self.stack.widget(i)
            policy = page.sizePolicy()
            own = getattr(page, "own_horizontal_policy", None)
            if own is None:  # the page's own policy, given back when it is shown again
                own = policy.horizontalPolicy()
                page.own_horizontal_policy = own  # type: ignore[attr-defined]
            wanted = own if page is current else QSizePolicy.Policy.Ignored
            if policy.horizontalPolicy() != wanted:
                policy.setHorizontalPolicy(wanted)
                page.setSizePolicy(policy)

    def _show(self, widget: QWidget, nav: str | None) -> None:
        if self.stack.indexOf(widget) < 0:
            self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)
        if nav:
            self.nav_buttons[nav].setChecked(True)
        else:
            checked = self.nav_group.checkedButton()
            if checked is not None:
                self.nav_group.setExclusive(False)
                checked.setChecked(False)
                self.nav_group.setExclusive(True)

    def _page(self, key: str, make: Callable[[], QWidget]) -> QWidget:
        if key not in self._pages:
            self._pages[key] = make()
        return self._pages[key]

    def go_home(self) -> None:
        if self._later(self.go_home):
            return
        self._show(self.home, "home")
        self.home.refresh()
        self.home.today_view.setFocus()

    def end_practice(self) -> None:
        """结束练习: Counter closes (an intake in progress is asked about as usual); the real
        window opens at the next log-in once an administrator has ended practice mode."""
        if messages.ask(
            self,
            self.tr("End practice"),
            self.tr(
                "End practice and close Counter? The practice cases stay in the practice "
                "store only. To work for real, an administrator turns practice mode off for "
                "your account; the next log-in then opens the window's real records."
            ),
            default=False,
        ):
            self.close()

    def focus_lookup(self) -> None:
        self.lookup.setFocus()
        self.lookup.selectAll()

    def new_intake(self) -> None:
        """F3 from any screen and any state: the next applicant's intake.

        A recorded visit is complete, so it is finished (a review still open counts as
        declined). An unfinished one is kept as a draft if the clerk says so; 否, the default,
        goes back to it. An untouched one is simply shown."""
        if self._later(self.new_intake):
            return
        wizard = self.wizard
        if wizard is not None and (wizard.result is not None or wizard.recorded_elsewhere):
            wizard.finish()  # closes it; the new one follows
        elif wizard is not None and not self._leave_for_new(wizard):
            self._show(wizard, "intake")
            wizard.pages[wizard.current].entered()
            return
        from app.ui.wizard.intake_wizard import IntakeWizard
        from app.ui.wizard.state import IntakeState

        self.open_wizard(IntakeWizard(self.session, IntakeState(), self.with_picker_data))

    def _leave_for_new(self, wizard: IntakeWizard) -> bool:
        """May an unfinished intake give way to a new one (kept as a draft)? 否 by default."""
        return not wizard.is_blank() and messages.ask(
            self,
            self.tr("Intake in progress"),
            self.tr(
                "An intake is in progress ({0}). Keep it as a draft and start a new one?"
            ).format(wizard.describe() or self.tr("no details yet")),
            default=False,
        )

    def open_wizard(self, wizard: IntakeWizard) -> None:
        if self.wizard is not None:
            self.wizard.save_draft()
            self.stack.removeWidget(self.wizard)
            self.wizard.deleteLater()
        self.wizard = wizard
        wizard.closed.connect(self._wizard_closed)
        wizard.recorded.connect(self._visit_recorded)
        self._show(wizard, "intake")
        wizard.start()

    def _wizard_closed(self) -> None:
        wizard, self.wizard = self.wizard, None
        if wizard is not None:
            self.stack.removeWidget(wizard)
            wizard.deleteLater()
        self.go_home()

    def _visit_recorded(self, _result: object) -> None:
        self.sync.refresh()
        if self.background_sync is not None:
            self.background_sync.request()  # send the new record while the applicant is here
        self._picker = None  # usage and recent items changed
        self.load_picker_data()

    def consultation(self) -> None:
        if self._later(self.consultation):
            return
        from app.ui.consultation_page import ConsultationPage

        page = self._pages.get("consultation")
        if not isinstance(page, ConsultationPage):
            page = ConsultationPage(self.session, self.with_picker_data)
            page.recorded.connect(self._visit_recorded)
            self._pages["consultation"] = page
        self._show(page, "consultation")
        page.activate()

    def checklists(self) -> None:
        if self._later(self.checklists):
            return
        from app.ui.checklist_browser import ChecklistPage

        page = self._page("checklists", lambda: ChecklistPage(self.session, self.with_picker_data))
        self._show(page, "checklists")
        page.activate()  # type: ignore[attr-defined]

    def complaint(self) -> None:
        if self._later(self.complaint):
            return
        from app.ui.case_page import CasePage
        from app.ui.complaint_page import ComplaintPage

        case = self._pages.get("case")
        from_case = isinstance(case, CasePage) and self.stack.currentWidget() is case
        case_no = case.case.case_no if from_case and case.case else None  # type: ignore[union-attr]
        page = self._page("complaint", lambda: ComplaintPage(self.session))
        self._show(page, "complaint")
        page.activate(case_no)  # type: ignore[attr-defined]

    def open_settings(self) -> None:
        if self._later(self.open_settings):
            return
        from app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.session, self)
        dialog.exec()
        if dialog.new_language:
            self.language_changed.emit(dialog.new_language)

    # ---- cases ---------------------------------------------------------------------------------

    def case_page(self) -> CasePage:
        from app.ui.case_page import CasePage

        page = self._pages.get("case")
        if page is None:
            page = CasePage(self.session)
            page.supplement.connect(self.start_supplement)
            page.visit_recorded.connect(self._visit_recorded)
            page.state_recorded.connect(lambda _state: self.sync.refresh())
            page.back.connect(self.go_home)
            self._pages["case"] = page
        assert isinstance(page, CasePage)
        return page

    def open_case(self, text: str) -> None:
        if self._later(lambda: self.open_case(text)):
            return
        from app.ui.case_page import load_case

        ctx = self.session.ctx
        self.busy.setText(self.tr("Opening case {0}…").format(text.strip()))

        def shown(result: tuple) -> None:
            case, item = result
            page = self.case_page()
            self._show(page, None)
            page.show_case(case, item)  # after it shows, so it can focus the next action

        self.session.db.run(
            lambda: load_case(ctx, text),
            shown,
            lambda exc: messages.show_error(self, exc, self.tr("Open case")),
        )

    def start_supplement(self, case: CaseView) -> None:
        if (
            self.wizard is not None
            and self.wizard.result is None
            and not messages.ask(
                self,
                self.tr("Intake in progress"),
                self.tr("An intake is in progress. Keep it as a draft and start the supplement?"),
            )
        ):
            return
        from app.ui.wizard.intake_wizard import IntakeWizard

        self.open_wizard(IntakeWizard.for_supplement(self.session, case, self.with_picker_data))

    # ---- drafts and closing ---------------------------------------------------------------------

    def resume(self, state: IntakeState | BundleState) -> None:
        """Carry on with an intake, a supplement or a 一件事 from its saved state. A 一件事
        resumes in the intake it was chosen in, its applicant already taken."""
        from app.ui.wizard.bundle_state import BundleState
        from app.ui.wizard.intake_wizard import IntakeWizard
        from app.ui.wizard.state import IntakeState

        if not isinstance(state, BundleState):
            self.open_wizard(IntakeWizard(self.session, state, self.with_picker_data))
            return
        from app.ui.wizard.bundle_wizard import take_over

        who = {"applicant": state.applicant, "agent": state.agent}
        host = IntakeWizard(
            self.session,
            IntakeState(
                step="item",
                ticket=state.ticket,
                started_at=state.started_at,
                has_agent=state.agent is not None,
                **{k: p.to_dict() for k, p in who.items() if p is not None},
            ),
            self.with_picker_data,
        )
        self.open_wizard(host)
        take_over(host, state.bundle_code, state)

    def offer_resume(self) -> None:
        """If the last session ended in the middle of a visit, offer to carry on with it."""
        if self._later(self.offer_resume):
            return
        drafts, clerk = self.session.drafts, self.session.clerk.username

        def latest() -> object:
            kinds = ("intake", "supplement", "bundle")
            found = [d for d in (drafts.latest(clerk, k) for k in kinds) if d is not None]
            return max(found, key=lambda d: d.updated_at) if found else None

        def offer(draft: object) -> None:
            if draft is None:
                return
            from app.ui.wizard.bundle_state import BundleState
            from app.ui.wizard.state import IntakeState

            data = draft.data  # type: ignore[attr-defined]
            kind = draft.kind  # type: ignore[attr-defined]
            state: IntakeState | BundleState = (
                BundleState.from_json(data) if kind == "bundle" else IntakeState.from_json(data)
            )
            state.draft_id = draft.id  # type: ignore[attr-defined]
            when = draft.updated_at.strftime("%H:%M")  # type: ignore[attr-defined]
            summary = state.summary() or self.tr("(no details yet)")
            if messages.ask(
                self,
                self.tr("Unfinished intake"),
                self.tr("An intake was not finished ({0}, last saved {1}). Resume it now?").format(
                    summary, when
                ),
            ):
                self.resume(state)
            else:
                self.session.db.run(lambda: drafts.discard(state.draft_id or ""))

        self.session.db.run(latest, offer)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.nav_scroll.setFixedWidth(NAV_NARROW if event.size().width() < NARROW else NAV_WIDTH)
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        handle = self.windowHandle()  # exists once the window is shown
        if handle is not None:
            handle.installEventFilter(self.scanner)  # again on a re-show: Qt keeps one

    def close_quietly(self) -> None:
        """Close without asking (the application rebuilds or gives up the window); an intake
        in progress is kept as a draft all the same."""
        self._quiet_close = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        wizard = self.wizard
        if (
            not self._quiet_close
            and not self._closing
            and wizard is not None
            and wizard.result is None
            and not wizard.recorded_elsewhere
            and not wizard.is_blank()
        ):
            wizard.save_draft()  # kept whatever the answer
            if not messages.ask(
                self,
                self.tr("Intake in progress"),
                self.tr(
                    "An intake is in progress ({0}). Close Counter? The intake is kept as a draft "
                    "and offered again at the next start."
                ).format(wizard.describe() or self.tr("no details yet")),
                default=False,
            ):
                event.ignore()
                return
        self._closing = True
        self._until_ready.clear()
        if self.wizard is not None:
            self.wizard.save_draft()
        handle = self.windowHandle()
        if handle is not None:
            handle.removeEventFilter(self.scanner)
        self.session.db.drain()  # may deliver the opened store: attach() starts nothing now
        if self.background_sync is not None:
            self.background_sync.stop()
        self.session.background.drain()
        super().closeEvent(event)
