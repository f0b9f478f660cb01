"""The theme's look, measured: text contrast (WCAG 2.1, 1.4.3) and flat combo-box arrows."""

from __future__ import annotations

import re
from pathlib import Path

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


def materials_page(qtbot, main_window):  # type: ignore[no-untyped-def]
    """The wizard's materials step for 第二代残疾人证申请转报, nothing marked yet."""
    from tests.ui.test_intake_wizard import answer, choose_item, fill_applicant, start_intake

    wizard = start_intake(qtbot, main_window)
    fill_applicant(qtbot, wizard)
    choose_item(qtbot, wizard, "cjr", "LOCAL-0009")
    answer(qtbot, wizard, {"s": ["s1"]})
    return wizard.stack.currentWidget()


def test_the_reason_label_is_ink_before_a_material_is_marked(main_window, qtbot) -> None:
    page = materials_page(qtbot, main_window)
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


# ---- colours outside the style sheet -------------------------------------------------------------

UI = Path(theme.__file__).parent
COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|\b(?:white|black|red|green|grey|gray)\b(?=\s*[;'\"])")


def test_no_colour_is_written_outside_the_theme() -> None:
    """Each colour the window draws comes from app.ui.theme, whose pairs TEXT_ON lists and the
    test above measures: a colour typed into a screen's own style sheet or HTML (the checklist
    verdicts, the rating buttons, the status bar) would escape the check."""
    found = [
        f"{path.relative_to(UI)}:{n}: {line.strip()}"
        for path in sorted(UI.rglob("*.py"))
        if path.name != "theme.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if COLOUR.search(line) and not line.lstrip().startswith("#")
    ]
    assert not found, "\n".join(found)


def listed(text: str, background: str) -> bool:
    return any(
        QColor(t).name() == QColor(text).name()
        and QColor(background).name() in {QColor(b).name() for b in backgrounds}
        for t, backgrounds in theme.TEXT_ON
    )


@pytest.mark.parametrize("verdict", sorted(theme.VERDICT_INK))
def test_a_verdict_reads_on_its_row_and_on_the_selected_row(verdict: str) -> None:
    # 合格 in green was 3.9:1 on the selected row.
    ink = theme.VERDICT_INK[verdict]
    for row in (theme.CARD, theme.SELECTION):
        assert listed(ink, row) and contrast(ink, row) >= 4.5, (verdict, row)


@pytest.mark.parametrize("level", sorted(theme.LEVEL_BG))
def test_each_rating_button_reads(level: int) -> None:
    # 满意, 基本满意 and 不满意 were 4.0, 3.5 and 3.5:1, white on their colour.
    background = theme.LEVEL_BG[level]
    assert listed(theme.WHITE, background) and contrast(theme.WHITE, background) >= 4.5


def test_the_materials_table_paints_its_verdicts_in_the_theme_s_ink(main_window, qtbot) -> None:
    from PySide6.QtCore import Qt

    from tests.ui.driver import key

    page = materials_page(qtbot, main_window)
    key(qtbot, page.table, Qt.Key.Key_F8)
    model = page.model
    inks = {
        model.data(model.index(row, 3), Qt.ItemDataRole.ForegroundRole).color().name()
        for row in range(model.rowCount())
        if model.data(model.index(row, 3), Qt.ItemDataRole.ForegroundRole) is not None
    }
    assert inks == {theme.VERDICT_INK["ok"]}


def test_every_verdict_of_the_checklist_has_its_own_readable_ink() -> None:
    """承诺 (a material promised in its place) included: on a row and on the selected row."""
    from app.core.checklist import VERDICTS

    assert set(theme.VERDICT_INK) == set(VERDICTS)
    assert len(set(theme.VERDICT_INK.values())) == len(VERDICTS)
    for ink in theme.VERDICT_INK.values():
        assert contrast(ink, theme.CARD) >= 4.5 and contrast(ink, theme.SELECTION) >= 4.5, ink
