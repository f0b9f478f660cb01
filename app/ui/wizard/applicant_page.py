"""Step 1, the applicant: read from the ID card reader when there is one, else typed.

The ID number field gives feedback at every keystroke (``identity.partial_feedback``): how
many characters are missing, or what is already wrong (birth date, check digit).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from app.core.identity import partial_feedback
from app.devices.id_card import IdCard
from app.ui import messages, theme
from app.ui.labels import id_type_labels
from app.ui.wizard.page import WizardPage
from app.ui.wizard.state import IntakeState

PERSON_TYPES = (
    "resident_id",
    "foreign_permanent_id",
    "hmt_residence_permit",
    "passport",
    "hk_mo_pass",
    "tw_pass",
    "other",
)


class PartyForm(QFrame):
    """Name, document and phone of one party (applicant or agent), with live ID feedback."""

    def __init__(self, prefix: str, allow_organisation: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setMaximumWidth(760)  # a name and an 18-digit number, not a whole screen line
        self.prefix = prefix
        self.person = QRadioButton(self.tr("Person (&P)"))
        self.organisation = QRadioButton(self.tr("Organisation (&O)"))
        self.kinds = QButtonGroup(self)
        self.kinds.addButton(self.person)
        self.kinds.addButton(self.organisation)
        self.person.setChecked(True)
        self.person.toggled.connect(self._kind_changed)
        self.name = QLineEdit()
        self.name.setObjectName(f"{prefix}Name")
        self.id_type = QComboBox()
        self.id_type.setObjectName(f"{prefix}IdType")
        self.id_number = QLineEdit()
        self.id_number.setObjectName(f"{prefix}IdNumber")
        self.id_number.setMaxLength(40)
        self.hint = QLabel()
        self.hint.setObjectName(f"{prefix}IdHint")
        self.phone = QLineEdit()
        self.phone.setObjectName(f"{prefix}Phone")
        self.legal_rep = QLineEdit()
        self.legal_rep.setObjectName(f"{prefix}LegalRep")
        self.legal_rep_label = QLabel(self.tr("Legal representative"))
        self.id_number.textChanged.connect(self._feedback)
        self.id_type.currentIndexChanged.connect(lambda _i: self._feedback())

        kinds = QHBoxLayout()
        kinds.setSpacing(28)
        kinds.addWidget(self.person)
        kinds.addWidget(self.organisation)
        kinds.addStretch(1)
        form = QFormLayout(self)
        form.setContentsMargins(16, 12, 16, 12)
        form.setVerticalSpacing(10)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if allow_organisation:
            form.addRow(self.tr("Applicant is"), kinds)
        else:
            self.person.hide()
            self.organisation.hide()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Document"), self.id_type)
        form.addRow(self.tr("Number"), self.id_number)
        form.addRow("", self.hint)
        form.addRow(self.legal_rep_label, self.legal_rep)
        form.addRow(self.tr("Phone"), self.phone)
        self._fill_types(organisation=False)
        # Tab goes where the clerk types: name, number, (legal representative,) phone. The
        # document type, resident ID nearly always, comes after; digits typed on it go to the
        # number instead of being lost.
        QWidget.setTabOrder(self.name, self.id_number)
        QWidget.setTabOrder(self.id_number, self.legal_rep)
        QWidget.setTabOrder(self.legal_rep, self.phone)
        QWidget.setTabOrder(self.phone, self.id_type)
        self.id_type.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            obj is self.id_type
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and len(event.text()) == 1
            and event.text().isalnum()
            and event.text().isascii()
            and not event.modifiers()
            & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        ):
            self.id_number.setFocus()
            self.id_number.end(False)
            self.id_number.insert(event.text())
            return True
        return super().eventFilter(obj, event)

    def _fill_types(self, organisation: bool) -> None:
        labels = id_type_labels()
        current = self.id_type.currentData()
        self.id_type.blockSignals(True)
        self.id_type.clear()
        for key in ("credit_code",) if organisation else PERSON_TYPES:
            self.id_type.addItem(labels[key], key)
        i = self.id_type.findData(current)
        self.id_type.setCurrentIndex(max(i, 0))
        self.id_type.blockSignals(False)
        self.legal_rep.setVisible(organisation)
        self.legal_rep_label.setVisible(organisation)
        self._feedback()

    def _kind_changed(self) -> None:
        self._fill_types(self.organisation.isChecked())

    def _feedback(self) -> None:
        text = self.id_number.text()
        state, hint = partial_feedback(self.id_type.currentData() or "resident_id", text)
        if not text:
            state = ""
        self.id_number.setProperty("state", state)
        self.hint.setText(hint if text else "")
        self.hint.setProperty("role", {"ok": "hint-ok", "invalid": "hint-bad"}.get(state, "muted"))
        theme.polish(self.id_number)
        theme.polish(self.hint)

    def feedback_state(self) -> str:
        return str(self.id_number.property("state") or "")

    def set_values(self, d: dict[str, Any]) -> None:
        org = d.get("kind") == "organisation"
        (self.organisation if org else self.person).setChecked(True)
        self._fill_types(org)
        self.name.setText(d.get("name") or "")
        i = self.id_type.findData(d.get("id_type") or ("credit_code" if org else "resident_id"))
        self.id_type.setCurrentIndex(max(i, 0))
        self.id_number.setText(d.get("id_number") or "")
        self.phone.setText(d.get("phone") or "")
        self.legal_rep.setText(d.get("legal_rep") or "")

    def values(self) -> dict[str, Any]:
        org = self.organisation.isChecked()
        return {
            "kind": "organisation" if org else "person",
            "name": self.name.text(),
            "id_type": self.id_type.currentData(),
            "id_number": self.id_number.text(),
            "phone": self.phone.text(),
            "legal_rep": self.legal_rep.text() if org else "",
        }

    def focus(self, field: str) -> None:
        widget = {
            "name": self.name,
            "id_number": self.id_number,
            "id_type": self.id_type,
            "phone": self.phone,
            "legal_rep": self.legal_rep,
        }.get(field, self.name)
        widget.setFocus()
        if isinstance(widget, QLineEdit):
            widget.selectAll()


class ApplicantPage(WizardPage):
    step_id = "applicant"

    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        self.read_button = QPushButton(self.tr("Read ID card (F5)"))
        self.read_button.setObjectName("readCard")
        self.read_button.clicked.connect(self.read_card)
        QShortcut(
            QKeySequence("F5"),
            self,
            self.read_card,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.reader_label = QLabel()
        self.reader_label.setProperty("role", "muted")
        self.applicant = PartyForm("applicant", allow_organisation=True)
        self.has_agent = QCheckBox(self.tr("An agent applies on the applicant's behalf (&G)"))
        self.has_agent.setObjectName("hasAgent")
        self.agent = PartyForm("agent", allow_organisation=False)
        self.has_agent.toggled.connect(self.agent.setVisible)
        self.ticket = QLineEdit()
        self.ticket.setObjectName("ticket")
        self.ticket.setMaximumWidth(200)
        self.ticket.setPlaceholderText(self.tr("optional"))

        top = QHBoxLayout()
        top.addWidget(self.read_button)
        top.addWidget(self.reader_label, 1)
        top.addWidget(QLabel(self.tr("Queue ticket")))
        top.addWidget(self.ticket)
        self.body.addLayout(top)
        self.body.addWidget(self.applicant)
        self.body.addWidget(self.has_agent)
        self.body.addWidget(self.agent)
        self.body.addStretch(1)
        self.agent.hide()
        for field in (self.applicant.phone, self.agent.phone):
            field.returnPressed.connect(self.wizard.next_step)
        for form in (self.applicant, self.agent):
            for edit in (form.name, form.id_number, form.phone, form.legal_rep):
                edit.textChanged.connect(lambda _t: self.wizard.recheck())
            form.id_type.currentIndexChanged.connect(lambda _i: self.wizard.recheck())
            form.person.toggled.connect(lambda _c: self.wizard.recheck())
        self.has_agent.toggled.connect(lambda _c: self.wizard.recheck())
        # The visit's ID check value (scrypt, tens of ms) is made in the background as soon as a
        # whole number is known, so recording the visit later does not wait for it.
        for form in (self.applicant, self.agent):
            form.id_number.textChanged.connect(
                lambda _t, f=form: self._warm_check(f, whole_only=True)
            )
            form.id_number.editingFinished.connect(lambda f=form: self._warm_check(f))

    def title(self) -> str:
        return self.tr("Applicant")

    def key_hint(self) -> str:
        return self.tr(
            "Keys: F5 read the ID card · Tab next field · Enter in Phone or "
            "Ctrl+Enter: next step · Alt+G agent"
        )

    def load(self, state: IntakeState) -> None:
        reader = self.session.id_reader
        self.read_button.setEnabled(reader is not None)
        self.reader_label.setText(
            reader.label
            if reader is not None
            else self.tr("No ID card reader configured: type the details.")
        )
        self.applicant.set_values(state.applicant)
        self.agent.set_values(state.agent)
        self.has_agent.setChecked(state.has_agent)
        self.agent.setVisible(state.has_agent)
        self.ticket.setText(state.ticket)

    def store(self, state: IntakeState) -> None:
        state.applicant = self.applicant.values()
        state.has_agent = self.has_agent.isChecked()
        state.agent = self.agent.values()
        state.ticket = self.ticket.text().strip()

    def validate(self, state: IntakeState) -> None:
        state.applicant_party()
        state.agent_party()

    def focus_field(self, path: str | None) -> None:
        who, _, field = (path or "applicant.name").partition(".")
        (self.agent if who == "agent" else self.applicant).focus(field or "name")

    def entered(self) -> None:
        if not self.applicant.name.text():
            self.applicant.name.setFocus()
        else:
            self.applicant.id_number.setFocus()

    def _warm_check(self, form: PartyForm, whole_only: bool = False) -> None:
        """A resident ID is whole at 18 valid characters; other documents when the field is left."""
        ctx = self.session.ctx
        if ctx is None or form.feedback_state() != "ok":
            return
        if whole_only and form.id_type.currentData() != "resident_id":
            return
        from app.services import visit_share  # the data layer loads once the window is open

        visit_share.warm(ctx.store, form.id_number.text())

    # ---- the card reader -----------------------------------------------------------------------

    def read_card(self) -> None:
        reader = self.session.id_reader
        if reader is None:
            return
        self.reader_label.setText(self.tr("Reading the card…"))
        self.session.background.run(reader.read, self._card_read, self._card_failed)

    def _card_read(self, card: IdCard | None) -> None:
        if card is None:
            self.reader_label.setText(
                self.tr("No card on the reader. Place the card and press F5.")
            )
            return
        target = self.agent if self.has_agent.isChecked() else self.applicant
        if target.id_number.text().strip().upper() != card.id_number.upper():
            # Another person: what was typed for the one before (their phone) is not theirs.
            target.phone.clear()
        target.person.setChecked(True)
        target.name.setText(card.name)
        target.id_type.setCurrentIndex(max(target.id_type.findData("resident_id"), 0))
        target.id_number.setText(card.id_number)
        self.reader_label.setText(self.tr("Card read: {0}").format(card.name))
        target.phone.setFocus()

    def _card_failed(self, exc: BaseException) -> None:
        self.reader_label.setText(messages.describe(exc))
