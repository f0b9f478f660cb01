"""The theme's look, measured: text contrast (WCAG 2.1, 1.4.3) and flat combo-box arrows."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QVBoxLayout, QWidget

from app.ui import theme

pytestmark = pytest.mark.gui


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour."""
    c = QColor(colour)

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(
    ("text", "background"), [(t, b) for t, backgrounds in theme.TEXT_ON for b in backgrounds]
)
def test_every_text_colour_reads_on_its_background(text: str, background: str) -> None:
    assert contrast(text, background) >= 4.5, (text, background)


def test_the_sidebar_keys_and_the_reason_label_read() -> None:
    # Both were under 3:1: the key F1 on the checked entry, the disabled-grey reason label.
    assert contrast(theme.NAV_KEY, theme.NAV_CHECKED) >= 4.5
    assert f'QLabel[role="navkey"] {{ color: {theme.NAV_KEY};' in theme.STYLE


def test_every_colour_in_the_style_sheet_is_checked() -> None:
    """A text colour added to the sheet must be listed in theme.TEXT_ON (disabled aside)."""
    listed = {QColor(t).name() for t, _ in theme.TEXT_ON}
    for rule in re.findall(r"[^{}]+\{[^{}]*\}", theme.STYLE):
        selector = rule.split("{")[0]
        if ":disabled" in selector:  # WCAG exempts inactive controls
            continue
        for colour in re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", rule):
            assert QColor(colour).name() in listed, (selector.strip(), colour)


def test_the_reason_label_is_ink_before_a_material_is_marked(main_window, qtbot) -> None:
    from tests.ui.test_intake_wizard import answer, choose_item, fill_applicant, start_intake

    wizard = start_intake(qtbot, main_window)
    fill_applicant(qtbot, wizard)
    choose_item(qtbot, wizard, "cjr", "LOCAL-0009")
    answer(qtbot, wizard, {"s": ["s1"]})
    page = wizard.stack.currentWidget()
    assert not page.reason.isEnabled()  # nothing to type until a material is defective
    label = page.reason_label
    shown = label.palette().color(label.foregroundRole()).name()
    assert contrast(shown, theme.PAPER) >= 4.5 and contrast(shown, theme.CARD) >= 4.5


def _arrow_edge_pixels(combo: QComboBox) -> list[QColor]:
    """The pixels along the edges of the drop-down button, where a sunken frame is drawn."""
    opt = QStyleOptionComboBox()
    combo.initStyleOption(opt)
    rect = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxArrow, combo
    )
    image = combo.grab().toImage()
    ratio = image.devicePixelRatio()
    # Its four edges, less the corners where the box's own rounded border passes.
    top, bottom, left, right = rect.top(), rect.bottom(), rect.left(), rect.right()
    points = [(x, y) for y in range(top + 3, bottom - 2) for x in (left, right)]
    points += [(x, y) for x in range(left + 3, right - 2) for y in (top, bottom)]
    return [image.pixelColor(int(x * ratio), int(y * ratio)) for x, y in points]


@pytest.mark.parametrize("editable", [False, True])
def test_the_combo_box_arrow_has_no_sunken_frame(qtbot, editable: bool) -> None:
    host = QWidget()
    box = QVBoxLayout(host)
    combo = QComboBox()
    combo.setEditable(editable)
    combo.addItems(["原件模糊", "缺少签名"])
    box.addWidget(combo)
    qtbot.addWidget(host)
    host.resize(320, 80)
    host.show()
    qtbot.waitExposed(host)
    dark = [c.name() for c in _arrow_edge_pixels(combo) if c.lightness() < 150]
    assert not dark, dark
