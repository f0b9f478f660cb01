"""目录版本: the catalog versions this window holds and what each added, changed and dropped
against the one before; a catalog file is compared with the version in effect before it is
imported (services/catalog_versions.py), and imported only when the administrator says so."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.ui import i18n, messages
from app.ui.rows_table import RowsModel, rows_table
from app.ui.session import Session

if TYPE_CHECKING:
    from app.core.catalog_diff import CatalogDiff
    from app.services.catalog import VersionInfo


class CatalogVersionsPage(QWidget):
    imported = Signal()  # a new version took effect: the item search is built again

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("catalogVersionsPage")
        self.session = session
        self.pending: Path | None = None  # a file compared and not yet imported
        self.versions: list[VersionInfo] = []
        title = QLabel(self.tr("Catalog versions"))
        title.setProperty("role", "title")
        note = QLabel(
            self.tr(
                "Choose a version to see what it added, changed and dropped against the one "
                "before. Open a catalog file (Ctrl+O) to see the same before it takes effect."
            )
        )
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Compare a catalog file… (Ctrl+O)"))
        self.open_button.setObjectName("catalogCompareFile")
        self.open_button.clicked.connect(self.choose_file)
        self.import_button = QPushButton(self.tr("Import this file"))
        self.import_button.setObjectName("catalogImport")
        self.import_button.setProperty("primary", True)
        self.import_button.clicked.connect(self.import_pending)
        self.import_button.hide()
        may_import = session.clerk.may("catalog")
        self.open_button.setVisible(may_import)
        QShortcut(
            QKeySequence("Ctrl+O"),
            self,
            self.choose_file,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.model = RowsModel(
            [
                self.tr("Version"),
                self.tr("Imported"),
                self.tr("Published"),
                self.tr("From"),
                self.tr("Items"),
            ],
            self,
        )
        self.table = rows_table(self.model, "catalogVersionsTable", stretch=1)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.diff = QTextBrowser()
        self.diff.setObjectName("catalogDiff")
        self.heading = QLabel()
        self.heading.setObjectName("catalogDiffHeading")
        self.heading.setProperty("role", "subtitle")
        self.heading.setWordWrap(True)
        right = QWidget()
        rbox = QVBoxLayout(right)
        rbox.setContentsMargins(0, 0, 0, 0)
        rbox.addWidget(self.heading)
        rbox.addWidget(self.diff, 1)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)

    def activate(self) -> None:
        catalog = self.session.ctx.catalog
        self.session.db.run(catalog.versions, self.show_versions)
        self.table.setFocus()

    def show_versions(self, versions: list[VersionInfo]) -> None:
        self.versions = versions
        newest_first = sorted(versions, key=lambda v: v.id, reverse=True)
        self.model.set_rows(
            [
                (
                    str(v.id),
                    f"{v.imported_at:%Y-%m-%d %H:%M}",
                    (v.published_at or "—")[:10],
                    v.origin,
                    str(v.item_count),
                )
                for v in newest_first
            ],
            [v.id for v in newest_first],
        )
        if newest_first:
            self.table.selectRow(0)

    def _row_changed(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        from app.services.catalog_versions import compare_versions, previous_version

        version = self.model.keys[index.row()]
        catalog = self.session.ctx.catalog

        language = i18n.current()

        def diff() -> tuple[int | None, CatalogDiff]:
            before = previous_version(catalog, version)
            return before, compare_versions(catalog, before, version, language)

        def shown(result: tuple[int | None, CatalogDiff]) -> None:
            before, d = result
            self.heading.setText(
                self.tr("Version {0} against version {1}").format(version, before)
                if before is not None
                else self.tr("Version {0}: the first this window imported").format(version)
            )
            source = next((v.source for v in self.versions if v.id == version), None)
            self.heading.setToolTip(source or "")
            self.show_diff(d)

        self.session.db.run(diff, shown, lambda exc: messages.show_error(self, exc))

    def choose_file(self) -> None:
        if not self.session.clerk.may("catalog"):
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Catalog file"), "", self.tr("Catalog (*.json *.xlsx)")
        )
        if path:
            self.preview_file(Path(path))

    def preview_file(self, path: Path) -> None:
        from app.services.catalog_versions import compare_file

        catalog = self.session.ctx.catalog

        def shown(d: CatalogDiff) -> None:
            self.pending = None if d.empty else path
            self.heading.setText(
                self.tr("{0} against the version in effect (not imported yet)").format(path.name)
            )
            self.show_diff(d)
            self.import_button.setVisible(self.pending is not None)
            if self.pending is not None:
                self.import_button.setFocus()

        def failed(exc: BaseException) -> None:
            self.pending = None
            self.import_button.hide()
            messages.show_error(self, exc, self.tr("Catalog file"))

        language = i18n.current()
        self.session.db.run(lambda: compare_file(catalog, path, language), shown, failed)

    def import_pending(self) -> None:
        path = self.pending
        if path is None:
            return
        catalog = self.session.ctx.catalog

        def done(_result: object) -> None:
            self.pending = None
            self.import_button.hide()
            self.imported.emit()
            self.activate()

        self.session.db.run(
            lambda: catalog.import_file(path),
            done,
            lambda exc: messages.show_error(self, exc, self.tr("Catalog file")),
        )

    def show_diff(self, d: CatalogDiff) -> None:
        if d.empty:
            self.diff.setHtml(f"<p>{escape(self.tr('No item added, changed or dropped.'))}</p>")
            return
        parts = [
            "<p>"
            + escape(
                self.tr("{0} added · {1} changed · {2} dropped · {3} unchanged").format(
                    len(d.added), len(d.changed), len(d.dropped), d.unchanged
                )
            )
            + "</p>"
        ]

        def section(title: str, lines: list[str]) -> None:
            if lines:
                parts.append(f"<h3>{escape(title)}</h3><ul>{''.join(lines)}</ul>")

        section(self.tr("Added"), [f"<li>{escape(e.code)} {escape(e.name)}</li>" for e in d.added])
        section(
            self.tr("Changed"),
            [
                f"<li>{escape(c.code)} {escape(c.name)}<ul>"
                + "".join(f"<li>{escape(line)}</li>" for line in c.changes)
                + "</ul></li>"
                for c in d.changed
            ],
        )
        section(
            self.tr("Dropped (kept for the cases that name them)"),
            [f"<li>{escape(e.code)} {escape(e.name)}</li>" for e in d.dropped],
        )
        self.diff.setHtml("".join(parts))
