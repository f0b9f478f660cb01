"""岗位分工 (the post table) for the supervisor and the administrator: the posts the central
published with their A/B/C members, who is away on a day and who holds each post then (A/B
cover), one post's items with the authorisation depth of each and its work standards; the
absences in force, marked and ended here (services/posts.py, each a chained record sent with
the next sync); and the printed 分工表 saved as a PDF (app/printing/post_table.py)."""

from __future__ import annotations

import io
import tempfile
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui import messages
from app.ui.form_dialog import FormDialog
from app.ui.labels import (
    depth_labels,
    list_separator,
    post_kind_labels,
    post_role_labels,
    with_code,
)
from app.ui.rows_table import RowsModel, rows_table
from app.ui.session import Session

if TYPE_CHECKING:
    from app.services.post_sheet import PostDay, PostsView
    from app.services.posts import PostService

WIDE = 1000  # px of page from which the lists and one post's details sit side by side
MARK = "●"


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _date(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _posts(session: Session) -> PostService:
    from app.services.accounts import AccountService
    from app.services.posts import PostService

    store = session.ctx.store  # type: ignore[union-attr]
    return PostService(store, AccountService(store))


def _date_edit(name: str, day: date) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(_qdate(day))
    return edit


class AbsenceDialog(FormDialog):
    """登记缺岗: an account away from one day to another; its posts' B (then C) covers."""

    def __init__(
        self, session: Session, names: dict[str, str], day: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, parent, "absenceDialog", "absenceStatus")
        self.setWindowTitle(self.tr("Mark an account absent"))
        self.marked: str | None = None
        self.account = QComboBox()
        self.account.setObjectName("absenceAccount")
        for username, name in names.items():
            self.account.addItem(with_code(name, username), username)
        self.start = _date_edit("absenceFrom", day)
        self.end = _date_edit("absenceTo", day)
        hint = QLabel(
            self.tr(
                "On these days the B of each post this account is A of holds that post's "
                "depths (the C, when the B is away too). Recorded and sent with the next sync."
            )
        )
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        self.form.addRow(self.tr("Account"), self.account)
        self.form.addRow(self.tr("From"), self.start)
        self.form.addRow(self.tr("To (inclusive)"), self.end)
        self.form.addRow("", hint)

    def submit(self) -> None:
        username = self.account.currentData()
        start, end = _date(self.start.date()), _date(self.end.date())
        posts, by = _posts(self.session), self.session.clerk.username

        def done(_absence: object) -> None:
            self.marked = username

        self.run(lambda: posts.mark_absent(username, start, end, by), done)


class PostsPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("postsPage")
        self.session = session
        self.view: PostsView | None = None
        self.may_mark = session.clerk.may("reports")
        title = QLabel(self.tr("Post table (岗位职责分工表)"))
        title.setProperty("role", "title")
        self.info = QLabel()
        self.info.setObjectName("postsInfo")
        self.info.setProperty("role", "muted")
        self.info.setWordWrap(True)
        self.day = _date_edit("postsDay", session.today())
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.save_button = QPushButton(self.tr("Save as PDF (Ctrl+S)"))
        self.save_button.setObjectName("postsSavePdf")
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button = QPushButton(self.tr("Print (Ctrl+P)"))
        self.print_button.setObjectName("postsPrint")
        self.print_button.clicked.connect(self.print_table)
        self.absent_button = QPushButton(self.tr("Mark absent (Ctrl+A)"))
        self.absent_button.setObjectName("postsMarkAbsent")
        self.absent_button.clicked.connect(self.mark_absent)
        self.present_button = QPushButton(self.tr("Back at work (Ctrl+B)"))
        self.present_button.setObjectName("postsMarkPresent")
        self.present_button.clicked.connect(self.mark_present)
        for keys, slot in (
            ("Ctrl+S", self.save_pdf),
            ("Ctrl+P", self.print_table),
            ("Ctrl+A", self.mark_absent),
            ("Ctrl+B", self.mark_present),
        ):
            QShortcut(
                QKeySequence(keys),
                self,
                slot,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        top = QHBoxLayout()  # the title, and the printed table on its line
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.print_button)
        top.addWidget(self.save_button)
        second = QHBoxLayout()  # what the table is, and the day it is shown for
        second.addWidget(self.info, 1)
        second.addWidget(QLabel(self.tr("Day")))
        second.addWidget(self.day)
        self.status = QLabel()
        self.status.setObjectName("postsStatus")
        self.status.setWordWrap(True)
        self.status.hide()  # shown while it says something

        self.model = RowsModel(
            [
                self.tr("Post"),
                self.tr("Holds it that day"),
                self.tr("A (lead)"),
                self.tr("B (cover)"),
            ],
            self,
        )
        self.table = rows_table(self.model, "postsTable", stretch=0)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.show_post())
        self.absence_model = RowsModel(
            [self.tr("Away"), self.tr("From"), self.tr("To"), self.tr("Marked by")], self
        )
        self.absences = rows_table(self.absence_model, "absencesTable", stretch=0)
        self.absences.setWordWrap(False)
        self._fit_height(self.absences, 1, 4)
        self.absences.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        lists = QWidget()
        lbox = QVBoxLayout(lists)
        lbox.setContentsMargins(0, 0, 0, 0)
        lbox.addWidget(self.table, 1)
        absences_label = QLabel(self.tr("Absences from that day on"))
        absences_label.setProperty("role", "subtitle")
        absences_label.setWordWrap(True)  # the posts' list narrower beside one post's depths
        absences_row = QHBoxLayout()
        absences_row.addWidget(absences_label, 1)
        absences_row.addWidget(self.absent_button)
        absences_row.addWidget(self.present_button)
        lbox.addLayout(absences_row)
        lbox.addWidget(self.absences)

        self.detail = self._detail_panel()
        self.split = QSplitter()
        self.split.addWidget(lists)
        self.split.addWidget(self.detail)
        self.split.setStretchFactor(0, 9)
        self.split.setStretchFactor(1, 11)
        self.split.setChildrenCollapsible(False)
        self._sized = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.status)
        layout.addWidget(self.split, 1)
        if not self.may_mark:
            self.absent_button.hide()
            self.present_button.hide()
        self._update_buttons()

    def _detail_panel(self) -> QWidget:
        card = QFrame()
        card.setProperty("role", "card")
        self.heading = QLabel()
        self.heading.setObjectName("postHeading")
        self.heading.setProperty("role", "subtitle")
        self.heading.setWordWrap(True)
        self.members = QLabel()
        self.members.setObjectName("postMembers")
        self.members.setTextFormat(Qt.TextFormat.RichText)
        self.members.setWordWrap(True)
        from app.core.posts import DEPTHS

        # A depth of two words on two lines ("Check / originals"): the item keeps the room.
        depths = depth_labels()
        heads = [depths[d].replace(" ", "\n") for d in DEPTHS]
        self.depth_model = RowsModel([self.tr("Item"), *heads], self)
        self.depths = rows_table(self.depth_model, "postDepths", stretch=0)
        self.depths.setWordWrap(False)  # one line a row (the whole name in its tool tip)
        self.standards = QLabel()
        self.standards.setObjectName("postStandards")
        self.standards.setTextFormat(Qt.TextFormat.RichText)
        self.standards.setWordWrap(True)
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.setContentsMargins(16, 10, 16, 10)
        box.addWidget(self.heading)
        box.addWidget(self.members)
        box.addWidget(self.depths)
        box.addWidget(self.standards)
        box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(card)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        return card

    @staticmethod
    def _fit_height(view: QTableView, rows: int, most: int) -> None:
        """As high as ``rows`` one-line rows (at most ``most``; more scroll)."""
        row_height = view.verticalHeader().defaultSectionSize()
        header = view.horizontalHeader().sizeHint().height()
        view.setFixedHeight(header + row_height * min(rows, most) + 2 * view.frameWidth() + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wanted = Qt.Orientation.Horizontal if self.width() >= WIDE else Qt.Orientation.Vertical
        if self.split.orientation() != wanted or not self._sized:
            self.split.setOrientation(wanted)
            # The posts beside one post's items and depths, which need the wider half.
            if wanted == Qt.Orientation.Horizontal:
                self.split.setSizes([self.width() * 9 // 20, self.width() * 11 // 20])
            else:
                # The posts and absences above (a few rows of each), one post below: it scrolls.
                self.split.setSizes([self.height() * 7 // 10, self.height() * 3 // 10])
            self._sized = True

    def activate(self) -> None:
        self.refresh()
        self.table.setFocus()

    # ---- the table -----------------------------------------------------------------------------

    def refresh(self, keep: str | None = None) -> None:
        from app.services.post_sheet import posts_view

        ctx, day = self.session.ctx, _date(self.day.date())
        assert ctx is not None
        store, catalog = ctx.store, ctx.catalog
        current = self.current
        keep = keep or (current.post.code if current else None)
        self.session.db.run(
            lambda: posts_view(store, catalog, day, datetime.now()),
            lambda view: self.show_view(view, keep),
            self._no_table,
        )

    def _no_table(self, exc: BaseException) -> None:
        self.view = None
        self.model.set_rows([])
        self.absence_model.set_rows([])
        self.show_post()
        self.info.setText(messages.describe(exc))
        self._update_buttons()

    def _person(self, username: str, absent: frozenset[str] = frozenset()) -> str:
        assert self.view is not None
        name = self.view.sheet.names.get(username, username)
        return name + (self.tr(" (away)") if username in absent else "")

    def _member(self, username: str) -> str:
        """A member with their login name; one the window does not know is said so."""
        assert self.view is not None
        name = self.view.sheet.names.get(username)
        if name is None:
            return self.tr("{0} (no such account at this window)").format(username)
        return with_code(name, username)

    def show_view(self, view: PostsView, keep: str | None = None) -> None:
        self.view = view
        table = view.sheet.table
        published = (table.published_at or "")[:10] or self.tr("not given")
        self.info.setText(
            self.tr(
                "Version {0}, published {1} by the central (publication {2}); {3} posts. The "
                "authorisation depths of every clerk come from this table."
            ).format(table.version, published, view.version, len(table.posts))
        )
        rows, sep = [], list_separator()
        for pd in view.posts:
            post = pd.post
            holders = sep.join(self._person(u) for u in pd.holding) or self.tr("nobody")
            if pd.holding and pd.covering:
                holders = self.tr("{0} (covering)").format(holders)
            rows.append(
                (
                    post.name,
                    holders,
                    *(
                        sep.join(self._person(u, pd.absent) for u in post.holders(r)) or "—"
                        for r in ("A", "B")
                    ),
                )
            )
        codes = [pd.post.code for pd in view.posts]
        self.model.set_rows(rows, codes)
        self.absence_model.set_rows(
            [
                (self._person(a.username), str(a.start), str(a.end), self._person(a.by))
                for a in view.absences
            ],
            list(view.absences),
        )
        self._fit_height(self.absences, max(1, len(view.absences)), 4)
        if view.absences:
            self.absences.selectRow(0)
        self.table.selectRow(codes.index(keep) if keep in codes else 0)
        self.show_post()
        self._update_buttons()

    @property
    def current(self) -> PostDay | None:
        index = self.table.currentIndex()
        if self.view is None or not index.isValid() or index.row() >= len(self.view.posts):
            return None
        return self.view.posts[index.row()]

    def show_post(self) -> None:
        pd = self.current
        if pd is None or self.view is None:
            self.heading.setText(self.tr("No post table yet") if self.view is None else "")
            self.members.setText("")
            self.depth_model.set_rows([])
            self.standards.setText("")
            return
        from app.core.posts import DEFAULT, DEPTHS

        post, sheet = pd.post, self.view.sheet
        kind = post_kind_labels().get(post.kind, post.kind)
        self.heading.setText(self.tr("{0} ({1}) · {2}").format(post.name, post.code, kind))
        lines = []
        away = escape(self.tr("away that day"))
        roles, colon, sep = post_role_labels(), self.tr("{0}: {1}"), list_separator()
        for role in ("A", "B", "C"):
            people = [
                escape(self._member(u)) + (f" <b>{away}</b>" if u in pd.absent else "")
                for u in post.holders(role)
            ]
            if people:
                lines.append(colon.format(escape(roles[role]), sep.join(people)))
        self.members.setText("<br>".join(lines))
        rows: list[tuple[str, ...]] = []
        if post.items is None:
            general = post.depths.get(DEFAULT, ())
            codes = sorted(c for c in post.depths if c != DEFAULT)  # with depths of their own
            every = self.tr("Every other item") if codes else self.tr("Every item")
            rows.append((every, *(MARK if d in general else "" for d in DEPTHS)))
        else:
            codes = list(post.items)
        for code in codes:
            held = post.depths_of(code)
            rows.append(
                (f"{code} {sheet.item(code)}", *(MARK if d in held else "" for d in DEPTHS))
            )
        self.depth_model.set_rows(rows)
        # Every row in view (the card scrolls), up to a dozen; a longer list scrolls itself.
        self._fit_height(self.depths, len(rows), 12)
        if post.standards:
            heading = escape(self.tr("Work standards"))
            steps = depth_labels()  # a step named after a depth, in the interface's language
            self.standards.setText(
                f"<b>{heading}</b><br>"
                + "<br>".join(
                    colon.format(f"<b>{escape(steps.get(step, step))}</b>", escape(text))
                    for step, text in post.standards
                )
            )
        else:
            self.standards.setText(self.tr("The table gives no work standards for this post."))

    def _update_buttons(self) -> None:
        has_table = self.view is not None
        self.save_button.setEnabled(has_table)
        self.print_button.setEnabled(has_table)
        self.absent_button.setEnabled(has_table and self.may_mark)
        self.present_button.setEnabled(
            has_table and self.may_mark and self.absences.currentIndex().isValid()
        )

    # ---- the acts ------------------------------------------------------------------------------

    def save_pdf(self) -> None:
        if self.view is None:
            return
        version = self.view.sheet.table.version
        name, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the post table as PDF"),
            str(Path.home() / f"岗位职责分工表-{version}.pdf"),
            self.tr("PDF files (*.pdf)"),
        )
        if name:
            self.write_pdf(Path(name))

    def write_pdf(self, target: Path) -> None:
        from app.files import write_bytes
        from app.services.post_sheet import print_post_table

        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        ctx = self.session.ctx
        assert ctx is not None
        store, catalog, home = ctx.store, ctx.catalog, ctx.home

        def work() -> Path:
            buf = io.BytesIO()
            print_post_table(store, catalog, buf, datetime.now())
            return write_bytes(target, buf.getvalue(), home=home, user_named=True)

        self._say(self.tr("Writing {0}…").format(target))
        self.session.background.run(
            work,
            lambda path: self._say(self.tr("Saved {0}").format(path)),
            self._failed,
        )

    def print_table(self) -> None:
        """The 分工表 on a printer the supervisor picks (the print dialog)."""
        if self.view is None:
            return
        from app.services.post_sheet import print_post_table
        from app.ui.printer import print_documents

        ctx = self.session.ctx
        assert ctx is not None
        store, catalog = ctx.store, ctx.catalog
        version = self.view.sheet.table.version

        def prepare() -> list[Path]:
            folder = Path(tempfile.mkdtemp(prefix="counter-posts-"))
            pdf = folder / f"岗位职责分工表-{version}.pdf"
            with pdf.open("wb") as out:
                print_post_table(store, catalog, out, datetime.now())
            return [pdf]

        def failed(exc: BaseException) -> None:
            from app.core.errors import CounterError

            if isinstance(exc, CounterError) and exc.code.startswith("print."):
                # The printing's own words speak of a visit's slip; here there is none.
                self._say(
                    self.tr(
                        "The post table could not be printed: no printer is ready on this "
                        "computer. Save it as PDF (Ctrl+S) and print it elsewhere, or connect "
                        "a printer and try again."
                    )
                )
            else:
                self._failed(exc)

        print_documents(
            self.session.background,
            prepare,
            False,
            self,
            lambda _pdf: self._say(self.tr("The post table was sent to the printer.")),
            failed,
        )

    def mark_absent(self) -> None:
        if self.view is None or not self.may_mark:
            return
        names = dict(sorted(self.view.sheet.names.items()))
        members = {m.username for p in self.view.sheet.table.posts for m in p.members}
        ordered = {u: n for u, n in names.items() if u in members}
        ordered.update({u: n for u, n in names.items() if u not in members})
        dialog = AbsenceDialog(self.session, ordered, _date(self.day.date()), self)
        current = self.current
        if current is not None:  # the chosen post's A, the usual one to be away
            a = current.post.holders("A")
            if a and dialog.account.findData(a[0]) >= 0:
                dialog.account.setCurrentIndex(dialog.account.findData(a[0]))
        if dialog.exec() and dialog.marked:
            self._say(
                self.tr("{0} marked absent; the posts' cover is shown.").format(
                    self._person(dialog.marked)
                )
            )
            self.refresh()

    def mark_present(self) -> None:
        index = self.absences.currentIndex()
        if self.view is None or not self.may_mark or not index.isValid():
            return
        absence = self.view.absences[index.row()]
        day = max(_date(self.day.date()), absence.start)
        who = self._person(absence.username)
        if not messages.ask(
            self,
            self.tr("Back at work"),
            self.tr("{0} is back at work from {1} on? The absence ends the day before.").format(
                who, day
            ),
        ):
            return
        posts, by = _posts(self.session), self.session.clerk.username

        def done(_n: object) -> None:
            self._say(self.tr("{0} is back at work from {1}.").format(who, day))
            self.refresh()

        self.session.db.run(
            lambda: posts.mark_present(absence.username, day, by), done, self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        self._say(messages.describe(exc))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
