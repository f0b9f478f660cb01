"""The settings a window's user may change from the settings dialog (language, printing).

Identity (centre and window codes) stays with ``services.window``; authorisation and the
central database with the administrator's commands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core.errors import CounterError
from app.models.db import Store
from app.services.settings import Settings, Var

LANGUAGES = ("zh_CN", "en")
LAYOUTS = ("a4", "roll80")
EDITABLE: dict[str, Var[Any]] = {
    "language": Settings.language,
    "print_layout": Settings.print_layout,
    "silent_print": Settings.silent_print,
}


@dataclass(frozen=True)
class Preferences:
    language: str
    print_layout: str
    silent_print: bool


def read_preferences(store: Store) -> Preferences:
    with store.read() as s:
        return Preferences(
            Settings.language.get(s),
            Settings.print_layout.get(s),
            bool(Settings.silent_print.get(s)),
        )


def save_preferences(store: Store, changes: Mapping[str, Any]) -> Preferences:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise CounterError("settings.unknown", f"不能在此修改设置：{'、'.join(sorted(unknown))}")
    if changes.get("language", LANGUAGES[0]) not in LANGUAGES:
        raise CounterError("settings.language", "界面语言应为 zh_CN 或 en", path="language")
    if changes.get("print_layout", LAYOUTS[0]) not in LAYOUTS:
        raise CounterError("settings.layout", "打印版式应为 a4 或 roll80", path="print_layout")
    with store.write() as s:
        for key, value in changes.items():
            EDITABLE[key].set(s, bool(value) if key == "silent_print" else value)
    return read_preferences(store)
