"""Rolling out a version of Counter to the county's windows.

The county administrator publishes the current version (what windows should run) and the
minimum (below it a window may not take new intakes): ``counter central publish-version``. A
window pulls it like the catalog (``app.sync.pull``, dataset ``app_version``) and keeps the
newest in its settings table. An older window says so on the home page and in ``counter sync
status``; one below the minimum still pushes every record (nothing recorded is ever held back)
but refuses new intakes with the version to install.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from app import __version__
from app.core.errors import CounterError
from app.services.settings import Var

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.models.db import Store


class Context(Protocol):
    """What this module uses of the application's context (bootstrap.Context has it)."""

    @property
    def store(self) -> Store: ...


# Written only by the pull (not a setting anyone sets: not in Settings, not in the dialog).
PUBLISHED = Var[dict[str, Any] | None]("central.app_versions", None, "中心发布的当前版本与最低版本")
VERSION_RE = re.compile(r"^(\d{1,4})(?:\.(\d{1,4})){0,3}$")


def version_key(text: str) -> tuple[int, ...]:
    """``0.10.2`` → (0, 10, 2); a build suffix (``+b412.g340f28f``) does not count."""
    core = text.strip().split("+", 1)[0]
    if not VERSION_RE.match(core):
        raise ValueError(f"版本号 {text!r} 应为数字和点，如 1.2.0")
    parts = tuple(int(p) for p in core.split("."))
    return parts + (0,) * (4 - len(parts))


@dataclass(frozen=True)
class Rollout:
    current: str  # what every window should run
    minimum: str  # below it: records still pushed, no new intakes

    @classmethod
    def from_json(cls, doc: Any) -> Rollout:
        """Checked: both versions well formed, the minimum not above the current one."""
        if not isinstance(doc, dict) or not all(
            isinstance(doc.get(k), str) for k in ("current", "minimum")
        ):
            raise ValueError('应为 {"current": "X.Y.Z", "minimum": "X.Y.Z"}')
        rollout = cls(doc["current"].strip(), doc["minimum"].strip())
        if version_key(rollout.minimum) > version_key(rollout.current):
            raise ValueError(f"最低版本 {rollout.minimum} 高于当前版本 {rollout.current}")
        return rollout

    def to_json(self) -> dict[str, str]:
        return {"current": self.current, "minimum": self.minimum}

    def outdated(self, running: str = __version__) -> bool:
        return version_key(running) < version_key(self.current)

    def below_minimum(self, running: str = __version__) -> bool:
        return version_key(running) < version_key(self.minimum)

    def notice(self, running: str = __version__) -> str | None:
        """One line for the home page and ``counter sync status``; None when up to date."""
        if self.below_minimum(running):
            return (
                f"本窗口的 Counter {running} 低于县里要求的最低版本 {self.minimum}，已停止受理新"
                f"办件（已有记录照常上传）：请安装 Counter {self.current}"
            )
        if self.outdated(running):
            return f"Counter {self.current} 已发布（本窗口为 {running}）：请安排安装"
        return None


def published_in(s: Session) -> Rollout | None:
    doc = PUBLISHED.get(s)
    return Rollout.from_json(doc) if doc else None


def published(ctx: Context) -> Rollout | None:
    with ctx.store.read() as s:
        return published_in(s)


def refuse_intake_if_below_minimum(ctx: Context, running: str = __version__) -> None:
    """Called at the start of every intake: below the county's minimum version, none."""
    with ctx.store.read() as s:
        refuse_intake_if_below_minimum_in(s, running)


def refuse_intake_if_below_minimum_in(s: Session, running: str = __version__) -> None:
    """``refuse_intake_if_below_minimum`` in the caller's transaction (the settings it reads
    once)."""
    rollout = published_in(s)
    if rollout is not None and rollout.below_minimum(running):
        raise CounterError(
            "version.below_minimum",
            f"本窗口的 Counter {running} 低于县里要求的最低版本 {rollout.minimum}，不能受理新"
            f"办件；已有记录不受影响，仍会上传。请安装 Counter {rollout.current} 后再受理"
            "（联系县级信息化管理员）",
        )
