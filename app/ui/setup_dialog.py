"""First start: this window's identity (centre, window) and the first administrator.

The same as ``counter init``; shown only while the window is not initialised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import CounterError
from app.services.window import FirstAdmin, WindowSetup, initialise
from app.ui import messages
from app.ui.placement import FittingScrollArea, fit_to_screen
from app.ui.worker import Worker

if TYPE_CHECKING:
    from app.bootstrap import Context


class SetupDialog(QDialog):
    def __init__(self, ctx: Context, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupDialog")
        self.setWindowTitle(self.tr("Counter — first start"))
        self.ctx = ctx
        self.worker = worker
        self.needs_admin = ctx.users.count() == 0
        intro = QLabel(
            self.tr(
                "Set up this window once. The codes appear in every case number "
                "and cannot change after the first case."
            )
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        self.fields: dict[str, QLineEdit] = {}

        def field(name: str, placeholder: str = "", password: bool = False) -> QLineEdit:
            w = QLineEdit()
            w.setObjectName(f"setup_{name}")
            w.setPlaceholderText(placeholder)
            # Wide enough for its hint: an example cut short explains nothing.
            w.setMinimumWidth(min(w.fontMetrics().horizontalAdvance(placeholder) + 28, 360))
            if password:
                w.setEchoMode(QLineEdit.EchoMode.Password)
            self.fields[name] = w
            return w

        window = QFrame()
        window.setProperty("role", "card")
        wform = QFormLayout(window)
        wform.setContentsMargins(16, 12, 16, 12)
        wform.addRow(self.tr("Centre code"), field("centre", "C3301"))
        wform.addRow(
            self.tr("Centre name"), field("centre_name", self.tr("e.g. 城东街道便民服务中心"))
        )
        wform.addRow(self.tr("Window code"), field("window", "W03"))
        wform.addRow(self.tr("Window name"), field("window_name", self.tr("optional")))
        wform.addRow(
            self.tr("Complaint phone"), field("complaint_phone", self.tr("printed on slips"))
        )
        wform.addRow(self.tr("Query phone"), field("query_phone", self.tr("optional")))
        admin = QFrame()
        admin.setProperty("role", "card")
        aform = QFormLayout(admin)
        aform.setContentsMargins(16, 12, 16, 12)
        admin_title = QLabel(self.tr("First administrator"))
        admin_title.setProperty("role", "subtitle")
        aform.addRow(admin_title)
        aform.addRow(self.tr("User name"), field("admin", "admin"))
        aform.addRow(self.tr("Full name"), field("admin_name"))
        aform.addRow(
            self.tr("Password"),
            field("password", self.tr("8+ characters, letters and digits"), True),
        )
        aform.addRow(self.tr("Repeat password"), field("password2", "", True))
        admin.setVisible(self.needs_admin)
        self.error = QLabel()
        self.error.setObjectName("setupError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.button = QPushButton(self.tr("Save and continue"))
        self.button.setObjectName("setupSave")
        self.button.setProperty("primary", True)
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        title = QLabel(self.tr("Set up this window"))
        title.setProperty("role", "title")
        layout.addWidget(title)
        layout.addWidget(intro)
        # Side by side: one above the other they were 723 px tall, more than a 1024x768 screen
        # leaves under a title bar and a taskbar.
        forms = QWidget()
        cards = QHBoxLayout(forms)
        cards.setContentsMargins(0, 0, 0, 0)
        cards.addWidget(window, 1, Qt.AlignmentFlag.AlignTop)
        cards.addWidget(admin, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(FittingScrollArea(forms), 1)  # scrolls on a smaller or scaled screen
        layout.addWidget(self.error)
        layout.addWidget(self.button)
        self.setMinimumWidth(560)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_to_screen(self)

    def _text(self, name: str) -> str:
        return self.fields[name].text().strip()

    def submit(self) -> None:
        setup = WindowSetup(
            self._text("centre"),
            self._text("centre_name"),
            self._text("window"),
            self._text("window_name") or None,
            None,
            self._text("complaint_phone") or None,
            self._text("query_phone") or None,
        )
        admin = None
        if self.needs_admin:
            if self.fields["password"].text() != self.fields["password2"].text():
                self.error.setText(self.tr("The two passwords differ."))
                fit_to_screen(self)
                return
            admin = FirstAdmin(
                self._text("admin"), self._text("admin_name"), self.fields["password"].text()
            )
        ctx = self.ctx
        self.button.setEnabled(False)
        self.worker.run(
            lambda: initialise(ctx.store, ctx.users, setup, admin),
            lambda _r: self.accept(),
            self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.error.setText(messages.describe(exc))
        fit_to_screen(self)  # taller by the message, where the screen has room
        if isinstance(exc, CounterError) and exc.path in self.fields:
            self.fields[exc.path].setFocus()
