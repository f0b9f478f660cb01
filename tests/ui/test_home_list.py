"""The home list: in time order, newest first, and every column in view whatever the names."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core.cases import IntakeRequest
from app.core.checklist import Verdict
from app.core.parties import Party
from tests.ui.conftest import resident_id, settle
from tests.ui.screen_fit import SMALL, WIDE

DAY = date(2026, 11, 23)  # a working Monday with its holiday table published


def at(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(DAY, datetime.min.time()).replace(hour=hour, minute=minute)


def person(name: str, first17: str = "33010219880101301") -> Party:
    return Party("person", name, "resident_id", resident_id(first17), "13700003333")


def accept(ctx, when: datetime, name: str = "刘䶮", code: str = "LOCAL-0004") -> str:
    item = ctx.catalog.item(code)
    answers = {q.id: [q.options[0].id] for q in item.questions}
    pv = ctx.visits.preview(code, answers, {})
    verdicts = {m.id: Verdict("ok") for m in pv.evaluation.applicable}
    return ctx.visits.submit(
        IntakeRequest("clerk1", code, person(name), answers, verdicts), now=when
    ).case_no


def home_on(window, day: date):
    window.session.today = lambda: day
    window.go_home()
    home = window.stack.currentWidget()
    home.refresh()
    settle(window.session)
    return home


def shown(home) -> list[tuple[str, str]]:
    return [(r.time, r.case_no) for r in home.today_model.rows]


def test_the_list_is_in_time_order_newest_first(main_window, window_ctx):
    ctx = window_ctx
    early = accept(ctx, at(9))
    later = accept(ctx, at(10))
    # The early case changes at 11:00: its row shows 11:00 and moves above the 10:00 one.
    ctx.case_state.set_state(early, "transferred", "clerk1", now=at(11))
    home = home_on(main_window, DAY)
    assert shown(home) == [("11:00", early), ("10:00", later)]
    # A case added keeps the others in their order, above them.
    newest = accept(ctx, at(11, 30))
    home = home_on(main_window, DAY)
    assert shown(home) == [("11:30", newest), ("11:00", early), ("10:00", later)]


@pytest.mark.parametrize("available", [SMALL, WIDE], ids=["1024x768", "1366x768"])
def test_a_long_name_leaves_every_column_in_view(main_window, window_ctx, available):
    ctx = window_ctx
    long_name = "阿卜杜热合曼·买买提" * 6  # 60 characters
    assert len(long_name) == 60
    accept(ctx, at(9), long_name)
    accept(ctx, at(10))
    main_window.resize(available)
    home = home_on(main_window, DAY)
    QApplication.processEvents()
    for view in (home.today_view,):
        header, model = view.horizontalHeader(), view.model()
        # The name is all there, and whole in its tooltip however its column cuts it.
        assert long_name in [
            model.index(r, 2).data(Qt.ItemDataRole.ToolTipRole) for r in range(model.rowCount())
        ]
        width = view.viewport().width()
        for col in range(model.columnCount()):
            if view.isColumnHidden(col):
                continue
            left = header.sectionViewportPosition(col)
            right = left + header.sectionSize(col)
            title = model.headerData(col, header.orientation())
            assert left >= 0 and right <= width, (title, left, right, width)
