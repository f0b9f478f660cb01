"""What any file brought to the window may hold: types, sizes and characters, checked first.

Application files, catalogs and holiday tables come from outside (a county's spreadsheet, an
online pre-review, a QR code). Before anything is parsed further, written to the store or used
to build a path, every value is checked here: a file is read only when it is a regular file of
bounded size, JSON is read strictly (no duplicate keys, no NaN/Infinity, no huge numbers, no
deep nesting), and text has a maximum length and no control characters (newlines only where
text may span lines). Every refusal is one line in Chinese naming the field.
"""

from __future__ import annotations

import json
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Any

from app.core.errors import CounterError

# An item code (事项编码 / 实施编码, or a local one such as LOCAL-0001): national codes are
# long digit strings with letters; the code also names files (guides), so no path syntax.
CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
# Ids of questions, options and materials inside an item (s, s1, m10): the Excel template
# joins them with + and |, answers on the command line with = and ,.
ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")

MAX_NUMBER_DIGITS = 15  # far above any day count or number of copies; far below int's limit
MAX_DEPTH = 32  # the formats nest at most 6 levels deep

# Control characters: C0/C1 controls, lone surrogates, and the bidirectional overrides that
# can make a text display differently from what it is.
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def check_code(value: Any, path: str, what: str = "事项编码") -> str:
    """An item code: 1 to 64 of A-Z a-z 0-9 . _ -, starting with a letter or digit, no '..'."""
    if not isinstance(value, str):
        raise CounterError("input.type", f"{what}应为字符串", path=path)
    if not CODE_RE.fullmatch(value) or ".." in value:
        raise CounterError(
            "input.code",
            f"{what} {_shown(value)} 不合规：只能由字母、数字和 . _ - 组成，以字母或数字开头，"
            "不超过 64 个字符且不含 ..；请改正",
            path=path,
        )
    return value


def code_problem(value: str) -> str | None:
    if CODE_RE.fullmatch(value) and ".." not in value:
        return None
    return (
        f"事项编码 {_shown(value)} 不合规：只能由字母、数字和 . _ - 组成，以字母或数字开头，"
        "不超过 64 个字符且不含 ..；请改正"
    )


def id_problem(value: str, what: str = "编号") -> str | None:
    if ID_RE.fullmatch(value) and ".." not in value:
        return None
    return (
        f"{what} {_shown(value)} 不合规：只能由字母、数字和 . _ - 组成，以字母或数字开头，"
        "不超过 32 个字符；请改正"
    )


_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_BREAKS = re.compile("[\n\r\t]")


def text_problem(value: str, max_len: int, *, multiline: bool = False) -> str | None:
    """Why ``value`` is not acceptable text, or None."""
    if len(value) > max_len:
        return f"过长（{len(value)} 个字符，最多 {max_len} 个）；请删减"
    if not multiline and _BREAKS.search(value):
        return "不能含换行或制表符；请写在一行内"
    m = _FORBIDDEN.search(value)
    if m is None:
        return None
    ch = m.group()
    if unicodedata.category(ch) == "Cs":
        return "含有无效的 Unicode 字符（孤立的代理项）；请用 UTF-8 重新保存文件"
    return f"含有不可见的控制字符 U+{ord(ch):04X}；请删除后重新保存"


def check_text(
    value: Any, path: str, max_len: int, *, multiline: bool = False, what: str = ""
) -> str:
    if not isinstance(value, str):
        raise CounterError(
            "input.type", f"{what or '该字段'}应为字符串，实际为 {type_name(value)}", path=path
        )
    problem = text_problem(value, max_len, multiline=multiline)
    if problem:
        raise CounterError("input.text", f"{what}{problem}", path=path)
    return value


def one_line(text: str, limit: int = 400) -> str:
    """A message as one printable line: control characters, line breaks and lone surrogates
    escaped, and at most ``limit`` characters (a message may quote a hostile value)."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs", "Zl", "Zp") or ch in _BIDI:
            out.append(
                ch.encode("unicode_escape", "backslashreplace").decode("ascii")
                if cat != "Cs"
                else f"\\u{ord(ch):04x}"
            )
        else:
            out.append(ch)
    line = "".join(out)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def type_name(v: Any) -> str:
    return {
        type(None): "null",
        bool: "布尔值",
        int: "整数",
        float: "小数",
        str: "字符串",
        list: "列表",
        dict: "对象",
    }.get(type(v), type(v).__name__)


def _shown(value: str, limit: int = 40) -> str:
    """A value quoted for a message: short, and without anything that breaks the line."""
    s = value[:limit] + ("…" if len(value) > limit else "")
    return repr(s.encode("utf-8", "backslashreplace").decode("utf-8"))


# ---- files -----------------------------------------------------------------------------------


def missing(path: Path) -> bool:
    """True when nothing is at ``path``; a path the system cannot even look up (too long, a
    NUL) is not "missing": reading it reports why."""
    try:
        return not path.exists()
    except (OSError, ValueError):
        return False


def check_regular_file(path: Path, max_bytes: int, what: str = "文件") -> None:
    """Refuse a missing file, a folder, a device or pipe, and a file over ``max_bytes``."""
    try:
        st = os.stat(path)
    except FileNotFoundError as exc:
        raise CounterError("file.missing", f"找不到{what} {path}，请检查路径") from exc
    except OSError as exc:
        raise CounterError(
            "file.unreadable", f"无法读取{what} {str(path)[:200]}：{exc.strerror}；请检查路径"
        ) from exc
    except ValueError as exc:  # a NUL in the path
        raise CounterError("file.unreadable", f"{what}的路径无效；请检查路径") from exc
    if stat.S_ISDIR(st.st_mode):
        raise CounterError("file.not_regular", f"{path} 是文件夹，不是{what}；请给出文件的路径")
    if not stat.S_ISREG(st.st_mode):
        raise CounterError(
            "file.not_regular", f"{path} 不是普通文件（设备、管道等）；请给出{what}的路径"
        )
    if st.st_size > max_bytes:
        raise CounterError(
            "file.too_large",
            f"{what} {path.name} 过大（{st.st_size} 字节，最多 {max_bytes} 字节）；"
            "请检查是否选错了文件",
        )


def read_bytes_limited(path: Path, max_bytes: int, what: str = "文件") -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; anything else is refused."""
    check_regular_file(path, max_bytes, what)
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise CounterError("file.unreadable", f"无法读取{what} {path}：{exc.strerror}") from exc
    if len(data) > max_bytes:
        raise CounterError(
            "file.too_large",
            f"{what} {path.name} 过大（超过 {max_bytes} 字节）；请检查是否选错了文件",
        )
    return data


def decode_utf8(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CounterError(
            "file.encoding", f"{name} 不是 UTF-8 编码的文本（第 {exc.start} 字节）；请另存为 UTF-8"
        ) from exc


# ---- strict JSON -----------------------------------------------------------------------------


class JsonRefused(ValueError):
    """Raised from inside the JSON reader; ``path`` says where when known."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise JsonRefused(f"对象中键 {_shown(k)} 出现了两次；请删除重复的一个")
        out[k] = v
    return out


def _int(s: str) -> int:
    digits = s.lstrip("-")
    if len(digits) > MAX_NUMBER_DIGITS:
        raise JsonRefused(f"数字 {s[:20]}… 过大（{len(digits)} 位）；请检查该数字")
    return int(s)


def _float(s: str) -> float:
    if len(s) > 40:
        raise JsonRefused(f"数字 {s[:20]}… 过长；请检查该数字")
    return float(s)


def _constant(s: str) -> Any:
    raise JsonRefused(f"{s} 不是有效的 JSON 数字；请改为数字或 null")


def loads_strict(text: str, name: str = "文件") -> Any:
    """``json.loads`` that refuses duplicate keys, NaN/Infinity, huge numbers and deep nesting.

    Raises CounterError("input.json", ...) with a one-line message.
    """
    too_deep = CounterError(
        "input.json", f"{name} 嵌套层数超过 {MAX_DEPTH} 层，不是本格式的文件；请检查文件内容"
    )
    try:
        doc = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_int=_int,
            parse_float=_float,
            parse_constant=_constant,
        )
    except JsonRefused as exc:
        raise CounterError("input.json", f"{name}：{exc.message}") from exc
    except json.JSONDecodeError as exc:
        raise CounterError(
            "input.json",
            f"{name} 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）；请检查该处",
        ) from exc
    except RecursionError as exc:
        raise too_deep from exc
    except ValueError as exc:
        raise CounterError("input.json", f"{name} 不是有效的 JSON；请检查文件内容") from exc
    if isinstance(doc, (dict, list)) and _too_deep(doc):
        raise too_deep
    return doc


def _too_deep(doc: Any) -> bool:
    """Whether containers nest deeper than MAX_DEPTH (walked without recursion)."""
    stack = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        children = value.values() if isinstance(value, dict) else value
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False
