"""Identity documents, credit codes, names and masking.

Pure rules: no Qt, no database. Every failure is a :class:`CounterError` with a stable ``code``
(tests and logs match on it) and a short Chinese message saying what is wrong and what to do.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from app.core.errors import CounterError

# --- GB 11643 (resident ID and the documents that share its layout) --------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_LEN = 18
# No living applicant was born earlier; catches typos like 1049 for 1949.
_MIN_BIRTH_YEAR = 1880

# Residence permits for HK/Macao/Taiwan residents use these fixed "address" prefixes.
_PERMIT_PREFIXES = {
    "810000": "hk_resident_permit",
    "820000": "mo_resident_permit",
    "830000": "tw_resident_permit",
}


def resident_id_check_char(first17: str) -> str:
    """The GB 11643 check character for 17 digits (exposed so tests and samples share it)."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise CounterError("id.chars", "前17位必须是数字")
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _normalize(text: str) -> str:
    # Full-width digits/letters arrive from some Chinese IMEs; fold them, drop inner spaces.
    folded = unicodedata.normalize("NFKC", text) if text else ""
    return re.sub(r"\s+", "", folded).upper()


def validate_resident_id(number: str, today: date | None = None) -> str:
    """Validate an 18-character GB 11643 number; return it normalised (upper-case X).

    Also valid for foreigners' permanent residence IDs and HK/Macao/Taiwan residence permits,
    which share the layout and the check rule. ``today`` is injectable for tests.
    """
    value = _normalize(number or "")
    if len(value) != _ID_LEN:
        raise CounterError(
            "id.length",
            f"身份证号码应为18位，当前为{len(value)}位，请核对后重新输入",
        )
    if not (value[:17].isascii() and value[:17].isdigit()) or value[17] not in "0123456789X":
        raise CounterError(
            "id.chars",
            "身份证号码前17位应为数字，最后一位为数字或X，请核对后重新输入",
        )
    if not _plausible_birthdate(value[6:14], today):
        raise CounterError(
            "id.birthdate",
            "身份证号码中的出生日期（第7至14位）不是有效日期，请核对后重新输入",
        )
    if resident_id_check_char(value[:17]) != value[17]:
        raise CounterError("id.checksum", "身份证号码校验位不正确，请核对后重新输入")
    return value


def resident_id_kind(number: str) -> str:
    """Which document an 18-character GB 11643-style number is, from its prefix.

    Returns "resident", "foreign_permanent", "hk_resident_permit", "mo_resident_permit" or
    "tw_resident_permit". Only looks at the prefix; call :func:`validate_resident_id` to check.
    """
    value = _normalize(number or "")
    for prefix, kind in _PERMIT_PREFIXES.items():
        if value.startswith(prefix):
            return kind
    # Resident IDs start with a province code 11..82, never 9; the 18-digit permanent residence
    # ID (issued since 2023) starts with 9.
    if value.startswith("9"):
        return "foreign_permanent"
    return "resident"


# --- GB 32100 (unified social credit code) ---------------------------------------------------

_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I O S V Z
_CREDIT_VALUE = {c: i for i, c in enumerate(_CREDIT_ALPHABET)}
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters."""
    if len(first17) != 17 or any(c not in _CREDIT_VALUE for c in first17):
        raise CounterError("credit.chars", "统一社会信用代码含有不允许的字符")
    total = sum(_CREDIT_VALUE[c] * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(code: str) -> str:
    """Validate an 18-character unified social credit code; return it upper-cased."""
    value = _normalize(code or "")
    if len(value) != 18:
        raise CounterError(
            "credit.length",
            f"统一社会信用代码应为18位，当前为{len(value)}位，请核对后重新输入",
        )
    bad = sorted({c for c in value if c not in _CREDIT_VALUE})
    if bad:
        raise CounterError(
            "credit.chars",
            f"统一社会信用代码不能含有字符“{''.join(bad)}”（不使用I、O、S、V、Z），请核对后重新输入",
        )
    if credit_code_check_char(value[:17]) != value[17]:
        raise CounterError("credit.checksum", "统一社会信用代码校验位不正确，请核对后重新输入")
    return value


# --- Other documents: format checks only (no public check rule) ------------------------------

ID_TYPES: dict[str, str] = {
    "resident_id": "居民身份证",
    "foreign_permanent_id": "外国人永久居留身份证",
    "hmt_residence_permit": "港澳台居民居住证",
    "passport": "护照",
    "hk_mo_pass": "港澳居民来往内地通行证",
    "tw_pass": "台湾居民来往大陆通行证",
    "other": "其他证件",
    "credit_code": "统一社会信用代码",
}

# Chinese passports: E + 8 (E + letter + 7 since 2017's E-series overflow), G + 8 older ones;
# foreign passports vary, so any 5-17 alphanumerics.
_PASSPORT = re.compile(r"[A-Z0-9]{5,17}")
# 港澳居民来往内地通行证 (回乡证): H/M + 8 digits, sometimes with a 2-digit renewal suffix.
# 往来港澳通行证 (mainland residents' pass) is also accepted here because clerks pick this type
# for both: C + letter + 7 digits (card), C or W + 8 digits (older booklets).
_HK_MO_PASS = re.compile(r"[HM]\d{8}(\d{2})?|[CW]\d{8}|C[A-Z]\d{7}")
# 台湾居民来往大陆通行证 (台胞证): 8 digits since 2015's card; older booklets had 10 chars
# (digits, sometimes with a letter suffix such as "B").
_TW_PASS = re.compile(r"\d{8}|\d{10}|[0-9A-Z]{10}")

_FORMAT_RULES: dict[str, tuple[re.Pattern[str], str]] = {
    "passport": (_PASSPORT, "护照号码应为5至17位字母或数字，请核对后重新输入"),
    "hk_mo_pass": (
        _HK_MO_PASS,
        "通行证号码格式不正确（港澳居民为H或M加8位数字，内地居民为C加8位），请核对后重新输入",
    ),
    "tw_pass": (_TW_PASS, "台湾居民来往大陆通行证号码应为8位数字（旧版10位），请核对后重新输入"),
}

_CHECKSUM_TYPES = {
    "resident_id": None,
    "foreign_permanent_id": "foreign_permanent",
    "hmt_residence_permit": "permit",
}


OLD_PERMANENT_ID = re.compile(r"[A-Z]{3}\d{12}")


def validate_document(id_type: str, number: str, today: date | None = None) -> str:
    """Validate ``number`` as a document of ``id_type`` (a key of :data:`ID_TYPES`).

    Returns the normalised number (upper-case, spaces removed; "other" keeps its inner text).
    """
    if id_type not in ID_TYPES:
        raise CounterError("id.type", f"未知的证件类型：{id_type}", path="id_type")
    if id_type == "credit_code":
        return validate_credit_code(number)
    if id_type == "foreign_permanent_id" and len(_normalize(number or "")) == 15:
        # The 2004 card (still valid until it expires): 3-letter country code, 12 digits,
        # no check digit of the GB 11643 kind, so only its shape can be checked.
        value = _normalize(number)
        if not OLD_PERMANENT_ID.fullmatch(value):
            raise CounterError(
                "id.format", "旧版外国人永久居留身份证号码应为 3 位国家代码字母加 12 位数字"
            )
        return value
    if id_type in _CHECKSUM_TYPES:
        value = validate_resident_id(number, today=today)
        _check_kind(id_type, value)
        return value
    if id_type == "other":
        return _validate_other(number)
    pattern, message = _FORMAT_RULES[id_type]
    value = _normalize(number or "")
    if not value:
        raise CounterError("id.length", "请输入证件号码")
    if not pattern.fullmatch(value):
        raise CounterError("id.format", message)
    return value


def _check_kind(id_type: str, value: str) -> None:
    # A valid number of the wrong kind is almost always the wrong type picked in the list.
    kind = resident_id_kind(value)
    expected = _CHECKSUM_TYPES[id_type]
    if expected is None:
        ok = kind == "resident"
    elif expected == "permit":
        ok = kind.endswith("_resident_permit")
    else:
        ok = kind == expected
    if not ok:
        raise CounterError(
            "id.kind",
            f"该号码不是{ID_TYPES[id_type]}号码，请确认证件类型",
            path="id_type",
        )


def _validate_other(number: str) -> str:
    value = (number or "").strip()
    if not value:
        raise CounterError("id.length", "请输入证件号码")
    if len(value) > 40:
        raise CounterError("id.length", "证件号码不能超过40个字符，请核对后重新输入")
    if not value.isprintable():
        raise CounterError("id.chars", "证件号码含有不可见字符，请重新输入")
    return value


# --- As-you-type feedback --------------------------------------------------------------------

_PARTIAL_ID = re.compile(r"\d{0,17}|\d{17}X")
_PARTIAL_CREDIT = re.compile(f"[{_CREDIT_ALPHABET}]{{0,18}}")

# Prefixes that can still grow into a valid number: typing them is "incomplete", not "invalid".
_PARTIAL_FORMATS: dict[str, re.Pattern[str]] = {
    "passport": re.compile(r"[A-Z0-9]{0,17}"),
    "hk_mo_pass": re.compile(r"|[HM]\d{0,10}|[CW]\d{0,8}|C[A-Z]\d{0,7}"),
    "tw_pass": re.compile(r"\d{0,10}|[0-9A-Z]{0,10}"),
}


def partial_feedback(id_type: str, text: str, today: date | None = None) -> tuple[str, str]:
    """Feedback while typing: ("incomplete" | "ok" | "invalid", short hint).

    "incomplete": nothing wrong yet, more to type. "ok": a complete valid number. "invalid":
    already wrong and typing more cannot fix it (or the full length was reached and it fails).
    """
    if id_type not in ID_TYPES:
        return "invalid", f"未知的证件类型：{id_type}"
    value = _normalize(text or "")
    if id_type in _CHECKSUM_TYPES or id_type == "credit_code":
        early = _partial_18(id_type, value, today)
        if early is not None:
            return early
    elif id_type == "other":
        if not value:
            return "incomplete", "请输入证件号码"
    else:
        try:
            validate_document(id_type, text, today=today)
        except CounterError as exc:
            if _PARTIAL_FORMATS[id_type].fullmatch(value):
                return "incomplete", "请继续输入" if value else "请输入证件号码"
            return "invalid", _short(exc)
        return "ok", "号码格式正确"
    try:
        validate_document(id_type, text, today=today)
    except CounterError as exc:
        return "invalid", _short(exc)
    return "ok", "号码格式正确"


def _partial_18(id_type: str, value: str, today: date | None) -> tuple[str, str] | None:
    """Early verdicts for the 18-character types; None once all 18 are typed."""
    if len(value) > 18:
        return "invalid", f"已超过18位（当前{len(value)}位）"
    if len(value) == 18:
        return None
    if id_type == "credit_code":
        if not _PARTIAL_CREDIT.fullmatch(value):
            return "invalid", "含有不允许的字符（不使用I、O、S、V、Z）"
    else:
        if not _PARTIAL_ID.fullmatch(value):
            return "invalid", "前17位只能是数字"
        if len(value) >= 14 and not _plausible_birthdate(value[6:14], today):
            return "invalid", "出生日期（第7至14位）不是有效日期"
    if not value:
        return "incomplete", "请输入18位号码"
    return "incomplete", f"还差{18 - len(value)}位"


def _plausible_birthdate(yyyymmdd: str, today: date | None) -> bool:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return born.year >= _MIN_BIRTH_YEAR and born <= (today or date.today())


def _short(exc: CounterError) -> str:
    # The UI shows the hint next to the field; the "请核对后重新输入" tail is implied there.
    return exc.message.removesuffix("，请核对后重新输入")


# --- Masking -----------------------------------------------------------------------------------

# Fewer hidden characters than this would leave the number as good as shown (e.g. 6+4 of 11).
_MIN_HIDDEN = 4


def mask(number: str, head: int = 6, tail: int = 4) -> str:
    """THE masking used by every screen and slip: keep ``head`` first and ``tail`` last chars.

    The middle becomes "*" one for one, so the length stays visible (18 -> 110105********002X).
    A number too short for that to hide at least ``_MIN_HIDDEN`` characters keeps only its last
    ``min(tail, len // 2)`` characters (E12345678 -> *****5678), so at least half of a short
    number is hidden and no number of one character or more is ever shown whole.
    """
    value = number or ""
    n = len(value)
    if n >= head + tail + _MIN_HIDDEN:
        return value[:head] + "*" * (n - head - tail) + value[n - tail :]
    keep = min(tail, n // 2)
    return "*" * (n - keep) + value[n - keep :]


def mask_phone(phone: str) -> str:
    """Mask a phone number: first 3 and last 4 visible (138****5678)."""
    return mask((phone or "").strip(), head=3, tail=4)


# --- Names -------------------------------------------------------------------------------------

_NAME_MAX = 100


def check_name(name: str) -> str:
    """Normalise and check a person's or organisation's name.

    NFC only: NFKC would fold compatibility ideographs and full-width forms into other
    characters, changing a rare-character name (生僻字). Astral-plane characters (CJK ext. B-F)
    are kept exactly as given.
    """
    value = unicodedata.normalize("NFC", name or "").strip()
    if not value:
        raise CounterError("name.empty", "请输入姓名或名称", path="name")
    # Cc = control, Cf = format (zero-width, bidi marks), Cs = lone surrogates, Co/Cn = private
    # use / unassigned would not print; but PUA is where some older systems put rare characters,
    # so only control, format, surrogate and line/paragraph separators are rejected. The middle
    # dot (·) of minority and foreign names is ordinary punctuation and passes.
    for ch in value:
        if unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Zl", "Zp"}:
            raise CounterError(
                "name.chars",
                "姓名中含有不可见的控制字符，请删除后重新输入",
                path="name",
            )
    if len(value) > _NAME_MAX:
        raise CounterError(
            "name.length",
            f"姓名或名称不能超过{_NAME_MAX}个字，请核对后重新输入",
            path="name",
        )
    return value
