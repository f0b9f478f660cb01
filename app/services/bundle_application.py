"""A bundle (一件事) as an application file (``counter-application/2`` with ``bundle``).

```json
{"format": "counter-application/2", "clerk": "clerk1", "bundle": "BUNDLE-0001",
 "answers": {"x1": ["x1a"]},
 "members": {"DEMO-0026": {"answers": {"q2": ["c1"]}},
             "DEMO-0004": {"answers": {"q2": ["c1"]}, "outcome": "correction"}},
 "applicant": {...}, "materials": {"birth": "ok", "DEMO-0004/m1": "missing"}}
```

``materials`` are keyed as the bundle's checklist lines are (``counter catalog show BUNDLE``):
a shared material by its id, any other by ``ITEM/MATERIAL``. Shapes are checked here with the
JSON path of each problem; the bundle's own rules by the bundle intake service.
"""

from __future__ import annotations

from typing import Any

from app.core.checklist import OUTCOMES
from app.core.errors import CounterError
from app.core.input_rules import check_code, check_text, id_problem
from app.core.parties import party_from_dict
from app.services.application_file import (
    FORMAT_TAG,
    MAX_ANSWERS,
    TEXT_LIMITS,
    _k,
    _party,
    parse_answers,
    parse_date,
    parse_verdicts,
)
from app.services.bundle_intake import BundleRequest

KEYS = {
    "format",
    "clerk",
    "bundle",
    "answers",
    "members",
    "applicant",
    "agent",
    "materials",
    "supplement_deadline",
    "ticket",
}
MEMBER_KEYS = {"answers", "outcome", "reason"}


def is_bundle_application(doc: dict[str, Any]) -> bool:
    return "bundle" in doc


def _line_key(key: str, path: str) -> None:
    """A checklist line: ``ITEM/MATERIAL`` or a shared material's id."""
    code, sep, material = key.partition("/")
    if sep:
        check_code(code, path, "事项编码")
        problem = id_problem(material, "材料编号")
    else:
        problem = id_problem(key, "材料编号")
    if problem:
        raise CounterError("application.id", problem, path=path)


def _text(doc: dict[str, Any], key: str, path: str, required: bool = False) -> str | None:
    v = doc.get(key)
    if v is None:
        if required:
            raise CounterError("application.required", f"缺少 {key}", path=path)
        return None
    if not isinstance(v, str) or not v.strip():
        raise CounterError("application.type", f"{key} 应为非空字符串", path=path)
    max_len, multiline = TEXT_LIMITS.get(key, (64, False))
    return check_text(v, path, max_len, multiline=multiline, what=f"{key} ")


def parse_bundle_application(doc: dict[str, Any]) -> BundleRequest:
    if doc.get("format") != FORMAT_TAG:
        raise CounterError(
            "application.format", f"一件事的申请文件 format 应为 “{FORMAT_TAG}”", path="$.format"
        )
    unknown = sorted(set(doc) - KEYS)
    if unknown:
        raise CounterError(
            "application.unknown_key",
            f"未知字段 {_k(unknown[0])}；一件事的申请文件不用此字段，请删除",
            path=f"$.{_k(unknown[0])}",
        )
    bundle = _text(doc, "bundle", "$.bundle", required=True) or ""
    check_code(bundle, "$.bundle", "一件事编码")
    members_raw = doc.get("members") or {}
    if not isinstance(members_raw, dict) or len(members_raw) > MAX_ANSWERS:
        raise CounterError(
            "application.type",
            "members 应为 {事项编码: {answers, outcome, reason}} 对象",
            path="$.members",
        )
    members: dict[str, dict[str, list[str]]] = {}
    outcomes: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for code, raw in members_raw.items():
        p = f"$.members.{_k(code)}"
        check_code(code, p, "事项编码")
        if not isinstance(raw, dict) or set(raw) - MEMBER_KEYS:
            raise CounterError(
                "application.type", "成员事项应为 {answers, outcome, reason} 对象", path=p
            )
        members[code] = parse_answers(raw.get("answers"), f"{p}.answers")
        outcome = _text(raw, "outcome", f"{p}.outcome")
        if outcome is not None:
            if outcome not in OUTCOMES:
                raise CounterError(
                    "application.outcome",
                    f"outcome 应为 {'、'.join(OUTCOMES)}",
                    path=f"{p}.outcome",
                )
            outcomes[code] = outcome
        reason = _text(raw, "reason", f"{p}.reason")
        if reason is not None:
            reasons[code] = reason
    if doc.get("applicant") is None:
        raise CounterError("application.required", "缺少申请人 applicant", path="$.applicant")
    applicant = party_from_dict(_party(doc["applicant"], "$.applicant"), "$.applicant")
    agent = None
    if doc.get("agent") is not None:
        agent = party_from_dict(_party(doc["agent"], "$.agent"), "$.agent")
    return BundleRequest(
        clerk=_text(doc, "clerk", "$.clerk", required=True) or "",
        bundle_code=bundle,
        applicant=applicant,
        answers=parse_answers(doc.get("answers"), "$.answers"),
        members=members,
        verdicts=parse_verdicts(doc.get("materials"), "$.materials", _line_key),
        agent=agent,
        outcomes=outcomes,
        reasons=reasons,
        supplement_deadline=parse_date(doc.get("supplement_deadline"), "$.supplement_deadline"),
        ticket=_text(doc, "ticket", "$.ticket"),
    )
