"""What "fits the screen" means, checked on real widgets: the window is no larger than the
screen area left by the taskbar and the title bar, nothing visible pokes out of its window or
its parent, no table column is narrower than its header or squeezes its text to a few
characters a line, and no label or button is cut."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from app.ui.elided_label import ElidedLabel

TASKBAR, TITLE_BAR = 40, 30
# 1024x768 and 1366x768 (the usual window PCs), minus a taskbar and the window's title bar.
SMALL = QSize(1024, 768 - TASKBAR - TITLE_BAR)
WIDE = QSize(1366, 768 - TASKBAR - TITLE_BAR)
# 1366x768 at 125% (QT_SCALE_FACTOR=1.25): the same screen in device-independent pixels.
WIDE_125 = QSize(int(1366 / 1.25), int((768 - TASKBAR - TITLE_BAR) / 1.25))
SMALL_125 = QSize(int(1024 / 1.25), int((768 - TASKBAR - TITLE_BAR) / 1.25))
# A column shows at least this many characters a line (or all of them).
COLUMN_CHARS = 5


def _scrolled(w: QWidget, top: QWidget) -> bool:
    """Inside a scroll area's viewport (below the window): may lie outside, it scrolls."""
    p = w.parentWidget()
    while p is not None and p is not top:
        area = p.parentWidget()
        if isinstance(area, QAbstractScrollArea) and area.viewport() is p:
            return True
        p = p.parentWidget()
    return False


def _shown(w: QWidget) -> bool:
    return w.isVisible() and w.width() > 0 and w.height() > 0


def geometry_problems(top: QWidget, available: QSize) -> list[str]:
    """The window fits ``available``; every visible widget lies inside the window and inside
    its parent (unless it scrolls)."""
    out = []
    if top.width() > available.width() or top.height() > available.height():
        out.append(
            f"{top.objectName() or type(top).__name__} is {top.width()}x{top.height()}, "
            f"the screen leaves {available.width()}x{available.height()} (minimum "
            f"{top.minimumSizeHint().width()}x{top.minimumSizeHint().height()})"
        )
        return out  # what lies beyond the screen then is that one problem
    area = QRect(QPoint(0, 0), available)
    for w in top.findChildren(QWidget):
        if not _shown(w) or w.isWindow() or _scrolled(w, top):
            continue
        rect = QRect(w.mapTo(top, QPoint(0, 0)), w.size())
        name = _name(w)
        if not area.contains(rect):
            out.append(f"{name} at {_r(rect)} lies outside the screen area {_r(area)}")
            continue
        parent = w.parentWidget()
        if parent is not None and not parent.rect().contains(w.geometry()):
            out.append(
                f"{name} at {_r(w.geometry())} is cut by {_name(parent)} "
                f"({parent.width()}x{parent.height()})"
            )
    return out


def column_problems(top: QWidget) -> list[str]:
    out = []
    for view in top.findChildren(QTableView):
        if not _shown(view) or view.model() is None:
            continue
        header = view.horizontalHeader()
        model, fm = view.model(), view.fontMetrics()
        for col in range(model.columnCount()):
            if view.isColumnHidden(col):
                continue
            width = header.sectionSize(col)
            text = str(model.headerData(col, header.orientation()) or "")
            need = header.sectionSizeFromContents(col).width()
            cells = [
                str(model.index(r, col).data() or "") for r in range(min(model.rowCount(), 50))
            ]
            longest = max((fm.horizontalAdvance(c) for c in cells), default=0)
            need = max(need, min(longest, fm.horizontalAdvance("材" * COLUMN_CHARS)) + 8)
            if width < need:
                out.append(f"{_name(view)} column {text!r} is {width} px wide, needs {need}")
    return out


def cut_text_problems(top: QWidget) -> list[str]:
    """A label or button shows its whole text: it fits, it wraps, or (an elided label) it
    carries the whole text in its tool tip."""
    out = []
    for w in top.findChildren(QWidget):
        if not _shown(w) or _clipped(w, top):
            continue
        if isinstance(w, ElidedLabel):
            if w.text() != w.full_text() and w.toolTip() != w.full_text():
                out.append(f"{_name(w)} is elided without its text in the tool tip")
        elif isinstance(w, QLabel):
            if not w.text() or (w.pixmap() is not None and not w.pixmap().isNull()):
                continue
            if w.wordWrap():
                need = w.heightForWidth(w.width())
                if need > w.height() + 1:
                    out.append(
                        f"{_name(w)} {w.text()[:30]!r} wraps to {need} px high, has {w.height()}"
                    )
            elif w.sizeHint().width() > w.width() + 1:
                out.append(
                    f"{_name(w)} {w.text()[:30]!r} needs {w.sizeHint().width()} px, has {w.width()}"
                )
        elif (
            isinstance(w, QAbstractButton)
            and w.text()
            and w.minimumSizeHint().width() > w.width() + 1
        ):
            out.append(
                f"{_name(w)} {w.text()[:30]!r} needs "
                f"{w.minimumSizeHint().width()} px, has {w.width()}"
            )
    return out


def _clipped(w: QWidget, top: QWidget) -> bool:
    """Inside a combo box's or a header's internals, which draw their own text."""
    p = w.parentWidget()
    while p is not None and p is not top:
        if isinstance(p, (QComboBox, QHeaderView)):
            return True
        p = p.parentWidget()
    return False


def all_problems(top: QWidget, available: QSize) -> list[str]:
    QApplication.processEvents()
    return geometry_problems(top, available) + column_problems(top) + cut_text_problems(top)


def _name(w: QWidget) -> str:
    return f"{type(w).__name__}#{w.objectName()}" if w.objectName() else type(w).__name__


def _r(r: QRect) -> str:
    return f"({r.x()},{r.y()} {r.width()}x{r.height()})"
