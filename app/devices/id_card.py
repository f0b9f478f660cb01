"""The ID card reader: a card's fields, the reader interface, and two implementations.

``FileIdCardReader`` is the simulator: it "reads" the JSON file a tester (or the demo) wrote.
``HelperIdCardReader`` talks to a helper process that wraps the vendor's 32-bit SDK
(sdtapi.dll / termb.dll): one JSON request per line on its stdin, one JSON answer per line
on its stdout. The protocol, so any vendor helper can be written against it::

    -> {"op": "read"}
    <- {"ok": true, "card": {"name": "张𠈌", "id_number": "...", ...}}   (a card is on the reader)
    <- {"ok": true, "card": null}                                       (no card)
    <- {"ok": false, "error": "读卡器未连接"}
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Protocol

from app.core.errors import CounterError


@dataclass(frozen=True, slots=True)
class IdCard:
    """What the chip of a resident ID card holds (the photo is left out: it is not stored)."""

    name: str
    id_number: str
    sex: str | None = None
    nation: str | None = None
    birth: str | None = None  # YYYYMMDD as the chip stores it
    address: str | None = None
    issuer: str | None = None  # 签发机关
    valid_from: str | None = None
    valid_to: str | None = None

    @classmethod
    def from_mapping(cls, d: Mapping[str, Any]) -> IdCard:
        known = {f.name for f in fields(cls)}
        values = {k: (str(v) if v is not None else None) for k, v in d.items() if k in known}
        if not values.get("name") or not values.get("id_number"):
            raise CounterError("device.card_data", "读卡结果缺少姓名或证件号码，请重新放卡")
        return cls(**values)  # type: ignore[arg-type]


class IdCardReader(Protocol):
    """Reads the card lying on the reader; ``None`` when there is none."""

    label: str

    def read(self) -> IdCard | None: ...

    def close(self) -> None: ...


class FileIdCardReader:
    """Simulator: the "card" is a JSON object (or a list of them, handed out in turn) in a file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.label = f"模拟读卡器（{self.path.name}）"
        self._turn = 0

    def read(self) -> IdCard | None:
        if not self.path.exists():
            return None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as exc:
            raise CounterError(
                "device.card_file", f"模拟读卡文件 {self.path} 无法读取：{exc}"
            ) from exc
        if isinstance(data, list):
            if not data:
                return None
            data = data[self._turn % len(data)]
            self._turn += 1
        if not isinstance(data, Mapping):
            raise CounterError("device.card_file", f"模拟读卡文件 {self.path} 应为 JSON 对象或数组")
        return IdCard.from_mapping(data)

    def close(self) -> None:
        pass


class HelperIdCardReader:
    """A vendor helper process, started on first use and restarted if it dies."""

    def __init__(self, command: Sequence[str], timeout: float = 5.0) -> None:
        if not command:
            raise CounterError("device.helper", "未配置读卡器辅助程序")
        self.command = list(command)
        self.timeout = timeout
        self.label = f"身份证阅读器（{Path(self.command[0]).name}）"
        self._proc: subprocess.Popen[str] | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._lock = threading.Lock()

    def _start(self) -> subprocess.Popen[str]:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        try:
            proc = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                bufsize=1,
            )
        except OSError as exc:
            raise CounterError(
                "device.helper",
                f"无法启动读卡器辅助程序 {self.command[0]}：{exc}。请在设置中检查读卡器配置",
            ) from exc
        self._lines = queue.Queue()
        # A thread per helper: pipes cannot be polled with a timeout on Windows.
        threading.Thread(target=self._pump, args=(proc, self._lines), daemon=True).start()
        self._proc = proc
        return proc

    @staticmethod
    def _pump(proc: subprocess.Popen[str], lines: queue.Queue[str | None]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    def read(self) -> IdCard | None:
        with self._lock:
            proc = self._start()
            assert proc.stdin is not None
            try:
                proc.stdin.write(json.dumps({"op": "read"}) + "\n")
                proc.stdin.flush()
                line = self._lines.get(timeout=self.timeout)
            except (OSError, queue.Empty) as exc:
                self._stop()
                raise CounterError("device.timeout", "读卡器没有响应，请检查连接后重试") from exc
            if line is None:
                self._stop()
                raise CounterError("device.helper", "读卡器辅助程序已退出，请重试")
        try:
            answer = json.loads(line)
        except ValueError as exc:
            raise CounterError(
                "device.protocol", f"读卡器返回了无法识别的数据：{line[:80]!r}"
            ) from exc
        if not answer.get("ok"):
            raise CounterError("device.reader", str(answer.get("error") or "读卡失败，请重新放卡"))
        card = answer.get("card")
        return None if card is None else IdCard.from_mapping(card)

    def _stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None

    def close(self) -> None:
        with self._lock:
            self._stop()
