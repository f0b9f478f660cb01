"""Everything the bundle wizard knows about one 一件事 visit, as plain data (Qt-free).

Kept apart from ``IntakeState`` so the single-item wizard is not disturbed; ``request`` makes
the service's ``BundleRequest`` from it, the only thing the wizard hands over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.core.checklist import Verdict
from app.core.parties import Party
from app.services.bundle_intake import BundleRequest


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
            ticket=self.ticket or None,
            catalog_version=self.catalog_version,
        )
