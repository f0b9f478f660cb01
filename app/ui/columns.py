"""Table columns that share a narrow table sensibly.

Qt's own modes either squeeze the stretching column to nothing when the others are sized to
their contents (on a 1024x768 screen the material's name showed one character a line) or cut
the others. Here every column is sized to its contents but never wider than its share of the
table, never narrower than its header nor than a few characters a line; the one column that
stretches takes the rest. Text wraps (or elides) in the room it gets; when even
that does not fit, the table scrolls sideways.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView

MIN_CHARS = 5  # every column shows at least this many characters a line (or all of its text)
PADDING = 16  # a cell's padding and the grid, around its text


class ColumnFitter(QObject):
    def __init__(
        self, view: QTableView, stretch: int, shares: dict[int, float] | None = None
    ) -> None:
        super().__init__(view)
        self.view = view
        self.stretch = stretch
        self.shares = shares or {}
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.viewport().installEventFilter(self)
        self._pending = False
        model = view.model()
        for signal in (
            model.modelReset,
            model.layoutChanged,
            model.dataChanged,
            model.rowsInserted,
            model.rowsRemoved,
        ):
            signal.connect(self.later)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def later(self, *_: object) -> None:
        """After the model changed: once, when the view has its rows."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self.fit)  # not after the table has gone

    def minimum(self, column: int) -> int:
        """The narrowest the column may be: its header, and a few characters (or its longest
        text, when shorter)."""
        header = self.view.horizontalHeader()
        chars = self.view.fontMetrics().horizontalAdvance("材" * MIN_CHARS) + PADDING
        return max(header.sectionSizeHint(column), min(chars, self.view.sizeHintForColumn(column)))

    def fit(self) -> None:
        self._pending = False
        view, header = self.view, self.view.horizontalHeader()
        model = view.model()
        if model is None:
            return
        width = view.viewport().width()
        used = 0
        for col in range(model.columnCount()):
            if col == self.stretch or view.isColumnHidden(col):
                continue
            want = max(view.sizeHintForColumn(col), header.sectionSizeHint(col))
            size = max(min(want, int(width * self.shares.get(col, 1.0))), self.minimum(col))
            header.resizeSection(col, size)
            used += size
        if not view.isColumnHidden(self.stretch):
            header.resizeSection(self.stretch, max(width - used, self.minimum(self.stretch)))
        if view.wordWrap():
            view.resizeRowsToContents()

    def needed_width(self) -> int:
        """The width the table needs to show every column whole (frame included); a column
        with a share counts no more than its share of that width (a long name wraps)."""
        view, header = self.view, self.view.horizontalHeader()
        columns = [c for c in range(view.model().columnCount()) if not view.isColumnHidden(c)]
        want = {
            c: self.minimum(c)
            if c == self.stretch
            else max(view.sizeHintForColumn(c), header.sectionSizeHint(c))
            for c in columns
        }
        used = sum(want.values())
        for _ in range(8):  # the width each share is of shrinks with it: settle on it
            used = sum(
                max(min(w, int(used * self.shares.get(c, 1.0))), self.minimum(c))
                if c != self.stretch
                else w
                for c, w in want.items()
            )
        return used + 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width()
