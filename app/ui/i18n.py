"""Interface language through Qt's translation files (resources/translations/*.qm).

The source strings are English; Chinese (zh_CN) is the default and comes from
``counter_zh_CN.qm``. English needs no file. Qt's own dialogs (buttons of message boxes) are
translated by ``qtbase_zh_CN.qm`` when PySide6 ships it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from app.paths import resources_dir

log = logging.getLogger(__name__)
LANGUAGES = {"zh_CN": "中文（简体）", "en": "English"}
DEFAULT = "zh_CN"
_installed: list[QTranslator] = []
_current: list[str] = []


def current() -> str:
    """The interface language in use (``en`` or ``zh_CN``): for text the core keeps in both
    (the names of figures) and documents drawn for the screen."""
    return _current[-1] if _current else DEFAULT


def install_language(app: QApplication, language: str) -> str:
    """Replace the installed translators; returns the language actually in use."""
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    if language not in LANGUAGES:
        language = DEFAULT
    QLocale.setDefault(QLocale(language))
    _current[:] = ["en"]  # until a translation is installed
    if language == "en":
        return language
    ours = QTranslator(app)
    if ours.load(f"counter_{language}", str(resources_dir() / "translations")):
        app.installTranslator(ours)
        _installed.append(ours)
        _current[:] = [language]
    else:
        log.warning("translation counter_%s.qm not found; showing English", language)
        return "en"
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return language
