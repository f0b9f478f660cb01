"""The slips step: once the visit's slip has gone to the printer the review opens by itself,
so the clerk presses no key between printing and the applicant's rating; a print that fails
or is cancelled stays on the slips step."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from app.services.settings import Settings
from app.ui import printer
from tests.ui.conftest import settle
from tests.ui.driver import forward, key
from tests.ui.test_intake_wizard import (
    answer,
    check_materials,
    choose_item,
    fill_applicant,
    start_intake,
)

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def printed(monkeypatch, tmp_path):
    """The printer the clerk would choose, as a PDF file (no dialog); the list of jobs."""
    from PySide6.QtPrintSupport import QPrinter

    jobs: list[str] = []

    def to_pdf(pdf, _silent, _parent):
        if pdf is None:
            return None
        device = QPrinter(QPrinter.PrinterMode.HighResolution)
        device.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        device.setOutputFileName(str(tmp_path / f"job-{len(jobs) + 1}.pdf"))
        jobs.append(pdf.name)
        return device

    monkeypatch.setattr(printer, "choose_printer", to_pdf)
    return jobs


def recorded(qtbot, main_window):
    wizard = start_intake(qtbot, main_window)
    fill_applicant(qtbot, wizard)
    choose_item(qtbot, wizard, "cjr", "LOCAL-0009")
    answer(qtbot, wizard, {"s": ["s1"]})
    check_materials(qtbot, wizard, {})
    forward(qtbot, wizard)  # record
    assert wizard.result is not None, wizard.error.text()
    return wizard


def step(wizard) -> str:
    return wizard.stack.currentWidget().step_id


def test_ctrl_p_prints_the_slip_and_the_review_follows(main_window, qtbot, dialogs, printed):
    wizard = recorded(qtbot, main_window)
    assert step(wizard) == "slips"
    page = wizard.stack.currentWidget()
    key(qtbot, page.panel.print_button, Qt.Key.Key_P, CTRL)
    settle(wizard.session)
    assert printed == ["acceptance-01.pdf"]
    assert step(wizard) == "review"
    assert wizard.pages[-1].prompt.review_window.isVisible()  # the applicant is asked at once
    assert dialogs.errors == []


def test_a_print_that_fails_stays_on_the_slips(main_window, qtbot, dialogs, monkeypatch):
    monkeypatch.setattr(printer, "printers_available", lambda: False)
    wizard = recorded(qtbot, main_window)
    page = wizard.stack.currentWidget()
    key(qtbot, page.panel.print_button, Qt.Key.Key_P, CTRL)
    settle(wizard.session)
    assert step(wizard) == "slips" and len(dialogs.errors) == 1


def test_a_cancelled_print_dialog_stays_on_the_slips(main_window, qtbot, dialogs, monkeypatch):
    monkeypatch.setattr(printer, "choose_printer", lambda *_a: None)
    wizard = recorded(qtbot, main_window)
    page = wizard.stack.currentWidget()
    key(qtbot, page.panel.print_button, Qt.Key.Key_P, CTRL)
    settle(wizard.session)
    assert step(wizard) == "slips" and dialogs.errors == []


def test_printing_without_a_dialog_goes_to_the_review_as_the_visit_is_recorded(
    main_window, window_ctx, qtbot, dialogs, printed
):
    with window_ctx.store.write() as s:
        Settings.silent_print.set(s, True)
    main_window.session.window = replace(main_window.session.window, silent_print=True)
    wizard = recorded(qtbot, main_window)
    settle(wizard.session)
    assert printed == ["acceptance-01.pdf"] and step(wizard) == "review"


def test_the_slips_step_says_what_ctrl_p_does(main_window, qtbot, dialogs, printed):
    wizard = recorded(qtbot, main_window)
    hint = wizard.stack.currentWidget().key_hint()
    assert "Ctrl+P 打印，打印后进入评价" in hint
