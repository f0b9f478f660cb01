"""The catalog as an Excel workbook, for administrators who keep their checklist in a spreadsheet.

One sheet per kind of row (items, situation options, materials, FAQ). The reader turns the
workbook into the interchange document and validates it with the same rules as a JSON file,
so both paths refuse exactly the same mistakes.
"""

from __future__ import annotations

import contextlib
import math
import zipfile
from pathlib import Path
from typing import Any

from app.core import catalog_format
from app.core.catalog import FORMS, NECESSITIES, Catalog
from app.core.errors import Problem

ITEM_COLUMNS = [
    ("code", "事项编码*"),
    ("name", "事项名称*"),
    ("aliases", "俗称（每行一个）"),
    ("department", "实施主体"),
    ("item_type", "事项类型"),
    ("legal_days", "法定时限（工作日）"),
    ("promised_days", "承诺时限（工作日，0=即办）"),
    ("fee", "收费"),
    ("result", "办理结果"),
    ("conditions", "受理条件"),
    ("steps", "办理流程（每行一步）"),
    ("review_points", "审查要点（每行一条）"),
    ("source_url", "来源网址"),
]
OPTION_COLUMNS = [
    ("code", "事项编码*"),
    ("question_id", "问题编号*"),
    ("question_text", "问题*"),
    ("multiple", "可多选（是/否）"),
    ("id", "选项编号*"),
    ("text", "选项*"),
    ("hint", "提示"),
    ("optional", "可不选（是/否，仅可多选的问题）"),
]
# Columns added after the first template: a workbook made from an older template lacks them.
LATER_COLUMNS = {"情形": 1}
YES = ("是", "true", "True", "1")
MATERIAL_COLUMNS = [
    ("code", "事项编码*"),
    ("id", "材料编号*"),
    ("name", "材料名称*"),
    ("form", "材料形式"),
    ("form_text", "形式原文"),
    ("copies", "份数"),
    ("source", "来源渠道"),
    ("necessity", "必要性（必要/容缺/非必要）"),
    ("requirements", "受理标准"),
    ("common_errors", "易错提醒（每行一条）"),
    ("when", "适用情形（空=始终需要；选项用+连接表示同时满足，用|分隔表示任一组）"),
]
FAQ_COLUMNS = [("code", "事项编码*"), ("q", "问题*"), ("a", "解答*")]
SHEETS = {
    "事项": ITEM_COLUMNS,
    "情形": OPTION_COLUMNS,
    "材料": MATERIAL_COLUMNS,
    "答疑": FAQ_COLUMNS,
}
META_SHEET = "说明"
LIST_FIELDS = {"aliases", "steps", "review_points", "common_errors"}
INT_FIELDS = {"legal_days", "promised_days", "copies"}
CODE_FIELDS = {"code", "question_id", "id"}  # codes and ids: text, or a whole number

MAX_WORKBOOK_BYTES = 64 * 1024 * 1024  # the file itself
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # all its parts unpacked (10,000 items: ~100 MB)
MAX_PART_RATIO = 100  # real sheets pack 4-20:1; far more is not a spreadsheet someone typed
MAX_ROWS = 100_000  # per sheet; the catalog allows 20,000 items


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _lines(v: Any) -> list[str]:
    if v is None or v == "":
        return []
    return [s.strip() for s in str(v).splitlines() if s.strip()]


def _format_when(when: tuple[tuple[str, ...], ...] | None) -> str | None:
    if when is None:
        return None
    return " | ".join("+".join(g) for g in when)


def _parse_when(v: Any) -> list[list[str]] | None:
    if v is None or str(v).strip() == "":
        return None
    return [[o.strip() for o in g.split("+")] for g in str(v).split("|")]


def write_workbook(catalog: Catalog, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    meta = wb.worksheets[0]  # a new workbook has exactly one sheet
    meta.title = META_SHEET
    meta.append(["格式", catalog_format.FORMAT_TAG])
    meta.append(["发布时间", catalog.published_at])
    meta.append(["来源", catalog.source])
    meta.append([])
    for line in (
        "填写说明：带 * 的列必填。每个事项在“事项”表占一行；情形问题的每个选项在“情形”表占一行；",
        "每份材料在“材料”表占一行。材料形式只能填：" + "、".join(FORMS) + "。",
        "必要性只能填：" + "、".join(NECESSITIES) + "（空表示必要）。",
        "适用情形：空表示始终需要；s1+q2b 表示同时选了 s1 和 q2b；s1 | s2 表示选了 s1 或 s2。",
        "导入：counter catalog import 本文件.xlsx（有任何错误时列出全部错误，不导入任何内容）。",
    ):
        meta.append([line])
    meta.column_dimensions["A"].width = 12
    meta.column_dimensions["B"].width = 60

    rows: dict[str, list[list[Any]]] = {name: [] for name in SHEETS}
    for item in catalog.items:
        d = catalog_format.dump_item(item)
        rows["事项"].append(
            ["\n".join(d[k]) if k in LIST_FIELDS else d[k] for k, _ in ITEM_COLUMNS]
        )
        for q in item.questions:
            for o in q.options:
                rows["情形"].append(
                    [
                        item.code,
                        q.id,
                        q.text,
                        "是" if q.multiple else "否",
                        o.id,
                        o.text,
                        o.hint,
                        "是" if q.optional else None,
                    ]
                )
        for m in item.materials:
            rows["材料"].append(
                [
                    item.code,
                    m.id,
                    m.name,
                    m.form,
                    m.form_text,
                    m.copies,
                    m.source,
                    m.necessity,
                    m.requirements,
                    "\n".join(m.common_errors),
                    _format_when(m.when),
                ]
            )
        for f in item.faq:
            rows["答疑"].append([item.code, f.q, f.a])

    for name, columns in SHEETS.items():
        ws = wb.create_sheet(name)
        ws.append([title for _, title in columns])
        for c in ws[1]:
            c.font = Font(bold=True)
        for r in rows[name]:
            ws.append(r)
        for i, (_, title) in enumerate(columns, start=1):
            ws.column_dimensions[ws.cell(1, i).column_letter].width = max(12, len(title) * 2)
        for row in ws.iter_rows(min_row=2):
            for c in row:
                c.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
    form_dv = DataValidation(type="list", formula1='"' + ",".join(FORMS) + '"', allow_blank=True)
    nec_dv = DataValidation(
        type="list", formula1='"' + ",".join(NECESSITIES) + '"', allow_blank=True
    )
    mats = wb["材料"]
    mats.add_data_validation(form_dv)
    mats.add_data_validation(nec_dv)
    form_dv.add("D2:D5000")
    nec_dv.add("H2:H5000")
    wb.save(path)


def _check_package(path: Path) -> None:
    """Refuse what is not a zip, and a zip whose parts unpack to far more than a workbook's."""
    try:
        with zipfile.ZipFile(path) as z:
            total = 0
            for info in z.infolist():
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > 1024 * 1024 and ratio > MAX_PART_RATIO:
                    raise _Refused(
                        f"文件中的 {info.filename[:60]} 解压后异常庞大（压缩比 {ratio:.0f}:1），"
                        "不像是正常的表格；请用 Excel 另存后再导入"
                    )
            if total > MAX_UNPACKED_BYTES:
                raise _Refused(f"文件解压后过大（{total} 字节）；请检查是否选错了文件")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise _Refused("不是有效的 .xlsx 文件（无法按 zip 读取）；请用 Excel 另存为 .xlsx") from exc


def _cell_code(v: Any) -> Any:
    """A code or id cell: text as typed; a whole number as its digits; anything else as is
    (the format check names the wrong type)."""
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float) and math.isfinite(v) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return v


def read_workbook(path: Path) -> catalog_format.ParseResult:
    try:
        return _read_workbook(path)
    except _Refused as exc:
        return catalog_format.ParseResult(
            None, [Problem("", path.name, exc.reason, "catalog.xlsx")], []
        )


def _read_workbook(path: Path) -> catalog_format.ParseResult:
    from openpyxl import load_workbook

    _check_package(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        return catalog_format.ParseResult(
            None,
            [
                Problem(
                    "",
                    path.name,
                    f"无法读取 Excel 文件（{type(exc).__name__}）：请确认是 .xlsx 格式且未损坏",
                    "catalog.xlsx",
                )
            ],
            [],
        )
    try:
        return _read_sheets(wb, path)
    except _Refused:
        raise
    except Exception as exc:  # a damaged sheet: openpyxl raises many types
        raise _Refused(
            f"Excel 文件中有无法读取的工作表（{type(exc).__name__}）；"
            "请用 Excel 打开检查后另存为 .xlsx"
        ) from exc
    finally:
        wb.close()


def _rows(wb: Any, name: str, width: int) -> Any:
    """Every row of a sheet, whatever extent the sheet declares: a wrong ``<dimension>`` in the
    file (some programs write one) must not make rows beyond it disappear."""
    ws = wb[name]
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    rows = ws.iter_rows(max_col=width, values_only=True)
    n = 0
    while True:
        n += 1
        try:
            row = next(rows, None)
        except Exception as exc:  # a cell openpyxl cannot read (e.g. NaN, INF), broken XML
            raise _Refused(
                f"工作表 {name} 第 {n} 行附近有无法读取的单元格（{type(exc).__name__}）；"
                "请在 Excel 中改正该行（数字列只能填数字）后另存为 .xlsx"
            ) from exc
        if row is None:
            return
        if n > MAX_ROWS:
            raise _Refused(f"工作表 {name} 超过 {MAX_ROWS} 行；请检查是否选错了文件")
        yield row


def _read_sheets(wb: Any, path: Path) -> catalog_format.ParseResult:
    problems: list[Problem] = []
    missing = [s for s in (META_SHEET, *SHEETS) if s not in wb.sheetnames]
    if missing:
        return catalog_format.ParseResult(
            None,
            [
                Problem(
                    "",
                    path.name,
                    f"缺少工作表：{'、'.join(missing)}；请用 counter catalog template 生成模板",
                    "catalog.xlsx",
                )
            ],
            [],
        )
    meta = {
        str(r[0]).strip(): r[1]
        for r in _rows(wb, META_SHEET, 2)
        if r and r[0] is not None and len(r) > 1
    }

    def sheet_rows(name: str) -> list[tuple[int, dict[str, Any]]]:
        columns = SHEETS[name]
        it = _rows(wb, name, len(columns))
        header = [str(h).strip() if h is not None else "" for h in next(it, ())]
        want = [title for _, title in columns]
        older = want[: len(want) - LATER_COLUMNS.get(name, 0)]
        if header[: len(want)] != want and not (
            header[: len(older)] == older and not any(header[len(older) :])
        ):
            problems.append(
                Problem(
                    "",
                    f"工作表 {name} 第 1 行",
                    "表头与模板不一致；请勿修改、插入或删除列",
                    "catalog.xlsx",
                )
            )
            return []
        out = []
        for n, row in enumerate(it, start=2):
            if row is None or all(v is None or str(v).strip() == "" for v in row):
                continue
            values: dict[str, Any] = {
                k: row[i] if i < len(row) else None for i, (k, _) in enumerate(columns)
            }
            for k, v in list(values.items()):
                if k in CODE_FIELDS:
                    values[k] = v = _cell_code(v)
                if isinstance(v, str):
                    values[k] = v.strip() or None
                if k in INT_FIELDS and isinstance(v, float) and math.isfinite(v) and v.is_integer():
                    values[k] = int(v)
                if k in INT_FIELDS and isinstance(values[k], str):
                    # Left as text when not a number: the format check names the wrong type.
                    with contextlib.suppress(ValueError):
                        values[k] = int(values[k])
            out.append((n, values))
        return out

    items: list[dict[str, Any]] = []
    by_code: dict[str, dict[str, Any]] = {}
    for _n, v in sheet_rows("事项"):
        code = v["code"]
        entry: dict[str, Any] = {
            k: (_lines(v[k]) if k in LIST_FIELDS else v[k]) for k, _ in ITEM_COLUMNS
        }
        entry["code"] = code
        entry.update(questions=[], materials=[], faq=[])
        items.append(entry)
        if code is not None:
            by_code.setdefault(code, entry)

    def owner(sheet: str, n: int, code: Any) -> dict[str, Any] | None:
        item = by_code.get(code) if code is not None else None
        if item is None:
            shown = catalog_format._key(str(code))
            problems.append(
                Problem(
                    "",
                    f"工作表 {sheet} 第 {n} 行",
                    f"事项编码 {shown} 不在“事项”表中",
                    "catalog.xlsx",
                )
            )
        return item

    questions: dict[tuple[int, Any], dict[str, Any]] = {}
    for n, v in sheet_rows("情形"):
        item = owner("情形", n, v["code"])
        if item is None:
            continue
        qid = v["question_id"]
        question = questions.get((id(item), qid))
        if question is None:
            question = {
                "id": qid,
                "text": v["question_text"],
                "multiple": str(v["multiple"] or "否").strip() in YES,
                "options": [],
            }
            if str(v["optional"] or "否").strip() in YES:
                question["optional"] = True
            item["questions"].append(question)
            questions[(id(item), qid)] = question
        question["options"].append({"id": v["id"], "text": v["text"], "hint": v["hint"]})
    for n, v in sheet_rows("材料"):
        item = owner("材料", n, v["code"])
        if item is None:
            continue
        m = {k: v[k] for k, _ in MATERIAL_COLUMNS if k != "code"}
        m["common_errors"] = _lines(m["common_errors"])
        m["when"] = _parse_when(m["when"])
        item["materials"].append(m)
    for n, v in sheet_rows("答疑"):
        item = owner("答疑", n, v["code"])
        if item is not None:
            item["faq"].append({"q": v["q"], "a": v["a"]})

    doc = {
        "format": meta.get("格式"),
        "published_at": meta.get("发布时间"),
        "source": meta.get("来源"),
        "items": items,
    }
    result = catalog_format.parse_catalog(doc)
    if problems:
        listed = (problems + result.errors)[: catalog_format.MAX_PROBLEMS]
        return catalog_format.ParseResult(None, listed, result.warnings)
    return result
