"""First start, login, settings and translations."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtCore import QCoreApplication, Qt

from app.devices.config import load_config
from app.paths import resources_dir
from app.services.preferences import read_preferences
from app.services.window import is_initialised
from app.ui.login_dialog import LoginDialog
from app.ui.settings_dialog import SettingsDialog
from app.ui.setup_dialog import SetupDialog
from app.ui.worker import Worker
from tests.ui.conftest import CLERK, PASSWORD, settle
from tests.ui.driver import type_text


def test_first_start_sets_up_the_window_and_the_administrator(ctx, qtbot):
    assert not is_initialised(ctx.store)
    worker = Worker("db", 1)
    dialog = SetupDialog(ctx, worker)
    qtbot.addWidget(dialog)
    dialog.show()
    values = {
        "centre": "c3301",
        "centre_name": "城东街道便民服务中心",
        "window": "w03",
        "complaint_phone": "0571-12345",
        "admin": "admin",
        "admin_name": "王管理",
        "password": PASSWORD,
        "password2": PASSWORD,
    }
    for name, text in values.items():
        type_text(qtbot, dialog.fields[name], text)
    qtbot.mouseClick(dialog.button, Qt.MouseButton.LeftButton)
    worker.drain()
    assert dialog.result() == SetupDialog.DialogCode.Accepted, dialog.error.text()
    assert is_initialised(ctx.store)
    assert ctx.window().centre_code == "C3301"
    assert ctx.users.authenticate("admin", PASSWORD).role == "admin"


def test_setup_errors_are_shown_next_to_the_form(ctx, qtbot):
    worker = Worker("db", 1)
    dialog = SetupDialog(ctx, worker)
    qtbot.addWidget(dialog)
    type_text(qtbot, dialog.fields["centre"], "C-1")
    qtbot.mouseClick(dialog.button, Qt.MouseButton.LeftButton)
    worker.drain()
    assert dialog.error.text() and not is_initialised(ctx.store)


def test_login_runs_the_password_check_off_the_ui_thread(window_ctx, qtbot):
    worker = Worker("db", 1)
    dialog = LoginDialog(window_ctx.users.authenticate, worker, "城东街道便民服务中心")
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.username, CLERK)
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)
    type_text(qtbot, dialog.password, "wrong-password1")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert not dialog.button.isEnabled()  # checking in the background
    worker.drain()
    assert "用户名或密码不正确" in dialog.error.text() and dialog.account is None
    dialog.password.clear()
    type_text(qtbot, dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    worker.drain()
    assert dialog.account is not None and dialog.account.username == CLERK


def test_login_answers_an_unknown_name_as_a_wrong_password(window_ctx, qtbot):
    worker = Worker("db", 1)
    dialog = LoginDialog(window_ctx.users.authenticate, worker, "城东街道便民服务中心")
    qtbot.addWidget(dialog)
    dialog.show()
    answers = []
    for name in (CLERK, "nobody"):
        dialog.username.clear()
        type_text(qtbot, dialog.username, name)
        dialog.password.clear()
        type_text(qtbot, dialog.password, "wrong-password1")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        worker.drain()
        answers.append(dialog.error.text())
    assert answers[0] and answers[0] == answers[1] and dialog.account is None


def test_settings_pick_the_simulators_and_printing(session, qtbot, tmp_path, dialogs):
    card = tmp_path / "card.json"
    card.write_text('{"name": "赵孟𫖯", "id_number": "330102196503152010"}', encoding="utf-8")
    dialog = SettingsDialog(session)
    qtbot.addWidget(dialog)
    dialog.reader.setCurrentIndex(dialog.reader.findData("simulator"))
    dialog.card_file.edit.setText(str(card))
    dialog.layout_box.setCurrentIndex(dialog.layout_box.findData("roll80"))
    dialog.silent.setChecked(True)
    dialog.save()
    session.db.drain()
    assert read_preferences(session.ctx.store).print_layout == "roll80"
    assert read_preferences(session.ctx.store).silent_print is True
    assert load_config(session.ctx.home.root).id_reader == "simulator"
    assert session.id_reader is not None and session.id_reader.read().name == "赵孟𫖯"


def test_the_id_card_simulator_fills_the_applicant(session, main_window, qtbot, tmp_path):
    from dataclasses import replace

    from app.devices.config import save_config

    card = tmp_path / "card.json"
    number = "11010519491231002X"
    card.write_text(f'{{"name": "张𠈌", "id_number": "{number}", "sex": "男"}}', encoding="utf-8")
    save_config(
        session.ctx.home.root,
        replace(session.devices, id_reader="simulator", id_card_file=str(card)),
    )
    session.reload_devices()
    main_window.new_intake()
    session.db.drain()
    page = main_window.wizard.stack.currentWidget()
    qtbot.keyClick(page.applicant.name, Qt.Key.Key_F5)
    session.background.drain()
    assert page.applicant.name.text() == "张𠈌" and page.applicant.id_number.text() == number
    assert page.applicant.feedback_state() == "ok"


def test_chinese_is_complete_and_loaded():
    ts = ET.parse(resources_dir() / "translations" / "counter_zh_CN.ts")
    unfinished = [
        m.findtext("source")
        for m in ts.iter("message")
        if m.find("translation").get("type") == "unfinished"
    ]
    assert unfinished == []
    assert QCoreApplication.translate("MainWindow", "New intake") == "收件"
    assert QCoreApplication.translate("Labels", "Very dissatisfied") == "非常不满意"


def test_another_language_builds_the_window_again_and_keeps_the_intake(
    main_window, qtbot, dialogs, qapp
):
    from app.ui import main as ui_main
    from app.ui.i18n import install_language
    from tests.ui.test_intake_wizard import fill_applicant, start_intake

    wizard = start_intake(qtbot, main_window)
    fill_applicant(qtbot, wizard)  # on the item step now, the applicant saved in the draft
    dialog = SettingsDialog(main_window.session, main_window)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.save()
    settle(main_window.session)
    assert dialog.new_language == "en"
    try:
        new = ui_main.rebuild_in(main_window, dialog.new_language)
        qtbot.addWidget(new)
        settle(new.session)
        assert not main_window.isVisible() and new.isVisible()
        assert ui_main.WINDOWS[-1] is new
        assert new.nav_buttons["intake"].name.text() == "New intake"
        assert new.wizard is not None  # the intake carries on, in English
        assert new.wizard.state.applicant["name"] == "张𠈌"
        assert dialogs.asked == []  # without asking
    finally:
        install_language(qapp, "zh_CN")
