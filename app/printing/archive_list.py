"""The 归档清单 of a day or a month: every volume filed, as a PDF and as a spreadsheet."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, BinaryIO

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from app.printing.report_pdf import _escape, _styles, _table, page_footer

if TYPE_CHECKING:
    from app.core.archive_package import Volume

HEAD = (
    "序号",
    "档号",
    "办件编号",
    "题名",
    "申请人证件",
    "办结日期",
    "结果",
    "文件",
    "页数",
    "归档人",
    "移交中心",
)


def _row(n: int, v: Volume) -> list[str]:
    return [
        str(n),
        v.volume_no,
        v.case_no,
        f"{v.applicant} {v.item_name}",
        v.id_number or v.id_masked,
        v.ended_on,
        v.state_label,
        str(v.files),
        str(v.pages),
        v.filed_by,
        (v.handed_over or "")[
            :10
        ],  # the day the central archive took it (counter archive handover)
    ]


def render_archive_list(
    title: str, volumes: Sequence[Volume], out: BinaryIO, now: datetime
) -> None:
    st = _styles()
    page = landscape(A4)
    width = page[0] - 30 * mm
    widths: list[float] = [10, 48, 46, 0, 32, 20, 16, 10, 10, 16, 18]
    fixed = sum(widths) * mm
    widths[3] = (width - fixed) / mm
    rows = [list(HEAD), *(_row(n, v) for n, v in enumerate(volumes, start=1))]
    story: list[Flowable] = [
        Paragraph(_escape(title), st["title"]),
        Paragraph(
            _escape(
                f"共 {len(volumes)} 卷，{sum(v.files for v in volumes)} 份文书，"
                f"{sum(v.pages for v in volumes)} 页；生成于 {now:%Y-%m-%d %H:%M}。"
                "每卷为一个归档信息包（counter archive verify 校验）"
            ),
            st["sub"],
        ),
        Spacer(1, 4 * mm),
    ]
    if volumes:
        story.append(_table(rows, [w * mm for w in widths], st["small"]))
    else:
        story.append(Paragraph("本期没有归档的办件。", st["body"]))

    footer = page_footer(title, page[0], "移交人：            接收人：            日期：")
    SimpleDocTemplate(
        out,
        pagesize=page,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=22 * mm,
        title=title,
        author="Counter",
        invariant=1,
    ).build(story, onFirstPage=footer, onLaterPages=footer)


def write_archive_xlsx(title: str, volumes: Sequence[Volume], out: BinaryIO) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.worksheet import Worksheet

    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = "归档清单"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([*HEAD[:10], "包摘要（SHA-256）", HEAD[10]])
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EEF6")
    for n, v in enumerate(volumes, start=1):
        row = _row(n, v)
        ws.append([n, *row[1:7], v.files, v.pages, row[9], v.digest, row[10]])
    for col, width in zip(
        "ABCDEFGHIJKL", (6, 30, 30, 40, 22, 12, 10, 6, 6, 10, 66, 12), strict=True
    ):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A3"
    wb.save(out)
