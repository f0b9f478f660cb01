"""One calm look for every screen: colours, spacing and the style sheet.

Sizes are in device-independent pixels, so the layout scales on high-DPI screens; the base
font is 16 px (see fonts.py) and every control is at least 36 px tall, easy to hit and to read.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

INK = "#1d2733"
MUTED = "#5b6b7d"
LINE = "#d9e0e8"
PAPER = "#f4f6f9"
CARD = "#ffffff"
PRIMARY = "#1b5fb4"
PRIMARY_DARK = "#164d92"
HEADER = "#17365d"
OK = "#1e7b45"
WARN_BG = QColor("#fff1c7")
OVERDUE_BG = QColor("#fbd9d6")
WARN_INK = "#8a5a00"
DANGER = "#b3261e"
# Grey for disabled controls only: WCAG 1.4.3 exempts the text of an inactive control, and a
# choice the law does not allow must not look as choosable as the others. Never for text a
# clerk has to read (a label, a skipped step): that is MUTED or darker.
DISABLED_INK = "#9aa6b2"
NAV_KEY = "#526173"  # a navigation entry's key (F1, F3, ...), readable on its checked background
WHITE = "#ffffff"
HEADER_MUTED = "#c7d3e3"
WARNING_BG = "#fff7e0"
NAV_HOVER = "#e3ebf5"
NAV_CHECKED = "#dbe7f6"
SECTION = "#eef2f6"
SELECTION = "#cfe0f5"
FOCUS_BG = "#eaf1fb"
PRACTICE_BG = "#9c3d00"  # practice mode's band: a colour no real screen uses
AMBER = "#a85d00"  # the status bar's "offline" text
PREVIEW_BG = "#e6eaef"  # behind the slip preview's pages
PAGE_EDGE = "#c9d1db"  # the border of a previewed page (no text)
# A material's verdict in the checklist, on a white row and on the selected row.
VERDICT_INK = {"ok": "#1a6b3c", "missing": DANGER, "defective": "#8f4f00", "promised": "#5b3a9e"}
# The applicant's five rating buttons (white text): green to red, each readable.
LEVEL_BG = {5: "#17603a", 4: "#2e7d4f", 3: "#5f6f80", 2: "#9a5f0a", 1: DANGER}
# The arrow Qt itself ships (in QtWidgets' resources), drawn flat on the box.
ARROW_DOWN = ":/qt-project.org/styles/commonstyle/images/arrow-down-16.png"

# Every text colour of the style sheet and the palette, with each background it is drawn on;
# WCAG 2.1 asks 4.5:1 of each (tests/ui/test_theme_contrast.py). Disabled text is left out.
TEXT_ON = (
    (
        INK,
        (
            PAPER,
            CARD,
            SECTION,
            SELECTION,
            NAV_HOVER,
            NAV_CHECKED,
            FOCUS_BG,
            WARN_BG.name(),
            OVERDUE_BG.name(),
            PREVIEW_BG,  # a preview that failed says so there
        ),
    ),
    (MUTED, (PAPER, CARD)),  # muted labels, key hints, steps not reached yet
    (NAV_KEY, (CARD, NAV_HOVER, NAV_CHECKED)),
    (OK, (PAPER, CARD)),
    (DANGER, (PAPER, CARD)),
    (WARN_INK, (WARNING_BG, CARD)),  # a warning box; a warning in an item's description
    (AMBER, (CARD,)),
    *((ink, (CARD, SELECTION)) for ink in VERDICT_INK.values()),
    (PRIMARY, (CARD, NAV_CHECKED)),  # a step done, the checked navigation entry
    (WHITE, (HEADER, PRIMARY, PRIMARY_DARK, PRACTICE_BG, *LEVEL_BG.values())),
    (HEADER_MUTED, (HEADER,)),
)

# Ink and paper come from the palette, not from a rule for every QWidget: a rule that matches
# every widget makes each one cost more to create under the style sheet (~10 ms for the main
# window).
STYLE = f"""
QLabel[role="title"] {{ font-size: 22px; font-weight: 600; }}
QLabel[role="subtitle"] {{ font-size: 18px; font-weight: 600; }}
QLabel[role="muted"] {{ color: {MUTED}; }}
QLabel[role="hint-ok"] {{ color: {OK}; }}
QLabel[role="hint-bad"] {{ color: {DANGER}; }}
QLabel[role="warning"] {{ color: {WARN_INK}; background: {WARNING_BG}; border: 1px solid #f0d68a;
                          border-radius: 6px; padding: 6px 10px; }}
QLabel[role="error"] {{ color: {DANGER}; }}
QFrame[role="card"] {{ background: {CARD}; border: 1px solid {LINE}; border-radius: 8px; }}
QFrame[role="header"] {{ background: {HEADER}; }}
QFrame[role="header"] QLabel {{ color: {WHITE}; }}
QFrame[role="header"] QLabel[role="muted"] {{ color: {HEADER_MUTED}; }}
QFrame[role="practice"] {{ background: {PRACTICE_BG}; }}
QFrame[role="practice"] QLabel {{ color: {WHITE}; }}
QLabel#practiceTitle {{ font-size: 18px; font-weight: 700; }}
QFrame[role="stepbar"] {{ background: {CARD}; border-bottom: 1px solid {LINE}; }}
QLabel[role="step"] {{ color: {MUTED}; padding: 6px 8px; border-radius: 14px; }}
QLabel[role="step"][current="true"] {{ color: {WHITE}; background: {PRIMARY}; }}
QLabel[role="step"][done="true"] {{ color: {PRIMARY}; }}
QLabel[role="step"][skipped="true"] {{ color: {MUTED}; text-decoration: line-through; }}
QLabel[role="count"] {{ font-size: 30px; font-weight: 600; }}
QPushButton {{ background: {CARD}; border: 1px solid #b9c4d0; border-radius: 6px;
               padding: 7px 16px; min-height: 24px; }}
QPushButton:hover {{ border-color: {PRIMARY}; }}
QPushButton:focus {{ border: 2px solid {PRIMARY}; }}
QPushButton:disabled {{ color: {DISABLED_INK}; background: #eef1f4; border-color: {LINE}; }}
QPushButton[primary="true"] {{ background: {PRIMARY}; color: {WHITE}; border-color: {PRIMARY};
                               font-weight: 600; }}
QPushButton[primary="true"]:hover {{ background: {PRIMARY_DARK}; }}
QPushButton[primary="true"]:disabled {{ background: #9bb5d6; border-color: #9bb5d6; }}
QPushButton[role="nav"] {{ text-align: left; border: none; background: transparent;
                           padding: 10px 14px; border-radius: 6px; }}
QPushButton[role="nav"]:hover {{ background: {NAV_HOVER}; }}
QPushButton[role="nav"]:checked {{ background: {NAV_CHECKED}; color: {PRIMARY}; font-weight: 600; }}
QPushButton[role="nav"] QLabel {{ background: transparent; }}
QLabel[role="navkey"] {{ color: {NAV_KEY}; font-size: 13px; }}
QFrame#nav {{ background: {CARD}; border-right: 1px solid {LINE}; }}
QLabel#headerWindow {{ font-size: 18px; font-weight: 600; }}
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QDateEdit, QSpinBox {{
    background: #ffffff; border: 1px solid #b9c4d0; border-radius: 6px; padding: 6px 8px;
    selection-background-color: {PRIMARY}; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QDateEdit:focus {{
    border: 2px solid {PRIMARY}; }}
QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right;
    width: 22px; border: none; background: transparent; }}
QComboBox::down-arrow {{ image: url({ARROW_DOWN}); width: 12px; height: 12px; }}
QLineEdit[state="ok"] {{ border: 2px solid {OK}; }}
QLineEdit[state="invalid"] {{ border: 2px solid {DANGER}; }}
QTableView, QListView, QTreeView, QTextBrowser {{ background: #ffffff; border: 1px solid {LINE};
    border-radius: 6px; selection-background-color: {SELECTION}; selection-color: {INK}; }}
QTableView::item, QListView::item {{ padding: 4px; }}
QListView[role="results"]::item {{ padding: 8px 6px; }}
QHeaderView::section {{ background: {SECTION}; border: none; border-bottom: 1px solid {LINE};
                        padding: 6px; font-weight: 600; }}
QCheckBox, QRadioButton {{ spacing: 8px; padding: 3px 4px; border: 2px solid transparent;
                          border-radius: 6px; }}
QCheckBox:focus, QRadioButton:focus {{ border-color: {PRIMARY}; background: {FOCUS_BG}; }}
QTableView:focus, QListView:focus, QTextBrowser:focus {{ border: 2px solid {PRIMARY}; }}
QLabel[role="keyhint"] {{ color: {MUTED}; font-size: 14px; padding: 2px 0; }}
QStatusBar {{ background: {CARD}; border-top: 1px solid {LINE}; }}
QScrollArea {{ border: none; background: transparent; }}
QWidget#pageContent {{ background: transparent; }}
QToolTip {{ color: {INK}; background: #ffffff; border: 1px solid {LINE}; padding: 4px; }}
"""


def apply(app: QApplication) -> None:
    """The palette's ink and paper, then the style sheet, for the whole application."""
    palette = app.palette()
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(role, QColor(INK))
        # Grey when disabled: setColor above sets every state, and an outcome the law does not
        # allow must not look as choosable as the others.
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_INK))
    palette.setColor(QPalette.ColorRole.Window, QColor(PAPER))
    app.setPalette(palette)
    app.setStyleSheet(STYLE)


@contextmanager
def styled_after(app: QApplication) -> Iterator[None]:
    """Build a window first and apply the style sheet to the finished widgets, once.

    Under an application style sheet every widget added to a layout is polished again, its
    children with it; the main window costs more than twice as much that way (bench/styling.py:
    48 ms against 18 ms, the same pixels). Meant for a build with no other window on screen: lifting the sheet
    polishes every existing widget anew, and a window already shown does not always lay
    itself out as before (cards a size too small, a button cut off).
    """
    sheet = app.styleSheet()
    app.setStyleSheet("")
    try:
        yield
    finally:
        app.setStyleSheet(sheet)


def polish(widget: object) -> None:
    """Re-apply the style after a dynamic property (state, current, ...) changed."""
    style = widget.style()  # type: ignore[attr-defined]
    style.unpolish(widget)
    style.polish(widget)
