"""Translated names of the rectification list's ids (core/tickets.py): sources, the 18
categories, states, acts. The core keeps the Chinese names for the CLI and the central list;
the screens show these, in the interface language (see labels.py)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def source_labels() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "review": translate("Labels", "Bad review"),
        "complaint": translate("Labels", "Could not get it done"),
        "hotline": translate("Labels", "12345 referral"),
        "spot_check": translate("Labels", "Spot check"),
        "evaluation": translate("Labels", "Third-party evaluation"),
    }


def category_labels() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "guide": translate("Labels", "Guide unclear or wrong"),
        "extra_material": translate("Labels", "Materials beyond the list asked for"),
        "notice": translate("Labels", "Corrections not told all at once"),
        "repeat_trip": translate("Labels", "Several trips needed"),
        "overdue": translate("Labels", "Time limit exceeded"),
        "shirking": translate("Labels", "Passed around, refused without good reason"),
        "attitude": translate("Labels", "Unfriendly service"),
        "discipline": translate("Labels", "Discipline (absent, late, private business)"),
        "skill": translate("Labels", "Lack of knowledge, wrong answers"),
        "waiting": translate("Labels", "Long waiting"),
        "online": translate("Labels", "Online service, system failure"),
        "facility": translate("Labels", "Premises and equipment"),
        "fee": translate("Labels", "Fees"),
        "result": translate("Labels", "Wrong result or certificate"),
        "privacy": translate("Labels", "Personal data protection"),
        "integrity": translate("Labels", "Integrity (asking for favours)"),
        "policy": translate("Labels", "The policy itself (not the window)"),
        "other": translate("Labels", "Other"),
    }


def ticket_state_labels() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "open": translate("Labels", "To take"),
        "taken": translate("Labels", "Being rectified"),
        "fixed": translate("Labels", "To call back"),
        "called": translate("Labels", "To close"),
        "appealed": translate("Labels", "Appeal under review"),
        "closed": translate("Labels", "Closed"),
    }


def act_labels() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "open": translate("Labels", "Opened"),
        "take": translate("Labels", "Taken"),
        "classify": translate("Labels", "Classified"),
        "fix": translate("Labels", "Measure recorded"),
        "call_back": translate("Labels", "Called back"),
        "close": translate("Labels", "Closed"),
        "appeal": translate("Labels", "Appealed"),
        "decide": translate("Labels", "Appeal decided"),
    }
