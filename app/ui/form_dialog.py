"""A dialog of one form whose OK hands the work to the database worker.

The form, a status line for the service's refusal and OK / Cancel: OK is off while the work
runs; a refusal is said in the status line and the dialog stays open, as filled in; the work
done, the dialog closes. The accounts, absence and ticket dialogs are built on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.ui import messages

if TYPE_CHECKING:
    from app.ui.session import Session


class FormDialog(QDialog):
    def __init__(
        self,
        session: Session,
        parent: QWidget | None,
        name: str,
        status_name: str,
        width: int = 480,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.session = session
        self.form = QFormLayout()
        self.status = QLabel()
        self.status.setObjectName(status_name)
        self.status.setProperty("role", "error")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        box = QVBoxLayout(self)
        box.addLayout(self.form)
        box.addWidget(self.status)
        box.addWidget(buttons)
        self.resize(width, 0)

    def submit(self) -> None:
        raise NotImplementedError

    def run(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """``work`` on the database worker; then ``done`` with its result, and close."""
        self.ok.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.ok.setEnabled(True)
            self.status.setText(messages.describe(exc))

        def finished(result: Any) -> None:
            done(result)
            self.accept()

        self.session.db.run(work, finished, failed)
