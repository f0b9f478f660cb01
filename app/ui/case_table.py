"""Lists of cases (today's, waiting for pickup) as a table model, deadlines in colour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from app.core.cases import RUNNING, shown_state
from app.core.errors import CounterError
from app.core.workdays import WorkCalendar, due_status
from app.ui import theme
from app.ui.labels import state_labels

if TYPE_CHECKING:
    from app.core.cases import CaseView

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class CaseRow:
    case_no: str
    time: str
    applicant: str
    item: str
    state: str
    due: date | None
    due_status: str | None  # ok | near | overdue | None (no deadline running)
    provisional: bool = False  # the promised date is 暂定 (a year without its holiday table)
    at: datetime | None = None  # the moment the time column shows: the list's order


def case_row(c: CaseView, today: date, cal: WorkCalendar, near_days: int) -> CaseRow:
    status = None
    due = c.promised_date if c.state in RUNNING else None
    if due is not None:
        try:
            status = due_status(due, today, cal, near_days)
        except CounterError:  # a year without a holiday table: show the date, no colour
            status = None
    when = c.updated_at if c.updated_at.date() == today else c.created_at
    # A case from another day shows its date: a bare time would read as today's.
    shown = f"{when:%H:%M}" if when.date() == today else f"{when:%m-%d}"
    return CaseRow(
        c.case_no,
        shown,
        c.applicant.name,
        c.item_name,
        shown_state(c.state, c.outcome),
        due,
        status,
        c.promised_provisional and due is not None,
        when,
    )


def in_time_order(rows: list[CaseRow]) -> list[CaseRow]:
    """Newest first, by the moment the time column shows (then by case number): a row added
    goes on top and leaves the others in their order."""
    return sorted(rows, key=lambda r: (r.at or datetime.min, r.case_no), reverse=True)


class CaseTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CaseRow] = []
        # Asked for on every header repaint; the language is fixed for the session.
        self._headers = [
            self.tr("Time"),
            self.tr("Case number"),
            self.tr("Applicant"),
            self.tr("Item"),
            self.tr("State"),
            self.tr("Due"),
        ]

    def _due_text(self, r: CaseRow) -> str:
        if r.due is None:
            return ""
        return (
            self.tr("{0} (provisional)").format(r.due.isoformat())
            if r.provisional
            else r.due.isoformat()
        )

    def set_rows(self, rows: list[CaseRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 6

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                r.time,
                r.case_no,
                r.applicant,
                r.item,
                state_labels().get(r.state, r.state),
                self._due_text(r),
            )[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            if r.due_status == "overdue":
                return QBrush(theme.OVERDUE_BG)
            if r.due_status == "near":
                return QBrush(theme.WARN_BG)
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 2:  # a long name is cut in its column: whole here
                return r.applicant
            if r.provisional and index.column() == 5:
                return self.tr(
                    "Provisional: counted with the statutory holidays of a year whose "
                    "holiday schedule is not yet published"
                )
            if r.due_status == "overdue":
                return self.tr("Overdue: the promised date has passed")
            if r.due_status == "near":
                return self.tr("Near the promised date")
        if role == Qt.ItemDataRole.UserRole:
            return r.case_no
        return None
