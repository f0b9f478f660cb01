"""The daily, monthly and yearly report as a PDF: the figures, charts drawn with reportlab's own
graphics (the trend, the worst items, the windows or clerks side by side) and the tables."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, BinaryIO

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.core import figures as fg
from app.core.period_report import (
    LABELS,
    TICKET_CATEGORIES,
    TICKET_STATES,
    YEARLY,
    PeriodReport,
    number,
    percent,
    rows,
)
from app.printing.fonts import PRIMARY, fontset

WIDTH = A4[0] - 36 * mm
SERIES = [colors.HexColor(c) for c in ("#2f6db5", "#e08a1e", "#3a9a5b", "#b8423a")]
GRID = colors.HexColor("#b0b7c0")

# The report's own words in English, for a report drawn for the English interface
# (``language="en"``); the printed report of a window is Chinese. Figure names: core/figures.NAMES.
EN = {
    "新收": "New",
    "受理": "Accepted",
    "一次通过率": "1st visit",
    "跑一次率": "One trip",
    "办结": "Completed",
    "按时办结率": "On time",
    "平均用时": "Avg. days",
    "超期": "Overdue",
    "评价": "Reviews",
    "好评率": "Good",
    "每日办件量": "Applications, acceptances and completions per day",
    "新收申请": "New applications",
    "每日一次通过率、按时办结率、好评率（%）": (
        "Accepted at the first visit, completed on time, good reviews per day (%)"
    ),
    "每月办件量": "Applications, acceptances and completions per month",
    "每月一次通过率、按时办结率、好评率（%）": (
        "Accepted at the first visit, completed on time, good reviews per month (%)"
    ),
    "问题较多的事项（超期件数、差评数）": "Items with most problems (overdue cases, bad reviews)",
    "差评": "Bad reviews",
    "各窗口": "Windows",
    "各窗口人员": "Clerks",
    "窗口": "Window",
    "窗口人员": "Clerk",
    "事项": "Item",
    "岗位": "Post",
    "未分岗": "No post",
    "指标": "Figure",
    "数值": "Value",
    "无": "none",
    "办件编号": "Case number",
    "受理人": "Clerk",
    "承诺办结": "Promised by",
    "日报": "daily report",
    "月报": "monthly report",
    "年报": "yearly report",
}
LEGEND_RATES = ["一次通过率", "按时办结率", "好评率"]


def _tr(text: str, language: str) -> str:
    return EN.get(text, text) if language == "en" else text


def _value(text: str, language: str) -> str:
    """A figure's value: its parts in Chinese brackets, in English ones for English."""
    return text.replace("（", " (").replace("）", ")") if language == "en" else text


def report_title(report: PeriodReport, language: str = "zh_CN") -> str:
    """The report's title: scope, period and kind, the kind in ``language``."""
    if language != "en":
        return report.title
    return f"{report.scope} {report.period.label} {EN[LABELS[report.kind]]}"


# The columns of the breakdown tables (by window, clerk, item).
COLUMNS: list[tuple[str, Callable[[fg.Figures], str]]] = [
    ("新收", lambda f: str(f.begun)),
    ("受理", lambda f: str(f.accepted)),
    ("一次通过率", lambda f: str(f.first_pass)),
    ("跑一次率", lambda f: str(f.once)),
    ("办结", lambda f: str(f.completed)),
    ("按时办结率", lambda f: str(f.on_time)),
    ("平均用时", lambda f: number(f.average_workdays)),
    ("超期", lambda f: str(len(f.overdue) + f.completed_late)),
    ("评价", lambda f: str(f.reviews.count)),
    ("好评率", lambda f: str(f.reviews.good)),
]


def _styles() -> dict[str, ParagraphStyle]:
    fontset()  # registers the embedded fonts
    base = ParagraphStyle("base", fontName=PRIMARY, fontSize=9.5, leading=13)
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=22, alignment=1),
        "sub": ParagraphStyle(
            "sub", parent=base, fontSize=9, alignment=1, textColor=colors.HexColor("#55606c")
        ),
        "h": ParagraphStyle("h", parent=base, fontSize=12, leading=18, spaceBefore=8),
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11),
        # A Chinese sentence under a table: wrapped at any character, not only at spaces.
        "note": ParagraphStyle(
            "note", parent=base, fontSize=8, leading=11, spaceBefore=2, wordWrap="CJK"
        ),
    }


def _table(rows: Sequence[Sequence[str]], widths: Sequence[float], style: ParagraphStyle) -> Table:
    cells = [[Paragraph(_escape(c), style) for c in row] for row in rows]
    t = Table(cells, colWidths=list(widths), repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return t


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _short(text: str, n: int = 14) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _legend(
    d: Drawing, right: float, y: float, names: Sequence[str], series: Sequence[object] = SERIES
) -> None:
    """One row of swatches and names ending at ``right``, level with the chart's title."""
    step = 80
    lg = Legend()
    # reportlab's charts take whole points here (as their type stubs say)
    lg.x, lg.y = round(right - step * len(names)), round(y)
    lg.fontName, lg.fontSize = PRIMARY, 8
    lg.alignment = "right"  # the name to the right of its swatch
    lg.columnMaximum = 1  # one item per column: a single row
    lg.deltax, lg.dx, lg.dy = step, 8, 8
    lg.colorNamePairs = list(zip(series, names, strict=False))
    d.add(lg)


def _chart_title(d: Drawing, text: str) -> None:
    d.add(String(0, d.height - 12, text, fontName=PRIMARY, fontSize=10))


def _axis_fonts(chart: object) -> None:
    for axis in (chart.categoryAxis, chart.valueAxis):  # type: ignore[attr-defined]
        axis.labels.fontName = PRIMARY
        axis.labels.fontSize = 7


def _per(report: PeriodReport) -> str:
    """What a point of the trend is: a month in a yearly report, else a day."""
    return "每月" if report.kind == YEARLY else "每日"


def _trend_names(report: PeriodReport) -> list[str]:
    """The trend's points as named under the charts: MM-DD, or YYYY-MM for a year's months."""
    shape = "%Y-%m" if report.kind == YEARLY else "%m-%d"
    return [f"{f.period.start:{shape}}" for f in report.trend]


def trend_counts(report: PeriodReport, language: str = "zh_CN") -> Drawing:
    """Applications, acceptances and completions per day (per month for a year)."""
    d = Drawing(WIDTH, 62 * mm)
    _chart_title(d, _tr(_per(report) + "办件量", language))
    c = VerticalBarChart()
    c.x, c.y, c.width, c.height = 28, 28, round(WIDTH - 40), round(62 * mm - 64)
    c.data = [
        [f.begun for f in report.trend],
        [f.accepted for f in report.trend],
        [f.completed for f in report.trend],
    ]
    c.categoryAxis.categoryNames = _trend_names(report)
    c.categoryAxis.labels.angle = 45 if len(report.trend) > 16 else 0
    c.categoryAxis.labels.boxAnchor = "ne" if len(report.trend) > 16 else "n"
    c.valueAxis.valueMin = 0
    c.valueAxis.forceZero = True
    top = max([1, *(max(s) for s in c.data if s)])
    c.valueAxis.valueMax = top + max(1, top // 5)
    c.valueAxis.valueStep = max(1, (top + 4) // 5)
    c.barSpacing, c.groupSpacing = 0.5, 3  # type: ignore[assignment]  # any number; stub: int
    for i, col in enumerate(SERIES[:3]):
        c.bars[i].fillColor = col
        c.bars[i].strokeColor = None
    _axis_fonts(c)
    d.add(c)
    _legend(d, WIDTH, d.height - 4, [_tr(x, language) for x in ("新收申请", "受理", "办结")])
    return d


def trend_rates(report: PeriodReport, language: str = "zh_CN") -> Drawing:
    """一次通过率, 按时办结率 and 好评率 per day (per month for a year); a day without any is
    left blank."""
    d = Drawing(WIDTH, 62 * mm)
    _chart_title(d, _tr(_per(report) + "一次通过率、按时办结率、好评率（%）", language))
    c = HorizontalLineChart()
    c.x, c.y, c.width, c.height = 28, 28, round(WIDTH - 40), round(62 * mm - 64)

    def series(get: Callable[[fg.Figures], float | None]) -> list[float | None]:
        return [None if (v := get(f)) is None else round(v * 100, 1) for f in report.trend]

    c.data = [
        series(lambda f: f.first_pass.value),
        series(lambda f: f.on_time.value),
        series(lambda f: f.reviews.good.value),
    ]
    c.categoryAxis.categoryNames = _trend_names(report)
    c.categoryAxis.labels.angle = 45 if len(report.trend) > 16 else 0
    c.categoryAxis.labels.boxAnchor = "ne" if len(report.trend) > 16 else "n"
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 0, 100, 20
    # reportlab cannot join a series of fewer than two points: markers only then.
    c.joinedLines = int(all(sum(v is not None for v in s) >= 2 for s in c.data))
    for i, col in enumerate(SERIES[:3]):
        c.lines[i].strokeColor = col
        c.lines[i].strokeWidth = 1.5
        c.lines[i].symbol = None
    from reportlab.graphics.widgets.markers import makeMarker

    for i in range(3):
        c.lines[i].symbol = makeMarker("FilledCircle", size=3, fillColor=SERIES[i])
    _axis_fonts(c)
    d.add(c)
    _legend(d, WIDTH, d.height - 4, _rates_legend(language))
    return d


def _rates_legend(language: str) -> list[str]:
    if language == "en":
        return [fg.NAMES[k][1] for k in ("first_pass", "on_time", "good")]
    return LEGEND_RATES


def worst_items_chart(report: PeriodReport, language: str = "zh_CN") -> Drawing | None:
    """The worst items: overdue (open or completed late) and bad reviews, worst at the top."""
    worst = report.worst_items[:8]
    if not worst:
        return None
    height = (24 + 16 * len(worst)) + 40
    d = Drawing(WIDTH, height)
    _chart_title(d, _tr("问题较多的事项（超期件数、差评数）", language))
    c = HorizontalBarChart()
    c.x, c.y, c.width, c.height = 150, 20, round(WIDTH - 170), round(height - 56)
    rev = list(reversed(worst))
    c.data = [
        [len(f.overdue) + f.completed_late for _, f in rev],
        [f.reviews.by_level.get(2, 0) + f.reviews.by_level.get(1, 0) for _, f in rev],
    ]
    c.categoryAxis.categoryNames = [_short(report.item_names.get(k, k)) for k, _ in rev]
    c.valueAxis.valueMin = 0
    top = max([1, *(max(s) for s in c.data)])
    c.valueAxis.valueMax = top + 1
    c.valueAxis.valueStep = max(1, (top + 4) // 5)
    for i in range(2):
        c.bars[i].fillColor = SERIES[3 - 2 * i]
        c.bars[i].strokeColor = None
    _axis_fonts(c)
    d.add(c)
    _legend(
        d, WIDTH, height - 4, [_tr("超期", language), _tr("差评", language)], [SERIES[3], SERIES[1]]
    )
    return d


def comparison_chart(
    groups: dict[str, fg.Figures], names: dict[str, str], what: str, language: str = "zh_CN"
) -> Drawing:
    """The windows (or the clerks of one window) side by side: three rates each."""
    d = Drawing(WIDTH, 64 * mm)
    _chart_title(
        d, f"{_tr(what, language)} compared (%)" if language == "en" else f"{what}对比（%）"
    )
    c = VerticalBarChart()
    c.x, c.y, c.width, c.height = 28, 28, round(WIDTH - 40), round(64 * mm - 66)
    keys = list(groups)[:12]

    def pct(v: float | None) -> float:
        return 0.0 if v is None else round(v * 100, 1)

    c.data = [
        [pct(groups[k].first_pass.value) for k in keys],
        [pct(groups[k].on_time.value) for k in keys],
        [pct(groups[k].reviews.good.value) for k in keys],
    ]
    c.categoryAxis.categoryNames = [_short(names.get(k, k), 10) for k in keys]
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 0, 100, 20
    for i in range(3):
        c.bars[i].fillColor = SERIES[i]
        c.bars[i].strokeColor = None
    _axis_fonts(c)
    d.add(c)
    _legend(d, WIDTH, d.height - 4, _rates_legend(language))
    return d


def _breakdown(
    title: str,
    groups: dict[str, fg.Figures],
    names: dict[str, str],
    st: dict[str, ParagraphStyle],
    language: str = "zh_CN",
) -> list[Flowable]:
    if not groups:
        return []
    first = 44 * mm
    rest = (WIDTH - first) / len(COLUMNS)
    rows = [[_tr(title, language), *(_tr(c, language) for c, _ in COLUMNS)]]
    rows += [[names.get(k, k), *(get(f) for _, get in COLUMNS)] for k, f in groups.items()]
    heading = f"By {_tr(title, language).lower()}" if language == "en" else f"按{title}"
    return [
        CondPageBreak(40 * mm),
        Paragraph(heading, st["h"]),
        _table(rows, [first, *[rest] * len(COLUMNS)], st["small"]),
    ]


def page_footer(
    title: str, page_width: float, extra: str = "", language: str = "zh_CN"
) -> Callable[[Any, Any], None]:
    """Each page's foot: the title and the page number, and ``extra`` above it at the left."""

    def draw(canv: Any, doc: Any) -> None:
        canv.saveState()
        canv.setFont(PRIMARY, 8)
        page = f"page {doc.page}" if language == "en" else f"第 {doc.page} 页"
        canv.drawCentredString(page_width / 2, 9 * mm, f"{title}  {page}")
        if extra:
            canv.drawString(15 * mm, 14 * mm, extra)
        canv.restoreState()

    return draw


def render_report(
    report: PeriodReport,
    out: BinaryIO,
    language: str = "zh_CN",
    ticket_names: Mapping[str, Mapping[str, str]] | None = None,
) -> None:
    """The report as a PDF: Chinese as printed; ``language="en"`` draws it for the English
    interface (the names of figures from core/figures.NAMES, the report's own words from EN;
    what the data says, item and window names, stays as it is). ``ticket_names``: the
    tickets' ``category`` (sources included, for a ticket not classified yet) and ``state``
    names in that language, when the caller has them (the interface does)."""
    en = language == "en"
    st = _styles()
    f = report.total
    title = report_title(report, language)
    start, end = report.period.start, report.period.end
    story: list[Flowable] = [
        Paragraph(_escape(title), st["title"]),
        Paragraph(
            _escape(
                f"Period {start} to {end}, drawn {report.generated_at:%Y-%m-%d %H:%M}; "
                "formulas in docs/figures.md"
                if en
                else f"统计期间 {start} 至 {end}，"
                f"生成于 {report.generated_at:%Y-%m-%d %H:%M}；口径见 docs/figures.md"
            ),
            st["sub"],
        ),
        Spacer(1, 4 * mm),
    ]
    half = WIDTH / 2
    cells = [[label, _value(get(f), language)] for label, get in rows(language)]
    split = (len(cells) + 1) // 2
    left, right = cells[:split], cells[split:]
    right += [["", ""]] * (len(left) - len(right))
    table = [[_tr(x, language) for x in ("指标", "数值", "指标", "数值")]]
    table += [[*a, *b] for a, b in zip(left, right, strict=True)]
    story.append(_table(table, [half * 0.62, half * 0.38] * 2, st["body"]))
    categories = (
        ticket_names.get("category", TICKET_CATEGORIES) if ticket_names else TICKET_CATEGORIES
    )
    states = ticket_names.get("state", TICKET_STATES) if ticket_names else TICKET_STATES
    tickets = [
        *(f"{categories.get(k, k)} {n}" for k, n in f.tickets_by_category.items()),
        *(f"{states.get(k, k)} {n}" for k, n in f.tickets_by_state.items()),
    ]
    listed = ("; " if en else "、").join(tickets) if tickets else _tr("无", language)
    story.append(
        Paragraph(
            _escape(("Tickets opened in the period: " if en else "整改单（本期开单）：") + listed),
            st["body"],
        )
    )
    story += [Spacer(1, 3 * mm), trend_counts(report, language), trend_rates(report, language)]
    worst = worst_items_chart(report, language)
    if worst is not None:
        story += [CondPageBreak(60 * mm), worst]
    names = {k: report.item_names.get(k, k) for k in report.by_item}
    if len(report.by_window) > 1:
        story += [
            CondPageBreak(70 * mm),
            comparison_chart(report.by_window, {}, "各窗口", language),
        ]
    elif report.by_clerk:
        story += [
            CondPageBreak(70 * mm),
            comparison_chart(report.by_clerk, report.clerk_names, "各窗口人员", language),
        ]
    story += _breakdown("窗口", report.by_window, {}, st, language)
    story += _breakdown("窗口人员", report.by_clerk, report.clerk_names, st, language)
    story += _breakdown("事项", report.by_item, names, st, language)
    if report.by_post:
        posts = {**report.post_names, fg.UNPOSTED: _tr(fg.UNPOSTED, language)}
        story += _breakdown("岗位", report.by_post, posts, st, language)
        story.append(Paragraph(_escape(report.post_table), st["note"]))
    if report.overdue:
        n = len(report.overdue)
        story += [
            CondPageBreak(30 * mm),
            Paragraph(
                f"Overdue at the end of the period ({n})" if en else f"期末超期未办结（{n} 件）",
                st["h"],
            ),
        ]
        table = [[_tr(x, language) for x in ("办件编号", "事项", "窗口", "受理人", "承诺办结")]]
        table += [
            [
                o.case_no,
                o.item_name,
                o.window,
                report.clerk_names.get(o.clerk, o.clerk),
                o.promised_date.isoformat(),
            ]
            for o in report.overdue
        ]
        story.append(
            _table(table, [52 * mm, WIDTH - 142 * mm, 30 * mm, 28 * mm, 32 * mm], st["small"])
        )
    for note in report.notes:
        story.append(Paragraph(_escape(note), st["small"]))

    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=title,
        author="Counter",
        invariant=1,
    )
    footer = page_footer(title, A4[0], language=language)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


__all__ = ["percent", "render_report"]
