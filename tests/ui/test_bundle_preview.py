"""The item picker's preview of a 一件事: its members, when each applies, the shared materials."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser

from tests.ui.conftest import settle


def test_a_bundle_hit_is_previewed_with_its_members(main_window, window_ctx):
    session = main_window.session
    main_window.new_intake()
    settle(session)
    browser = QTextBrowser()
    main_window.wizard.describe_item("BUNDLE-0001", browser)
    settle(session)
    text = browser.toPlainText()
    assert "新生儿出生一件事" in text and "一件事：一次办理多个事项" in text
    assert "联办承诺时限" in text and "5 个工作日" in text
    for name in ("生育登记", "城乡居民基本医疗保险参保登记", "社会保障卡申领"):
        assert name in text
    assert "新生儿城乡居民医保参保" in text  # the bundle's option a member applies for
    assert "子女《出生医学证明》" in text  # handed in once
    main_window.wizard.describe_item("DEMO-0008", browser)  # an item is shown as before
    settle(session)
    assert "一件事" not in browser.toPlainText()
