"""An item's checklist as rich text, for the checklist browser and consultations (read-only)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from html import escape

from PySide6.QtCore import QCoreApplication

from app.core.catalog import Bundle, Item, Material
from app.ui.labels import necessity_labels
from app.ui.theme import MUTED, WARN_INK


def _days(days: int | None) -> str:
    if days is None:
        return "—"
    if days == 0:
        return QCoreApplication.translate("ItemView", "on the spot")
    return QCoreApplication.translate("ItemView", "{0} working days").format(days)


def material_html(m: Material) -> str:
    """One material: form, copies, requirements and the common errors (易错提醒)."""
    translate = QCoreApplication.translate
    form_label = translate("ItemView", "Form")
    copies_label = translate("ItemView", "Copies")
    source_label = translate("ItemView", "Source")
    req_label = translate("ItemView", "Requirements")
    errors_label = translate("ItemView", "Common errors (易错提醒)")
    necessity = necessity_labels().get(m.effective_necessity, m.effective_necessity)
    form = m.form_text or m.form or "—"
    parts = [
        f"<b>{escape(m.name)}</b> <span style='color:{MUTED}'>[{escape(necessity)}]</span>",
        f"<br>{escape(form_label)}：{escape(form)}",
    ]
    if m.copies:
        parts.append(f"　{escape(copies_label)}：{m.copies}")
    if m.source:
        parts.append(f"<br>{escape(source_label)}：{escape(m.source)}")
    if m.requirements:
        parts.append(f"<br>{escape(req_label)}：{escape(m.requirements)}")
    if m.common_errors:
        errs = "".join(f"<li>{escape(e)}</li>" for e in m.common_errors)
        parts.append(
            f"<div style='color:{WARN_INK}'>⚠ {escape(errors_label)}"
            f"<ul style='margin-top:2px'>{errs}</ul></div>"
        )
    return "".join(parts)


def item_html(
    item: Item, chosen: Collection[str] | None = None, provisional_year: int | None = None
) -> str:
    """The whole checklist; with ``chosen`` options, only the materials of that situation.
    ``provisional_year``: its promised date, counted today, reaches a year without a holiday
    schedule: said first, when the item is chosen, not at the outcome."""
    translate = QCoreApplication.translate
    rows = [
        (translate("ItemView", "Code"), item.code),
        (translate("ItemView", "Department"), item.department),
        (translate("ItemView", "Legal time limit"), _days(item.legal_days)),
        (translate("ItemView", "Promised time limit"), _days(item.promised_days)),
        (translate("ItemView", "Fee"), item.fee),
        (translate("ItemView", "Result"), item.result),
        (translate("ItemView", "Conditions"), item.conditions),
    ]
    questions_label = translate("ItemView", "Situation questions")
    materials_label = translate("ItemView", "Materials")
    only_when = translate("ItemView", "Only when")
    points_label = translate("ItemView", "Review points")
    steps_label = translate("ItemView", "Steps")
    faq_label = translate("ItemView", "Frequent questions")
    out = [f"<h2 style='margin-bottom:4px'>{escape(item.name)}</h2>"]
    if provisional_year is not None:
        note = translate(
            "ItemView",
            "The {0} holiday schedule has not been published yet: this item can be "
            "accepted, and its promised date is counted with the statutory holidays and printed "
            "as provisional (暂定). It is counted again when the schedule arrives.",
        ).format(provisional_year)
        out.append(f"<p id='provisionalNote' style='color:{WARN_INK}'>⚠ {escape(note)}</p>")
    if item.aliases:
        out.append(f"<p style='color:{MUTED}'>{escape(' / '.join(item.aliases))}</p>")
    out.append("<table cellspacing='0' cellpadding='4'>")
    for label, value in rows:
        if value:
            out.append(
                f"<tr><td style='color:{MUTED}' nowrap>{escape(label)}</td>"
                f"<td>{escape(str(value))}</td></tr>"
            )
    out.append("</table>")
    if item.questions:
        out.append(f"<h3>{escape(questions_label)}</h3><ol>")
        for q in item.questions:
            opts = "".join(
                f"<li>{escape(o.text)}"
                + (f" <span style='color:{MUTED}'>— {escape(o.hint)}</span>" if o.hint else "")
                + "</li>"
                for o in q.options
            )
            out.append(f"<li>{escape(q.text)}<ul>{opts}</ul></li>")
        out.append("</ol>")
    picked = frozenset(chosen) if chosen is not None else None
    mats = [m for m in item.materials if picked is None or m.applies(picked)]
    out.append(f"<h3>{escape(materials_label)} ({len(mats)})</h3><ol>")
    names = {o.id: o.text for q in item.questions for o in q.options}
    for m in mats:
        when = ""
        if m.when and picked is None:
            groups = [" + ".join(names.get(o, o) for o in g) for g in m.when]
            when = (
                f"<br><span style='color:{MUTED}'>{escape(only_when)}："
                f"{escape(' / '.join(groups))}</span>"
            )
        out.append(f"<li style='margin-bottom:8px'>{material_html(m)}{when}</li>")
    out.append("</ol>")
    if item.review_points:
        out.append(f"<h3>{escape(points_label)}</h3><ul>")
        out += [f"<li>{escape(p)}</li>" for p in item.review_points]
        out.append("</ul>")
    if item.steps:
        out.append(f"<h3>{escape(steps_label)}</h3><ol>")
        out += [f"<li>{escape(s)}</li>" for s in item.steps]
        out.append("</ol>")
    if item.faq:
        out.append(f"<h3>{escape(faq_label)}</h3>")
        out += [f"<p><b>{escape(f.q)}</b><br>{escape(f.a)}</p>" for f in item.faq]
    return "".join(out)


def bundle_html(bundle: Bundle, items: Mapping[str, Item]) -> str:
    """A bundle (一件事) as the item picker previews it: its members, when each applies, and the
    materials handed in once for several of them."""
    translate = QCoreApplication.translate
    names = {o.id: o.text for q in bundle.questions for o in q.options}
    out = [
        f"<h2 style='margin-bottom:4px'>{escape(bundle.name)}</h2>",
        f"<p style='color:{MUTED}'>"
        + escape(translate("ItemView", "One visit for several items (一件事)"))
        + "</p>",
    ]
    if bundle.aliases:
        out.append(f"<p style='color:{MUTED}'>{escape(' / '.join(bundle.aliases))}</p>")
    rows = [
        (translate("ItemView", "Code"), bundle.code),
        (translate("ItemView", "Department"), bundle.department),
        (translate("ItemView", "Joint promised time limit"), _days(bundle.promised_days)),
    ]
    out.append("<table cellspacing='0' cellpadding='4'>")
    for label, value in rows:
        if value and value != "—":
            out.append(
                f"<tr><td style='color:{MUTED}' nowrap>{escape(label)}</td>"
                f"<td>{escape(str(value))}</td></tr>"
            )
    out.append("</table>")
    only_when = translate("ItemView", "Only when")
    out.append(
        f"<h3>{escape(translate('ItemView', 'Items in it'))} ({len(bundle.members)})</h3><ol>"
    )
    for member in bundle.members:
        item = items.get(member.item)
        name = item.name if item is not None else member.item
        when = ""
        if member.when:
            groups = [" + ".join(names.get(o, o) for o in g) for g in member.when]
            when = (
                f"<br><span style='color:{MUTED}'>{escape(only_when)}："
                f"{escape(' / '.join(groups))}</span>"
            )
        out.append(
            f"<li>{escape(name)} <span style='color:{MUTED}'>[{member.item}]</span>{when}</li>"
        )
    out.append("</ol>")
    if bundle.shared:
        label = translate("ItemView", "Handed in once for several items")
        out.append(f"<h3>{escape(label)}</h3><ul>")
        out += [f"<li>{escape(g.name)}</li>" for g in bundle.shared]
        out.append("</ul>")
    return "".join(out)
