"""The 岗位职责分工表 as an A4 PDF: one page head with the centre, the table's version and
publication date; an overview of the posts and who holds them; then one section per post with
its A/B/C members by name, the items it handles with the authorisation depth (授权深度) of each,
and the work standard of each step. Text is drawn with the slip fonts (``Text``), so a rare
character of a name prints too."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.core.posts import DEFAULT, DEPTHS, ROLES
from app.printing.fonts import PRIMARY
from app.printing.report_pdf import GRID, page_footer
from app.printing.text import Align, Text

if TYPE_CHECKING:
    from app.core.posts import Post, PostTable

TITLE = "岗位职责分工表"
WIDTH = A4[0] - 36 * mm
HEAD_FILL = colors.HexColor("#e8eef6")
MARK = "●"  # the depth is held
NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class PostSheet:
    """What the printed table needs besides the posts: names for the codes."""

    table: PostTable
    centre_name: str
    names: Mapping[str, str]  # username -> the account's full name
    items: Mapping[str, str]  # item code -> the item's name in the catalog in effect
    printed_at: datetime

    def person(self, username: str) -> str:
        name = self.names.get(username)
        return f"{name}（{username}）" if name else f"{username}（本窗口无此账号）"

    def item(self, code: str) -> str:
        return self.items.get(code, "（不在本窗口的事项清单中）")


def _cell(text: str, size: float = 8.5, align: Align = "left", bold: bool = False) -> Text:
    return Text(text, size, align=align, bold=bold, leading=size * 1.4)


def _grid(
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    centred: Sequence[int] = (),
    head: bool = True,
    size: float = 8.5,
) -> Table:
    cells: list[list[Flowable]] = []
    for r, row in enumerate(rows):
        cells.append(
            [
                _cell(
                    text,
                    size,
                    "center" if c in centred or (head and r == 0) else "left",
                    bold=head and r == 0,
                )
                for c, text in enumerate(row)
            ]
        )
    t = Table(cells, colWidths=list(widths), repeatRows=1 if head else 0)
    style: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if head:
        style.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL))
    else:
        style.append(("BACKGROUND", (0, 0), (0, -1), HEAD_FILL))
    style.append(("FONT", (0, 0), (-1, -1), PRIMARY, size))  # reportlab's default: Helvetica
    t.setStyle(TableStyle(style))
    return t


def _members(sheet: PostSheet, post: Post, role: str) -> str:
    return "、".join(sheet.person(u) for u in post.holders(role)) or "—"


def _overview(sheet: PostSheet) -> Table:
    rows = [["序号", "岗位", "类别", "A岗（主办）", "B岗（协办）", "C岗（后备）", "办理事项"]]
    for n, post in enumerate(sheet.table.posts, start=1):
        rows.append(
            [
                str(n),
                f"{post.name}\n{post.code}",
                post.kind,
                _members(sheet, post, "A"),
                _members(sheet, post, "B"),
                _members(sheet, post, "C"),
                "全部事项" if post.items is None else f"{len(post.items)} 项",
            ]
        )
    widths = [9, 32, 11, 0, 0, 0, 17]
    rest = (WIDTH / mm - sum(widths)) / 3
    return _grid(rows, [(w or rest) * mm for w in widths], centred=(0, 2, 6))


def _depth_rows(sheet: PostSheet, post: Post) -> list[list[str]]:
    """One row per item the post handles (or, for every item, the general row and the items
    with depths of their own), a mark under each depth it holds."""
    rows: list[list[str]] = [["事项编码", "事项名称", *DEPTHS]]

    def row(code: str, name: str, held: Sequence[str]) -> list[str]:
        return [code, name, *(MARK if d in held else "" for d in DEPTHS)]

    if post.items is None:
        own = sorted(c for c in post.depths if c != DEFAULT)  # items with depths of their own
        every = "本窗口事项清单中的其余全部事项" if own else "本窗口事项清单中的全部事项"
        rows.append(row("全部", every, post.depths.get(DEFAULT, ())))
        for code in own:
            rows.append(row(code, sheet.item(code), post.depths[code]))
    else:
        for code in post.items:
            rows.append(row(code, sheet.item(code), post.depths_of(code)))
    return rows


def _post_section(sheet: PostSheet, n: int, post: Post) -> list[Flowable]:
    number = NUMERALS[n - 1] if n <= len(NUMERALS) else str(n)
    heading = Text(
        f"{number}、{post.name}（{post.code}）", 12, bold=True, space_before=6, space_after=4
    )
    handles = (
        "本窗口事项清单中的全部事项" if post.items is None else f"{len(post.items)} 项（见下表）"
    )
    fields = _grid(
        [
            ["岗位类别", post.kind],
            [ROLES["A"], _members(sheet, post, "A")],
            [ROLES["B"], _members(sheet, post, "B")],
            [ROLES["C"], _members(sheet, post, "C")],
            ["办理事项", handles],
        ],
        [58 * mm, WIDTH - 58 * mm],
        head=False,
        size=9,
    )
    depth_w = 19.0
    depths = _grid(
        _depth_rows(sheet, post),
        [24 * mm, WIDTH - (24 + depth_w * len(DEPTHS)) * mm, *[depth_w * mm] * len(DEPTHS)],
        centred=range(2, 2 + len(DEPTHS)),
    )
    out: list[Flowable] = [
        CondPageBreak(60 * mm),  # a post starts where its head and some lines fit
        KeepTogether([heading, fields]),
        Spacer(1, 3 * mm),
        Text("授权深度（● 为本岗位持有）", 9, bold=True, space_after=2),
        depths,
        Spacer(1, 3 * mm),
    ]
    if post.standards:
        out += [
            CondPageBreak(25 * mm),  # the label never alone at the foot of a page
            Text("工作标准", 9, bold=True, space_after=2),
            _grid(
                [["环节", "工作标准"], *([step, text] for step, text in post.standards)],
                [24 * mm, WIDTH - 24 * mm],
                centred=(0,),
            ),
        ]
    else:
        out.append(Text("工作标准：分工表未写明。", 9))
    out.append(Spacer(1, 6 * mm))
    return out


def _published(value: str | None) -> str:
    if not value:
        return "未注明"
    try:
        return f"{datetime.fromisoformat(value):%Y年%m月%d日}"
    except ValueError:
        return value


def render_post_table(sheet: PostSheet, out: BinaryIO) -> None:
    table = sheet.table
    title = f"{sheet.centre_name}{TITLE}" if sheet.centre_name else TITLE
    sub = (
        f"版本 {table.version}　发布日期 {_published(table.published_at)}　"
        f"共 {len(table.posts)} 个岗位　打印于 {sheet.printed_at:%Y-%m-%d %H:%M}"
    )
    story: list[Flowable] = [
        Text(title, 16, align="center", bold=True, space_after=4),
        Text(sub, 9, align="center", space_after=4),
        Text(
            "A岗主办；A岗不在时由B岗顶岗，A、B岗都不在时由C岗顶岗，顶岗人员持有该岗位的授权深度。"
            "授权深度由中心发布的本表决定，窗口不能自行更改。",
            8.5,
            space_after=8,
        ),
        Text("岗位一览", 12, bold=True, space_after=4),
        _overview(sheet),
        Spacer(1, 8 * mm),
    ]
    for n, post in enumerate(table.posts, start=1):
        story += _post_section(sheet, n, post)
    footer = page_footer(
        f"{TITLE}（版本 {table.version}）", A4[0], "编制：              审核：              日期："
    )
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=15 * mm,
        bottomMargin=22 * mm,
        title=title,
        author="Counter",
        invariant=1,
        initialFontName=PRIMARY,  # else reportlab puts a non-embedded Helvetica on every page
    ).build(story, onFirstPage=footer, onLaterPages=footer)
