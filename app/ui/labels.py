"""Translated names of the core's ids (outcomes, case states, verdicts, ID types, levels).

The core keeps ids and Chinese names for the slips; the screens show these, in the interface
language. Each function builds its table when called, so a language switch takes effect.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core.cases import DENIED, CaseState


def outcome_labels() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "accept": translate("Labels", "Accept"),
        "tolerate": translate("Labels", "Accept with tolerated gaps"),
        "correction": translate("Labels", "Return for corrections"),
        "refuse": translate("Labels", "Refuse"),
        "consult": translate("Labels", "Consultation only"),
        "pickup": translate("Labels", "Result collected"),
    }


def state_labels() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        CaseState.AWAITING_CORRECTION: translate("Labels", "Awaiting corrections"),
        CaseState.ACCEPTED: translate("Labels", "Accepted"),
        CaseState.TOLERATED: translate("Labels", "Accepted (gaps)"),
        CaseState.REFUSED: translate("Labels", "Refused"),
        CaseState.TRANSFERRED: translate("Labels", "Transferred"),
        CaseState.RESULT_READY: translate("Labels", "Ready for pickup"),
        CaseState.DELIVERED: translate("Labels", "Delivered"),
        CaseState.CLOSED: translate("Labels", "Closed"),
        CaseState.REVOKED: translate("Labels", "Revoked"),
        # refused by the back office after acceptance (不予许可), not refused acceptance
        DENIED: translate("Labels", "Not granted"),
    }


def verdict_labels() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "ok": translate("Labels", "OK"),
        "missing": translate("Labels", "Missing"),
        "defective": translate("Labels", "Defective"),
        # the applicant's signed promise stands in for the material (告知承诺 or 容缺)
        "promised": translate("Labels", "Promised"),
        "": translate("Labels", "Not checked"),
    }


def id_type_labels() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "resident_id": translate("Labels", "Resident ID card"),
        "foreign_permanent_id": translate("Labels", "Foreigner's permanent residence ID"),
        "hmt_residence_permit": translate("Labels", "HK/Macao/Taiwan residence permit"),
        "passport": translate("Labels", "Passport"),
        "hk_mo_pass": translate("Labels", "HK/Macao travel permit"),
        "tw_pass": translate("Labels", "Taiwan travel permit"),
        "other": translate("Labels", "Other document"),
        "credit_code": translate("Labels", "Unified social credit code"),
    }


def level_labels() -> dict[int, str]:
    translate = QCoreApplication.translate
    return {
        5: translate("Labels", "Very satisfied"),
        4: translate("Labels", "Satisfied"),
        3: translate("Labels", "Fairly satisfied"),
        2: translate("Labels", "Dissatisfied"),
        1: translate("Labels", "Very dissatisfied"),
    }


def necessity_labels() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "必要": translate("Labels", "Required"),
        "容缺": translate("Labels", "Tolerable (容缺)"),
        "非必要": translate("Labels", "Optional"),
    }


def depth_labels() -> dict[str, str]:
    """The authorisation depths (app.core.posts.DEPTHS, the post table's own Chinese names)."""
    translate = QCoreApplication.translate
    return {
        "收件": translate("PostLabels", "Receive"),
        "原件核验": translate("PostLabels", "Check originals"),
        "一次性告知": translate("PostLabels", "One-time notice"),
        "受理": translate("PostLabels", "Accept"),
        "结果送达": translate("PostLabels", "Deliver result"),
    }


def post_role_labels() -> dict[str, str]:
    """A post's A/B/C members (app.core.posts.ROLES)."""
    translate = QCoreApplication.translate
    return {
        "A": translate("PostLabels", "A (lead)"),
        "B": translate("PostLabels", "B (covers when the A is away)"),
        "C": translate("PostLabels", "C (reserve, covers when the A and the B are away)"),
    }


def post_kind_labels() -> dict[str, str]:
    """The kinds of post (app.core.posts.KINDS)."""
    translate = QCoreApplication.translate
    return {
        "前台": translate("PostLabels", "Front desk"),
        "后台": translate("PostLabels", "Back office"),
        "导办": translate("PostLabels", "Guidance"),
        "帮办": translate("PostLabels", "Assistance"),
        "送达": translate("PostLabels", "Delivery"),
    }


def list_separator() -> str:
    """Between the names of a list written on one line: 、 in Chinese."""
    return QCoreApplication.translate("Labels", ", ")


def with_code(name: str, code: str) -> str:
    """A name with its code or login name after it: 张三（zhang3） in Chinese."""
    return QCoreApplication.translate("Labels", "{0} ({1})").format(name, code)
