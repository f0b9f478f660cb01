"""The wizard's one-line summary (applicant, item, case number) ends in "…" when the row is
full, instead of being cut at the window's edge."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QWidget

from app.ui.elided_label import MIN_WIDTH, ElidedLabel

TEXT = "张𠈌（110105********002X）　残疾人证新办　C3301-W03-20261123-0001"


def row(qtbot, width: int) -> tuple[QWidget, ElidedLabel]:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.addWidget(QLabel("1 申请人　2 选择事项　3 情形　4 核对材料"))
    layout.addStretch(1)
    label = ElidedLabel()
    label.set_full_text(TEXT)
    layout.addWidget(label)
    qtbot.addWidget(box)
    box.resize(width, 40)
    box.show()
    qtbot.waitExposed(box)
    return box, label


def test_a_full_row_elides_the_text_and_keeps_it_whole_in_the_tool_tip(qtbot):
    box, label = row(qtbot, 520)
    assert label.text().endswith("…") and TEXT.startswith(label.text()[:-1])
    assert label.geometry().right() < box.width()  # inside the row, not cut at its edge
    assert label.toolTip() == label.full_text() == TEXT
    assert label.width() >= MIN_WIDTH


def test_a_row_with_room_shows_the_whole_text(qtbot):
    box, label = row(qtbot, 1600)
    assert label.text() == TEXT
    box.resize(520, 40)  # the window made narrower: elided again
    QApplication.processEvents()  # the layout's new geometry
    assert label.text().endswith("…")
