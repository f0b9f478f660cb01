"""Application files (``counter-application/1``): an intake described as JSON.

This is how ``counter intake FILE.json``, an online pre-review (外网预审) or a scanned QR code
brings an application to the window. Every problem is reported with its JSON path.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from app.core.cases import IntakeRequest
from app.core.checklist import OUTCOMES, VERDICTS, Verdict
from app.core.errors import CounterError
from app.core.parties import party_from_dict

FORMAT_TAG = "counter-application/1"
KEYS = {"format", "clerk", "item", "case", "answers", "applicant", "agent", "materials",
        "outcome", "reason", "supplement_deadline", "ticket", "question", "answer"}


def read_application(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise CounterError("application.file", f"找不到文件 {path}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CounterError("application.json", f"{path.name} 不是有效的 UTF-8 JSON：{exc}",
                           path="$") from exc
    if not isinstance(doc, dict):
        raise CounterError("application.type", "申请文件应为 JSON 对象", path="$")
    return doc


def parse_application(doc: dict[str, Any]) -> IntakeRequest:
    """Shape checks; the item, options, materials and outcome rules are checked by the service."""
    if doc.get("format") != FORMAT_TAG:
        raise CounterError("application.format",
                           f"format 应为 “{FORMAT_TAG}”，实际为 {doc.get('format')!r}", path="$.format")
    unknown = sorted(set(doc) - KEYS)
    if unknown:
        raise CounterError("application.unknown_key", f"未知字段 {unknown[0]}", path=f"$.{unknown[0]}")

    def text(key: str, required: bool = False) -> str | None:
        v = doc.get(key)
        if v is None:
            if required:
                raise CounterError("application.required", f"缺少 {key}", path=f"$.{key}")
            return None
        if not isinstance(v, str) or (required and not v.strip()):
            raise CounterError("application.type", f"{key} 应为非空字符串", path=f"$.{key}")
        return v

    answers_raw = doc.get("answers") or {}
    if not isinstance(answers_raw, dict):
        raise CounterError("application.type", "answers 应为 {问题: [选项]} 对象", path="$.answers")
    answers: dict[str, list[str]] = {}
    for q, opts in answers_raw.items():
        if isinstance(opts, str):
            opts = [opts]
        if not isinstance(opts, list) or not all(isinstance(o, str) for o in opts):
            raise CounterError("application.type", "选项应为字符串列表", path=f"$.answers.{q}")
        answers[q] = opts

    materials_raw = doc.get("materials") or {}
    if not isinstance(materials_raw, dict):
        raise CounterError("application.type", "materials 应为 {材料: 结论} 对象", path="$.materials")
    verdicts: dict[str, Verdict] = {}
    for mid, v in materials_raw.items():
        p = f"$.materials.{mid}"
        if isinstance(v, str):
            v = {"verdict": v}
        if not isinstance(v, dict) or v.get("verdict") not in VERDICTS:
            raise CounterError("application.verdict",
                               "材料结论应为 ok、missing，或 {\"verdict\": \"defective\", \"reason\": ...}",
                               path=p)
        try:
            verdicts[mid] = Verdict(v["verdict"], v.get("reason"))
        except CounterError as exc:
            raise CounterError(exc.code, exc.message, path=p) from exc

    outcome = text("outcome")
    if outcome is not None and outcome not in OUTCOMES:
        raise CounterError("application.outcome", f"outcome 应为 {'、'.join(OUTCOMES)} 或 null",
                           path="$.outcome")
    deadline = None
    if doc.get("supplement_deadline") is not None:
        try:
            deadline = date.fromisoformat(str(doc["supplement_deadline"]))
        except ValueError as exc:
            raise CounterError("application.date", "日期应为 YYYY-MM-DD",
                               path="$.supplement_deadline") from exc
    case = text("case")
    applicant = agent = None
    if doc.get("applicant") is not None:
        applicant = party_from_dict(doc["applicant"], "$.applicant")
    elif case is None and outcome != "consult":
        raise CounterError("application.required", "缺少申请人 applicant", path="$.applicant")
    if doc.get("agent") is not None:
        agent = party_from_dict(doc["agent"], "$.agent")
    return IntakeRequest(
        clerk=text("clerk", required=True) or "", item_code=text("item", required=case is None) or "",
        applicant=applicant, answers=answers, verdicts=verdicts, agent=agent, outcome=outcome,
        reason=text("reason"), supplement_deadline=deadline, case_no=case,
        ticket=text("ticket"), question=text("question"), answer=text("answer"))


def error_path(exc: CounterError) -> str:
    """Where in the application file a service's refusal points."""
    by_code = {"catalog.unknown_item": "$.item", "outcome.reason": "$.reason",
               "outcome.deadline": "$.supplement_deadline", "intake.applicant": "$.applicant",
               "case.unknown": "$.case", "case.not_open": "$.case",
               "calendar.unknown_year": "$"}
    if exc.code in by_code:
        return by_code[exc.code]
    if exc.code.startswith(("user.", "login.")):
        return "$.clerk"
    if exc.code.startswith("outcome."):
        return "$.outcome"
    path = exc.path or "$"
    return path if path.startswith("$") else "$." + path


def collect_problems(ctx: Any, doc: dict[str, Any]) -> list[CounterError]:
    """Every independent problem in the file at once, each with its JSON path.

    The rules that need the whole application (is this outcome allowed?) are checked after
    these pass, by the intake itself.
    """
    from app.core.catalog import AnswerError, check_answers

    found: list[CounterError] = []

    def attempt(check: Any, path: str | None = None) -> Any:
        try:
            return check()
        except CounterError as exc:
            found.append(CounterError(exc.code, exc.message, path or error_path(exc)))
        return None

    def shape() -> IntakeRequest:
        return parse_application(doc)

    # Shape problems of different fields are independent: check each field on its own.
    base = {"format": FORMAT_TAG, "clerk": "x", "item": "x", "case": None,
            "applicant": {"kind": "person", "name": "x", "id_type": "other", "id_number": "x"}}
    if doc.get("format") != FORMAT_TAG:
        found.append(CounterError("application.format", f"format 应为 “{FORMAT_TAG}”",
                                  "$.format"))
    for key in sorted(set(doc) - KEYS):
        found.append(CounterError("application.unknown_key", f"未知字段 {key}", f"$.{key}"))
    for key in sorted(KEYS & set(doc) - {"format"}):
        attempt(lambda key=key: parse_application({**base, key: doc[key]}))
    if not found:
        attempt(shape)  # what needs several fields together, e.g. an applicant unless a case

    clerk = doc.get("clerk")
    if isinstance(clerk, str) and clerk:
        attempt(lambda: ctx.users.require(clerk, "intake"), "$.clerk")
    item = None
    if isinstance(doc.get("case"), str):
        attempt(lambda: ctx.intake.case(doc["case"]), "$.case")
    elif isinstance(doc.get("item"), str):
        item = attempt(lambda: ctx.catalog.item(doc["item"]), "$.item")
    if item is not None and isinstance(doc.get("answers"), dict):
        for qid, opts in doc["answers"].items():
            try:
                check_answers(item, {qid: [opts] if isinstance(opts, str) else opts})
            except (AnswerError, TypeError) as exc:
                reason = exc.reason if isinstance(exc, AnswerError) else "选项应为字符串列表"
                found.append(CounterError("intake.answer", reason, f"$.answers.{qid}"))
    if item is not None and isinstance(doc.get("materials"), dict):
        for mid in doc["materials"]:
            if item.material(mid) is None:
                found.append(CounterError("verdict.material", f"材料 {mid} 不在该事项的材料清单中",
                                          f"$.materials.{mid}"))
    unique: dict[tuple[str, str], CounterError] = {}
    for e in found:
        unique.setdefault((e.path or "", e.message), e)
    return list(unique.values())
