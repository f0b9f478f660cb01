"""Errors that reach a person: a stable code for tests and logs, a message that says what to do."""

from __future__ import annotations


class CounterError(Exception):
    """A failure the user can act on.

    ``code`` is stable (tests and logs match on it); ``message`` says what happened and what to
    do; ``path`` names the field, JSON path or item the problem belongs to, when there is one.
    """

    def __init__(self, code: str, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ValidationFailed(CounterError):
    """Many problems found at once (an import file, an application file); nothing was written."""

    def __init__(self, code: str, message: str, problems: list[Problem]) -> None:
        super().__init__(code, message)
        self.problems = problems


class Problem:
    """One problem in a file: where it is and what is wrong."""

    __slots__ = ("code", "path", "reason", "where")

    def __init__(self, where: str, path: str, reason: str, code: str = "invalid") -> None:
        self.where = where  # e.g. the item code, or "" for the document itself
        self.path = path  # e.g. "materials[2].when"
        self.reason = reason
        self.code = code

    def __repr__(self) -> str:
        return f"Problem({self.where!r}, {self.path!r}, {self.reason!r})"

    def __str__(self) -> str:
        head = " ".join(p for p in (self.where, self.path) if p)
        return f"{head}: {self.reason}" if head else self.reason
