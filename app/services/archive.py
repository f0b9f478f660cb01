"""档案立卷归档清单: filing ended cases as archive packages, listing, searching, verifying.

One ended case (delivered, refused, closed, revoked) is one volume with one number (档号, by
the county's rule: core/archive_package.py). Filing writes its package under
``<data>/archive/<year>/<档号>/`` and appends an ``archive`` record to the case's record log
naming the volume and the package digest, in one transaction: the record log is hash-chained
and goes to the central database, so the digest cannot be changed unnoticed with the package.

The applicant's ID number is kept in the filing record only as a keyed hash (HMAC-SHA256 with
this window's archive key) and masked; a search by ID number is checked against that hash.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import secrets
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import archive_package as ap
from app.core.archive_package import Volume
from app.core.cases import state_label
from app.core.errors import CounterError
from app.core.figures import Period
from app.core.identity import mask
from app.models import sealed, store_key
from app.models.schema import Case, Record
from app.services import record_log
from app.services.settings import Var

if TYPE_CHECKING:
    from app.core.cases import CaseView
    from app.models.db import Store
    from app.paths import Home
    from app.services.accounts import AccountService
    from app.services.case_queries import CaseQueries


class Context(Protocol):
    """What filing needs of the window: its data directory, store, cases and accounts."""

    home: Home
    store: Store

    @property
    def cases(self) -> CaseQueries: ...

    @property
    def users(self) -> AccountService: ...


ARCHIVE_RULE = Var[dict[str, Any] | None](
    "archive.rule", None, "档号规则（全宗号、保管期限、格式）"
)
# The county's rule as the central published it (docs/archive.md): {"version": N, ...to_doc()}.
# Once one has arrived it numbers every volume filed from then on and the window's own rule
# can no longer be set; volumes filed before keep their numbers.
CENTRAL_RULE = Var[dict[str, Any] | None](
    "archive.central_rule", None, "中心发布的档号规则（版本与规则）"
)
ARCHIVE_KEY = Var[str | None]("archive.id_key", None, "归档检索用的证件号码密钥")
SEQ_COUNTER = "archive.seq.{year}"
CASE_DOC_ORDER = ("correction", "tolerance", "commitment", "acceptance", "refusal", "transfer")


@dataclass(frozen=True)
class Verdict:
    volume_no: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _records_of(s: Session, case_id: str) -> list[Record]:
    return list(
        s.scalars(
            select(Record)
            .where(Record.case_id == case_id, Record.kind != "archive")
            .order_by(Record.epoch, Record.seq)
        )
    )


def record_line(r: Record) -> dict[str, Any]:
    """Every column of a record, the payload exactly as hashed."""
    return {
        "id": r.id,
        "device_id": r.device_id,
        "epoch": r.epoch,
        "seq": r.seq,
        "kind": r.kind,
        "created_at": r.created_at,
        "payload_version": r.payload_version,
        "payload": r.payload,
        "content_hash": r.content_hash,
        "prev_hash": r.prev_hash,
        "chain_hash": r.chain_hash,
        "case_id": r.case_id,
    }


def record_problems(line: dict[str, Any]) -> str | None:
    """Why a record line of a package does not hold together, else None."""
    try:
        if ap.sha256(line["payload"].encode("utf-8")) != line["content_hash"]:
            return "内容与其哈希不符"
        expected = record_log.chain_hash(
            line["prev_hash"],
            line["id"],
            line["device_id"],
            line["epoch"],
            line["seq"],
            line["kind"],
            line["created_at"],
            line["content_hash"],
            line["case_id"],
            line["payload_version"],
        )
    except (KeyError, TypeError, AttributeError):
        return "缺少字段"
    return None if expected == line["chain_hash"] else "链哈希不符"


def central_rule_in(s: Session) -> tuple[int, ap.VolumeRule] | None:
    stored = CENTRAL_RULE.get(s)
    if not stored:
        return None
    return int(stored["version"]), ap.VolumeRule.from_doc(stored)


def store_central_rule(s: Session, version: int, rule: ap.VolumeRule) -> None:
    """The rule the central published (pulled by app/sync/pull.py): it replaces the one before
    and numbers the volumes filed from then on; volumes already filed keep their numbers."""
    CENTRAL_RULE.set(s, {"version": version, **rule.to_doc()})


def _pages(data: bytes) -> int:
    from pypdf import PdfReader

    try:
        return len(PdfReader(io.BytesIO(data)).pages)
    except Exception:  # an unreadable PDF is still filed (and verified by its bytes)
        return 0


def _slip_order(path: Path) -> tuple[int, int, str]:
    stem = path.stem.split("-")
    visit = int(stem[1]) if len(stem) > 1 and stem[1].isdigit() else 0
    doc = stem[0]
    rank = CASE_DOC_ORDER.index(doc) if doc in CASE_DOC_ORDER else len(CASE_DOC_ORDER)
    return (visit, rank, path.name)


class ArchiveService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.store = ctx.store
        self.root = ctx.home.root / "archive"

    # ---- the rule ----------------------------------------------------------------------------

    def rule(self) -> ap.VolumeRule:
        """The county's rule the central published, else the window's own."""
        central = self.central_rule()
        if central is not None:
            return central[1]
        with self.store.read() as s:
            stored = ARCHIVE_RULE.get(s)
        return ap.VolumeRule(**stored) if stored else ap.VolumeRule()

    def central_rule(self) -> tuple[int, ap.VolumeRule] | None:
        """(publication version, rule) of the newest rule the central sent, if any."""
        with self.store.read() as s:
            return central_rule_in(s)

    def refuse_if_central(self) -> None:
        """Once the county's rule has arrived the window does not set its own."""
        central = self.central_rule()
        if central is not None:
            raise CounterError(
                "archive.rule_central",
                f"本窗口的档号规则由中心统一发布（第 {central[0]} 版：{central[1].template}），"
                "不能在窗口修改：请县级管理员运行 counter central archive rule --template 格式 "
                "--fonds 全宗号，本窗口同步后，此后归档的卷按新规则编号",
            )

    def set_rule(self, rule: ap.VolumeRule) -> ap.VolumeRule:
        rule.check()
        self.refuse_if_central()
        with self.store.write() as s:
            ARCHIVE_RULE.set(
                s, {"template": rule.template, "fonds": rule.fonds, "retention": rule.retention}
            )
        return rule

    def _id_key(self, s: Session) -> bytes:
        key = ARCHIVE_KEY.get(s)
        if key is None:
            key = secrets.token_hex(32)
            ARCHIVE_KEY.set(s, key)
        return bytes.fromhex(key)

    @staticmethod
    def _mac(key: bytes, id_type: str, id_number: str) -> str:
        text = f"{id_type}:{id_number.strip().upper()}".encode()
        return hmac.new(key, text, hashlib.sha256).hexdigest()

    # ---- filing ------------------------------------------------------------------------------

    def ended(self, period: Period) -> list[str]:
        """Numbers of the cases that ended in the period (their last change) and are not
        filed yet."""
        start = datetime.combine(period.start, datetime.min.time())
        end = datetime.combine(period.end + timedelta(days=1), datetime.min.time())
        with self.store.read() as s:
            rows = s.execute(
                select(Case.id, Case.case_no)
                .where(
                    Case.state.in_(ap.ENDED_STATES),
                    Case.updated_at >= start,
                    Case.updated_at < end,
                )
                .order_by(Case.updated_at, Case.case_no)
            ).all()
            ids = [r[0] for r in rows]
            filed = set()
            for i in range(0, len(ids), 500):
                filed |= set(
                    s.scalars(
                        select(Record.case_id).where(
                            Record.kind == "archive", Record.case_id.in_(ids[i : i + 500])
                        )
                    )
                )
        return [no for cid, no in rows if cid not in filed]

    def file_period(self, period: Period, user: str, now: datetime | None = None) -> list[Volume]:
        """File every case that ended in the period and is not filed yet; one transaction each."""
        self.ctx.users.require(user, "reports")
        rule = self.rule().check()
        return [self.file_case(no, user, rule, now) for no in self.ended(period)]

    def file_case(
        self, case_no: str, user: str, rule: ap.VolumeRule, now: datetime | None = None
    ) -> Volume:
        now = now or datetime.now()
        view = self.ctx.cases.case(case_no)
        if view.state not in ap.ENDED_STATES:
            raise CounterError(
                "archive.not_ended",
                f"办件 {view.case_no} 尚未办结（{state_label(view.state, view.outcome)}），不能归档",
            )
        folder_of_case = self.ctx.home.case_dir(view.case_no)
        slips = sorted(
            folder_of_case.glob("*.pdf") if folder_of_case.is_dir() else [], key=_slip_order
        )
        ended_on = view.updated_at.date()
        year = ended_on.year
        made: Path | None = None
        try:
            with self.store.write() as s:
                if s.scalar(
                    select(Record.id).where(Record.case_id == view.id, Record.kind == "archive")
                ):
                    raise CounterError("archive.filed", f"办件 {view.case_no} 已经归档")
                seq = record_log.next_counter(s, SEQ_COUNTER.format(year=year))
                centre = view.case_no.split("-")[0]
                window = self._window_code(view)
                volume_no = rule.format(year, centre, window, seq)
                key = self._id_key(s)
                mac = self._mac(key, view.applicant.id_type, view.applicant.id_number)
                records = _records_of(s, view.id)
                folder = self.root / str(year) / volume_no
                if folder.exists():
                    raise CounterError(
                        "archive.exists",
                        f"归档文件夹 {folder} 已存在但没有归档记录：请核对后移走它再归档",
                    )
                digest, files, pages = self._write_package(
                    folder, view, volume_no, rule, year, mac, slips, records, user, now
                )
                made = folder
                payload = {
                    "volume_no": volume_no,
                    "case_no": view.case_no,
                    "case_id": view.id,
                    "year": year,
                    "fonds": rule.fonds or centre,
                    "retention": rule.retention,
                    "item_code": view.item_code,
                    "item_name": view.item_name,
                    "applicant": view.applicant.name,
                    "id_masked": mask(view.applicant.id_number),
                    "id_mac": mac,
                    "ended_on": ended_on.isoformat(),
                    "state_label": state_label(view.state, view.outcome),
                    "files": files,
                    "pages": pages,
                    "package_digest": digest,
                    "by": user,
                }
                rec = record_log.append(
                    s, "archive", payload, case_id=view.id, now=now.astimezone()
                )
        except BaseException:
            if made is not None:
                shutil.rmtree(made, ignore_errors=True)  # no record, no package
            raise
        return self._volume(payload, rec.created_at)

    def _window_code(self, view: CaseView) -> str:
        parts = view.case_no.split("-")
        return parts[1] if len(parts) > 1 else ""

    def _write_package(
        self,
        folder: Path,
        view: CaseView,
        volume_no: str,
        rule: ap.VolumeRule,
        year: int,
        mac: str,
        slips: Sequence[Path],
        records: Sequence[Record],
        user: str,
        now: datetime,
    ) -> tuple[str, int, int]:
        """Write the package into a temporary folder beside it, then give it its name. Every
        file that names the applicant is sealed with the store's key, like the kept slips."""
        from app.files import make_folder, write_bytes
        from app.services.kept_slips import read_kept

        key = store_key.require(self.ctx.home.root)

        def keep(name: str, plain: bytes) -> None:
            stored = sealed.seal(plain, key)
            write_bytes(tmp / name, stored)
            sums[name] = ap.sha256(stored)

        make_folder(folder.parent)
        tmp = folder.parent / f".{volume_no}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        make_folder(tmp / ap.DOCUMENTS)
        sums: dict[str, str] = {}
        contents: list[dict[str, Any]] = []
        visits = [h for h in view.history if h["kind"] in ("intake", "supplement", "pickup")]
        pages_total = 0
        for n, src in enumerate(slips, start=1):
            data = read_kept(self.ctx.home, src)
            name = f"{ap.DOCUMENTS}/{n:03d}-{src.name}"
            keep(name, data)
            pages = _pages(data)
            pages_total += pages
            when = self._slip_date(src, view, visits)
            contents.append(
                {
                    "no": n,
                    "title": ap.doc_title(src.name),
                    "date": when,
                    "pages": pages,
                    "file": name,
                    "sha256": ap.sha256(data),  # of the document itself, as printed
                    "bytes": len(data),
                }
            )
        lines = "".join(
            json.dumps(record_line(r), ensure_ascii=False, sort_keys=True) + "\n" for r in records
        ).encode("utf-8")
        keep(ap.RECORDS, lines)
        contents.append(
            {
                "no": len(contents) + 1,
                "title": f"{ap.RECORDS_TITLE}（{len(records)} 条）",
                "date": f"{records[0].created_at[:10]}~{records[-1].created_at[:10]}"
                if records
                else "",
                "pages": 0,
                "file": ap.RECORDS,
                "sha256": ap.sha256(lines),
                "bytes": len(lines),
            }
        )
        manifest = {
            "format": ap.PACKAGE_FORMAT,
            "follows": "DA/T 85-2019 政务服务事项电子文件归档规范（归档信息包的结构、命名与元数据，参照）",
            "volume_no": volume_no,
            "fonds": rule.fonds or view.case_no.split("-")[0],
            "year": year,
            "retention": rule.retention,
            "retention_label": ap.RETENTIONS[rule.retention],
            "title": f"{view.applicant.name} {view.item_name}",
            "case": {
                "case_no": view.case_no,
                "case_id": view.id,
                "item_code": view.item_code,
                "item_name": view.item_name,
                "catalog_version": view.catalog_version,
                "clerk": view.clerk,
                "state": view.state,
                "state_label": state_label(view.state, view.outcome),
                "outcome": view.outcome,
                "created_at": view.created_at.isoformat(timespec="seconds"),
                "accepted_at": view.accepted_at.isoformat(timespec="seconds")
                if view.accepted_at
                else None,
                "ended_on": view.updated_at.date().isoformat(),
                "promised_date": view.promised_date.isoformat() if view.promised_date else None,
            },
            "applicant": {
                "name": view.applicant.name,
                "kind": view.applicant.kind,
                "id_type": view.applicant.id_type,
                "id_number_masked": mask(view.applicant.id_number),
                "id_number_hmac": mac,
            },
            "contents": contents,  # 卷内目录
            "records": {
                "file": ap.RECORDS,
                "count": len(records),
                "chain_tip": records[-1].chain_hash if records else None,
            },
            "filed_at": now.isoformat(timespec="seconds"),
            "filed_by": user,
        }
        body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        keep(ap.MANIFEST, body)
        text = ap.checksums_text(sums).encode("utf-8")
        write_bytes(tmp / ap.CHECKSUMS, text)
        os.replace(tmp, folder)
        make_folder(folder)  # the new name made durable in its parent
        return ap.sha256(text), len(slips), pages_total

    @staticmethod
    def _slip_date(src: Path, view: CaseView, visits: Sequence[dict[str, Any]]) -> str:
        """The date of a kept slip: its visit's, or for a transfer list the transfer's."""
        if src.stem.startswith("transfer"):
            moves = [h["at"] for h in view.history if h["kind"] == "transfer"]
            return moves[-1][:10] if moves else ""
        visit = _slip_order(src)[0]
        return visits[visit - 1]["at"][:10] if 0 < visit <= len(visits) else ""

    # ---- reading -----------------------------------------------------------------------------

    def _volume(self, p: dict[str, Any], filed_at: str) -> Volume:
        return Volume(
            volume_no=p["volume_no"],
            case_no=p["case_no"],
            case_id=p["case_id"],
            year=int(p["year"]),
            item_name=p.get("item_name", ""),
            applicant=p.get("applicant", ""),
            id_masked=p.get("id_masked", ""),
            ended_on=p.get("ended_on", ""),
            state_label=p.get("state_label", ""),
            files=int(p.get("files", 0)),
            pages=int(p.get("pages", 0)),
            digest=p["package_digest"],
            filed_at=filed_at,
            filed_by=p.get("by", ""),
        )

    def _filed(
        self, s: Session, period: Period | None = None
    ) -> Iterable[tuple[dict[str, Any], str]]:
        """Filing records, of the cases that ended in the period when one is given (they
        were filed at the earliest on the day they ended: only records since then are read)."""
        q = select(Record.payload, Record.created_at).where(Record.kind == "archive")
        if period is not None:
            q = q.where(Record.created_at >= period.start.isoformat())
        for payload, created in s.execute(q.order_by(Record.epoch, Record.seq)):
            p = json.loads(payload)
            if period is None or date.fromisoformat(p["ended_on"]) in period:
                yield p, created

    def volumes(self, period: Period | None = None) -> list[Volume]:
        """The volumes of the cases that ended in the period (all without one), in filing
        order: the 归档清单 of a day or a month, each with when it was handed over."""
        from dataclasses import replace

        with self.store.read() as s:
            handed = self._handed_over(s)
            return [
                replace(v, handed_over=handed.get(v.volume_no))
                for v in (self._volume(p, at) for p, at in self._filed(s, period))
            ]

    @staticmethod
    def _handed_over(s: Session) -> dict[str, str]:
        """Volume number -> when the central archive took it (the first handover record)."""
        out: dict[str, str] = {}
        q = select(Record.payload, Record.created_at).where(Record.kind == "archive_handover")
        for payload, created in s.execute(q.order_by(Record.epoch, Record.seq)):
            out.setdefault(json.loads(payload)["volume_no"], created)
        return out

    def note_handover(self, volume: Volume, digest: str, answer: str, now: datetime) -> None:
        """Record that the central archive holds the volume (``stored`` now, or ``held``
        from an earlier handover whose record was not kept here)."""
        with self.store.write() as s:
            if volume.volume_no in self._handed_over(s):
                return
            record_log.append(
                s,
                "archive_handover",
                {
                    "volume_no": volume.volume_no,
                    "case_no": volume.case_no,
                    "case_id": volume.case_id,
                    "digest": digest,
                    "answer": answer,
                },
                now=now.astimezone(),
            )

    def search(
        self,
        *,
        volume_no: str | None = None,
        case_no: str | None = None,
        id_type: str = "resident_id",
        id_number: str | None = None,
        user: str,
    ) -> list[Volume]:
        """Volumes by number, case number or applicant ID number (checked against the kept
        hash). The full ID number is shown only to a role that may manage accounts."""
        account = self.ctx.users.require(user, "reports")
        found: list[Volume] = []
        with self.store.read() as s:
            key = ARCHIVE_KEY.get(s)
            mac = self._mac(bytes.fromhex(key), id_type, id_number) if id_number and key else None
            for p, at in self._filed(s):
                if volume_no and p["volume_no"] != volume_no.strip():
                    continue
                if case_no and p["case_no"] != case_no.strip().upper():
                    continue
                if id_number and (mac is None or not hmac.compare_digest(p.get("id_mac", ""), mac)):
                    continue
                found.append(self._volume(p, at))
        if account.may("users"):
            found = [self._with_full_id(v) for v in found]
        return found

    def _with_full_id(self, v: Volume) -> Volume:
        from dataclasses import replace

        try:
            return replace(v, id_number=self.ctx.cases.case(v.case_no).applicant.id_number)
        except CounterError:
            return v

    def read(self, path: Path) -> bytes:
        """A package file as it was filed (unsealed with the store's key)."""
        blob = path.read_bytes()
        if not sealed.is_sealed(blob):
            return blob
        return sealed.unseal(blob, store_key.require(self.ctx.home.root), path.name)

    def plain_files(self, volume: Volume) -> dict[str, bytes]:
        """The package's files as filed, unsealed, by path (the stored checksum file left
        out). The package is verified first: a changed one is refused."""
        verdict = self._verify_one(volume)
        if not verdict.ok:
            raise CounterError(
                "archive.damaged",
                f"档案 {volume.volume_no} 校验不通过，不能移交：{verdict.problems[0]}"
                "（counter archive verify 列出全部问题）",
            )
        folder = volume.folder(self.root)
        return {
            path.relative_to(folder).as_posix(): self.read(path)
            for path in sorted(
                p for p in folder.rglob("*") if p.is_file() and p.name != ap.CHECKSUMS
            )
        }

    def export(self, volume: Volume, out_dir: Path) -> Path:
        """The package as plain files, for handing over (移交) outside the window: a folder
        named by the volume number in ``out_dir``, with a checksum file of the plain files.
        The package is verified first; a changed one is not handed over."""
        from app.files import make_folder, user_target, write_bytes

        files = self.plain_files(volume)
        target = user_target(Path(out_dir) / volume.volume_no, self.ctx.home)
        if target.exists():
            raise CounterError("archive.exported", f"{target} 已存在：请换一个文件夹")
        sums: dict[str, str] = {}
        for rel, plain in files.items():
            make_folder((target / rel).parent)
            write_bytes(target / rel, plain)
            sums[rel] = ap.sha256(plain)
        write_bytes(target / ap.CHECKSUMS, ap.checksums_text(sums).encode("utf-8"))
        return target

    # ---- verification ------------------------------------------------------------------------

    def verify(self, volumes: Sequence[Volume] | None = None) -> list[Verdict]:
        """Every package (or those named) against its checksums, the digest its filing recorded,
        and its records against themselves and the store; folders nobody filed are named too."""
        listed = list(volumes) if volumes is not None else self.volumes()
        out = [self._verify_one(v) for v in listed]
        if volumes is None and self.root.is_dir():
            known = {(str(v.year), v.volume_no) for v in listed}
            for year in sorted(p for p in self.root.iterdir() if p.is_dir()):
                for folder in sorted(p for p in year.iterdir() if p.is_dir()):
                    if (year.name, folder.name) not in known:
                        out.append(Verdict(folder.name, ["归档文件夹没有对应的归档记录"]))
        return out

    def _verify_one(self, v: Volume) -> Verdict:
        folder = v.folder(self.root)
        if not folder.is_dir():
            return Verdict(v.volume_no, [f"归档文件夹 {folder} 不存在"])
        found = {
            p.relative_to(folder).as_posix(): ap.sha256(p.read_bytes())
            for p in folder.rglob("*")
            if p.is_file() and p.name != ap.CHECKSUMS
        }
        sums = folder / ap.CHECKSUMS
        raw = sums.read_bytes() if sums.is_file() else b""
        try:
            listed = ap.parse_checksums(raw.decode("utf-8")) if raw else None
        except UnicodeDecodeError:
            listed = None
        problems = ap.compare_tree(found, listed, ap.sha256(raw) == v.digest)
        problems += self._records_check(folder, v)
        return Verdict(v.volume_no, problems)

    def _records_check(self, folder: Path, v: Volume) -> list[str]:
        path = folder / ap.RECORDS
        if not path.is_file():
            return []  # named by the tree comparison
        problems: list[str] = []
        try:
            plain = self.read(path)
        except CounterError:
            return [f"{ap.RECORDS} 无法解封（已损坏，或不是本机封存的）"]
        lines = []
        for n, raw in enumerate(plain.splitlines(), start=1):
            try:
                line = json.loads(raw)
            except (ValueError, UnicodeDecodeError):
                problems.append(f"{ap.RECORDS} 第 {n} 行无法读取")
                continue
            why = record_problems(line) if isinstance(line, dict) else "不是一条记录"
            if why:
                problems.append(f"{ap.RECORDS} 第 {n} 行：{why}")
            else:
                lines.append(line)
        with self.store.read() as s:
            held = {r.id: r.chain_hash for r in _records_of(s, v.case_id)}
        in_package = {ln["id"]: ln["chain_hash"] for ln in lines}
        for rid, chain in in_package.items():
            if rid in held and held[rid] != chain:
                problems.append(f"记录 {rid} 与本机记录不一致")
        return problems


def volume_period(day: date | None, month: tuple[int, int] | None) -> Period:
    from app.core.figures import day_period, month_period

    if day is not None:
        return day_period(day)
    if month is not None:
        return month_period(*month)
    raise CounterError("archive.period", "请用 --day YYYY-MM-DD 或 --month YYYY-MM 指定日期范围")
