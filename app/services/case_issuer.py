"""Which issuer this store writes into its case numbers, and when it must take another.

A case number is ``centre-window-date-issuer-seq`` (core/case_numbers.py). The daily sequence
lives in the store, so any second copy of a store, or a second store for the same window, would
count 0001, 0002 … again on the same day. The issuer is what tells their numbers apart:

- A new store (first start, reinstall, a replaced PC) picks a random issuer.
- A store that may be a copy picks a new one before its next case: a restored backup, a store
  file moved into another data directory, a second PC given a copy. That is recognised with a
  *generation* token kept twice, in the store and in a file beside it (``store-generation``),
  renewed with every case number: a copy that could repeat a number (one taken before the
  latest number was issued) holds a token the file no longer holds.
- The sync engine picks a new one when the central database finds this device reused record
  sequence numbers (a restore the token could not see), and when the central says another
  device of the window holds this issuer (two PCs set up with one window code).

Each pick avoids every issuer this store has used. Numbers issued before a pick keep theirs.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.core.case_numbers import all_issuers, is_issuer
from app.services.record_log import next_counter
from app.services.settings import Var

log = logging.getLogger(__name__)

SIDECAR = "store-generation"
UNREADABLE = "\0unreadable"  # never a token (tokens are hex)


class IssuerState:
    issuer = Var[str | None]("caseno.issuer", None, "本机办件编号的发号码（两位）")
    used = Var[list[str]]("caseno.issuers_used", [], "本机用过的发号码")
    confirmed = Var[str | None]("caseno.issuer_confirmed", None, "中心已登记的发号码")
    generation = Var[str | None](
        "store.generation", None, "本地数据库的代次标记（识别备份恢复与拷贝）"
    )


def pick(
    s: Session,
    reason: str,
    avoid: frozenset[str] = frozenset(),
    choose: Callable[[list[str]], str] = secrets.choice,
) -> str:
    """Take a new random issuer for this store, unused here and not in ``avoid``."""
    used = list(IssuerState.used.get(s))
    free = [t for t in all_issuers() if t not in used and t not in avoid]
    if not free:  # 924 installations of one store: start over rather than stop issuing
        free = [t for t in all_issuers() if t not in avoid] or all_issuers()
    tag = choose(free)
    IssuerState.issuer.set(s, tag)
    IssuerState.used.set(s, [*used, tag])
    IssuerState.confirmed.set(s, None)
    log.warning("case-number issuer %s taken (%s)", tag, reason)
    return tag


def adopt(s: Session, tag: str) -> None:
    """Use ``tag``, which the central database registered for this device."""
    if not is_issuer(tag):
        raise ValueError(f"not an issuer: {tag!r}")
    used = list(IssuerState.used.get(s))
    IssuerState.issuer.set(s, tag)
    if tag not in used:
        IssuerState.used.set(s, [*used, tag])
    IssuerState.confirmed.set(s, tag)


class CaseIssuer:
    """Hands out (issuer, sequence) pairs inside the intake's write transaction."""

    def __init__(self, root: Path) -> None:
        self.sidecar = root / SIDECAR
        self._said_unreadable = False

    def issue(self, s: Session, day: date) -> tuple[str, int]:
        stored = IssuerState.generation.get(s)
        beside = self._read_sidecar()
        if beside is UNREADABLE:  # cannot tell a copy from the original: say so, keep going
            beside = stored
        if (stored, beside) != (None, None) and stored != beside:
            # The store is not the one this data directory last wrote: a restored backup, a
            # copied file, or a failure between writing the file and the store's commit.
            pick(s, "store generation differs from the data directory's")
        tag = IssuerState.issuer.get(s)
        if tag is None or not is_issuer(tag):
            tag = pick(s, "new store")
        # A new token with every number: a copy of the store taken at any moment holds a token
        # the file no longer holds once one more number has been issued, and a copy taken
        # after the last number cannot repeat any. The file is written under the write lock,
        # just before the commit, so two processes never see each other's half.
        token = secrets.token_hex(8)
        IssuerState.generation.set(s, token)
        event.listen(s, "before_commit", lambda _s: self._write_sidecar(token), once=True)
        return tag, next_counter(s, f"caseno.{day:%Y%m%d}.{tag}")

    def _read_sidecar(self) -> str | None:  # UNREADABLE when it exists but cannot be read
        try:
            return self.sidecar.read_text(encoding="ascii").strip() or None
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            if not self._said_unreadable:
                log.error(
                    "cannot read %s (%s): a restored or copied store cannot be told from "
                    "the original until it can be read again",
                    self.sidecar.name,
                    exc,
                )
                self._said_unreadable = True
            return UNREADABLE

    def _write_sidecar(self, token: str) -> None:
        # No fsync: a file lost to a power cut only makes the next number take a new issuer.
        try:
            _overwrite(self.sidecar, (token + "\n").encode("ascii"))
        except OSError as exc:  # the next process then takes a new issuer: safe, only wasteful
            log.warning("cannot write %s: %s", self.sidecar.name, exc)


def _overwrite(path: Path, data: bytes) -> None:
    """Write ``data`` over the file in place. Every token has the same length, so a reader (under
    the same write lock) never finds the file empty or shorter; and nothing is renamed over it,
    which on ext4 starts the replaced file's write-out at once (milliseconds an intake, beside
    a commit of well under one). Torn by a power cut, it differs from the store's token: the
    next number then takes a new issuer, as for a lost file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
    try:
        os.write(fd, data)
        if os.fstat(fd).st_size != len(data):  # a longer file from elsewhere: cut it to size
            os.ftruncate(fd, len(data))
    finally:
        os.close(fd)
