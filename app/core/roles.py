"""Roles, what each role may do, and the account a logged-in screen is handed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

ROLES = {"clerk": "窗口人员", "supervisor": "值班长", "admin": "管理员"}
# What each role may do; a higher role includes the lower ones.
PERMISSIONS = {
    "clerk": {"intake", "consult", "pickup", "complaint", "print"},
    "supervisor": {"intake", "consult", "pickup", "complaint", "print", "reports", "tickets"},
    "admin": {
        "intake",
        "consult",
        "pickup",
        "complaint",
        "print",
        "reports",
        "tickets",
        "appeals",  # deciding an appeal against a ticket (申诉复核, core/tickets.py)
        "users",
        "catalog",
        "settings",
        "holidays",
    },
}


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: str
    active: bool
    locked_until: datetime | None

    def may(self, permission: str) -> bool:
        return self.active and permission in PERMISSIONS.get(self.role, set())
