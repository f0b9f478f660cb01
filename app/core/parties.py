"""Applicants and agents (申请人 / 代办人): a person or an organisation, validated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from app.core.errors import CounterError
from app.core.identity import ID_TYPES, check_name, validate_credit_code, validate_document
from app.core.input_rules import text_problem

PERSON, ORGANISATION = "person", "organisation"
KEYS = ("kind", "name", "id_type", "id_number", "phone", "legal_rep")
PHONE_CHARS = frozenset("0123456789-+ ")  # ASCII digits only: ① or ٣ are no phone number
# What a Chinese input method types in full width is folded to ASCII (and nothing else is).
FULL_WIDTH_PHONE = str.maketrans("０１２３４５６７８９－＋　", "0123456789-+ ")
MAX_PHONE = 32
MAX_ID_NUMBER = 64
# What the clerk sees a field called; the path of the error keeps the key for files.
FIELD_NAMES = {
    "name": "姓名（名称）",
    "id_type": "证件类型",
    "id_number": "证件号码",
    "phone": "联系电话",
    "legal_rep": "法定代表人",
}
WHO = {"applicant": "申请人", "agent": "代办人"}


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
    if not isinstance(kind, str) or kind not in (PERSON, ORGANISATION):
        raise CounterError(
            "party.kind", "kind 应为 person（自然人）或 organisation（法人）", path=f"{path}.kind"
        )

    def text(key: str, required: bool = True) -> str | None:
        v = d.get(key)
        if v is None or (isinstance(v, str) and not v.strip()):
            if required:
                who = WHO.get(path.rsplit(".", 1)[-1].lstrip("$"), "")
                raise CounterError(
                    "party.required",
                    f"请填写{who}的{FIELD_NAMES.get(key, key)}"
                    if who
                    else f"请填写{FIELD_NAMES.get(key, key)}",
                    path=f"{path}.{key}",
                )
            return None
        if not isinstance(v, str):
            raise CounterError(
                "party.type", f"{FIELD_NAMES.get(key, key)}应为文字", path=f"{path}.{key}"
            )
        problem = text_problem(v, MAX_ID_NUMBER if key == "id_number" else 100)
        if problem:
            raise CounterError(
                "party.text", f"{FIELD_NAMES.get(key, key)}{problem}", path=f"{path}.{key}"
            )
        return v.strip()

    try:
        name = check_name(text("name") or "")
    except CounterError as exc:
        raise CounterError(exc.code, exc.message, path=f"{path}.name") from exc
    phone = text("phone", required=False)
    if phone is not None:
        phone = phone.translate(FULL_WIDTH_PHONE)
    if phone is not None and (
        len(phone) > MAX_PHONE
        or not set(phone) <= PHONE_CHARS
        or not any(c.isdigit() for c in phone)
    ):
        raise CounterError(
            "party.phone",
            f"电话号码只能包含半角数字 0-9、空格、+ 和 -，最多 {MAX_PHONE} 个字符；请改正",
            path=f"{path}.phone",
        )
    legal_rep = text("legal_rep", False)
    if legal_rep is not None:
        try:
            legal_rep = check_name(legal_rep)
        except CounterError as exc:
            raise CounterError(exc.code, exc.message, path=f"{path}.legal_rep") from exc
    if kind == ORGANISATION:
        number = text("id_number") or ""
        id_type = d.get("id_type") or "credit_code"
        if id_type != "credit_code":
            raise CounterError(
                "party.id_type",
                "法人的 id_type 应为 credit_code（统一社会信用代码）或省略",
                path=f"{path}.id_type",
            )
        try:
            number = validate_credit_code(number)
        except CounterError as exc:
            raise CounterError(exc.code, exc.message, path=f"{path}.id_number") from exc
        return Party(ORGANISATION, name, id_type, number, phone, legal_rep)
    id_type = text("id_type") or "resident_id"
    if id_type not in ID_TYPES:
        raise CounterError(
            "id.type",
            f"未知的证件类型；id_type 应为 {'、'.join(ID_TYPES)} 之一",
            path=f"{path}.id_type",
        )
    try:
        number = validate_document(id_type, text("id_number") or "")
    except CounterError as exc:
        field = "id_type" if exc.code == "id.type" else "id_number"
        raise CounterError(exc.code, exc.message, path=f"{path}.{field}") from exc
    return Party(PERSON, name, id_type, number, phone, None)
