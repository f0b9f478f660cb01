"""``counter catalog ...``: import, export, template, show, search, versions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.auth import add_by_option, require_admin
from app.cli.output import emit_json, warn
from app.cli.parsing import ArgumentParser
from app.core import bundles, catalog_format
from app.core.catalog import (
    NOTIFY_PROMISE,
    AnswerError,
    Bundle,
    Commitment,
    Item,
    applicable_materials,
    none_of_these,
    parse_answer_spec,
)
from app.core.errors import CounterError
from app.files import write_file
from app.paths import Home

if TYPE_CHECKING:
    from app.bootstrap import Context


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    cat = sub.add_parser(
        "catalog",
        parents=[common],
        help="the item checklist: import, search, show",
        description="The item catalog (许可事项标准化清单) of this window.",
    )
    cs = cat.add_subparsers(
        dest="catalog_command", metavar="ACTION", required=True, parser_class=ArgumentParser
    )

    p = cs.add_parser(
        "import",
        parents=[common],
        help="import a catalog file (.json or .xlsx)",
        description="Validate and import a catalog in the counter-catalog/2 format "
        "(JSON; counter-catalog/1 is read too, see docs/catalog-format.md) or the Excel "
        "template. On any error every problem is "
        "listed (item code, field, reason) and nothing is changed. "
        "The import becomes a new catalog version; older versions stay.",
    )
    p.add_argument("path", type=Path, help="the .json or .xlsx file")
    p.add_argument(
        "--yes",
        action="store_true",
        help="import even when the file lacks items of the current catalog "
        "(otherwise they are listed and the import asks, or refuses when "
        "not at a terminal)",
    )
    add_by_option(p)
    p.set_defaults(func=cmd_import, load_demo=False)

    p = cs.add_parser(
        "export",
        parents=[common],
        help="export the catalog (.json or .xlsx)",
        description="Write the current (or a given) catalog version to a file in "
        "the counter-catalog format (version 2 when it holds bundles or "
        "commitments, else version 1), or as a workbook when PATH ends in .xlsx.",
    )
    p.add_argument("path", type=Path, help="output file (.json or .xlsx)")
    p.add_argument("--version", dest="catalog_version", type=int, help="catalog version to export")
    p.set_defaults(func=cmd_export)

    p = cs.add_parser(
        "template",
        parents=[common],
        help="write an empty Excel template",
        description="Write an Excel workbook to fill in and import; with --example, "
        "the template holds one real item to copy from.",
    )
    p.add_argument("path", type=Path, help="output .xlsx file")
    p.add_argument("--example", action="store_true", help="include one example item")
    p.set_defaults(func=cmd_template, needs_context=False)

    p = cs.add_parser(
        "show",
        parents=[common],
        help="print an item's or a bundle's checklist",
        description="Print an item's checklist: questions, materials, time limits. "
        "With --answer, only the materials that apply to that situation. For a bundle "
        "(一件事): its members and one checklist in which shared materials appear once; "
        "answer a member's question as ITEM:Q=OPT (e.g. DEMO-0004:q2=c1).",
    )
    p.add_argument("code", help="item or bundle code")
    p.add_argument(
        "--answer",
        metavar="Q=OPT[,OPT]",
        action="append",
        default=[],
        help="answer to a situation question, e.g. s=s1,s3 (repeatable)",
    )
    p.add_argument("--version", dest="catalog_version", type=int, help="catalog version")
    p.add_argument("--json", action="store_true", help="print the item as JSON")
    p.set_defaults(func=cmd_show)

    p = cs.add_parser(
        "search",
        parents=[common],
        help="find items by name, alias, code or pinyin",
        description="Search the current catalog: name, alias, code, full pinyin, "
        "pinyin initials (cjrz finds 残疾人证), substrings, and a "
        "missing character. Best matches first.",
    )
    p.add_argument("text", help="what to look for")
    p.add_argument("--limit", type=int, default=20, help="at most this many results (default 20)")
    p.add_argument("--json", action="store_true", help='print [{"code", "name", "score"}, ...]')
    p.set_defaults(func=cmd_search)

    p = cs.add_parser(
        "versions",
        parents=[common],
        help="list imported catalog versions",
        description="List the catalog versions this window has imported.",
    )
    p.set_defaults(func=cmd_versions)


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.catalog import checked_file

    require_admin(ctx, args, "catalog")
    parsed = checked_file(args.path)
    assert parsed.catalog is not None
    dropped = ctx.catalog.dropped_by(parsed.catalog)
    if dropped and not args.yes:
        _confirm_drops(dropped, len(parsed.catalog.items))
    result = ctx.catalog.import_catalog(parsed.catalog, "import", parsed.warnings)
    for w in result.warnings:
        warn(str(w))
    if result.version is None:
        print(f"目录与当前版本内容相同（{result.items} 个事项），未新增版本")
    else:
        print(f"已导入 {result.items} 个事项，目录版本 {result.version}")
    return 0


def _confirm_drops(dropped: list, new_count: int) -> None:  # type: ignore[type-arg]
    """A file without some of today's items would take them off the window: say which, and
    go on only when the administrator says so (--yes, or y at the terminal)."""
    shown = "、".join(f"{i.code} {i.name}" for i in dropped[:5])
    more = f" 等 {len(dropped)} 个" if len(dropped) > 5 else ""
    what = (
        f"新目录有 {new_count} 个事项，当前目录中的 {shown}{more}事项不在其中，"
        "导入后窗口不能再受理它们（已受理的办件不受影响）"
    )
    if not sys.stdin.isatty():
        raise CounterError("catalog.drops", f"{what}。确认导入请加 --yes；未导入任何内容")
    print(what, file=sys.stderr)
    if input("确认导入？[y/N] ").strip().lower() not in ("y", "yes", "是"):
        raise CounterError("catalog.drops", "已取消，未导入任何内容")


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    catalog = ctx.catalog.export(args.catalog_version)
    target = _write_catalog(catalog, args.path, ctx.home)
    print(f"已导出 {len(catalog.items)} 个事项到 {target}")
    return 0


def _write_catalog(catalog, path: Path, home: Home) -> Path:  # type: ignore[no-untyped-def]
    """Through the one file-writing helper: never over the store or its folders, atomically."""
    if path.suffix.lower() == ".xlsx":
        from app.services.catalog_xlsx import write_workbook

        if catalog_format.uses_version_2(catalog):
            # The workbook has no sheets for bundles or promises: it would drop them silently.
            raise CounterError(
                "catalog.xlsx_v2",
                "该目录含一件事或可承诺材料，Excel 模板无法保存这些内容；"
                "请导出为 .json 文件（counter-catalog/2），未写入任何文件",
            )

        # openpyxl saves to an open file as well as to a name
        return write_file(
            path,
            lambda out: write_workbook(catalog, out),  # type: ignore[arg-type]
            home=home,
            user_named=True,
        )
    data = catalog_format.dumps_catalog(catalog).encode("utf-8")
    return write_file(path, lambda out: out.write(data), home=home, user_named=True)


def cmd_template(args: argparse.Namespace) -> int:
    from app.core.catalog import Catalog

    items: tuple[Item, ...] = ()
    if args.example:
        from app.bootstrap import DEMO_CATALOG
        from app.paths import resources_dir
        from app.services.catalog import read_catalog_file

        demo = read_catalog_file(resources_dir() / DEMO_CATALOG).catalog
        items = demo.items[:1] if demo else ()
    if args.path.suffix.lower() != ".xlsx":
        raise CounterError("template.suffix", "模板文件名应以 .xlsx 结尾")
    target = _write_catalog(
        Catalog(items, None, None), args.path, Home.resolve(getattr(args, "home", None))
    )
    print(f"已写入模板 {target}")
    return 0


def cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    bundle = ctx.catalog.bundle(args.code, args.catalog_version)
    if bundle is not None:
        return _show_bundle(args, ctx, bundle)
    item = ctx.catalog.item(args.code, args.catalog_version)
    answers: dict[str, list[str]] = {}
    try:
        for spec in args.answer:
            for k, v in parse_answer_spec(spec).items():
                answers.setdefault(k, []).extend(v)
        materials = applicable_materials(item, answers)
    except AnswerError as exc:
        raise CounterError("catalog.answer", exc.reason, path=exc.path) from exc
    if args.json:
        d = catalog_format.dump_item(item)
        if args.answer:
            d["applicable_materials"] = [m.id for m in materials]
        emit_json(d)
        return 0
    print(render_checklist(item, materials, answers))
    return 0


def render_checklist(item: Item, materials, answers) -> str:  # type: ignore[no-untyped-def]
    def days(n: int | None) -> str:
        return "未规定" if n is None else ("即办" if n == 0 else f"{n} 个工作日")

    lines = [f"{item.name}  [{item.code}]"]
    if item.aliases:
        lines.append(f"  俗称：{'、'.join(item.aliases)}")
    if item.department:
        lines.append(f"  实施主体：{item.department}")
    lines.append(f"  法定时限：{days(item.legal_days)}    承诺时限：{days(item.promised_days)}")
    if item.fee:
        lines.append(f"  收费：{item.fee}")
    if item.questions:
        lines.append("办理情形：")
        chosen = {o for opts in answers.values() for o in opts}
        for q in item.questions:
            kind = "" if "选" in q.text else ("（可多选）" if q.multiple else "（单选）")
            if q.optional and "可不选" not in q.text:
                kind += "（均不符合可不选）"
            lines.append(f"  {q.id}. {q.text}{kind}")
            for o in q.options:
                mark = "●" if o.id in chosen else "○"
                lines.append(f"     {mark} {o.id} {o.text}")
            if none_of_these(q, answers):
                lines.append("     ● 均不符合")
    title = "适用材料（按所选情形）" if answers else "申请材料"
    lines.append(f"{title}：{len(materials)} 项")
    for n, m in enumerate(materials, start=1):
        extra = "，".join(
            x
            for x in (
                m.form or m.form_text,
                f"{m.copies} 份" if m.copies else None,
                m.effective_necessity,
            )
            if x
        )
        lines.append(f"  {n}. [{m.id}] {m.name}（{extra}）")
        if m.commitment is not None:
            lines.append(f"      可承诺：{_promise_text(m.commitment)}")
        if m.requirements:
            lines.append(f"      要求：{m.requirements}")
        for e in m.common_errors:
            lines.append(f"      易错：{e}")
        if m.when is not None and not answers:
            lines.append("      适用情形：" + " 或 ".join("+".join(g) for g in m.when))
    if item.review_points:
        lines.append("审查要点：")
        lines += [f"  - {p}" for p in item.review_points]
    return "\n".join(lines)


def _promise_text(c: Commitment) -> str:
    if c.kind == NOTIFY_PROMISE:
        days = f"，{c.check_days} 个工作日内核查" if c.check_days is not None else ""
        return f"告知承诺（签署承诺书即可不交此材料{days}）"
    return "容缺承诺（先签承诺书，限期补交此材料）"


def _show_bundle(args: argparse.Namespace, ctx: Context, bundle: Bundle) -> int:
    """A bundle: its members, and one checklist for the members the answers select."""
    own: dict[str, list[str]] = {}
    given: dict[str, dict[str, list[str]]] = {}
    try:
        for spec in args.answer:
            for k, v in parse_answer_spec(spec).items():
                code, sep, qid = k.rpartition(":")
                target = given.setdefault(code, {}) if sep else own
                target.setdefault(qid, []).extend(v)
        members = bundles.members_for(bundle, own)
        unknown = set(given) - {m.item for m in bundle.members}
        if unknown:
            raise AnswerError(
                f"answers.{sorted(unknown)[0]}", f"{sorted(unknown)[0]} 不是本一件事的成员事项"
            )
        # Every member's answers are checked, selected or not: a contradiction is an error.
        answers = {m.item: bundles.member_answers(m, given.get(m.item, {})) for m in bundle.members}
        items = {m.item: ctx.catalog.item(m.item, args.catalog_version) for m in members}
        lines_ = bundles.checklist(bundle, items, answers, members)
    except AnswerError as exc:
        raise CounterError("catalog.answer", exc.reason, path=exc.path) from exc
    if args.json:
        d = catalog_format.dump_bundle(bundle)
        d["applicable_members"] = [m.item for m in members]
        d["checklist"] = [
            {"key": x.key, "name": x.name, "materials": [[r.item, r.material] for r in x.refs]}
            for x in lines_
        ]
        emit_json(d)
        return 0
    out = [f"{bundle.name}  [{bundle.code}]（一件事）"]
    if bundle.aliases:
        out.append(f"  俗称：{'、'.join(bundle.aliases)}")
    if bundle.department:
        out.append(f"  牵头部门：{bundle.department}")
    if bundle.promised_days is not None:
        out.append(f"  联办承诺时限：{bundle.promised_days} 个工作日（各事项另有各自时限）")
    chosen = {o for opts in own.values() for o in opts}
    for q in bundle.questions:
        out.append(f"  {q.id}. {q.text}")
        out += [f"     {'●' if o.id in chosen else '○'} {o.id} {o.text}" for o in q.options]
    out.append("成员事项：")
    selected = {m.item for m in members}
    for m in bundle.members:
        item = ctx.catalog.item(m.item, args.catalog_version)
        when = (
            ""
            if m.when is None
            else "（适用情形：" + " 或 ".join("+".join(g) for g in m.when) + "）"
        )
        mark = "●" if m.item in selected else "○"
        out.append(f"  {mark} {item.name} [{item.code}]{when}")
    asked, one_by_one = bundles.materials_saved(lines_)
    out.append(f"材料：{asked} 项（各事项分别办理共需 {one_by_one} 项）")
    for n, x in enumerate(lines_, start=1):
        serves = "、".join(f"{r.item}/{r.material}" for r in x.refs)
        extra = "，".join(
            v for v in (x.form, f"{x.copies} 份" if x.copies else None, x.necessity) if v
        )
        out.append(f"  {n}. {x.name}（{extra}）  用于 {serves}")
        if x.commitment is not None:
            out.append(f"      可承诺：{_promise_text(x.commitment)}")
    print("\n".join(out))
    return 0


def cmd_search(args: argparse.Namespace, ctx: Context) -> int:
    if args.limit < 1:
        raise CounterError("search.limit", "--limit 应为正整数")
    hits = ctx.catalog.search(args.text, limit=args.limit)
    if args.json:
        emit_json([{"code": h.code, "name": h.name, "score": h.score} for h in hits])
        return 0
    if not hits:
        print("没有找到匹配的事项")
    for h in hits:
        print(f"{h.code}\t{h.name}\t{h.score:g}")
    return 0


def cmd_versions(args: argparse.Namespace, ctx: Context) -> int:
    for v in ctx.catalog.versions():
        print(
            f"{v.id}\t{v.imported_at:%Y-%m-%d %H:%M}\t{v.origin}\t{v.item_count} 项\t"
            f"{v.published_at or ''}"
        )
    return 0
