"""Driving the real widgets from the keyboard, as a clerk would (and reading the store after)."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from tests.stores import connect_store
from tests.ui.conftest import settle

CTRL_ENTER = (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Type into a widget; CJK characters arrive as an input method commits them."""
    widget.setFocus()
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch)
                )


def key(
    qtbot: Any,
    widget: QWidget,
    k: Qt.Key,
    mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    qtbot.keyClick(widget, k, mods)


def forward(qtbot: Any, wizard: Any) -> None:
    """Ctrl+Enter on the focused widget of the wizard, then let background work finish."""
    target = QApplication.focusWidget() or wizard
    if not wizard.isAncestorOf(target):
        target = wizard.stack.currentWidget()
    qtbot.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(wizard.session)


def records(ctx: Any, kind: str | None = None) -> list[dict[str, Any]]:
    con = connect_store(ctx.home.db)
    try:
        rows = con.execute("select kind, payload, case_id from records order by seq").fetchall()
    finally:
        con.close()
    return [{"kind": k, "case_id": c, **json.loads(p)} for k, p, c in rows if kind in (None, k)]


def count(ctx: Any, table: str) -> int:
    con = connect_store(ctx.home.db)
    try:
        return con.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        con.close()
