"""The bundled fonts as application fonts, so the UI never depends on what the PC has.

Counter Sans SC covers Latin, the CJK core, extension A and the common extension B names;
HanaMinB covers the rest of extensions B-F (e.g. 𫖯). Both are registered (about 6 ms here)
and set as the application font families, so Qt falls back per character from one to the
other before it tries any system font.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.paths import resources_dir

log = logging.getLogger(__name__)
FILES = ("CounterSansSC-Regular.ttf", "HanaMinB.ttf")
BASE_PIXEL_SIZE = 16  # read at arm's length; scales with the screen's device pixel ratio


def load_fonts(app: QApplication) -> list[str]:
    """Register the bundled fonts and make them the application font; returns the families."""
    families: list[str] = []
    for name in FILES:
        path = resources_dir() / "fonts" / name
        font_id = QFontDatabase.addApplicationFont(str(path)) if path.exists() else -1
        if font_id < 0:
            log.warning("font %s missing or unreadable; using system fonts", path)
            continue
        families += QFontDatabase.applicationFontFamilies(font_id)
    font = QFont(app.font())
    if families:
        font.setFamilies([*families, *font.families()])
    font.setPixelSize(BASE_PIXEL_SIZE)
    app.setFont(font)
    return families
