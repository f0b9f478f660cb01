from __future__ import annotations

import random
import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import CounterError
from app.core.identity import (
    ID_TYPES,
    check_name,
    mask,
    mask_phone,
    partial_feedback,
    resident_id_kind,
    validate_credit_code,
    validate_document,
    validate_resident_id,
)

TODAY = date(2026, 11, 23)

# The algorithms written out again, independently of the module, so a shared bug cannot hide.
ID_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]  # GB 11643: W_i = 2^(i-1) mod 11
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [3**i % 31 for i in range(17)]  # GB 32100: W_i = 3^(i-1) mod 31


def id_check(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def credit_check(first17: str) -> str:
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def make_id(prefix6: str, born: date, serial: str = "123") -> str:
    first17 = f"{prefix6}{born:%Y%m%d}{serial}"
    return first17 + id_check(first17)


def codes_of(fn, *args, **kwargs) -> str:
    with pytest.raises(CounterError) as info:
        fn(*args, **kwargs)
    return info.value.code


def test_weights_match_the_standard_tables() -> None:
    assert ID_WEIGHTS == [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    assert CREDIT_WEIGHTS == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


# --- resident ID -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # the classic sample from GB 11643 (weighted sum 167, 167 % 11 = 2)
        "11010519491231002x",  # lower-case x is accepted and normalised
        " 110105 19491231002X\n",  # spaces and the Enter of a reader/scanner
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width from a Chinese IME
    ],
)
def test_classic_sample_is_valid(number: str) -> None:
    assert validate_resident_id(number, today=TODAY) == "11010519491231002X"


def test_generated_samples_validate_and_a_wrong_check_digit_fails() -> None:
    rnd = random.Random(11643)
    for _ in range(500):
        born = date.fromordinal(rnd.randint(date(1900, 1, 1).toordinal(), TODAY.toordinal()))
        number = make_id(f"{rnd.randint(110000, 659999)}", born, f"{rnd.randint(0, 999):03d}")
        assert validate_resident_id(number, today=TODAY) == number
        wrong = next(c for c in "0123456789X" if c != number[-1])
        assert codes_of(validate_resident_id, number[:17] + wrong, today=TODAY) == "id.checksum"


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("", "id.length"),
        ("11010519491231002", "id.length"),
        ("11010519491231002XX", "id.length"),
        ("1101051949123100AX", "id.chars"),
        ("X10105194912310021", "id.chars"),
        ("11010519491231002Y", "id.chars"),
        ("110105194902300021", "id.birthdate"),  # 30 February
        ("110105194913010021", "id.birthdate"),  # month 13
        ("110105187001010021", "id.birthdate"),  # before any living applicant
        ("110105202701010021", "id.birthdate"),  # in the future
        ("110105194912310021", "id.checksum"),
    ],
)
def test_invalid_resident_ids(number: str, code: str) -> None:
    assert codes_of(validate_resident_id, number, today=TODAY) == code


def test_error_messages_say_what_to_do() -> None:
    with pytest.raises(CounterError) as info:
        validate_resident_id("110105194912310021", today=TODAY)
    assert info.value.message == "身份证号码校验位不正确，请核对后重新输入"
    assert str(info.value) == info.value.message


def test_birthdate_today_is_fine_tomorrow_is_not() -> None:
    assert validate_resident_id(make_id("110105", TODAY), today=TODAY)
    tomorrow = date(2026, 11, 24)
    assert (
        codes_of(validate_resident_id, make_id("110105", tomorrow), today=TODAY) == "id.birthdate"
    )


@pytest.mark.parametrize(
    ("prefix", "kind"),
    [
        ("110105", "resident"),
        ("330102", "resident"),
        ("931234", "foreign_permanent"),
        ("810000", "hk_resident_permit"),
        ("820000", "mo_resident_permit"),
        ("830000", "tw_resident_permit"),
        ("810001", "resident"),  # only the exact permit prefixes are permits
    ],
)
def test_kinds_share_the_check_rule(prefix: str, kind: str) -> None:
    number = make_id(prefix, date(1990, 3, 7))
    assert validate_resident_id(number, today=TODAY) == number
    assert resident_id_kind(number) == kind


@given(
    st.text(alphabet="0123456789", min_size=17, max_size=17),
    st.integers(min_value=0, max_value=16),
    st.integers(min_value=1, max_value=9),
)
def test_property_check_digit_and_single_digit_changes(first17: str, pos: int, delta: int) -> None:
    # Any 17 digits + computed check digit is valid as far as the check rule goes; the birth date
    # must also be real, so the property is asserted on a fixed real date in positions 7-14 unless
    # the changed digit falls there (then the result must still be rejected, for either reason).
    first17 = first17[:6] + "19900307" + first17[14:]
    number = first17 + id_check(first17)
    assert validate_resident_id(number, today=TODAY) == number
    changed_digit = str((int(number[pos]) + delta) % 10)
    changed = number[:pos] + changed_digit + number[pos + 1 :]
    assert codes_of(validate_resident_id, changed, today=TODAY) in {"id.checksum", "id.birthdate"}
    if not 6 <= pos < 14:
        assert codes_of(validate_resident_id, changed, today=TODAY) == "id.checksum"


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_property_any_17_digits_with_check_digit_pass_the_checksum(first17: str) -> None:
    number = first17 + id_check(first17)
    try:
        assert validate_resident_id(number, today=TODAY) == number
    except CounterError as exc:  # random digits 7-14 are seldom a real date
        assert exc.code == "id.birthdate"


# --- credit code -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", ["91350100M000100Y43", "91350100m000100y43", " 91350100M000100Y43\r\n"]
)
def test_classic_credit_code(code: str) -> None:
    # Sum 1640, 1640 % 31 = 28, check = 31 - 28 = 3.
    assert validate_credit_code(code) == "91350100M000100Y43"


def test_generated_credit_codes() -> None:
    rnd = random.Random(32100)
    for _ in range(500):
        first17 = "".join(rnd.choice(CREDIT_ALPHABET) for _ in range(17))
        code = first17 + credit_check(first17)
        assert validate_credit_code(code) == code
        wrong = next(c for c in CREDIT_ALPHABET if c != code[-1])
        assert codes_of(validate_credit_code, first17 + wrong) == "credit.checksum"


def test_credit_check_31_becomes_0() -> None:
    # Find a body whose sum is a multiple of 31: its check character must be "0", not "Y"+1.
    rnd = random.Random(0)
    while True:
        first17 = "".join(rnd.choice(CREDIT_ALPHABET) for _ in range(17))
        if credit_check(first17) == "0":
            break
    assert validate_credit_code(first17 + "0") == first17 + "0"


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("", "credit.length"),
        ("91350100M000100Y4", "credit.length"),
        ("91350100M000100Y433", "credit.length"),
        ("91350100O000100Y43", "credit.chars"),  # letter O is not used
        ("9135010IM000100Y43", "credit.chars"),
        ("91350100M000100Y4-", "credit.chars"),
        ("91350100M000100Y44", "credit.checksum"),
    ],
)
def test_invalid_credit_codes(code: str, error: str) -> None:
    assert codes_of(validate_credit_code, code) == error


# --- validate_document -----------------------------------------------------------------------


def test_id_types_labels() -> None:
    assert ID_TYPES["resident_id"] == "居民身份证"
    assert ID_TYPES["credit_code"] == "统一社会信用代码"
    assert set(ID_TYPES) == {
        "resident_id",
        "foreign_permanent_id",
        "hmt_residence_permit",
        "passport",
        "hk_mo_pass",
        "tw_pass",
        "other",
        "credit_code",
    }


@pytest.mark.parametrize(
    ("id_type", "number", "expected"),
    [
        ("resident_id", "11010519491231002x", "11010519491231002X"),
        ("foreign_permanent_id", make_id("931234", date(1980, 1, 1)), None),
        ("hmt_residence_permit", make_id("810000", date(1994, 8, 23)), None),
        ("hmt_residence_permit", make_id("830000", date(1992, 1, 30)), None),
        ("passport", "E12345678", "E12345678"),
        ("passport", "ea1234567", "EA1234567"),
        ("passport", "G12345678", "G12345678"),
        ("passport", "X1234", "X1234"),
        ("passport", "123456789ABCDEFGH", "123456789ABCDEFGH"),
        ("hk_mo_pass", "H12345678", "H12345678"),
        ("hk_mo_pass", "m1234567801", "M1234567801"),
        ("hk_mo_pass", "C12345678", "C12345678"),
        ("hk_mo_pass", "CA1234567", "CA1234567"),
        ("tw_pass", "12345678", "12345678"),
        ("tw_pass", "1234567890", "1234567890"),
        ("tw_pass", "123456789B", "123456789B"),
        ("other", "  军官证 第1234号 ", "军官证 第1234号"),
        ("credit_code", "91350100M000100Y43", "91350100M000100Y43"),
    ],
)
def test_valid_documents(id_type: str, number: str, expected: str | None) -> None:
    assert validate_document(id_type, number, today=TODAY) == (expected or number)


@pytest.mark.parametrize(
    ("id_type", "number", "code"),
    [
        ("resident_id", "110105194912310021", "id.checksum"),
        ("resident_id", make_id("931234", date(1980, 1, 1)), "id.kind"),
        ("foreign_permanent_id", "11010519491231002X", "id.kind"),
        ("hmt_residence_permit", "11010519491231002X", "id.kind"),
        ("passport", "E123", "id.format"),
        ("passport", "E1234567890123456789", "id.format"),
        ("passport", "E1234-678", "id.format"),
        ("passport", "", "id.length"),
        ("hk_mo_pass", "H1234567", "id.format"),
        ("hk_mo_pass", "A12345678", "id.format"),
        ("hk_mo_pass", "H123456789", "id.format"),
        ("tw_pass", "1234567", "id.format"),
        ("tw_pass", "12345678901", "id.format"),
        ("other", "   ", "id.length"),
        ("other", "x" * 41, "id.length"),
        ("other", "12\x0034", "id.chars"),
        ("credit_code", "91350100M000100Y44", "credit.checksum"),
        ("driving_licence", "123", "id.type"),
    ],
)
def test_invalid_documents(id_type: str, number: str, code: str) -> None:
    assert codes_of(validate_document, id_type, number, today=TODAY) == code


# --- as-you-type feedback --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("id_type", "text", "state", "hint_part"),
    [
        ("resident_id", "", "incomplete", "18"),
        ("resident_id", "11010519491231002", "incomplete", "还差1位"),
        ("resident_id", "1101051949", "incomplete", "还差8位"),
        ("resident_id", "11010519491231002X", "ok", ""),
        ("resident_id", "110105194912310021", "invalid", "校验位"),
        ("resident_id", "11010519491331", "invalid", "出生日期"),
        ("resident_id", "1101A5", "invalid", "数字"),
        ("resident_id", "11010519491231002X1", "invalid", "超过18位"),
        ("credit_code", "91350100M", "incomplete", "还差9位"),
        ("credit_code", "91350100O", "invalid", "I、O、S、V、Z"),
        ("credit_code", "91350100M000100Y43", "ok", ""),
        ("passport", "E12", "incomplete", ""),
        ("passport", "E12345678", "ok", ""),
        ("passport", "E12-", "invalid", "护照"),
        ("hk_mo_pass", "H123", "incomplete", ""),
        ("hk_mo_pass", "H123456789", "incomplete", ""),
        ("hk_mo_pass", "A1", "invalid", ""),
        ("tw_pass", "12345678", "ok", ""),
        ("other", "", "incomplete", ""),
        ("other", "A1", "ok", ""),
        ("nonsense", "A1", "invalid", "未知"),
    ],
)
def test_partial_feedback(id_type: str, text: str, state: str, hint_part: str) -> None:
    got_state, hint = partial_feedback(id_type, text, today=TODAY)
    assert got_state == state
    assert hint_part in hint
    assert hint  # always something to show


# --- masking ---------------------------------------------------------------------------------


def test_mask_id_number() -> None:
    assert mask("11010519491231002X") == "110105********002X"
    assert mask("11010519491231002X", head=3, tail=2) == "110*************2X"
    assert mask("91350100M000100Y43") == "913501********0Y43"


def test_mask_phone() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone(" 13812345678 ") == "138****5678"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("", ""),
        ("A", "*"),
        ("AB", "*B"),
        ("1234", "**34"),
        ("12345678", "****5678"),
        ("E12345678", "*****5678"),  # a passport
        ("1234567890", "******7890"),  # exactly head + tail: still hidden, not shown whole
        ("12345678901", "*******8901"),  # 6+4 would hide only one character
        ("1234567890123", "*********0123"),
        ("12345678901234", "123456****1234"),  # from here on the middle hides at least 4
    ],
)
def test_mask_short_numbers(number: str, expected: str) -> None:
    assert mask(number) == expected


# Identity numbers never contain the mask character itself.
@given(st.text(alphabet=st.characters(blacklist_characters="*"), min_size=1, max_size=40))
def test_mask_keeps_length_and_never_shows_the_whole(number: str) -> None:
    masked = mask(number)
    assert len(masked) == len(number)
    assert masked != number
    hidden = sum(1 for a, b in zip(masked, number, strict=True) if a != b or a == "*")
    assert hidden >= min(4, (len(number) + 1) // 2)


# --- names -----------------------------------------------------------------------------------

RARE_NAMES = [
    "王𠈌",  # U+2020C, CJK extension B (astral plane)
    "刘䶮",  # U+4DAE, extension A
    "张㛃",  # U+36C3, extension A
    "李𫖯",  # U+2B5AF, extension C
    "赵𬌗",  # extension E
    "陈𰻞",  # U+30EDE, extension G
    "买买提·艾力",  # middle dot of minority names
    "O'Brien Mary-Jane",
]


@pytest.mark.parametrize("name", RARE_NAMES)
def test_rare_character_names_round_trip_exactly(name: str) -> None:
    assert check_name(name) == name
    assert check_name(f"  {name}\t") == name
    assert check_name(name).encode("utf-8") == name.encode("utf-8")


def test_names_use_nfc_not_nfkc() -> None:
    # A Kangxi radical and a full-width letter survive NFC; NFKC would turn them into 人 and A.
    name = "\u2f08Ａ"
    assert unicodedata.normalize("NFKC", name) != unicodedata.normalize("NFC", name)
    assert check_name(name) == unicodedata.normalize("NFC", name)
    assert check_name(name) == name
    # NFC composes a decomposed accent (a name typed on a foreign keyboard).
    assert check_name("Jose\u0301") == "José"


def test_ideographic_variation_selector_is_kept() -> None:
    name = "葛\U000e0100"  # variant glyph selector used for names in some registries
    assert check_name(name) == name


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("", "name.empty"),
        ("  \u3000 ", "name.empty"),  # ideographic space only
        ("张\x00三", "name.chars"),
        ("张\n三", "name.chars"),
        ("张\u200b三", "name.chars"),  # zero-width space
        ("张" * 101, "name.length"),
    ],
)
def test_invalid_names(name: str, code: str) -> None:
    assert codes_of(check_name, name) == code


def test_astral_name_length_counts_characters_not_utf16_units() -> None:
    assert check_name("𠈌" * 100) == "𠈌" * 100


def test_old_15_character_permanent_residence_card_is_accepted_by_shape():
    from app.core.identity import validate_document

    assert validate_document("foreign_permanent_id", "usa110068071917") == "USA110068071917"
    with pytest.raises(CounterError):
        validate_document("foreign_permanent_id", "US1110068071917")
