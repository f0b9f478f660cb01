"""Everything the bundle wizard knows about one 一件事 visit, as plain data (Qt-free).

Kept apart from ``IntakeState`` so the single-item wizard is not disturbed; ``request`` makes
the service's ``BundleRequest`` from it, the only thing the wizard hands over. ``to_json`` /
``from_json`` make its draft (kind ``bundle``): a visit left half done is offered again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any

from app.core.checklist import Verdict
from app.core.parties import Party
from app.services.bundle_intake import BundleRequest

BUNDLE = "bundle"  # the kind of its draft


@dataclass
class BundleState:
    bundle_code: str
    bundle_name: str = ""
    catalog_version: int | None = None
    applicant: Party | None = None
    agent: Party | None = None
    ticket: str = ""
    answers: dict[str, list[str]] = field(default_factory=dict)  # the bundle's questions
    members: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # item -> answers
    verdicts: dict[str, dict[str, Any]] = field(default_factory=dict)  # line key -> verdict
    outcomes: dict[str, str] = field(default_factory=dict)  # item -> outcome chosen
    reasons: dict[str, str] = field(default_factory=dict)  # item -> refusal reason
    supplement_deadline: str | None = None  # ISO date, agreed for every 容缺 member
    step: str = "questions"
    started_at: str = field(default_factory=lambda: datetime.now().isoformat(timespec="seconds"))
    draft_id: str | None = None

    # ---- drafts ------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["applicant"] = self.applicant.to_dict() if self.applicant else None
        data["agent"] = self.agent.to_dict() if self.agent else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BundleState:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for role in ("applicant", "agent"):  # saved from a validated party: taken back as is
            if values.get(role):
                values[role] = Party(**values[role])
        return cls(**values)

    def summary(self) -> str:
        name = self.applicant.name if self.applicant else ""
        return " · ".join(x for x in (name, self.bundle_name) if x)

    def deadline(self) -> date | None:
        return date.fromisoformat(self.supplement_deadline) if self.supplement_deadline else None

    # ---- what the service needs -------------------------------------------------------------

    def verdict_objects(self) -> dict[str, Verdict]:
        out = {}
        for key, v in self.verdicts.items():
            if v.get("verdict") in ("ok", "missing", "promised"):  # the service checks a promise
                out[key] = Verdict(v["verdict"])
            elif v.get("verdict") == "defective" and (v.get("reason") or "").strip():
                out[key] = Verdict("defective", v["reason"].strip())
        return out

    def request(self, clerk: str) -> BundleRequest:
        return BundleRequest(
            clerk=clerk,
            bundle_code=self.bundle_code,
            applicant=self.applicant,
            answers={k: list(v) for k, v in self.answers.items()},
            members={m: {q: list(a) for q, a in ans.items()} for m, ans in self.members.items()},
            verdicts=self.verdict_objects(),
            agent=self.agent,
            outcomes=dict(self.outcomes),
            reasons={k: v.strip() for k, v in self.reasons.items() if v.strip()},
            supplement_deadline=self.deadline(),
            ticket=self.ticket or None,
            started_at=datetime.fromisoformat(self.started_at),
            catalog_version=self.catalog_version,
            draft_id=self.draft_id,
        )
