"""Step 3, the situation questions (办理情形): only those the item has, one group each.

Arrow keys move within a group, Tab to the next group, Space ticks a box, Enter goes on to the
materials. A question the catalog marks optional (均不符合可不选) may be left empty: "none of
these", recorded as an empty answer. The side panel says how many materials the chosen
situation needs, as the clerk answers.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog import applicable_materials
from app.core.catalog import unanswered as unanswered_questions
from app.core.errors import CounterError
from app.ui.wizard.page import WizardPage
from app.ui.wizard.state import IntakeState


class QuestionsPage(WizardPage):
    step_id = "questions"

    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        self.groups: dict[str, tuple[bool, list[tuple[str, QAbstractButton]]]] = {}
        self.optional: set[str] = set()  # questions "none of these" answers (left empty)
        self.holder = QWidget()
        self.form = QVBoxLayout(self.holder)
        self.form.setSpacing(12)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.holder)
        self.count = QLabel()
        self.count.setObjectName("materialCount")
        self.count.setWordWrap(True)
        self.count.setProperty("role", "subtitle")
        self.count.setMinimumWidth(260)
        side = QVBoxLayout()
        side.addWidget(self.count)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(scroll, 3)
        row.addLayout(side, 1)
        self.body.addLayout(row, 1)
        self._item_code: str | None = None
        # Enter moves on, as on every other step (Space ticks, the arrows move).
        for keys in ("Return", "Enter"):
            QShortcut(
                QKeySequence(keys),
                self,
                self.wizard.next_step,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )

    def title(self) -> str:
        return self.tr("Situation")

    def key_hint(self) -> str:
        return self.tr(
            "Keys: ↑/↓ move within a question · Tab next question · Space tick · "
            "Enter next step · Alt+← back"
        )

    def applies(self, state: IntakeState) -> bool:
        item = self.wizard.item
        return state.kind == "intake" and item is not None and bool(item.questions)

    def _build(self) -> None:
        item = self.wizard.item
        while self.form.count():
            w = self.form.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.groups.clear()
        self.optional.clear()
        for q in item.questions:
            card = QFrame()
            card.setProperty("role", "card")
            box = QVBoxLayout(card)
            box.setContentsMargins(16, 10, 16, 10)
            label = QLabel(q.text)
            label.setWordWrap(True)
            label.setProperty("role", "subtitle")
            box.addWidget(label)
            group = QButtonGroup(card)
            group.setExclusive(not q.multiple)
            buttons = []
            for opt in q.options:
                b: QAbstractButton = QCheckBox(opt.text) if q.multiple else QRadioButton(opt.text)
                b.setObjectName(f"option_{q.id}_{opt.id}")
                if opt.hint:
                    b.setToolTip(opt.hint)
                group.addButton(b)
                b.toggled.connect(self._changed)
                box.addWidget(b)
                if opt.hint:
                    hint = QLabel(opt.hint)
                    hint.setWordWrap(True)
                    hint.setProperty("role", "muted")
                    hint.setContentsMargins(28, 0, 0, 4)
                    box.addWidget(hint)
                buttons.append((opt.id, b))
            self.groups[q.id] = (q.multiple, buttons)
            if q.optional:
                self.optional.add(q.id)
                none = QLabel(self.tr("None ticked means “none of these”, recorded as such."))
                none.setObjectName(f"optional_{q.id}")
                none.setProperty("role", "muted")
                box.addWidget(none)
            self.form.addWidget(card)
        self.form.addStretch(1)
        self._item_code = item.code

    def load(self, state: IntakeState) -> None:
        if self._item_code != state.item_code:
            self._build()
        for qid, (_multiple, buttons) in self.groups.items():
            chosen = set(state.answers.get(qid, []))
            group = buttons[0][1].group() if buttons else None
            exclusive = group.exclusive() if group else False
            if group:
                group.setExclusive(False)  # an exclusive group cannot be cleared otherwise
            for oid, b in buttons:
                b.blockSignals(True)
                b.setChecked(oid in chosen)
                b.blockSignals(False)
            if group:
                group.setExclusive(exclusive)
        self._changed()

    def answers(self) -> dict[str, list[str]]:
        out = {}
        for qid, (_m, buttons) in self.groups.items():
            picked = [oid for oid, b in buttons if b.isChecked()]
            if picked or qid in self.optional:  # an optional one left empty: none of these
                out[qid] = picked
        return out

    def store(self, state: IntakeState) -> None:
        if self.wizard.item is not None and self._item_code == state.item_code:
            state.answers = self.answers()

    def validate(self, state: IntakeState) -> None:
        # A skipped question would silently drop the materials it decides (the service
        # refuses it too); say which one is open and put the focus on it.
        item = self.wizard.item
        if item is None:
            return
        for q in unanswered_questions(item, self.answers()):
            raise CounterError(
                "intake.answer", self.tr("Please answer: {0}").format(q.text), path=q.id
            )

    def focus_field(self, path: str | None) -> None:
        buttons = self.groups.get(path or "", (False, []))[1]
        if buttons:
            buttons[0][1].setFocus()

    def _changed(self, *_args: object) -> None:
        item = self.wizard.item
        if item is None:
            return
        mats = applicable_materials(item, self.answers())
        unanswered = len(unanswered_questions(item, self.answers()))
        text = self.tr("This situation needs %n material(s).", "", len(mats))
        if unanswered:
            text += "\n" + self.tr("%n question(s) not answered yet.", "", unanswered)
        self.count.setText(text)
        self.wizard.recheck()  # "please answer …" goes once it is answered

    def entered(self) -> None:
        for _m, buttons in self.groups.values():
            if buttons:
                buttons[0][1].setFocus()
                return
