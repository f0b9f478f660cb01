"""Everything the wizard knows about one visit, as plain data (saved as the draft, Qt-free).

The pages read from and write into one ``IntakeState``; going back and forth never loses
input because nothing lives only in a widget. ``to_json``/``from_json`` make the draft.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any

from app.core.checklist import Verdict
from app.core.parties import Party, party_from_dict

INTAKE, SUPPLEMENT = "intake", "supplement"


def empty_party() -> dict[str, Any]:
    return {
        "kind": "person",
        "name": "",
        "id_type": "resident_id",
        "id_number": "",
        "phone": "",
        "legal_rep": "",
    }


@dataclass
class IntakeState:
    kind: str = INTAKE  # intake | supplement (a returning applicant, ``case_no`` set)
    step: str = "applicant"
    applicant: dict[str, Any] = field(default_factory=empty_party)
    has_agent: bool = False
    agent: dict[str, Any] = field(default_factory=empty_party)
    ticket: str = ""  # queue ticket number
    item_code: str | None = None
    item_name: str | None = None
    catalog_version: int | None = None
    answers: dict[str, list[str]] = field(default_factory=dict)
    verdicts: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> {verdict, reason}
    outcome: str | None = None
    reason: str = ""  # refusal reason
    supplement_deadline: str | None = None  # ISO date
    question: str = ""  # consultation: what was asked
    answer: str = ""
    case_no: str | None = None  # supplement: the case
    started_at: str = field(default_factory=lambda: datetime.now().isoformat(timespec="seconds"))
    draft_id: str | None = None

    # ---- drafts ------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IntakeState:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    # ---- what the service needs -------------------------------------------------------------

    def verdict_objects(self) -> dict[str, Verdict]:
        out = {}
        for mid, v in self.verdicts.items():
            if v.get("verdict") in ("ok", "missing", "promised"):
                out[mid] = Verdict(v["verdict"])
            elif v.get("verdict") == "defective" and (v.get("reason") or "").strip():
                out[mid] = Verdict("defective", v["reason"].strip())
        return out

    def applicant_party(self) -> Party:
        return party_from_dict(_clean(self.applicant), "applicant")

    def agent_party(self) -> Party | None:
        return party_from_dict(_clean(self.agent), "agent") if self.has_agent else None

    def deadline(self) -> date | None:
        return date.fromisoformat(self.supplement_deadline) if self.supplement_deadline else None

    def started(self) -> datetime:
        return datetime.fromisoformat(self.started_at)

    def summary(self) -> str:
        name = (self.applicant.get("name") or "").strip()
        return " · ".join(x for x in (name, self.item_name or "", self.case_no or "") if x)


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    """Blank optional fields are absent, not empty strings."""
    out = {k: (v.strip() if isinstance(v, str) else v) for k, v in d.items()}
    return {k: v for k, v in out.items() if v not in ("", None)}
