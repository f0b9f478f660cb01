"""Settings a clerk may change here: language, printing, and which devices (or simulators)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import CounterError
from app.devices.config import DeviceConfig, make_id_reader, save_config
from app.services.preferences import save_preferences
from app.ui import messages
from app.ui.i18n import LANGUAGES
from app.ui.placement import FittingScrollArea, fit_to_screen
from app.ui.printer import printers_available
from app.ui.session import Session


class SettingsDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.session = session
        self.new_language: str | None = None  # set when saved with another language
        w, d = session.window, session.devices

        self.language = QComboBox()
        self.language.setObjectName("settingsLanguage")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(w.language), 0))
        self.layout_box = QComboBox()
        self.layout_box.setObjectName("settingsLayout")
        self.layout_box.addItem(self.tr("A4 sheet"), "a4")
        self.layout_box.addItem(self.tr("80 mm receipt roll"), "roll80")
        self.layout_box.setCurrentIndex(max(self.layout_box.findData(w.print_layout), 0))
        self.silent = QCheckBox(self.tr("Print without asking (default printer)"))
        self.silent.setObjectName("settingsSilent")
        self.silent.setChecked(w.silent_print)
        printer_note = QLabel(
            self.tr("Printers found.")
            if printers_available()
            else self.tr("No printer found: slips are kept as PDF files.")
        )
        printer_note.setProperty("role", "muted")
        printer_note.setWordWrap(True)

        general = QGroupBox(self.tr("Language and printing"))
        gform = QFormLayout(general)
        gform.addRow(self.tr("Language"), self.language)
        gform.addRow(self.tr("Slip layout"), self.layout_box)
        gform.addRow("", self.silent)
        gform.addRow("", printer_note)

        self.reader = QComboBox()
        self.reader.setObjectName("settingsReader")
        self.reader.addItem(self.tr("None (type the details)"), "none")
        self.reader.addItem(self.tr("Simulator (JSON file)"), "simulator")
        self.reader.addItem(self.tr("Reader helper program"), "helper")
        self.reader.setCurrentIndex(max(self.reader.findData(d.id_reader), 0))
        self.card_file = self._path_field(d.id_card_file, "settingsCardFile")
        self.helper = QLineEdit(d.id_helper or "")
        self.helper.setObjectName("settingsHelper")
        self.helper.setPlaceholderText(self.tr("e.g. C:\\Counter\\idreader-helper.exe --port USB1"))
        self.test_result = QLabel()
        self.test_result.setObjectName("settingsTestResult")
        self.test_result.setWordWrap(True)
        test = QPushButton(self.tr("Test read"))
        test.clicked.connect(self.test_read)
        self.pad = QComboBox()
        self.pad.setObjectName("settingsPad")
        self.pad.addItem(self.tr("Review window (second screen or dialog)"), "screen")
        self.pad.addItem(self.tr("Simulator (JSON file)"), "simulator")
        self.pad.setCurrentIndex(max(self.pad.findData(d.pad), 0))
        self.pad_file = self._path_field(d.pad_file, "settingsPadFile")

        devices = QGroupBox(self.tr("Devices"))
        dform = QFormLayout(devices)
        dform.addRow(self.tr("ID card reader"), self.reader)
        dform.addRow(self.tr("Simulated card file"), self.card_file)
        dform.addRow(self.tr("Helper command"), self.helper)
        row = QHBoxLayout()
        row.addWidget(test)
        row.addWidget(self.test_result, 1)
        dform.addRow("", row)
        dform.addRow(self.tr("Evaluation"), self.pad)
        dform.addRow(self.tr("Simulated answer file"), self.pad_file)
        scanner = QLabel(
            self.tr("Barcode scanner: plug it in, nothing to set up (it types like a keyboard).")
        )
        scanner.setProperty("role", "muted")
        scanner.setWordWrap(True)
        dform.addRow(scanner)

        self.note = QLabel()
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        save = QPushButton(self.tr("Save"))
        save.setObjectName("settingsSave")
        save.setProperty("primary", True)
        save.setDefault(True)
        save.clicked.connect(self.save)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(save)
        groups = QWidget()
        gbox = QVBoxLayout(groups)
        gbox.setContentsMargins(0, 0, 0, 0)
        gbox.addWidget(general)
        gbox.addWidget(devices)
        gbox.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(FittingScrollArea(groups), 1)  # scrolls on a small or scaled screen
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.setMinimumWidth(640)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_to_screen(self)

    def _path_field(self, value: str | None, name: str) -> QWidget:
        edit = QLineEdit(value or "")
        edit.setObjectName(name)
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(lambda: self._browse(edit))
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        row.addWidget(browse)
        holder.edit = edit  # type: ignore[attr-defined]
        return holder

    def _browse(self, edit: QLineEdit) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a JSON file"), edit.text(), "JSON (*.json)"
        )
        if path:
            edit.setText(path)

    def device_config(self) -> DeviceConfig:
        return replace(
            self.session.devices,
            id_reader=self.reader.currentData(),
            id_card_file=self.card_file.edit.text().strip() or None,  # type: ignore[attr-defined]
            id_helper=self.helper.text().strip() or None,
            pad=self.pad.currentData(),
            pad_file=self.pad_file.edit.text().strip() or None,
        )  # type: ignore[attr-defined]

    def test_read(self) -> None:
        reader = make_id_reader(self.device_config())
        if reader is None:
            self.test_result.setText(self.tr("No reader configured."))
            return
        self.test_result.setText(self.tr("Reading…"))

        def done(card: object) -> None:
            reader.close()
            name = getattr(card, "name", None)
            self.test_result.setText(
                self.tr("Card read: {0}").format(name)
                if name
                else self.tr("The reader answered: no card.")
            )

        self.session.background.run(
            reader.read, done, lambda exc: self.test_result.setText(messages.describe(exc))
        )

    def save(self) -> None:
        session = self.session
        changes = {
            "language": self.language.currentData(),
            "print_layout": self.layout_box.currentData(),
            "silent_print": self.silent.isChecked(),
        }
        language_changed = changes["language"] != session.window.language
        try:
            save_config(session.home.root, self.device_config())
        except (OSError, CounterError) as exc:
            messages.show_error(self, exc)
            return
        session.reload_devices()
        store = session.ctx.store

        def saved(_prefs: object) -> None:
            session.window = replace(session.window, **changes)
            if language_changed:  # the main window is built again in it once this closes
                self.new_language = changes["language"]
            self.accept()

        session.db.run(
            lambda: save_preferences(store, changes),
            saved,
            lambda exc: messages.show_error(self, exc),
        )
