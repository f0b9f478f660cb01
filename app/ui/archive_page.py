"""档案 (the archive): the volumes filed in a month (the 归档清单) and a search by volume number,
case number or applicant ID number (services/archive.py). An ID number is shown masked; in full
only to a role that may manage accounts, as the service decides."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui import messages
from app.ui.rows_table import RowsModel, rows_table
from app.ui.session import Session

if TYPE_CHECKING:
    from app.core.archive_package import Volume


class ArchivePage(QWidget):
    open_case = Signal(str)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("archivePage")
        self.session = session
        title = QLabel(self.tr("Archive (case files)"))
        title.setProperty("role", "title")
        self.month = QDateEdit()
        self.month.setObjectName("archiveMonth")
        self.month.setDisplayFormat("yyyy-MM")
        today = session.today()
        self.month.setDate(QDate(today.year, today.month, 1))
        self.list_button = QPushButton(self.tr("List the month"))
        self.list_button.setObjectName("archiveList")
        self.list_button.clicked.connect(self.list_month)
        self.volume_no = QLineEdit()
        self.volume_no.setObjectName("archiveVolumeNo")
        self.volume_no.setPlaceholderText(self.tr("Volume number"))
        self.case_no = QLineEdit()
        self.case_no.setObjectName("archiveCaseNo")
        self.case_no.setPlaceholderText(self.tr("Case number"))
        self.id_number = QLineEdit()
        self.id_number.setObjectName("archiveIdNumber")
        self.id_number.setPlaceholderText(self.tr("Applicant's ID number"))
        self.find_button = QPushButton(self.tr("Search (Enter)"))
        self.find_button.setObjectName("archiveSearch")
        self.find_button.setProperty("primary", True)
        self.find_button.clicked.connect(self.search)
        for field in (self.volume_no, self.case_no, self.id_number):
            field.returnPressed.connect(self.search)
        QShortcut(
            QKeySequence("Ctrl+L"),
            self,
            self.list_month,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        month_row = QHBoxLayout()
        month_row.addWidget(QLabel(self.tr("Month")))
        month_row.addWidget(self.month)
        month_row.addWidget(self.list_button)
        month_row.addStretch(1)
        search_row = QHBoxLayout()
        for w in (self.volume_no, self.case_no, self.id_number):
            search_row.addWidget(w, 1)
        search_row.addWidget(self.find_button)
        card = QFrame()
        card.setProperty("role", "card")
        cbox = QVBoxLayout(card)
        cbox.setContentsMargins(16, 10, 16, 10)
        cbox.addLayout(month_row)
        cbox.addLayout(search_row)
        self.status = QLabel()
        self.status.setObjectName("archiveStatus")
        self.status.setWordWrap(True)
        self.model = RowsModel(
            [
                self.tr("Volume number"),
                self.tr("Case number"),
                self.tr("Item"),
                self.tr("Applicant"),
                self.tr("ID number"),
                self.tr("Ended"),
                self.tr("Files /\npages"),
                self.tr("Handed\nover"),
            ],
            self,
        )
        self.table = rows_table(self.model, "archiveTable", stretch=2)
        self.table.fitter.shares = {5: 0.09}  # type: ignore[attr-defined]  # the state over its day
        self.table.activated.connect(lambda i: self.open_case.emit(self.model.rows[i.row()][1]))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(card)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

    def _service(self):  # type: ignore[no-untyped-def]
        from app.services.archive import ArchiveService

        return ArchiveService(self.session.ctx)

    def activate(self) -> None:
        self.list_month()
        self.volume_no.setFocus()

    def list_month(self) -> None:
        from app.core.figures import month_period

        d = self.month.date()
        period = month_period(d.year(), d.month())
        service = self._service()
        label = f"{d.year()}-{d.month():02d}"
        self.session.db.run(
            lambda: service.volumes(period),
            lambda rows: self.show_volumes(
                rows, self.tr("{0} volume(s) filed for cases ended in {1}").format(len(rows), label)
            ),
            self._failed,
        )

    def search(self) -> None:
        service, user = self._service(), self.session.clerk.username
        volume_no = self.volume_no.text().strip() or None
        case_no = self.case_no.text().strip() or None
        id_number = self.id_number.text().strip() or None
        if not (volume_no or case_no or id_number):
            self.status.setText(self.tr("Type a volume number, a case number or an ID number."))
            return
        self.session.db.run(
            lambda: service.search(
                volume_no=volume_no, case_no=case_no, id_number=id_number, user=user
            ),
            lambda rows: self.show_volumes(rows, self.tr("{0} volume(s) found").format(len(rows))),
            self._failed,
        )

    def show_volumes(self, rows: list[Volume], text: str) -> None:
        states = _state_names()
        self.model.set_rows(
            [
                (
                    v.volume_no,
                    v.case_no,
                    v.item_name,
                    v.applicant,
                    v.id_number or v.id_masked,
                    f"{states.get(v.state_label, v.state_label)} {v.ended_on}",
                    f"{v.files} / {v.pages}",
                    v.handed_over[:10] if v.handed_over else "",
                )
                for v in rows
            ],
            [v.volume_no for v in rows],
        )
        self.status.setText(text)
        if rows:
            self.table.selectRow(0)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(messages.describe(exc))


def _state_names() -> dict[str, str]:
    """The core's Chinese state names (kept in the filing record) in the interface language."""
    from app.core.cases import DENIED, DENIED_LABEL, STATES
    from app.ui.labels import state_labels

    shown = state_labels()
    return {
        **{label: shown.get(state, label) for state, label in STATES.items()},
        DENIED_LABEL: shown[DENIED],
    }
