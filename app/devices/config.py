"""Which device or simulator this machine uses, kept in ``devices.json`` in the data directory.

Hardware belongs to the PC, so this is a file next to the database rather than a row in it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the drivers load with the first device configured, not at start-up
    from app.devices.evaluation_pad import EvaluationPad
    from app.devices.id_card import IdCardReader

log = logging.getLogger(__name__)
FILE_NAME = "devices.json"
ID_READERS = ("none", "simulator", "helper")
PADS = ("screen", "simulator")


@dataclass(frozen=True)
class DeviceConfig:
    id_reader: str = "none"  # none | simulator | helper
    id_card_file: str | None = None  # simulator: the JSON "card"
    id_helper: str | None = None  # helper: command line of the vendor helper process
    pad: str = "screen"  # screen (review window) | simulator
    pad_file: str | None = None  # simulator: the JSON answer
    scan_gap_ms: int = 50  # scanner bursts: longest pause between two keys


def load_config(root: Path) -> DeviceConfig:
    path = Path(root) / FILE_NAME
    if not path.exists():
        return DeviceConfig()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        known = {f.name for f in fields(DeviceConfig)}
        cfg = replace(DeviceConfig(), **{k: v for k, v in raw.items() if k in known})
    except (OSError, ValueError, TypeError) as exc:
        log.warning("ignoring unreadable %s: %s", path, exc)
        return DeviceConfig()
    if cfg.id_reader not in ID_READERS:
        cfg = replace(cfg, id_reader="none")
    if cfg.pad not in PADS:
        cfg = replace(cfg, pad="screen")
    return cfg


def save_config(root: Path, cfg: DeviceConfig) -> None:
    """Through a temporary file, fsync and an atomic rename (CounterError when it cannot)."""
    from app.files import write_bytes

    data = json.dumps(asdict(cfg), ensure_ascii=False, indent=2).encode("utf-8")
    write_bytes(Path(root) / FILE_NAME, data)


def make_id_reader(cfg: DeviceConfig) -> IdCardReader | None:
    if cfg.id_reader == "simulator" and cfg.id_card_file:
        from app.devices.id_card import FileIdCardReader

        return FileIdCardReader(Path(cfg.id_card_file))
    if cfg.id_reader == "helper" and cfg.id_helper:
        import shlex

        from app.devices.id_card import HelperIdCardReader

        return HelperIdCardReader(shlex.split(cfg.id_helper, posix=True))
    return None


def make_pad(cfg: DeviceConfig) -> EvaluationPad | None:
    """None means: use the review window on screen."""
    if cfg.pad == "simulator" and cfg.pad_file:
        from app.devices.evaluation_pad import FileEvaluationPad

        return FileEvaluationPad(Path(cfg.pad_file))
    return None
