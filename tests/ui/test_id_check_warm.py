"""The wizard starts the applicant's ID check value (scrypt) once the whole number is typed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core import id_check as checks
from tests.ui.conftest import resident_id, settle
from tests.ui.driver import key, type_text

NUMBER = resident_id("11010519491231002")


def test_a_whole_number_is_warmed_in_the_background(main_window, qtbot, dialogs) -> None:  # type: ignore[no-untyped-def]
    checks.forget_all()
    key(qtbot, main_window, Qt.Key.Key_F3)
    settle(main_window.session)
    page = main_window.wizard.stack.currentWidget()
    type_text(qtbot, page.applicant.id_number, NUMBER[:-1])
    assert not checks._cache and not checks._pending  # nothing made for a partial number
    type_text(qtbot, page.applicant.id_number, NUMBER[-1])
    centre, number = next(iter(checks._pending or checks._cache))
    assert centre and number == NUMBER  # salted with the window's centre code
    assert checks.id_check(centre, NUMBER) == checks._scrypt((centre, NUMBER))
    assert (centre, NUMBER) in checks._cache and not checks._pending
    checks.forget_all()
