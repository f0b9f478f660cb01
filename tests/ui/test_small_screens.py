"""Every screen and every dialog fits a 1024x768 screen (and 1366x768, and both at 125%) with
a 40 px taskbar and a 30 px title bar: nothing off-screen or cut, table columns no narrower
than their header, and, with every text 40% longer (a pseudo-translation), no label or button
cut (at 1024x768, and 1366x768 at 125%; English and the longer texts are not checked at
1024x768 at 125%, 819 px wide).

The window is resized to the free area as a maximised window would be; a minimum size larger
than that leaves it larger, and the check names it."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QRect, QSize, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QScrollArea

from tests.ui.conftest import settle
from tests.ui.driver import forward, key, type_text
from tests.ui.screen_fit import SMALL, SMALL_125, TITLE_BAR, WIDE, WIDE_125, all_problems
from tests.ui.test_cases_and_visits import accepted_case
from tests.ui.test_intake_wizard import choose_item, fill_applicant, start_intake

SIZES = pytest.mark.parametrize(
    "available",
    [SMALL, WIDE, WIDE_125, SMALL_125],
    ids=["1024x768", "1366x768", "1366x768 at 125%", "1024x768 at 125%"],
)


def screens(qtbot, window, ctx):
    """Visit every page of the main window, keyboard first; yields each page's name."""
    yield "home"
    wizard = start_intake(qtbot, window)
    yield "applicant"
    fill_applicant(qtbot, wizard)
    yield "item"
    type_text(qtbot, wizard.stack.currentWidget().picker.field, "cjr")
    settle(window.session)
    yield "item-search"
    for _ in range(len(wizard.stack.currentWidget().picker.field.text())):
        key(qtbot, wizard.stack.currentWidget().picker.field, Qt.Key.Key_Backspace)
    choose_item(qtbot, wizard, "最低生活保障", "DEMO-0011")
    page = wizard.stack.currentWidget()
    assert page.step_id == "questions"
    yield "questions"
    for _qid, (_m, buttons) in page.groups.items():
        buttons[0][1].setChecked(True)
    forward(qtbot, wizard)
    page = wizard.stack.currentWidget()
    assert page.step_id == "materials", wizard.error.text()
    yield "materials"
    key(qtbot, page.table, Qt.Key.Key_3)
    type_text(qtbot, page.reason.lineEdit(), "复印件不清晰")
    key(qtbot, page.reason.lineEdit(), Qt.Key.Key_Return)
    page.mark_rest_ok()
    forward(qtbot, wizard)
    assert wizard.stack.currentWidget().step_id == "outcome", wizard.error.text()
    yield "outcome"
    forward(qtbot, wizard)
    assert wizard.stack.currentWidget().step_id == "slips", wizard.error.text()
    yield "slips"
    forward(qtbot, wizard)
    assert wizard.stack.currentWidget().step_id == "review"
    yield "review"
    review = wizard.stack.currentWidget().prompt.review_window
    review.choose(5)
    settle(window.session)
    forward(qtbot, wizard)
    key(qtbot, window, Qt.Key.Key_F4)
    settle(window.session)
    page = window.stack.currentWidget()
    type_text(qtbot, page.browser.picker.field, "zdshbz")
    key(qtbot, page.browser.picker.field, Qt.Key.Key_Return)
    settle(window.session)
    yield "consultation"
    key(qtbot, window, Qt.Key.Key_F6)
    settle(window.session)
    browser = window.stack.currentWidget().browser
    type_text(qtbot, browser.picker.field, "残疾人证新办")
    key(qtbot, browser.picker.field, Qt.Key.Key_Return)
    settle(window.session)
    yield "checklists"
    key(qtbot, window, Qt.Key.Key_F7)
    settle(window.session)
    yield "complaint"
    window.open_case(accepted_case(ctx, "DEMO-0019").case_no)
    settle(window.session)
    assert window.stack.currentWidget().objectName() == "casePage"
    yield "case"
    done = accepted_case(ctx, "LOCAL-0004").case_no
    ctx.case_state.set_state(done, "result_ready", "clerk1")
    window.open_case(done)
    settle(window.session)
    yield "pickup"
    window.go_home()
    settle(window.session)
    yield "home-after"


def fit(window, available: QSize) -> None:
    window.resize(available)
    QApplication.processEvents()


def steps_on_two_lines(window) -> list[str]:
    """The wizard's step names wrap only when a translation is too long for one line each."""
    if window.wizard is None or not window.wizard.isVisible():
        return []
    return [
        f"step {label.text()!r} takes two lines ({label.width()} px, needs "
        f"{label.fontMetrics().horizontalAdvance(label.text())})"
        for label in window.wizard.step_labels
        if label.isVisible()
        and label.heightForWidth(label.width()) > label.fontMetrics().height() * 3 // 2 + 16
    ]


def walk(qtbot, window, ctx, available: QSize, one_line_steps: bool = True) -> list[str]:
    fit(window, available)
    found = []
    for name in screens(qtbot, window, ctx):
        fit(window, available)
        found += [f"{name}: {p}" for p in all_problems(window, available)]
        if one_line_steps:
            found += [f"{name}: {p}" for p in steps_on_two_lines(window)]
        review = getattr(window.wizard, "pages", [None] * 7)[6]
        if name == "review" and review is not None and review.prompt.review_window:
            dialog = review.prompt.review_window  # as it places itself on such a screen
            dialog._area = QRect(QPoint(0, 0), available)
            dialog.fit()
            found += [f"review window: {p}" for p in all_problems(dialog, available)]
    return found


@SIZES
def test_every_page_of_the_main_window_fits(main_window, window_ctx, qtbot, dialogs, available):
    problems = walk(qtbot, main_window, window_ctx, available)
    assert not problems, "\n".join(problems)


def dialogs_shown(qtbot, ctx, session):
    """Every dialog as it first shows; yields (name, dialog)."""
    from app.core.errors import CounterError
    from app.ui.login_dialog import LoginDialog
    from app.ui.settings_dialog import SettingsDialog
    from app.ui.setup_dialog import SetupDialog
    from app.ui.worker import Worker

    count = ctx.users.count
    ctx.users.count = lambda: 0  # as on a fresh install: the first administrator too
    try:
        setup = SetupDialog(ctx, Worker("setup", 1))
    finally:
        ctx.users.count = count
    qtbot.addWidget(setup)
    setup.show()
    yield "first start", setup
    setup._failed(
        CounterError(
            "window.code",
            "窗口编码只能包含大写字母和数字，长度为 1 到 8 位；请按县里分配的编码填写，例如 W03。",
            "window",
        )
    )
    yield "first start with an error", setup
    login = LoginDialog(
        ctx.users.authenticate, Worker("login", 1), "城东街道便民服务中心\n综合受理3号窗口"
    )
    qtbot.addWidget(login)
    login.show()
    yield "login", login
    login.error.setText(
        "用户名或密码不正确。连续输错5次，账户将锁定15分钟；如忘记密码请联系管理员。"
    )
    yield "login with an error", login
    settings = SettingsDialog(session)
    qtbot.addWidget(settings)
    settings.show()
    yield "settings", settings
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "收件进行中",
        "正在收件（张𠈌 · 最低生活保障审核确认 · 城东街道便民服务中心）。"
        "保存为草稿并开始新的收件？" * 3,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    qtbot.addWidget(box)
    box.show()
    yield "confirmation", box


def test_the_window_is_maximised_where_1366x768_and_a_title_bar_do_not_fit(
    main_window, monkeypatch
):
    """At 1366x768 less a taskbar the status bar lay below the screen's edge."""
    from PySide6.QtGui import QScreen

    monkeypatch.setattr(QScreen, "availableGeometry", lambda _s: QRect(0, 0, 1366, 728))
    main_window.showNormal()
    main_window.show_on_screen()
    assert main_window.isMaximized()
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _s: QRect(0, 0, 1920, 1040))
    main_window.showNormal()
    main_window.show_on_screen()
    assert not main_window.isMaximized() and main_window.size() == QSize(1366, 768)


def on_screen(monkeypatch, available: QSize) -> None:
    """The screen's area without the taskbar: the available size and a title bar."""
    from PySide6.QtGui import QScreen

    area = QRect(0, 0, available.width(), available.height() + TITLE_BAR)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _s: area)


@SIZES
def test_every_dialog_fits(window_ctx, session, qtbot, monkeypatch, available):
    on_screen(monkeypatch, available)
    problems = []
    for name, dialog in dialogs_shown(qtbot, window_ctx, session):
        QApplication.processEvents()
        problems += [f"{name}: {p}" for p in all_problems(dialog, available)]
        if available == WIDE:  # room enough: the whole dialog shows, nothing to scroll
            problems += [
                f"{name}: scrolls at {dialog.width()}x{dialog.height()}"
                for area in dialog.findChildren(QScrollArea)
                if area.verticalScrollBar().isVisible()
            ]
    assert not problems, "\n".join(problems)


# ---- pseudo-translation ------------------------------------------------------------------------


class LongerTranslator(QTranslator):
    """Every text of the interface 40% longer than its Chinese translation (padded with
    full-width characters of the same width as the text's own)."""

    def __init__(self, inner: QTranslator | None = None) -> None:
        super().__init__()
        self.inner = inner

    def translate(self, context, source, disambiguation=None, n=-1):
        text = (
            self.inner.translate(context, source, disambiguation, n) if self.inner else ""
        ) or source
        if not text.strip() or context in ("QPlatformTheme", "QShortcut", "QDialogButtonBox"):
            return text
        pad = math.ceil(len(text) * 0.4)
        wide = any(ord(c) > 0x2E80 for c in text)
        return text + ("长" if wide else "x") * pad

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def longer_texts(qapp):
    from app.ui import i18n

    inner = i18n._installed[0] if i18n._installed else None
    longer = LongerTranslator(inner)
    qapp.installTranslator(longer)
    assert QCoreApplication.translate("MainWindow", "Home").endswith("长")
    yield longer
    qapp.removeTranslator(longer)


@pytest.mark.parametrize("available", [SMALL, WIDE_125], ids=["1024x768", "1366x768 at 125%"])
def test_texts_40_percent_longer_are_never_cut_in_the_main_window(
    longer_texts, main_window, window_ctx, qtbot, dialogs, available
):
    problems = walk(qtbot, main_window, window_ctx, available, one_line_steps=False)
    assert not problems, "\n".join(problems)


def test_texts_40_percent_longer_are_never_cut_in_the_dialogs(
    longer_texts, window_ctx, session, qtbot, monkeypatch
):
    on_screen(monkeypatch, SMALL)
    problems = []
    for name, dialog in dialogs_shown(qtbot, window_ctx, session):
        QApplication.processEvents()
        problems += [f"{name}: {p}" for p in all_problems(dialog, SMALL)]
    assert not problems, "\n".join(problems)


@SIZES
def test_the_review_window_keeps_its_title_bar_on_screen_and_the_clerk_s_buttons_clear(
    main_window, qtbot, dialogs, monkeypatch, available
):
    """Above the wizard's buttons, its title bar inside the screen, also when it grows to ask
    why after 不满意."""
    from PySide6.QtGui import QScreen

    from tests.ui.test_first_day import recorded_to_review

    area = QRect(0, 0, available.width(), available.height() + TITLE_BAR)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _s: area)
    main_window.setGeometry(area.adjusted(0, TITLE_BAR, 0, 0))  # maximised, under its title
    wizard = recorded_to_review(qtbot, main_window)
    window = wizard.pages[-1].prompt.review_window
    left = wizard.cancel_button.mapToGlobal(wizard.cancel_button.rect().topLeft())
    right = wizard.next_button.mapToGlobal(wizard.next_button.rect().bottomRight())
    buttons = QRect(left, right)
    for step in ("shown", "asks why"):
        if step == "asks why":
            window.choose(2)
        geometry = window.geometry()
        with_title = geometry.adjusted(0, -TITLE_BAR, 0, 0)
        assert area.contains(with_title), (step, area, with_title)
        assert not geometry.intersects(buttons), (step, geometry, buttons)
        assert not all_problems(window, geometry.size()), (
            step,
            all_problems(window, geometry.size()),
        )


def test_a_field_focused_below_the_fold_scrolls_into_view(main_window, qtbot, dialogs):
    """At 125% the applicant's phone lies below the fold: focused (Enter in the number, an
    error about it), it scrolls into view."""
    fit(main_window, WIDE_125)
    wizard = start_intake(qtbot, main_window)
    phone = wizard.stack.currentWidget().applicant.phone
    area = phone.parentWidget()
    while not isinstance(area, QScrollArea):
        area = area.parentWidget()
    viewport = area.viewport()

    def shown() -> bool:
        return viewport.rect().contains(QRect(phone.mapTo(viewport, QPoint(0, 0)), phone.size()))

    assert not shown()  # below the fold, or the test shows nothing
    phone.setFocus()
    QApplication.processEvents()
    assert phone.hasFocus() and shown()


# ---- English ------------------------------------------------------------------------------------


@pytest.fixture
def english(qapp):
    """The interface in English, whose words run longer than the Chinese."""
    from app.ui.i18n import install_language

    install_language(qapp, "en")
    yield
    install_language(qapp, "zh_CN")


def test_every_page_fits_in_english(english, main_window, window_ctx, qtbot, dialogs):
    problems = walk(qtbot, main_window, window_ctx, SMALL)
    assert not problems, "\n".join(problems)


def test_every_dialog_fits_in_english(english, window_ctx, session, qtbot, monkeypatch):
    on_screen(monkeypatch, SMALL)
    problems = []
    for name, dialog in dialogs_shown(qtbot, window_ctx, session):
        QApplication.processEvents()
        problems += [f"{name}: {p}" for p in all_problems(dialog, SMALL)]
    assert not problems, "\n".join(problems)
