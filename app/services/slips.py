"""The slips of each visit: built from the recorded case, kept as PDFs, reprinted identically.

A slip is printed only after its record committed (the visit service calls ``for_result``
after the transaction). It is built from the case as recorded (a ``CaseView``) and one
snapshot of the window's settings read for it. Each PDF is kept in the case's folder in the
data directory under ``<doc>-<visit>.pdf``, sealed with the store's key; the paths handed out
are readable copies in the print spool (``kept_slips``). A reprint hands back that same PDF,
byte for byte, so the copy an applicant holds and the copy the window reprints never differ.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from app.core.cases import CaseState, CaseView, IntakeResult
from app.core.catalog import applicable_materials, none_of_these
from app.core.checklist import ACCEPT, CORRECTION, OK, REFUSE, TOLERATE, ToldGap, find_gaps
from app.core.errors import CounterError
from app.core.identity import ID_TYPES
from app.core.parties import Party as CoreParty
from app.models.db import Store
from app.paths import Home, inside
from app.services import centre_cases, promise_letters
from app.services.accounts import AccountService
from app.services.case_queries import CaseQueries
from app.services.catalog import CatalogService
from app.services.kept_slips import readable, write_sealed
from app.services.settings import Settings, WindowSettings

if TYPE_CHECKING:
    from app.core.catalog import Item, Material, Question
    from app.printing import (
        CaseSlip,
        Layout,
        MaterialLine,
        PickupSlip,
        PrintSettings,
        SlipHeader,
        SlipParty,
        TransferSlip,
    )
    from app.printing.model import Outcome, PromisedMaterial
    from app.printing.promise_letter import PromiseSlip

log = logging.getLogger(__name__)

OUTCOME_DOC = {
    ACCEPT: "acceptance",
    TOLERATE: "tolerance",
    CORRECTION: "correction",
    REFUSE: "refusal",
    "pickup": "pickup",
}
# The outcome words of the slip data (app.printing.model.Outcome), by the visit's outcome.
SLIP_OUTCOME: dict[str, Outcome] = {
    ACCEPT: "accepted",
    TOLERATE: "tolerated",
    CORRECTION: "correction",
    REFUSE: "refused",
}
CASE_DOCS = (
    "acceptance",
    "correction",
    "tolerance",
    "commitment",
    "promise",
    "refusal",
    "transfer",
    "pickup",
)


def _situation(
    questions: Sequence[Question], answers: Mapping[str, Iterable[str]]
) -> tuple[str, ...]:
    """The 办理情形 line, question by question: the options chosen, or 均不符合 for an optional
    question answered "none of these" (named by its question when the item asks several)."""
    parts: list[str] = []
    for q in questions:
        if none_of_these(q, answers):
            # "家庭特殊情形（可多选，均不符合可不选）" is named without its instruction.
            name = re.sub(r"[（(][^（）()]*[）)]\s*$", "", q.text).strip()
            parts.append(f"{name}：均不符合" if len(questions) > 1 and name else "均不符合")
            continue
        chosen = set(answers.get(q.id, ()))
        parts.extend(o.text for o in q.options if o.id in chosen)
    return tuple(parts)


# 一次性告知书, 容缺受理通知书, 受理通知书 (for the pickup): the applicant comes back.
RETURN_DOCS = ("correction", "tolerance", "acceptance")


def _line(m: Material | None, name: str, verdict: str, reason: str | None) -> MaterialLine:
    from app.printing import MaterialLine

    return MaterialLine(
        name,
        (m.form or m.form_text) if m else None,
        m.copies if m else None,
        m.requirements if m else None,
        verdict,  # type: ignore[arg-type]
        reason,
        m.necessity if m else None,
    )


class SlipService:
    def __init__(
        self,
        home: Home,
        store: Store,
        catalog: CatalogService,
        users: AccountService,
        cases: CaseQueries,
    ) -> None:
        self.home = home
        self.store = store
        self.catalog = catalog
        self.users = users
        self.cases = cases

    # ---- what the intake service calls ------------------------------------------------------

    def for_result(self, result: IntakeResult) -> list[Path]:
        doc = OUTCOME_DOC.get(result.outcome)
        if doc is None or result.case_no is None:
            return []
        view = self.cases.case(result.case_no)
        paths = [self.render_case(view, doc)]
        if promise_letters.visit_promised(self.store, result.record_id):
            paths.append(self.render_case(view, "promise"))  # signed at the same visit
        return paths

    # ---- reprints and other documents ----------------------------------------------------------

    def reprint(self, case_no: str, doc: str) -> Path:
        """The kept PDF of a document (``correction`` or ``correction-01``); made if never kept."""
        view = self.cases.case(case_no)
        folder = self.home.case_dir(view.case_no)
        kept = self._kept(folder, doc)
        if kept is not None:
            return readable(self.home, kept)
        from app.services.record_purge import refuse_if_purged

        refuse_if_purged(self.store, view.case_no)  # its slips went with its personal data
        base = doc.split("-")[0]
        if base == "transfer" and not any(h["kind"] == "transfer" for h in view.history):
            raise CounterError("print.doc", f"办件 {view.case_no} 尚未流转，没有材料流转单")
        if base in ("bundle", "bundletransfer"):
            from app.services import bundle_slips

            return bundle_slips.remake(self, view.case_no, base)
        if base not in CASE_DOCS:
            raise CounterError("print.doc", f"没有这种单据：{doc}；可选 {'、'.join(CASE_DOCS)}")
        return self.render_case(view, base)

    def visit_doc(self, case_no: str) -> str:
        """The document of a case's last visit: its pickup receipt once delivered, else the
        notice of its outcome."""
        view = self.cases.case(case_no)
        delivered = view.state == CaseState.DELIVERED
        doc = "pickup" if delivered else OUTCOME_DOC.get(view.outcome or "")
        if doc is None:
            raise CounterError("print.doc", "请用 --doc 指定要打印的文书")
        return doc

    def guide(
        self, item_code: str, chosen: list[str] | None = None, clerk: str | None = None
    ) -> Path:
        from app.printing import guide_from_item

        item = self.catalog.item(item_code)
        version = self.catalog.current_version()
        w = self._window()
        slip = guide_from_item(
            item, self._header(w, clerk), datetime.now(), chosen, str(version or "")
        )
        target = inside(
            self.home.root / "guides", f"{item_code}-{datetime.now():%Y%m%d-%H%M%S}.pdf"
        )
        self._write(target, "guide", slip, w)
        return target

    def documents(self, case_no: str) -> list[Path]:
        folder = self.home.case_dir(case_no)
        kept = sorted(folder.glob("*.pdf")) if folder.is_dir() else []
        return [readable(self.home, p) for p in kept]

    # ---- building ---------------------------------------------------------------------------

    def render_case(self, view: CaseView, doc: str) -> Path:
        """Build, keep (sealed) and hand out the ``doc`` of a case as recorded in ``view``."""
        w = self._window()
        data: CaseSlip | TransferSlip | PickupSlip | PromiseSlip
        if doc == "transfer":
            data = self._transfer(view, w)
        elif doc == "pickup":
            data = self._pickup(view, w)
        elif doc == "promise":
            item = self.catalog.item(view.item_code, view.catalog_version)
            data = promise_letters.slip(
                self._case_slip(view, doc, w), item, self.store, view.id, self._bundle_name(view)
            )
        else:
            data = self._case_slip(view, doc, w)
        visit = view.visits
        target = self.home.case_dir(view.case_no) / f"{doc}-{visit:02d}.pdf"
        self._write(target, doc, data, w, sealed=True)
        return readable(self.home, target)

    def _write(
        self, target: Path, doc: str, data: Any, w: WindowSettings, *, sealed: bool = False
    ) -> None:
        """Write a PDF; ``sealed``: a kept slip, which names the applicant (kept_slips)."""
        from app.files import make_folder, write_file
        from app.printing import render

        try:
            # Durably: a slip fsynced into a case folder whose name a power cut took is lost.
            make_folder(target.parent)
        except OSError as exc:
            from app.files import DiskFull, is_disk_full

            if is_disk_full(exc):
                raise DiskFull(f"无法建立文件夹 {target.parent}") from exc
            raise CounterError(
                "file.unwritable", f"无法建立文件夹 {target.parent}：{exc.strerror or exc}"
            ) from exc
        layout, settings = _layout(w), _print_settings(w)
        # A half-written slip never replaces a kept one.
        if sealed:
            write_sealed(self.home, target, lambda out: render(doc, data, layout, out, settings))
        else:
            write_file(target, lambda out: render(doc, data, layout, out, settings))

    @staticmethod
    def _kept(folder: Path, doc: str) -> Path | None:
        exact = folder / f"{doc}.pdf"
        if exact.exists():
            return exact
        found = sorted(folder.glob(f"{doc}-*.pdf")) if folder.is_dir() else []
        return found[-1] if found else None

    def _window(self) -> WindowSettings:
        """The settings one document is printed with, read once for it."""
        with self.store.read() as s:
            return Settings.read(s)

    def _header(self, w: WindowSettings, clerk: str | None) -> SlipHeader:
        from app.printing import SlipHeader

        name = clerk or ""
        if clerk:
            try:
                name = self.users.get(clerk).display_name
            except CounterError:
                name = clerk  # an account that came and went: print the login name
        return SlipHeader(
            centre_name=w.centre_name or "",
            centre_code=w.centre_code or "",
            window_name=w.window_name or "",
            window_code=w.window_code or "",
            clerk_name=name,
            complaint_phone=w.complaint_phone or "",
            query_phone=w.query_phone,
            query_url=w.query_url,
        )

    @overload
    @staticmethod
    def _party(p: CoreParty) -> SlipParty: ...

    @overload
    @staticmethod
    def _party(p: None) -> None: ...

    @overload
    @staticmethod
    def _party(p: CoreParty | None) -> SlipParty | None: ...

    @staticmethod
    def _party(p: CoreParty | None) -> SlipParty | None:
        """The party as a slip names it (its ID type in words)."""
        from app.printing import SlipParty

        if p is None:
            return None
        return SlipParty(
            p.name,
            ID_TYPES.get(p.id_type, p.id_type),
            p.id_number,
            p.phone,
            "organisation" if p.kind == "organisation" else "person",
            p.legal_rep,
        )

    def _received(self, item: Item, view: CaseView) -> tuple[MaterialLine, ...]:
        """The applicable materials checked ``ok``, in catalog order."""
        return tuple(
            _line(m, m.name, OK, view.verdicts[m.id].reason)
            for m in applicable_materials(item, view.answers)
            if m.id in view.verdicts and view.verdicts[m.id].verdict == OK
        )

    def _told(self, item: Item, view: CaseView) -> tuple[MaterialLine, ...]:
        """The gap list told at the case's last visit, exactly as recorded with it."""
        told = view.told
        if told is None:
            # A visit recorded before gap lists were kept with it: the case's materials are
            # still those its last visit recorded (every visit rewrites them), and the core's
            # gap rule over them gives the list that visit told.
            found = find_gaps(applicable_materials(item, view.answers), view.verdicts)
            told = tuple(
                ToldGap(g.material.id, g.material.name, g.verdict.verdict, g.verdict.reason)
                for g in found
            )
        # Name, verdict and reason as told; what to bring from the case's catalog version.
        return tuple(_line(item.material(g.material), g.name, g.verdict, g.reason) for g in told)

    def _case_slip(self, view: CaseView, doc: str, w: WindowSettings) -> CaseSlip:
        from app.printing import CaseSlip

        item = self.catalog.item(view.item_code, view.catalog_version)
        if view.outcome is None or view.outcome not in SLIP_OUTCOME:
            raise CounterError("print.doc", f"办件 {view.case_no} 没有可打印的受理类文书")
        situation = _situation(item.questions, view.answers)
        last_visit = view.history[-1] if view.history else {}
        clerk = last_visit.get("clerk") or view.clerk
        decided = view.accepted_at or view.updated_at
        return CaseSlip(
            case_no=view.case_no,
            header=self._header(w, clerk),
            item_code=item.code,
            item_name=item.name,
            applicant=self._party(view.applicant),
            accepted_at=decided,
            outcome=SLIP_OUTCOME[view.outcome],
            materials=self._received(item, view) + self._told(item, view),
            agent=self._party(view.agent),
            department=item.department,
            situation=situation,
            promised_days=view.promised_days,
            promised_date=view.promised_date,
            legal_days=item.legal_days,
            result=item.result,
            fee=item.fee,
            supplement_deadline=view.supplement_deadline,
            supplement_method="到本窗口" if view.outcome == TOLERATE else None,
            refusal_reason=view.reason if view.outcome == REFUSE else None,
            catalog_version=str(view.catalog_version),
            item_type=item.item_type,
            promised_provisional=view.promised_provisional,
            return_code=self._return_code(view, doc),
            promises=self._tolerance_promises(view, item),
            bundle_name=self._bundle_name(view) if doc in ("tolerance", "commitment") else None,
        )

    def _bundle_name(self, view: CaseView) -> str | None:
        """The 一件事 the case was taken in (None: taken alone)."""
        from app.services.bundle_slips import bundle_tie

        tie = bundle_tie(self, view.case_no)
        return str(tie[0]["name"]) if tie else None

    def _tolerance_promises(self, view: CaseView, item: Item) -> tuple[PromisedMaterial, ...]:
        """A 容缺受理's materials its visit took a 容缺 promise for, with the catalog's text."""
        if view.outcome != TOLERATE:
            return ()
        ids = promise_letters.tolerance_promised(self.store, view.id, view.outstanding)
        return promise_letters.promised_materials(item, ids, view.case_no)

    def _return_code(self, view: CaseView, doc: str) -> str | None:
        """The signed QR of the slips that ask the applicant to come back."""
        if doc not in RETURN_DOCS:
            return None
        return centre_cases.ticket_text(self.store, view)

    def _transfer(self, view: CaseView, w: WindowSettings) -> TransferSlip:
        from app.printing import TransferEntry, TransferSlip

        item = self.catalog.item(view.item_code, view.catalog_version)
        received = self._received(item, view)
        return TransferSlip(
            transfer_no=view.case_no,
            header=self._header(w, view.clerk),
            receiver_unit=item.department or "后台审批科室",
            created_at=datetime.now(),
            entries=(TransferEntry(view.case_no, item.name, view.applicant.name, received),),
        )

    def _pickup(self, view: CaseView, w: WindowSettings) -> PickupSlip:
        from app.printing import PickupSlip

        item = self.catalog.item(view.item_code, view.catalog_version)
        pickup = self.cases.pickup(view.case_no)
        if pickup is None:
            raise CounterError("print.doc", f"办件 {view.case_no} 还没有领取记录")
        return PickupSlip(
            case_no=view.case_no,
            header=self._header(w, pickup.clerk),
            item_name=item.name,
            applicant=self._party(view.applicant),
            result=item.result or "办理结果",
            collector=self._party(pickup.collector),
            collector_role="agent" if pickup.by_agent else "applicant",
            collected_at=pickup.at,
        )


def _layout(w: WindowSettings) -> Layout:
    return "roll80" if w.print_layout == "roll80" else "a4"


def _print_settings(w: WindowSettings) -> PrintSettings:
    from app.printing import PrintSettings

    return PrintSettings(
        organ_name=w.organ_name or w.centre_name or "",
        reconsideration_body=w.reconsideration_body or "本级人民政府",
        reconsideration_limit=w.reconsideration_limit or "60日",
        litigation_court=w.litigation_court or "有管辖权的人民法院",
        litigation_limit=w.litigation_limit or "6个月",
        qr=bool(w.print_qr),
        e_seal_image=w.e_seal_image,
        practice=bool(w.practice_store),
    )


def slip_failure(case_no: str, exc: BaseException) -> str:
    """Log a slip that could not be written (without the exception's text when it may carry
    the applicant's data) and say to the clerk what happened and what to do."""
    from app.files import is_disk_full

    if is_disk_full(exc):
        why, todo = "磁盘空间已满", "请清理磁盘空间后"
    elif isinstance(exc, CounterError | OSError):
        why, todo = (exc.message if isinstance(exc, CounterError) else str(exc)), "请解决后"
    else:
        why, todo = f"打印出错 {type(exc).__name__}（详情见日志）", "请"
    if isinstance(exc, CounterError | OSError):
        log.error("printing the slips of %s failed: %s", case_no, why)
    else:
        log.error("printing the slips of %s failed: %s", case_no, type(exc).__name__, exc_info=exc)
    return (
        f"办件 {case_no} 已记录，但文书未能生成：{why}。{todo}运行 counter print {case_no}"
        "（或在窗口中点“重新生成文书”）补打"
    )
