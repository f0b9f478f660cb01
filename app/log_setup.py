"""The log file of a data directory (``logs/counter.log``, rotated), for the CLI and the window.

No log line carries personal data. The code logs identifiers (case numbers, record ids) and
never a payload; as a second line of defence ``PersonalDataFilter`` masks resident ID numbers
and mobile numbers in every record, its traceback included, and cuts the text SQLite quotes
from a row it cannot decode. A log file that cannot be written (a full disk) costs one line
on stderr, once, never a traceback per record.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import re
import sys
import traceback

from app.paths import Home

# 18 characters: 17 digits and a digit or X (a resident ID, 居民身份证号码), not inside a
# longer run of digits; 11 digits starting 1[3-9] (a mainland mobile number), likewise.
RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
# sqlite3: "Could not decode to UTF-8 column 'payload' with text '{...}'"; SQLAlchemy:
# "[parameters: (...)]" (the engine hides them too).
QUOTED_ROW = re.compile(r"(with text )'.*?(?:'(?=\n|$)|$)", re.MULTILINE)
PARAMETERS = re.compile(r"\[parameters: .*?\](?=\n|$)", re.MULTILINE)


def mask_personal(text: str) -> str:
    from app.core.identity import mask, mask_phone

    text = QUOTED_ROW.sub(r"\1'…'", text)
    text = PARAMETERS.sub("[parameters: …]", text)
    text = RESIDENT_ID.sub(lambda m: mask(m.group(0)), text)
    return MOBILE.sub(lambda m: mask_phone(m.group(0)), text)


def safe_exception_text(exc: BaseException) -> str:
    """An exception's text for a person or a log line, without the data it may quote."""
    if isinstance(exc, UnicodeDecodeError):
        return f"{exc.encoding} 解码失败（位置 {exc.start}：{exc.reason}）"
    return mask_personal(str(exc))


class PersonalDataFilter(logging.Filter):
    """Masks resident ID numbers and mobile numbers in a record's message and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what there is, masked
            message = f"{record.msg!r} {record.args!r}"
        masked = mask_personal(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = mask_personal(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal(record.stack_info)
        return True


class QuietRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file that, when it cannot be written, says so once in one line."""

    _warned = False

    def handleError(self, record: logging.LogRecord) -> None:
        exc = sys.exc_info()[1]
        if not QuietRotatingFileHandler._warned:
            QuietRotatingFileHandler._warned = True
            from app.files import is_disk_full

            why = (
                "磁盘空间已满"
                if is_disk_full(exc)
                else (f"{type(exc).__name__}" if exc is not None else "未知原因")
            )
            with contextlib.suppress(Exception):
                sys.stderr.write(f"counter: 警告：无法写入日志文件 {self.baseFilename}（{why}）\n")
        # A stream left half-written is reopened at the next record.
        try:
            if self.stream is not None:
                self.stream.close()
        except Exception:
            pass
        self.stream = None  # type: ignore[assignment]


def setup_logging(home: Home, verbose: bool = False) -> None:
    root = logging.getLogger()
    target = str(home.logs / "counter.log")
    for h in [h for h in root.handlers if getattr(h, "_counter", False)]:
        if getattr(h, "baseFilename", None) == target:
            return
        # Another data directory in the same process (tests, an administrator's script):
        # log into the one now in use.
        root.removeHandler(h)
        h.close()
    with contextlib.suppress(OSError):  # else the handler says so at the first record
        home.logs.mkdir(parents=True, exist_ok=True)
    # Opened at the first record: never a traceback on the terminal when it cannot be.
    handler = QuietRotatingFileHandler(
        home.logs / "counter.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(PersonalDataFilter())
    handler._counter = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
