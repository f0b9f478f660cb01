"""The slips of a 一件事 visit: one 告知单 for the applicant, one 材料流转单 per back office.

Both are built from what each member's case recorded (its outcome, promise and the gap list
told with its visit), never decided again. The same PDF is kept in every member's case folder
(``bundle-01.pdf``), so a reprint from any member hands back the slip the applicant holds.

A member's signed promises are its own papers, printed with its own slips by the intake like
a single item's: the 证明事项告知承诺书 (``promise-01.pdf``, both copies) of a member whose
materials a 告知承诺 replaced, the 容缺受理承诺书 with the catalog's promise of each material
in a 容缺 member's ``tolerance-01.pdf``. One letter per member case, not one for the bundle:
each case is checked (核查) by its own back office by its own date and revoked alone when its
promise proves untrue, so each letter names one item, one case number and one check date.
The 告知单 names, member by member, what was promised and which letter was signed for it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.core.checklist import ACCEPT, REFUSE, TOLERATE
from app.core.errors import CounterError
from app.models.schema import Record
from app.services import promise_letters, record_log
from app.services.kept_slips import readable, write_sealed

if TYPE_CHECKING:
    from app.core.cases import CaseView
    from app.core.catalog import Item
    from app.printing.model import BundleMemberLine, BundleSlip, TransferSet
    from app.services.settings import WindowSettings
    from app.services.slips import SlipService

BUNDLE_DOCS = ("bundle", "bundletransfer")


def bundle_tie(slips: SlipService, case_no: str) -> tuple[dict[str, Any], list[str]] | None:
    """The bundle a case was taken in (its intake record's ``bundle``) and the case numbers of
    all its members in member order; None for a case taken alone. The members were written in
    one transaction at one time: their intake records share the creation time (an indexed
    lookup, never a scan of the history)."""
    view = slips.cases.case(case_no)
    with slips.store.read() as s:
        own = s.scalars(
            select(Record).where(Record.case_id == view.id, Record.kind == "intake")
        ).first()
        if own is None:
            return None
        tie = record_log.payload_of(own).get("bundle")
        if not tie:
            return None
        same_time = s.scalars(
            select(Record)
            .where(Record.kind == "intake", Record.created_at == own.created_at)
            .order_by(Record.seq)
        )
        numbers = [
            p["case_no"]
            for p in (record_log.payload_of(r) for r in same_time)
            if (p.get("bundle") or {}).get("id") == tie["id"]
        ]
    return tie, numbers


def _member(slips: SlipService, view: CaseView) -> BundleMemberLine:
    from app.printing.model import BundleMemberLine
    from app.services.slips import SLIP_OUTCOME

    item = slips.catalog.item(view.item_code, view.catalog_version)
    signed = promise_letters.promise_record(slips.store, view.id) or {}
    due = signed.get("check_due")
    later = promise_letters.tolerance_promised(slips.store, view.id, view.outstanding)
    return BundleMemberLine(
        case_no=view.case_no,
        item_code=item.code,
        item_name=item.name,
        outcome=SLIP_OUTCOME[view.outcome],  # type: ignore[index]
        department=item.department,
        promised_days=view.promised_days,
        promised_date=view.promised_date,
        promised_provisional=view.promised_provisional,
        gaps=slips._told(item, view),
        supplement_deadline=view.supplement_deadline,
        refusal_reason=view.reason if view.outcome == REFUSE else None,
        promised=_names(item, signed.get("promised") or ()),
        check_due=date.fromisoformat(due) if isinstance(due, str) else due,
        tolerance_promised=_names(item, later if view.outcome == TOLERATE else ()),
    )


def _names(item: Item, ids: Sequence[str]) -> tuple[str, ...]:
    """The materials' names as the case's catalog version words them (its letters print them)."""
    return tuple((m.name if (m := item.material(mid)) else mid) for mid in ids)


def _promised(tie: dict[str, Any]) -> date | None:
    value = tie.get("promised_date")
    return date.fromisoformat(value) if isinstance(value, str) else value


def bundle_slip(
    slips: SlipService, tie: dict[str, Any], views: Sequence[CaseView], w: WindowSettings
) -> BundleSlip:
    from app.printing.model import BundleSlip

    first = views[0]
    return BundleSlip(
        header=slips._header(w, first.clerk),
        bundle_code=tie["code"],
        bundle_name=tie["name"],
        applicant=slips._party(first.applicant),
        accepted_at=first.created_at,
        members=tuple(_member(slips, v) for v in views),
        promised_date=_promised(tie),
        agent=slips._party(first.agent),
        catalog_version=str(first.catalog_version),
    )


def transfer_set(
    slips: SlipService, views: Sequence[CaseView], bundle_name: str, w: WindowSettings
) -> TransferSet:
    """One 材料流转单 per back office (the member item's department) for the members taken in
    (受理, 容缺受理), with the materials received for each; its barcode is the first case's.
    Made with the visit, so it is dated by it (a remade copy says the same)."""
    from app.printing import TransferEntry, TransferSlip
    from app.printing.model import TransferSet

    offices: dict[str, list[TransferEntry]] = {}
    for view in views:
        if view.outcome not in (ACCEPT, TOLERATE):
            continue
        item = slips.catalog.item(view.item_code, view.catalog_version)
        received = slips._received(item, view)
        entry = TransferEntry(
            view.case_no, item.name, view.applicant.name, received, f"一件事：{bundle_name}"
        )
        offices.setdefault(item.department or "后台审批科室", []).append(entry)
    header = slips._header(w, views[0].clerk)
    return TransferSet(
        header,
        tuple(
            TransferSlip(entries[0].case_no, header, office, views[0].created_at, tuple(entries))
            for office, entries in offices.items()
        ),
    )


def keep(slips: SlipService, case_nos: Sequence[str], tie: dict[str, Any]) -> list[Path]:
    """Render the bundle's slips once and keep each in every member's case folder (the
    transfer lists with the members taken in); the readable copies of the first member's."""
    from app.printing import render
    from app.services.slips import _layout, _print_settings

    views = [slips.cases.case(n) for n in case_nos]
    taken = [v for v in views if v.outcome in (ACCEPT, TOLERATE)]
    w = slips._window()
    layout, settings = _layout(w), _print_settings(w)
    made: list[tuple[str, BundleSlip | TransferSet, list[CaseView]]] = [
        ("bundle", bundle_slip(slips, tie, views, w), views)
    ]
    if taken:  # nothing taken in: nothing goes to a back office
        made.append(("bundletransfer", transfer_set(slips, views, tie["name"], w), taken))
    out: list[Path] = []
    for doc, data, holders in made:
        buf = io.BytesIO()
        render(doc, data, layout, buf, settings)
        for view in holders:  # the same bytes in every folder: any member reprints them
            target = slips.home.case_dir(view.case_no) / f"{doc}-{view.visits:02d}.pdf"
            _write(slips, target, buf.getvalue())
            if view is holders[0]:
                out.append(readable(slips.home, target))
    return out


def _write(slips: SlipService, target: Path, pdf: bytes) -> None:
    from app.files import make_folder

    make_folder(target.parent)
    write_sealed(slips.home, target, lambda f: f.write(pdf))


def remake(slips: SlipService, case_no: str, doc: str) -> Path:
    """A bundle slip never kept (its printing failed): made again from the members' cases."""
    found = bundle_tie(slips, case_no)
    if found is None:
        raise CounterError("print.doc", f"办件 {case_no} 不是一件事中的事项，没有{doc}")
    tie, numbers = found
    keep(slips, numbers, tie)
    kept = slips._kept(slips.home.case_dir(slips.cases.case(case_no).case_no), doc)
    if kept is None:
        raise CounterError("print.doc", f"办件 {case_no} 未受理，没有材料流转单")
    return readable(slips.home, kept)
