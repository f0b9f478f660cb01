"""Where Counter keeps its data (one data directory, the "home") and finds its resources."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "Counter"
HOME_ENV = "COUNTER_HOME"


def resources_dir() -> Path:
    """``resources/`` beside the package in a checkout, or inside a frozen (PyInstaller) build."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def default_home() -> Path:
    import platformdirs  # ~25 ms of imports, and only needed without --home or COUNTER_HOME

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class Home:
    """The data directory: database, printed slips, logs and backups, never the install folder."""

    root: Path

    @classmethod
    def resolve(cls, explicit: str | os.PathLike[str] | None = None) -> Home:
        raw = explicit or os.environ.get(HOME_ENV) or default_home()
        return cls(Path(raw).expanduser().resolve())

    @property
    def db(self) -> Path:
        return self.root / "counter.sqlite3"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def cases(self) -> Path:
        return self.root / "cases"

    def case_dir(self, case_no: str) -> Path:
        return inside(self.cases, case_no)

    def ensure(self) -> None:
        """Create the data directory's folders, each made durable (its name fsynced into its
        parent) the first time: the case folders' slips must survive a power cut."""
        from app.files import make_folder

        for d in (self.root, self.backups, self.logs, self.cases):
            if not d.is_dir():
                make_folder(d)


def inside(root: Path, *parts: str) -> Path:
    """``root / parts`` when that path stays inside ``root``; built from data (a case number, an
    item code), a path must never leave the data directory, whatever the data holds."""
    from app.core.errors import CounterError

    target = root.joinpath(*parts)
    base = root.resolve()
    resolved = target.resolve()
    if (
        not all(parts)
        or any(p in ("", ".", "..") or "/" in p or "\\" in p or "\0" in p for p in parts)
        or not resolved.is_relative_to(base)
        or resolved == base
    ):
        shown = "/".join(parts)[:80]
        raise CounterError(
            "path.outside", f"名称 {shown!r} 不能用作数据目录中的文件名；请检查事项编码或办件编号"
        )
    return target
