"""A case state is named through ``CaseState`` everywhere in ``app``: its text appears only where
the enum is defined (``app/core/cases.py``) and in the migrations, frozen as written. The same words with another meaning (a ticket that
is closed, a pushed record the central accepted, the outcome word of a slip) are listed below
with what they mean; a new one must be added here on purpose."""

import ast
from pathlib import Path

from app.core.cases import CaseState

APP = Path(__file__).resolve().parents[2] / "app"
DEFINED_IN = "core/cases.py"
# Migrations are frozen as they were written: they keep the stored texts, never the enum.
FROZEN = ("models/migrations/versions/", "sync/central_migrations/versions/")

# (file under app/, word): what the word means there.
OTHER_MEANINGS = {
    # a rectification ticket's state (core/tickets.STATES)
    ("core/tickets.py", "closed"): "ticket",
    ("services/tickets.py", "closed"): "ticket",
    ("services/feedback.py", "closed"): "ticket step of the command line",
    ("sync/central_tickets.py", "closed"): "ticket",
    ("cli/ticket_cmds.py", "closed"): "ticket",
    ("ui/ticket_labels.py", "closed"): "ticket",
    ("ui/tickets_page.py", "closed"): "ticket",
    # the outcome word of a slip's data (printing.model.Outcome), by the visit's outcome
    ("printing/model.py", "accepted"): "slip outcome",
    ("printing/model.py", "tolerated"): "slip outcome",
    ("printing/model.py", "refused"): "slip outcome",
    ("printing/documents.py", "accepted"): "slip outcome",
    ("printing/documents.py", "tolerated"): "slip outcome",
    ("printing/documents.py", "refused"): "slip outcome",
    ("services/slips.py", "accepted"): "slip outcome",
    ("services/slips.py", "tolerated"): "slip outcome",
    ("services/slips.py", "refused"): "slip outcome",
    # a figure's key (core/figures.NAMES), the count of visits with that outcome
    ("core/figures.py", "accepted"): "figure",
    ("core/figures.py", "tolerated"): "figure",
    ("core/period_report.py", "accepted"): "figure",
    ("core/period_report.py", "tolerated"): "figure",
    # the central database's answer to a pushed record
    ("sync/push.py", "accepted"): "push answer",
    ("sync/engine.py", "accepted"): "push answer",
    # a case number pushed twice and refused by the central database
    ("cli/central_cmds.py", "refused"): "duplicate number",
    # words of a message: a refused connection, a keyring not allowed
    ("sync/connection.py", "refused"): "connection refused",
    ("sync/setup.py", "refused"): "message",
}


def state_words(source: str) -> list[tuple[int, str]]:
    """Every string constant of the source that is exactly a case state's text, by line."""
    names = {s.value for s in CaseState}
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names
    )


def test_no_bare_case_state_outside_the_enum():
    found = []
    for path in sorted(APP.rglob("*.py")):
        rel = path.relative_to(APP).as_posix()
        if rel == DEFINED_IN or rel.startswith(FROZEN):
            continue
        for line, word in state_words(path.read_text(encoding="utf-8")):
            if (rel, word) not in OTHER_MEANINGS:
                found.append(f"app/{rel}:{line}: {word!r} (write CaseState.{word.upper()})")
    assert found == []


def test_the_scan_finds_a_bare_state():
    """The scan itself: a comparison with the text is found, the enum member is not."""
    assert state_words('if case.state == "result_ready":\n    pass\n') == [(1, "result_ready")]
    assert state_words("if case.state == CaseState.RESULT_READY:\n    pass\n") == []


def test_every_other_meaning_is_still_there():
    """An entry whose word left its file is removed, so the list never hides a new use."""
    stale = [
        key
        for key in OTHER_MEANINGS
        if key[1] not in {w for _, w in state_words((APP / key[0]).read_text(encoding="utf-8"))}
    ]
    assert stale == []
