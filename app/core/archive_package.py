"""档案立卷归档: one ended case, one volume, one number; the package's rules, without I/O.

The package (归档信息包) of a case, in the spirit of DA/T 85-2019 《政务服务事项电子文件归档规范》
(chapters 归档信息包的内容、结构和命名规则 and 元数据要求; see docs/archive.md):

    <档号>/                     the package is named by its volume number
      manifest.json             metadata: the volume, the case, the 卷内目录, every file
      documents/NNN-<doc>.pdf   every slip kept for the case, in the order they were made
      records.jsonl             the case's records (服务过程全记录) with their chain hashes
      checksums.sha256          SHA-256 of every other file (``sha256sum -c`` reads it)

The SHA-256 of ``checksums.sha256`` is the package digest: it is recorded, in the window's
hash-chained record log, when the case is filed, so a package changed together with its
checksums is still found out.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from app.core.cases import CaseState
from app.core.errors import CounterError

MANIFEST, CHECKSUMS, RECORDS, DOCUMENTS = (
    "manifest.json",
    "checksums.sha256",
    "records.jsonl",
    "documents",
)
PACKAGE_FORMAT = "counter-archive/1"
# A case is filed once it has ended: delivered, refused (不予受理 or 不予许可), closed, or revoked
# (撤销: its 告知承诺 found false at the post-check). There is no state for an application the
# applicant withdraws.
ENDED_STATES = (CaseState.DELIVERED, CaseState.REFUSED, CaseState.CLOSED, CaseState.REVOKED)
# 保管期限 (retention): 永久, 定期30年, 定期10年.
RETENTIONS = {"Y": "永久", "D30": "定期30年", "D10": "定期10年"}
DOC_TITLES = {
    "acceptance": "受理通知书",
    "correction": "一次性告知书（补正材料通知书）",
    "tolerance": "容缺受理通知书",
    "commitment": "承诺书",
    "refusal": "不予受理通知书",
    "transfer": "材料流转单",
    "pickup": "结果领取凭证",
}
RECORDS_TITLE = "服务过程全记录"
FIELDS = {"fonds", "year", "retention", "centre", "window", "seq"}
RULE_FORMAT = "counter-archive-rule/1"  # the rule as the central publishes it


@dataclass(frozen=True)
class VolumeRule:
    """How the county numbers its volumes (档号). ``template`` names the parts in braces:
    {fonds} 全宗号 (default: the centre code), {year} the year the case ended, {retention}
    保管期限 code, {centre}, {window}, {seq} (the window's sequence in that year, e.g.
    ``{seq:05d}``)."""

    template: str = "{fonds}-{year}-{retention}-{window}-{seq:05d}"
    fonds: str | None = None
    retention: str = "D30"

    def check(self) -> VolumeRule:
        try:
            parsed = list(string.Formatter().parse(self.template))
        except ValueError as exc:
            raise CounterError(
                "archive.rule", f"档号规则 {self.template!r} 的花括号不配对"
            ) from exc
        names = {name for _, name, _, _ in parsed if name is not None}
        unknown = names - FIELDS
        if unknown:
            raise CounterError(
                "archive.rule",
                f"档号规则中有未知的部分 {{{sorted(unknown)[0]}}}；可用 "
                + "、".join(f"{{{f}}}" for f in sorted(FIELDS)),
            )
        missing = {"year", "window", "seq"} - names
        if missing:
            raise CounterError(
                "archive.rule",
                "档号规则必须含有 {year}、{window} 和 {seq}：各窗口按年度各自编号，档号才不会重复",
            )
        if self.retention not in RETENTIONS:
            raise CounterError(
                "archive.retention",
                f"保管期限应为 {'、'.join(f'{k}（{v}）' for k, v in RETENTIONS.items())} 之一",
            )
        sample = self.format(2026, "C1", "W1", 1)
        if len(sample) > 60:
            raise CounterError("archive.rule", "档号规则生成的档号超过 60 个字符，请缩短")
        return self

    def check_county(self) -> VolumeRule:
        """The rule the county publishes to many centres' windows: ``check`` and, since a window
        code is unique only within its centre, a number that names the centre too: {centre}, or
        {fonds} left to be the centre code. A rule for one centre may give its own 全宗号."""
        self.check()
        names = {n for _, n, _, _ in string.Formatter().parse(self.template) if n is not None}
        if "centre" not in names and not ("fonds" in names and self.fonds is None):
            raise CounterError(
                "archive.rule_county",
                "发往全县的档号规则必须含有 {centre}（或不指定全宗号的 {fonds}，即中心编码）："
                "窗口编码只在本中心内唯一，不含中心时不同中心的档号会重复；"
                "或用 --centre 只发给一个中心",
            )
        return self

    def to_doc(self) -> dict[str, str | None]:
        return {
            "format": RULE_FORMAT,
            "template": self.template,
            "fonds": self.fonds,
            "retention": self.retention,
        }

    @classmethod
    def from_doc(cls, doc: object) -> VolumeRule:
        """A published rule (``to_doc``), checked; CounterError when it is not one."""
        if not isinstance(doc, dict) or doc.get("format") != RULE_FORMAT:
            raise CounterError("archive.rule", f"不是 {RULE_FORMAT} 格式的档号规则")
        template, fonds, retention = doc.get("template"), doc.get("fonds"), doc.get("retention")
        if not isinstance(template, str) or not isinstance(retention, str):
            raise CounterError("archive.rule", "档号规则缺少 template 或 retention")
        if fonds is not None and not isinstance(fonds, str):
            raise CounterError("archive.rule", "档号规则的 fonds 应为文字")
        return cls(template=template, fonds=fonds, retention=retention).check()

    def format(self, year: int, centre: str, window: str, seq: int) -> str:
        try:
            number = self.template.format(
                fonds=self.fonds or centre,
                year=year,
                retention=self.retention,
                centre=centre,
                window=window,
                seq=seq,
            )
        except (ValueError, IndexError, KeyError) as exc:
            raise CounterError(
                "archive.rule", f"档号规则 {self.template!r} 无法使用：{exc}"
            ) from exc
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", number):
            raise CounterError(
                "archive.rule",
                f"档号 {number!r} 只能由字母、数字、点、下划线和连字符组成（它也是文件夹名）",
            )
        return number


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def checksums_text(files: Mapping[str, str]) -> str:
    """``sha256sum`` format, sorted by path: '<hex>  <path>' per line."""
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(files.items()))


def parse_checksums(text: str) -> dict[str, str] | None:
    out: dict[str, str] = {}
    for line in text.splitlines():
        m = re.fullmatch(r"([0-9a-f]{64})  (\S.*)", line)
        if m is None:
            return None
        out[m.group(2)] = m.group(1)
    return out


def doc_title(filename: str) -> str:
    """The 卷内目录 title of a kept slip named ``<doc>-<visit>.pdf``."""
    base = filename.rsplit(".", 1)[0].split("-")[0]
    return DOC_TITLES.get(base, base)


def compare_tree(
    found: Mapping[str, str], listed: Mapping[str, str] | None, digest_ok: bool
) -> list[str]:
    """What differs between a package's files (path -> SHA-256, the checksum file left out)
    and its checksum file: each problem in words."""
    if listed is None:
        return [f"{CHECKSUMS} 已损坏，无法读取"]
    problems = [] if digest_ok else [f"{CHECKSUMS} 与归档时登记的摘要不符（被改动或替换）"]
    for path in sorted(set(listed) | set(found)):
        if path not in found:
            problems.append(f"缺少文件 {path}")
        elif path not in listed:
            problems.append(f"多出文件 {path}")
        elif found[path] != listed[path]:
            problems.append(f"文件 {path} 已被改动（校验值不符）")
    return problems


@dataclass(frozen=True)
class Volume:
    """One filed volume, as its filing record names it."""

    volume_no: str
    case_no: str
    case_id: str
    year: int
    item_name: str
    applicant: str  # name
    id_masked: str
    ended_on: str
    state_label: str
    files: int
    pages: int
    digest: str
    filed_at: str
    filed_by: str
    id_number: str | None = None  # the full number, only for a role that may see it
    handed_over: str | None = None  # when the central archive took the package (移交), if so

    def folder(self, root: Path) -> Path:
        return root / str(self.year) / self.volume_no
