"""Login. The password check (argon2, ~50 ms) runs on a worker, so the dialog never freezes,
even when the account is locked and the check repeats. The check is handed in: the window
application passes ``app.services.login.authenticate`` for its database, which needs no data
layer, so a clerk can log in while the store is still opening."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui import messages
from app.ui.worker import Worker

if TYPE_CHECKING:
    from app.core.roles import Account


class LoginDialog(QDialog):
    def __init__(
        self,
        check: Callable[[str, str], Account],
        worker: Worker,
        window_title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Counter — log in"))
        self.check = check
        self.worker = worker
        self.account: Account | None = None
        heading = QLabel(window_title)
        heading.setProperty("role", "title")
        heading.setWordWrap(True)
        self.username = QLineEdit()
        self.username.setObjectName("loginUser")
        self.password = QLineEdit()
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("loginError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.button = QPushButton(self.tr("Log in"))
        self.button.setObjectName("loginButton")
        self.button.setProperty("primary", True)
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.submit)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(14)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.button)
        self.setMinimumWidth(460)
        self.username.setFocus()  # the clerk types at once, whatever the window manager does

    def submit(self) -> None:
        user, password = self.username.text().strip(), self.password.text()
        if not user or not password:
            self.error.setText(self.tr("Enter your user name and password."))
            return
        self.button.setEnabled(False)
        self.error.setText(self.tr("Checking…"))
        check = self.check
        self.worker.run(lambda: check(user, password), self._ok, self._failed)

    def _ok(self, account: Account) -> None:
        self.account = account
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.error.setText(messages.describe(exc))
        self.password.selectAll()
        self.password.setFocus()
