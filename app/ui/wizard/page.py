"""What every wizard step implements; the wizard drives them (intake_wizard.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.ui.wizard.state import IntakeState

if TYPE_CHECKING:
    from app.ui.wizard.intake_wizard import IntakeWizard


class WizardPage(QWidget):
    step_id = ""
    # Form pages scroll, so a long form (an agent, every outcome's fields) still fits 1366x768;
    # pages built around a list or a preview scroll inside those instead.
    scrolls = True

    def __init__(self, wizard: IntakeWizard) -> None:
        super().__init__()
        self.wizard = wizard
        self.session = wizard.session
        self.title_label = QLabel()
        self.title_label.setProperty("role", "title")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 12, 24, 4)
        outer.setSpacing(8)
        outer.addWidget(self.title_label)
        if self.scrolls:
            content = QWidget()
            content.setObjectName("pageContent")
            self.body = QVBoxLayout(content)
            self.body.setContentsMargins(0, 0, 8, 0)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(content)
            outer.addWidget(scroll, 1)
            # A field focused below the fold (Enter, an error naming it) scrolls into view,
            # as Tab already does: on a small or scaled screen the form is taller than this.
            self._scroll = scroll
            app = QApplication.instance()
            if isinstance(app, QApplication):
                app.focusChanged.connect(self._follow_focus)
        else:
            self.body = QVBoxLayout()
            self.body.setContentsMargins(0, 0, 0, 0)
            outer.addLayout(self.body, 1)
        self.body.setSpacing(10)
        # The keys of this step, one line under it: a newcomer reads them off the screen.
        self.key_hint_label = QLabel()
        self.key_hint_label.setObjectName(f"keyHint_{self.step_id}")
        self.key_hint_label.setProperty("role", "keyhint")
        self.key_hint_label.setWordWrap(True)
        outer.addWidget(self.key_hint_label)

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        content = self._scroll.widget()
        if new is not None and content.isAncestorOf(new):
            # The whole field (ensureWidgetVisible shows a line edit's cursor only).
            half_w, half_h = new.width() // 2, new.height() // 2
            centre = new.mapTo(content, QPoint(half_w, half_h))
            self._scroll.ensureVisible(centre.x(), centre.y(), half_w + 8, half_h + 8)

    def title(self) -> str:
        raise NotImplementedError

    def applies(self, state: IntakeState) -> bool:
        return True

    def load(self, state: IntakeState) -> None:
        """Show what the state holds (called every time the step is entered)."""

    def store(self, state: IntakeState) -> None:
        """Write what the clerk entered into the state (called whenever the step is left)."""

    def validate(self, state: IntakeState) -> None:
        """Raise CounterError (with ``path`` naming a field) when the step cannot be left forward."""

    def prepare(self, state: IntakeState, ready: Callable[[], None]) -> None:
        """Fetch what the step needs before it shows (on a worker), then call ``ready``."""
        ready()

    def entered(self) -> None:
        """Focus the first thing the clerk will type or choose."""

    def key_hint(self) -> str:
        """The keys of this step, shown on one line under it."""
        return ""

    def next_label(self) -> str | None:
        """A label for the forward button on this step (None: the wizard's default)."""
        return None

    def focus_field(self, path: str | None) -> None:
        """Focus the widget named by an error's ``path``, when the page has one."""
