"""What the screens say of a provisional promised date and of a refusal after acceptance."""

from __future__ import annotations

from datetime import date, datetime

from app.core.cases import CaseView
from app.core.parties import Party


def _view(**kw) -> CaseView:
    base = dict(
        id="x",
        case_no="C3301-W03-20261220-K7-0001",
        item_code="DEMO-0008",
        item_name="示例",
        catalog_version=1,
        state="accepted",
        outcome="accept",
        reason=None,
        applicant=Party("person", "张三", "resident_id", "11010519491231002X"),
        agent=None,
        answers={},
        verdicts={},
        outstanding=[],
        promised_days=20,
        promised_date=date(2027, 1, 18),
        supplement_deadline=None,
        accepted_at=datetime(2026, 12, 20, 10),
        created_at=datetime(2026, 12, 20, 10),
        updated_at=datetime(2026, 12, 20, 10),
        visits=1,
        clerk="clerk1",
        history=[],
    )
    base.update(kw)
    return CaseView(**base)  # type: ignore[arg-type]


def test_a_back_office_refusal_after_acceptance_reads_not_granted(chinese_ui) -> None:
    from app.core.cases import state_label
    from app.core.workdays import WorkCalendar
    from app.ui.case_table import CaseTableModel, case_row

    cal = WorkCalendar(estimate=True)
    denied = case_row(_view(state="refused"), date(2026, 12, 21), cal, 2)
    refused = case_row(
        _view(state="refused", outcome="refuse", promised_date=None), date(2026, 12, 21), cal, 2
    )
    model = CaseTableModel()
    model.set_rows([denied, refused])
    assert model.data(model.index(0, 4)) == "不予许可"
    assert model.data(model.index(1, 4)) == "不予受理"
    assert state_label("refused", "accept") == "不予许可"
    assert state_label("refused", "refuse") == "不予受理"
    assert _view(state="refused").to_json()["state_label"] == "不予许可"


def test_a_provisional_promised_date_is_marked_in_the_case_list(chinese_ui) -> None:
    from app.core.workdays import WorkCalendar
    from app.ui.case_table import CaseTableModel, case_row

    cal = WorkCalendar(estimate=True)
    model = CaseTableModel()
    model.set_rows(
        [
            case_row(_view(promised_provisional=True), date(2026, 12, 21), cal, 2),
            case_row(_view(), date(2026, 12, 21), cal, 2),
        ]
    )
    assert model.data(model.index(0, 5)) == "2027-01-18（暂定）"
    assert model.data(model.index(1, 5)) == "2027-01-18"


def test_the_item_view_says_it_when_the_item_is_chosen(chinese_ui) -> None:
    from app.core.catalog import Item
    from app.ui.item_view import item_html

    item = Item("DEMO-0008", "示例事项", promised_days=20)
    html = item_html(item, provisional_year=2027)
    assert "2027年的节假日安排尚未公布" in html and "暂定" in html and "可以受理" in html
    assert "provisionalNote" not in item_html(item)


def test_the_wizard_says_it_at_item_selection(main_window, window_ctx, monkeypatch) -> None:
    """On 2026-12-20, with no 2027 table, choosing a 20-working-day item says at once that it
    can be accepted with a provisional date (the outcome step no longer refuses it)."""
    from PySide6.QtWidgets import QTextBrowser
    from sqlalchemy import delete

    from app.core import workdays
    from app.models.schema import Holiday, HolidayYear
    from tests.ui.conftest import settle

    ctx, session = window_ctx, main_window.session
    monkeypatch.setattr(workdays, "_package_knows", lambda year: year <= 2026)
    with ctx.store.write() as s:
        s.execute(delete(Holiday))
        s.execute(delete(HolidayYear))
    ctx.calendar.set_day(date(2020, 1, 1), False)  # a new calendar version
    monkeypatch.setattr(session, "today", lambda: date(2026, 12, 20))
    main_window.new_intake()
    settle(session)
    browser = QTextBrowser()
    main_window.wizard.describe_item("DEMO-0008", browser)
    settle(session)
    assert "2027年的节假日安排尚未公布" in browser.toPlainText()
    main_window.wizard.describe_item("LOCAL-0004", browser)  # 即办: nothing to estimate
    settle(session)
    assert "节假日安排尚未公布" not in browser.toPlainText()
