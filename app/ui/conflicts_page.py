"""多窗口冲突: the conflicting acts on this centre's cases that several windows served, as the
merge found them (docs/any-window.md), each with the rule that settled it. Enter opens the case."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.ui.rows_table import RowsModel, rows_table
from app.ui.session import Session


def conflict_labels() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "pickup_twice": translate("Labels", "Picked up twice"),
        "supplement_after_refusal": translate("Labels", "Supplement after a refusal"),
        "late_tolerance": translate("Labels", "Gaps supplied after their deadline"),
        "supplement_not_open": translate("Labels", "Supplemented twice"),
        "pickup_not_ready": translate("Labels", "Pickup before the result"),
    }


class ConflictsPage(QWidget):
    open_case = Signal(str)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("conflictsPage")
        self.session = session
        title = QLabel(self.tr("Conflicts between windows"))
        title.setProperty("role", "title")
        note = QLabel(
            self.tr(
                "Acts on one case recorded at several windows that could not all take effect. "
                "Each act is kept; the rule says which one stands. Enter opens the case."
            )
        )
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        self.count = QLabel()
        self.count.setObjectName("conflictsCount")
        self.model = RowsModel(
            [
                self.tr("Case number"),
                self.tr("Conflict"),
                self.tr("Window"),
                self.tr("Recorded"),
                self.tr("Rule"),
            ],
            self,
        )
        self.table = rows_table(self.model, "conflictsTable", stretch=4)
        self.table.activated.connect(
            lambda i: self.open_case.emit(i.data(Qt.ItemDataRole.UserRole))
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)

    def activate(self) -> None:
        from app.services import centre_cases

        ctx = self.session.ctx
        self.session.db.run(lambda: centre_cases.conflicts(ctx), self.show_rows)
        self.table.setFocus()

    def show_rows(self, rows: list[dict[str, Any]]) -> None:
        labels = conflict_labels()
        self.model.set_rows(
            [
                (
                    r["case_no"],
                    labels.get(r["kind"], r["kind"]),
                    r["window"],
                    r["at"][:16].replace("T", " "),
                    r["rule"],
                )
                for r in rows
            ],
            [r["case_no"] for r in rows],
        )
        self.count.setText(
            self.tr("{0} conflict(s)").format(len(rows))
            if rows
            else self.tr("No conflicts: every window's acts took effect.")
        )
        if rows:
            self.table.selectRow(0)
