"""The slips of a visit: the list of documents, a page preview, print and reprint."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.documents import document_of
from app.ui import messages, theme
from app.ui.pdf_pages import render_pages
from app.ui.printer import print_documents
from app.ui.session import Session

PREVIEW_DPI = 96


def doc_title(path: Path) -> str:
    """The slip's name for the clerk in the window's language, from the file name the
    printing layer gives it (``correction-01.pdf``); the names live in app.core.documents."""
    doc = document_of(path.stem)
    if doc is None:
        return path.stem
    return doc.short if QLocale().language() == QLocale.Language.Chinese else doc.label


class SlipPanel(QWidget):
    printed = Signal(str)  # the PDF sent to the printer

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._docs: list[Path] = []
        self._case_no: str | None = None
        self._shown: Path | None = None

        self.list = QComboBox()
        self.list.setObjectName("slipList")
        self.list.currentIndexChanged.connect(self._show_row)
        self.empty = QLabel(self.tr("No slip for this visit."))
        self.empty.setProperty("role", "muted")
        self.print_button = QPushButton(self.tr("Print (Ctrl+P)"))
        self.print_button.setObjectName("printButton")
        self.print_button.setProperty("primary", True)
        self.print_button.clicked.connect(self.print_current)
        self.print_all_button = QPushButton(self.tr("Print all"))
        self.print_all_button.clicked.connect(self.print_all)
        QShortcut(
            QKeySequence("Ctrl+P"),
            self,
            self.print_current,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        # A slip that could not be written (a full disk, a folder without permission): what
        # happened, and the button that makes it again once that is mended.
        self.failure = QLabel()
        self.failure.setObjectName("slipFailure")
        self.failure.setProperty("role", "error")
        self.failure.setWordWrap(True)
        self.failure.hide()
        self.remake_button = QPushButton(self.tr("Make the slips again"))
        self.remake_button.setObjectName("remakeSlips")
        self.remake_button.clicked.connect(self.remake)
        self.remake_button.hide()

        top = QHBoxLayout()
        top.addWidget(self.list, 1)
        top.addWidget(self.empty, 1)
        top.addWidget(self.remake_button)
        top.addWidget(self.print_all_button)
        top.addWidget(self.print_button)

        self.pages = QVBoxLayout()
        self.pages.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        holder = QWidget()
        holder.setObjectName("pageContent")
        holder.setLayout(self.pages)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(holder)
        self.scroll.setObjectName("slipPreview")
        self.scroll.setStyleSheet(
            f"#slipPreview {{ background: {theme.PREVIEW_BG}; border-radius: 6px; }}"
        )

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(top)
        box.addWidget(self.failure)
        box.addWidget(self.scroll, 1)
        self.set_documents([], None)

    def set_documents(
        self, docs: list[Path], case_no: str | None, current: Path | None = None
    ) -> None:
        """Show these PDFs, ``current`` (else the first) selected and previewed."""
        self._docs = list(docs)
        self._case_no = case_no
        self.list.blockSignals(True)
        self.list.clear()
        for p in self._docs:
            self.list.addItem(doc_title(p), str(p))
        self.list.blockSignals(False)
        has = bool(self._docs)
        self.failure.hide()
        self.remake_button.setEnabled(True)
        self.remake_button.setVisible(not has and case_no is not None)
        self.list.setVisible(has)
        self.scroll.setVisible(has)
        self.empty.setVisible(not has)
        self.print_button.setEnabled(has)
        self.print_button.setVisible(has)
        self.print_all_button.setVisible(len(self._docs) > 1)
        self._clear_pages()
        if has:
            row = self._docs.index(current) if current in self._docs else 0
            self.list.blockSignals(True)
            self.list.setCurrentIndex(row)
            self.list.blockSignals(False)
            self._show_row(row)

    def show_failure(self, message: str, case_no: str | None) -> None:
        """The visit is recorded but its slip could not be written: say so, offer to retry."""
        self.set_documents([], case_no)
        self.failure.setText(message)
        self.failure.show()

    def remake(self) -> None:
        case_no = self._case_no
        if case_no is None:
            return
        slips = self.session.slips
        self.remake_button.setEnabled(False)
        self.session.background.run(
            lambda: slips.remake(case_no),
            lambda docs: self.set_documents(docs, case_no),
            lambda exc: self.show_failure(messages.describe(exc), case_no),
        )

    @property
    def documents(self) -> list[Path]:
        return list(self._docs)

    def _clear_pages(self) -> None:
        while self.pages.count():
            w = self.pages.takeAt(0).widget()
            if w is not None:
                w.deleteLater()

    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(self._docs):
            return
        path = self._docs[row]
        self._shown = path
        ratio = self.devicePixelRatioF()
        # A page is taller than the view: leave room for the vertical scroll bar it brings,
        # or a horizontal one follows.
        bar = self.scroll.verticalScrollBar()
        room = self.scroll.viewport().width() - (0 if bar.isVisible() else bar.sizeHint().width())
        width = max(400, room - 32)
        self.session.background.run(
            lambda: render_pages(path, PREVIEW_DPI, 10, int(width * ratio)),
            lambda images: self._set_pages(path, images),
            lambda exc: self._set_error(path, exc),
        )

    def _set_pages(self, path: Path, images: list[QImage]) -> None:
        if path != self._shown:
            return  # the clerk moved on to another document meanwhile
        self._clear_pages()
        for image in images:
            label = QLabel()
            pix = QPixmap.fromImage(image)
            pix.setDevicePixelRatio(self.devicePixelRatioF())
            label.setPixmap(pix)
            label.setStyleSheet(f"background: {theme.CARD}; border: 1px solid {theme.PAGE_EDGE};")
            self.pages.addWidget(label)

    def _set_error(self, path: Path, exc: BaseException) -> None:
        self._clear_pages()
        label = QLabel(self.tr("The preview of {0} failed: {1}").format(path.name, exc))
        label.setWordWrap(True)
        self.pages.addWidget(label)

    def print_current(self) -> None:
        row = self.list.currentIndex()
        if 0 <= row < len(self._docs):
            self._print([self._docs[row]])

    def print_all(self) -> None:
        self._print(self._docs)

    def _print(self, docs: list[Path]) -> None:
        silent = self.session.window.silent_print
        slips = self.session.slips
        case_no = self._case_no

        def kept() -> list[Path]:  # a reprint is the kept PDF itself, byte for byte
            return [slips.reprint(case_no, doc) if case_no else doc for doc in docs]

        print_documents(
            self.session.background,
            kept,
            silent,
            self,
            lambda pdf: self.printed.emit(str(pdf)),
            lambda exc: messages.show_error(self, exc, self.tr("Printing")),
        )
