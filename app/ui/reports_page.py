"""统计报表: the window's daily, monthly or yearly report (services/period_reports.py), its figures
and the pages of the PDF the printing draws (charts included), rendered in memory: what
``counter report daily|monthly|yearly --out`` writes, seen before anyone prints it."""

from __future__ import annotations

import io
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.period_report import FIRST_YEAR, LAST_YEAR
from app.ui import i18n, messages
from app.ui.session import Session

if TYPE_CHECKING:
    from app.core.period_report import PeriodReport

PAGE_WIDTH = 760  # px a rendered page is drawn at, at most; the view may leave less
MIN_PAGE_WIDTH = 420


def build(
    ctx: object,
    kind: str,
    day: date,
    language: str = "zh_CN",
    ticket_names: dict[str, dict[str, str]] | None = None,
) -> tuple[PeriodReport, bytes]:
    """The report and its PDF, on the database worker (the PDF is drawn by reportlab, no Qt),
    in the interface's language."""
    from app.printing.report_pdf import render_report
    from app.services.period_reports import window_period_report

    when: dict[str, object] = {"day": day}
    if kind == "monthly":
        when = {"month": (day.year, day.month)}
    elif kind == "yearly":
        when = {"year": day.year}
    report = window_period_report(ctx, kind, **when)  # type: ignore[arg-type]
    out = io.BytesIO()
    render_report(report, out, language, ticket_names)
    return report, out.getvalue()


def ticket_names() -> dict[str, dict[str, str]]:
    """The tickets' names in the interface language, for the report's line on tickets."""
    from app.ui.ticket_labels import category_labels, source_labels, ticket_state_labels

    unclassified = QCoreApplication.translate("ReportsPage", "{0} (not classified)")
    return {
        "category": {
            **{k: unclassified.format(v) for k, v in source_labels().items()},
            **category_labels(),
        },
        "state": {
            **ticket_state_labels(),
            "opened": QCoreApplication.translate("ReportsPage", "Opened"),
        },
    }


class ReportsPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("reportsPage")
        self.session = session
        self.report: PeriodReport | None = None
        self.pdf: bytes | None = None
        title = QLabel(self.tr("Reports"))
        title.setProperty("role", "title")
        self.kind = QComboBox()
        self.kind.setObjectName("reportKind")
        self.kind.addItem(self.tr("Daily report"), "daily")
        self.kind.addItem(self.tr("Monthly report"), "monthly")
        self.kind.addItem(self.tr("Yearly report"), "yearly")
        self.day = QDateEdit()
        self.day.setObjectName("reportDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setDateRange(QDate(FIRST_YEAR, 1, 1), QDate(LAST_YEAR, 12, 31))
        today = session.today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.button = QPushButton(self.tr("Show (Ctrl+Enter)"))
        self.button.setObjectName("reportShow")
        self.button.setProperty("primary", True)
        self.button.clicked.connect(self.show_report)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(
                QKeySequence(keys),
                self,
                self.show_report,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"))
        self.save_button.setObjectName("reportSave")
        self.save_button.setToolTip(
            self.tr("Save the report shown as a PDF and as a spreadsheet, side by side")
        )
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        QShortcut(
            QKeySequence("Ctrl+S"),
            self,
            self.save,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.folder = _default_folder()
        controls = QHBoxLayout()
        controls.addWidget(self.kind)
        controls.addWidget(self.day)
        controls.addWidget(self.button)
        controls.addStretch(1)
        self.heading = QLabel()
        self.heading.setObjectName("reportTitle")
        self.heading.setProperty("role", "subtitle")
        self.heading.setWordWrap(True)
        self.figures = QLabel()
        self.figures.setObjectName("reportFigures")
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        self.figures.setWordWrap(True)
        self.figures.setAlignment(Qt.AlignmentFlag.AlignTop)
        card = QFrame()
        card.setProperty("role", "card")
        cbox = QVBoxLayout(card)
        cbox.setContentsMargins(14, 10, 14, 10)
        cbox.addWidget(self.heading)
        cbox.addWidget(self.figures, 1)
        figures_scroll = QScrollArea()
        figures_scroll.setWidgetResizable(True)
        figures_scroll.setWidget(card)
        figures_scroll.setMinimumWidth(280)
        figures_scroll.setMaximumWidth(420)
        self.pages = QWidget()
        self.pages.setObjectName("pageContent")
        self.pages_box = QVBoxLayout(self.pages)
        self.pages_box.setSpacing(12)
        self.pages_box.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("reportPages")
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.pages)
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        body = QHBoxLayout()
        body.addWidget(figures_scroll, 2)
        body.addWidget(self.scroll, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addLayout(controls)
        status_row = QHBoxLayout()  # the save button beside what the report says: a narrow
        status_row.addWidget(self.status, 1)  # screen keeps the controls on one line
        status_row.addWidget(self.save_button)
        layout.addLayout(status_row)
        layout.addLayout(body, 1)

    def _kind_changed(self) -> None:
        """The chooser shows the day, the month or the year of the kind chosen."""
        shapes = {"daily": "yyyy-MM-dd", "monthly": "yyyy-MM", "yearly": "yyyy"}
        self.day.setDisplayFormat(shapes[str(self.kind.currentData())])

    def activate(self) -> None:
        if self.report is None:
            self.show_report()
        self.kind.setFocus()

    def show_report(self) -> None:
        ctx, kind = self.session.ctx, str(self.kind.currentData())
        d = self.day.date()
        day = date(d.year(), d.month(), d.day())
        self.button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("Counting the figures and drawing the report…"))
        language, names = i18n.current(), ticket_names()
        self.session.db.run(
            lambda: build(ctx, kind, day, language, names), self._built, self._failed
        )

    def _built(self, result: tuple[PeriodReport, bytes]) -> None:
        from app.core.period_report import rows
        from app.printing.report_pdf import report_title

        self.report, self.pdf = result
        report, pdf = result
        language = i18n.current()
        self.heading.setText(report_title(report, language))

        def shown(value: str) -> str:
            return value.replace("（", " (").replace("）", ")") if language == "en" else value

        self.figures.setText(
            "<table cellspacing=3>"
            + "".join(
                f"<tr><td>{escape(label)}</td><td align=right><b>"
                f"{escape(shown(get(report.total)))}</b></td></tr>"
                for label, get in rows(language)
            )
            + "</table>"
        )
        from app.ui.pdf_pages import render_pages

        # As wide as the view leaves (no sideways scrolling on a small screen), within reason.
        width = max(MIN_PAGE_WIDTH, min(PAGE_WIDTH, self.scroll.viewport().width() - 40))
        self.session.background.run(
            lambda: render_pages(pdf, 72, width_px=width), self._rendered, self._failed
        )

    def _rendered(self, images: list[QImage]) -> None:
        while self.pages_box.count() > 1:
            item = self.pages_box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for n, image in enumerate(images):
            page = QLabel()
            page.setObjectName(f"reportPage{n + 1}")
            page.setPixmap(QPixmap.fromImage(image))
            page.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.pages_box.insertWidget(n, page)
        self.button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.status.setText(
            self.tr("{0} page(s). Ctrl+S saves the report as a PDF and a spreadsheet.").format(
                len(images)
            )
        )

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.save_button.setEnabled(self.report is not None)
        self.status.setText(messages.describe(exc))

    # ---- saving ------------------------------------------------------------------------------

    def default_name(self) -> str:
        """What the report is called in the save dialog: its kind and period."""
        report = self.report
        assert report is not None
        kind = {
            "daily": self.tr("Daily report"),
            "monthly": self.tr("Monthly report"),
            "yearly": self.tr("Yearly report"),
        }[report.kind]
        return f"{kind}-{report.period.label}".replace("/", "-").replace(" ", "-")

    def save(self) -> None:
        """Ask where, then write the PDF shown and the spreadsheet of the same report beside it
        (same name, .pdf and .xlsx); a write that fails is said, and nothing half-written
        stays (files.write_file)."""
        if self.report is None or self.pdf is None or not self.save_button.isEnabled():
            self.status.setText(self.tr("Show a report first, then save it."))
            return
        path, _chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the report (PDF and spreadsheet)"),
            str(self.folder / f"{self.default_name()}.pdf"),
            self.tr("PDF (*.pdf)"),
        )
        if not path:
            return
        chosen = Path(path)
        if chosen.suffix.lower() in (".pdf", ".xlsx"):
            chosen = chosen.with_suffix("")
        pdf_path = chosen.parent / f"{chosen.name}.pdf"
        xlsx_path = chosen.parent / f"{chosen.name}.xlsx"
        self.folder = chosen.parent
        report, pdf, home = self.report, self.pdf, self.session.ctx.home

        def write() -> tuple[Path, Path]:
            from app.files import write_bytes, write_file
            from app.printing.report_xlsx import write_report_xlsx

            write_bytes(pdf_path, pdf, home=home, user_named=True)
            write_file(
                xlsx_path, lambda f: write_report_xlsx(report, f), home=home, user_named=True
            )
            return pdf_path, xlsx_path

        self.save_button.setEnabled(False)
        self.status.setText(self.tr("Saving the report…"))
        self.session.background.run(write, self._saved, self._save_failed)

    def _saved(self, paths: tuple[Path, Path]) -> None:
        self.save_button.setEnabled(True)
        self.status.setText(
            self.tr("Saved {0} and {1} in {2}").format(
                paths[0].name, paths[1].name, str(paths[0].parent)
            )
        )

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.status.setText(self.tr("The report was not saved: {0}").format(messages.describe(exc)))
        messages.show_error(self, exc, self.tr("The report was not saved"))


def _default_folder() -> Path:
    """The person's documents folder when there is one, else their home folder."""
    from PySide6.QtCore import QStandardPaths

    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()
