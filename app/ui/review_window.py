"""The applicant's review (好差评): five levels, a reason for 2 and 1.

Shown full-screen on the applicant-facing second screen when there is one; otherwise as a
compact dialog on the clerk's screen, above the wizard's buttons (which stay visible) and
always inside the screen, also when it grows to ask why after 不满意. Big touch targets,
nothing else on screen to press by mistake.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.devices.evaluation_pad import ReviewAsk
from app.ui import theme
from app.ui.labels import level_labels

MARGIN = 8  # from the screen's edges and from what must stay visible
TITLE_BAR = 30  # a window manager's title bar, until the shown window tells its own


class ReviewWindow(QWidget):
    answered = Signal(int, object)  # level, reason (str | None)
    declined = Signal()

    def __init__(self, ask: ReviewAsk, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("reviewWindow")
        self.setWindowTitle(self.tr("Please rate our service"))
        self.setStyleSheet(f"#reviewWindow {{ background: {theme.PAPER}; }}")
        self.ask = ask
        self.level: int | None = None
        self._area: QRect | None = None  # the screen's free area, on a single screen
        self._keep_clear: QRect | None = None  # the clerk's buttons, in screen coordinates
        title = QLabel(self.tr("Please rate our service today"))
        title.setStyleSheet("font-size: 34px; font-weight: 600;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        who = QLabel(
            self.tr("Clerk: {0}").format(ask.clerk_name)
            + (f"　·　{ask.item_name}" if ask.item_name else "")
        )
        who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        who.setProperty("role", "muted")
        who.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.setSpacing(16)
        for level, label in sorted(level_labels().items(), reverse=True):
            b = QPushButton(label)
            b.setObjectName(f"level{level}")
            b.setStyleSheet(
                f"QPushButton {{ font-size: 24px; font-weight: 600; color: {theme.WHITE};"
                f" background: {theme.LEVEL_BG[level]}; border-radius: 12px;"
                f" min-height: 72px; min-width: 100px; padding: 6px 8px; }}"
                f"QPushButton:focus {{ border: 4px solid {theme.HEADER}; }}"
            )
            b.clicked.connect(lambda _c=False, lv=level: self.choose(level=lv))
            buttons.addWidget(b)

        self.reason_box = QWidget()
        reasons = QGridLayout(self.reason_box)
        prompt = QLabel(self.tr("We are sorry. What went wrong? (please choose or write)"))
        prompt.setStyleSheet("font-size: 20px;")
        reasons.addWidget(prompt, 0, 0, 1, 3)
        self.quick: list[QCheckBox] = []
        quick = (
            self.tr("Waited too long"),
            self.tr("Unfriendly service"),
            self.tr("Had to come several times"),
            self.tr("Requirements unclear"),
            self.tr("Could not get it done"),
            self.tr("Other"),
        )
        for n, text in enumerate(quick):
            box = QCheckBox(text)
            box.setObjectName(f"quickReason{n}")
            box.setStyleSheet("font-size: 18px;")
            self.quick.append(box)
            reasons.addWidget(box, 1 + n // 3, n % 3)
        self.reason = QLineEdit()
        self.reason.setObjectName("reviewReason")
        self.reason.setPlaceholderText(self.tr("Tell us more (optional if you ticked a box)"))
        self.reason.returnPressed.connect(self.submit)
        reasons.addWidget(self.reason, 3, 0, 1, 2)  # the button beside it: a line less
        self.submit_button = QPushButton(self.tr("Submit"))
        self.submit_button.setObjectName("reviewSubmit")
        self.submit_button.setProperty("primary", True)
        self.submit_button.setStyleSheet("min-height: 44px; font-size: 20px;")
        self.submit_button.clicked.connect(self.submit)
        reasons.addWidget(self.submit_button, 3, 2)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        reasons.addWidget(self.error, 4, 0, 1, 3)
        self.reason_box.hide()

        self.skip = QPushButton(self.tr("Skip"))
        self.skip.setObjectName("reviewSkip")
        self.skip.setStyleSheet(f"border: none; background: transparent; color: {theme.MUTED};")
        self.skip.clicked.connect(self.decline)
        # 不评价 at the end of the clerk's line: a row less, so the window stays above the
        # clerk's buttons on a small or scaled screen.
        who_row = QHBoxLayout()
        who_row.addSpacing(self.skip.sizeHint().width())  # keeps the line centred
        who_row.addWidget(who, 1)
        who_row.addWidget(self.skip)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 12)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addLayout(who_row)
        layout.addLayout(buttons)
        layout.addWidget(self.reason_box)
        layout.addStretch(1)

    @property
    def channel(self) -> str:
        return "screen" if self.isFullScreen() else "dialog"

    def present(self, clerk_window: QWidget | None, keep_clear: QRect | None = None) -> None:
        """On a second screen if there is one, else as a dialog on the clerk's screen that
        leaves ``keep_clear`` (screen coordinates: the clerk's buttons) uncovered.

        Either way it does not take the keyboard: the clerk carries on typing (and may finish
        the visit if the applicant declines), the applicant answers with the mouse or by touch.
        """
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        screens = QGuiApplication.screens()
        mine = (
            clerk_window.screen() if clerk_window is not None else QGuiApplication.primaryScreen()
        )
        other = next((s for s in screens if s is not mine), None)
        if other is not None:
            self.setScreen(other)
            self.setGeometry(other.geometry())
            self.showFullScreen()
            return
        self.setWindowFlag(Qt.WindowType.Dialog, True)
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        screen = mine or QGuiApplication.primaryScreen()
        self._area = screen.availableGeometry() if screen is not None else None
        self._keep_clear = keep_clear
        self.fit()
        self.show()
        self.raise_()

    def fit(self) -> None:
        """Size and place the dialog: inside the screen, bottom edge above the clerk's buttons
        when it fits there (higher up, over the clerk's page, when it does not)."""
        area = self._area
        if area is None or self.isFullScreen():
            return
        layout = self.layout()
        if layout is not None:
            layout.activate()
        # The title bar above the window: as measured once shown, and at least the usual.
        title = self.geometry().top() - self.frameGeometry().top() if self.isVisible() else 0
        title = max(title, TITLE_BAR)
        area = area.adjusted(0, title, 0, 0)
        most = area.height() - 2 * MARGIN
        width = min(max(self.sizeHint().width(), 900), area.width() - 2 * MARGIN)
        height = min(self.sizeHint().height(), most)
        least = min(self.minimumSizeHint().height(), most)
        bottom = area.bottom() - MARGIN
        clear = self._keep_clear
        if clear is not None and clear.intersects(area):
            bottom = min(bottom, clear.top() - MARGIN)
        top = max(area.top() + MARGIN, bottom - height)
        if bottom - top < height:  # not enough room above the buttons: as small as it goes
            height = max(bottom - top, least)
            top = min(top, area.bottom() - MARGIN - height)
        left = area.left() + (area.width() - width) // 2
        self.setGeometry(left, top, width, height)

    def choose(self, level: int) -> None:
        self.level = level
        if level <= 2:
            self.reason_box.show()
            self.fit()  # taller now: still inside the screen, the clerk's buttons uncovered
            self.reason.setFocus()
            return
        self.answered.emit(level, None)
        self.close()

    def decline(self) -> None:
        self.declined.emit()
        self.close()

    def reason_text(self) -> str:
        picked = [b.text() for b in self.quick if b.isChecked()]
        typed = self.reason.text().strip()
        return "；".join([*picked, typed] if typed else picked)

    def submit(self) -> None:
        if self.level is None:
            return
        text = self.reason_text()
        if not text:
            self.error.setText(self.tr("Please tell us the reason, so we can put it right."))
            return
        self.answered.emit(self.level, text)
        self.close()
