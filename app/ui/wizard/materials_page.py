"""Step 4, the material checklist: every applicable material with what the clerk must check.

One key per verdict on the list: 1 (or O) present and acceptable, 2 (or M) missing,
3 (or D) defective, which moves to the reason box, 4 (or P) promised: the applicant signs the
catalog's promise in its place, offered only where the catalog has one (告知承诺, 容缺); F8 marks the required ones not yet checked
as present (optional, 非必要, ones stay as they are: left unchecked they were not received). The pane
beside the list shows the current material's form, copies, requirements and 易错提醒.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
)

from app.core.catalog import NOTIFY_PROMISE, Material
from app.core.errors import CounterError
from app.ui import theme
from app.ui.columns import ColumnFitter
from app.ui.item_view import material_html
from app.ui.labels import necessity_labels, verdict_labels
from app.ui.wizard.page import WizardPage
from app.ui.wizard.state import SUPPLEMENT, IntakeState

Index = QModelIndex | QPersistentModelIndex
KEYS = {
    Qt.Key.Key_1: "ok",
    Qt.Key.Key_O: "ok",
    Qt.Key.Key_2: "missing",
    Qt.Key.Key_M: "missing",
    Qt.Key.Key_3: "defective",
    Qt.Key.Key_D: "defective",
    Qt.Key.Key_4: "promised",
    Qt.Key.Key_P: "promised",
}


class MaterialsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.materials: list[Material] = []
        self.verdicts: dict[str, dict[str, Any]] = {}

    def set_materials(self, materials: list[Material], verdicts: dict[str, dict[str, Any]]) -> None:
        self.beginResetModel()
        self.materials = materials
        self.verdicts = verdicts
        self.endResetModel()

    def headers(self) -> list[str]:
        return [self.tr("Material"), self.tr("Necessity"), self.tr("Form"), self.tr("Check")]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.materials)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self.headers()[section]
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        m = self.materials[index.row()]
        v = self.verdicts.get(m.id, {})
        verdict = v.get("verdict") or ""
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return m.name
            if col == 1:
                return necessity_labels().get(m.effective_necessity, m.effective_necessity)
            if col == 2:
                copies = f" ×{m.copies}" if m.copies else ""
                return (m.form or m.form_text or "—") + copies
            label = verdict_labels()[verdict]
            if not verdict and m.commitment is not None:
                label += " · " + self.tr("promise possible (4)")
            if verdict == "defective":
                label += "：" + (v.get("reason") or self.tr("reason?"))
            return label
        if role == Qt.ItemDataRole.ForegroundRole and col == 3 and verdict:
            return QBrush(QColor(theme.VERDICT_INK[verdict]))
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return m.requirements
        return None

    def set_verdict(self, row: int, verdict: str | None, reason: str | None = None) -> None:
        mid = self.materials[row].id
        if verdict is None:
            self.verdicts.pop(mid, None)
        else:
            self.verdicts[mid] = {"verdict": verdict, "reason": reason}
        self.dataChanged.emit(self.index(row, 0), self.index(row, 3))


class MaterialsPage(WizardPage):
    scrolls = False
    step_id = "materials"

    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        self._refused = ""  # the message of a promise the catalog does not offer
        self.note = QLabel()
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        self.model = MaterialsModel(self)
        self.table = QTableView()
        self.table.setObjectName("materialsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The material's name takes the rest and wraps; form and check wrap in their share.
        self.columns = ColumnFitter(self.table, stretch=0, shares={1: 0.2, 2: 0.25, 3: 0.3})
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.detail = QTextBrowser()
        self.detail.setObjectName("materialDetail")
        self.reason = QComboBox()
        self.reason.setObjectName("defectReason")
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reason.lineEdit().setPlaceholderText(self.tr("What is wrong (printed on the slip)"))
        self.reason.lineEdit().returnPressed.connect(self._reason_done)
        self.reason.lineEdit().textEdited.connect(self._reason_edited)
        self.reason.activated.connect(lambda _i: self._reason_edited(self.reason.currentText()))
        self.rest_ok = QPushButton(self.tr("Required ones left: present (F8)"))
        self.rest_ok.setObjectName("restOk")
        self.rest_ok.clicked.connect(self.mark_rest_ok)
        QShortcut(
            QKeySequence("F8"),
            self,
            self.mark_rest_ok,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.rest_ok)
        left.addLayout(bottom)
        right = QVBoxLayout()
        right.addWidget(self.detail, 1)
        # Where the catalog offers a promise, the pane says so and what it does to the case.
        self.promise_offer = QLabel()
        self.promise_offer.setObjectName("promiseOffer")
        self.promise_offer.setWordWrap(True)
        right.addWidget(self.promise_offer)
        self.reason_label = QLabel(self.tr("Reason it is defective"))
        right.addWidget(self.reason_label)
        right.addWidget(self.reason)
        row = QHBoxLayout()
        row.addLayout(left, 3)
        row.addLayout(right, 2)
        self.body.addWidget(self.note)
        self.body.addLayout(row, 1)

    def title(self) -> str:
        return self.tr("Materials")

    def key_hint(self) -> str:
        return self.tr(
            "Keys: 1 present · 2 missing · 3 defective (then type the reason) · "
            "4 promised (where offered) · ↑/↓ move · F8 the remaining required ones present · Ctrl+Enter next"
        )

    def load(self, state: IntakeState) -> None:
        mats = self.wizard.materials()
        # Verdicts of materials that no longer apply (a changed answer) are dropped.
        ids = {m.id for m in mats}
        verdicts = {k: dict(v) for k, v in state.verdicts.items() if k in ids}
        self.model.set_materials(mats, verdicts)
        if state.kind == SUPPLEMENT:
            self.note.setText(
                self.tr(
                    "Supplement to case {0}: check only the materials still outstanding."
                ).format(state.case_no)
            )
        else:
            self.note.setText(self.tr("%n material(s) apply to this situation.", "", len(mats)))
        if mats:
            self.table.selectRow(0)
        self._row_changed(self.table.currentIndex())

    def store(self, state: IntakeState) -> None:
        state.verdicts = {k: dict(v) for k, v in self.model.verdicts.items()}

    def validate(self, state: IntakeState) -> None:
        for row, m in enumerate(self.model.materials):
            v = self.model.verdicts.get(m.id)
            if v is None and not m.required:
                continue  # an optional material left unchecked was not received
            if v is None:
                self.table.selectRow(row)
                raise CounterError(
                    "wizard.unchecked",
                    self.tr(
                        "Check every material: “{0}” is not checked yet (1 present, 2 missing, "
                        "3 defective)."
                    ).format(m.name),
                )
            if v["verdict"] == "defective" and not (v.get("reason") or "").strip():
                self.table.selectRow(row)
                raise CounterError(
                    "verdict.reason",
                    self.tr("Say what is wrong with “{0}”: it is printed on the slip.").format(
                        m.name
                    ),
                    path="reason",
                )

    def focus_field(self, path: str | None) -> None:
        (self.reason if path == "reason" else self.table).setFocus()

    def entered(self) -> None:
        self.table.setFocus()

    # ---- marking ---------------------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            obj is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            verdict = KEYS.get(Qt.Key(event.key()))
            if verdict is not None:
                self.mark(verdict)
                return True
        return super().eventFilter(obj, event)

    def mark(self, verdict: str) -> None:
        row = self.table.currentIndex().row()
        if row < 0:
            return
        material = self.model.materials[row]
        if self.wizard.error.text() == self._refused:
            self.wizard.error.clear()
        if verdict == "promised" and material.commitment is None:
            # The service would refuse it (verdict.promise): say so here, change nothing.
            self._refused = self.tr(
                "“{0}” cannot be replaced by a promise: the catalog offers none for it. "
                "Mark it 1 present, 2 missing or 3 defective."
            ).format(material.name)
            self.wizard.error.setText(self._refused)
            return
        if verdict == "defective":
            old = self.model.verdicts.get(self.model.materials[row].id, {})
            self.model.set_verdict(row, "defective", old.get("reason"))
            self._row_changed(self.table.currentIndex())
            self.reason.setFocus()
            self.reason.lineEdit().selectAll()
            return
        self.model.set_verdict(row, verdict)
        self._next_row(row)

    def _next_row(self, row: int) -> None:
        if row + 1 < self.model.rowCount():
            self.table.selectRow(row + 1)
        self.table.setFocus()

    def mark_rest_ok(self) -> None:
        """The required materials not yet checked are present; optional (非必要) ones stay as
        they are: the applicant seldom brings them, and the slip lists what was received."""
        for row, m in enumerate(self.model.materials):
            if m.required and m.id not in self.model.verdicts:
                self.model.set_verdict(row, "ok")

    def _row_changed(self, current: QModelIndex, *_: object) -> None:
        row = current.row()
        if not 0 <= row < len(self.model.materials):
            self.detail.clear()
            return
        m = self.model.materials[row]
        self.detail.setHtml(material_html(m))
        self.promise_offer.setText(self._offer(m))
        self.promise_offer.setVisible(m.commitment is not None)
        v = self.model.verdicts.get(m.id, {})
        self.reason.blockSignals(True)
        self.reason.clear()
        self.reason.addItems(list(m.common_errors))
        self.reason.setEditText(v.get("reason") or "" if v.get("verdict") == "defective" else "")
        self.reason.blockSignals(False)
        defective = v.get("verdict") == "defective"
        # Only the box is disabled: its label stays in ink, readable before a material is
        # marked defective (disabled grey is 2.3:1 on the page).
        self.reason.setEnabled(defective)

    def _offer(self, m: Material) -> str:
        if m.commitment is None:
            return ""
        if m.commitment.kind == NOTIFY_PROMISE:
            return self.tr(
                "Promise in place of proof: the applicant may sign a promise instead of this "
                "material (4); it counts as received and is checked afterwards."
            )
        return self.tr(
            "Tolerated gap: the applicant may sign a promise to supply it later (4); it stays "
            "outstanding."
        )

    def _reason_edited(self, text: str) -> None:
        row = self.table.currentIndex().row()
        if (
            row >= 0
            and self.model.verdicts.get(self.model.materials[row].id, {}).get("verdict")
            == "defective"
        ):
            self.model.set_verdict(row, "defective", text)

    def _reason_done(self) -> None:
        self._reason_edited(self.reason.currentText())
        row = self.table.currentIndex().row()
        if self.reason.currentText().strip():
            self._next_row(row)
