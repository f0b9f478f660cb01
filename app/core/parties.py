"""Applicants and agents (申请人 / 代办人): a person or an organisation, validated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from app.core.errors import CounterError
from app.core.identity import check_name, validate_credit_code, validate_document

PERSON, ORGANISATION = "person", "organisation"


@dataclass(frozen=True, slots=True)
class Party:
    kind: str  # person | organisation
    name: str
    id_type: str  # resident_id, passport, ... or credit_code for an organisation
    id_number: str
    phone: str | None = None
    legal_rep: str | None = None  # organisations: 法定代表人

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def party_from_dict(d: Mapping[str, Any], path: str) -> Party:
    """Validate a party given as a mapping (application file, wizard form, stored case)."""
    if not isinstance(d, Mapping):
        raise CounterError("party.type", "应为对象", path=path)
    kind = d.get("kind", PERSON)
    if kind not in (PERSON, ORGANISATION):
        raise CounterError("party.kind", "kind 应为 person（自然人）或 organisation（法人）",
                           path=f"{path}.kind")

    def text(key: str, required: bool = True) -> str | None:
        v = d.get(key)
        if v is None or (isinstance(v, str) and not v.strip()):
            if required:
                raise CounterError("party.required", f"缺少 {key}", path=f"{path}.{key}")
            return None
        if not isinstance(v, str):
            raise CounterError("party.type", f"{key} 应为字符串", path=f"{path}.{key}")
        return v.strip()

    try:
        name = check_name(text("name") or "")
    except CounterError as exc:
        raise CounterError(exc.code, exc.message, path=f"{path}.name") from exc
    phone = text("phone", required=False)
    if phone is not None and not all(c.isdigit() or c in "-+ " for c in phone):
        raise CounterError("party.phone", "电话号码只能包含数字、空格、+ 和 -", path=f"{path}.phone")
    if kind == ORGANISATION:
        number = text("id_number") or ""
        id_type = d.get("id_type") or "credit_code"
        try:
            number = validate_credit_code(number)
        except CounterError as exc:
            raise CounterError(exc.code, exc.message, path=f"{path}.id_number") from exc
        return Party(ORGANISATION, name, id_type, number, phone, text("legal_rep", False))
    id_type = text("id_type") or "resident_id"
    try:
        number = validate_document(id_type, text("id_number") or "")
    except CounterError as exc:
        field = "id_type" if exc.code == "id.type" else "id_number"
        raise CounterError(exc.code, exc.message, path=f"{path}.{field}") from exc
    return Party(PERSON, name, id_type, number, phone, None)
