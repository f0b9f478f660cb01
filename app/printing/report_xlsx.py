"""The daily, monthly and yearly report as a spreadsheet (openpyxl): one sheet per table of the PDF,
rates as numbers formatted as percentages so a supervisor can sort and chart them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.core import figures as fg
from app.core.period_report import (
    ROWS,
    TICKET_CATEGORIES,
    TICKET_STATES,
    YEARLY,
    PeriodReport,
)

HEAD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="E8EEF6")
PCT = "0.0%"

# Columns of the per-day and per-group sheets: header, value, number format.
COLUMNS: list[tuple[str, Callable[[fg.Figures], Any], str | None]] = [
    ("来访人次", lambda f: f.visits, None),
    ("新收申请", lambda f: f.begun, None),
    ("受理", lambda f: f.accepted, None),
    ("一次通过率", lambda f: f.first_pass.value, PCT),
    ("跑一次率", lambda f: f.once.value, PCT),
    ("办结", lambda f: f.completed, None),
    ("按时办结率", lambda f: f.on_time.value, PCT),
    ("平均办结用时（工作日）", lambda f: f.average_workdays, "0.0"),
    ("实际提速率", lambda f: f.speedup_actual, PCT),
    ("承诺提速率", lambda f: f.speedup_promised, PCT),
    ("容缺受理", lambda f: f.supplements.tolerated, None),
    ("容缺补齐到期", lambda f: f.supplements.due, None),
    ("按时补齐", lambda f: f.supplements.on_time, None),
    ("超期办结", lambda f: f.completed_late, None),
    ("期末超期未办结", lambda f: len(f.overdue), None),
    ("评价数", lambda f: f.reviews.count, None),
    ("好评率", lambda f: f.reviews.good.value, PCT),
    ("平均评分", lambda f: f.reviews.mean, "0.00"),
]


def _header(ws: Worksheet, names: list[str]) -> None:
    ws.append(names)
    for cell in ws[1]:
        cell.font, cell.fill = HEAD, HEAD_FILL
    ws.freeze_panes = "B2"
    for i, name in enumerate(names, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(10, len(name) * 2 + 2)


def _figures_sheet(
    wb: Workbook, title: str, first: str, rows: list[tuple[str, fg.Figures]]
) -> None:
    ws = wb.create_sheet(title)
    _header(ws, [first, *(c[0] for c in COLUMNS)])
    for key, f in rows:
        ws.append([key, *(get(f) for _, get, _ in COLUMNS)])
        for i, (_, _, fmt) in enumerate(COLUMNS, start=2):
            if fmt:
                ws.cell(ws.max_row, i).number_format = fmt
    ws.column_dimensions["A"].width = 36


def write_report_xlsx(report: PeriodReport, out: BinaryIO) -> None:
    wb = Workbook()
    ws = wb.worksheets[0]  # a new workbook has exactly one sheet
    ws.title = "概况"
    ws.append([report.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"统计期间 {report.period.start} 至 {report.period.end}"])
    ws.append([f"生成于 {report.generated_at:%Y-%m-%d %H:%M}，口径见 docs/figures.md"])
    ws.append([])
    ws.append(["指标", "数值"])
    for cell in ws[5]:
        cell.font, cell.fill = HEAD, HEAD_FILL
    for label, get in ROWS:
        ws.append([label, get(report.total)])
    f = report.total
    for k, n in f.tickets_by_category.items():
        ws.append([f"整改单·{TICKET_CATEGORIES.get(k, k)}", n])
    for k, n in f.tickets_by_state.items():
        ws.append([f"整改单·{TICKET_STATES.get(k, k)}", n])
    for note in report.notes:
        ws.append([note])
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 28
    if report.kind == YEARLY:
        _figures_sheet(wb, "每月", "月份", [(t.period.label, t) for t in report.trend])
    else:
        _figures_sheet(wb, "每日", "日期", [(t.period.start.isoformat(), t) for t in report.trend])
    _figures_sheet(wb, "按窗口", "窗口", list(report.by_window.items()))
    _figures_sheet(
        wb,
        "按人员",
        "窗口人员",
        [(f"{k} {report.clerk_names.get(k, '')}".strip(), v) for k, v in report.by_clerk.items()],
    )
    _figures_sheet(
        wb,
        "按事项",
        "事项",
        [(f"{k} {report.item_names.get(k, '')}".strip(), v) for k, v in report.by_item.items()],
    )
    if report.by_post:
        _figures_sheet(
            wb,
            "按岗位",
            "岗位",
            [(report.post_names.get(k, k), v) for k, v in report.by_post.items()],
        )
        wb["按岗位"].append([])
        wb["按岗位"].append([report.post_table])
    ws = wb.create_sheet("超期未办结")
    _header(ws, ["办件编号", "事项", "窗口", "受理人", "承诺办结"])
    for o in report.overdue:
        ws.append([o.case_no, o.item_name, o.window, o.clerk, o.promised_date])
        ws.cell(ws.max_row, 5).number_format = "yyyy-mm-dd"
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 40
    wb.properties.creator = "Counter"
    wb.properties.created = report.generated_at
    wb.properties.modified = report.generated_at
    wb.save(out)
