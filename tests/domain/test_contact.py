from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.contact import (
    _NOTE_RE,
    EMAIL_MESSAGE,
    PHONE_MESSAGE,
    POSTAL_MESSAGE,
    _hyphens,
    _normalized_phone,
    _normalized_postal_code,
    normalize_email,
    normalize_phone,
    normalize_postal_code,
    restore_phone,
    restore_postal,
    split_phone_note,
)
from app.domain.kana import normalize_text


@pytest.mark.parametrize(
    "raw",
    [
        "021-0000",
        "〒021-0000",
        "0210000",
        "０２１－００００",
        "021 0000",
        "〒０２１ー００００",
        "〒 021-0000 ",
        "021ｰ0000",
        "021‐0000",
        "021−0000",
        "021―0000",
        "\u3000〒021-0000\u3000",
    ],
)
def test_postal_code_forms(raw: str) -> None:
    assert normalize_postal_code(raw) == "021-0000"


@pytest.mark.parametrize("raw", ["", None, "   ", "\u3000"])
def test_postal_code_empty(raw: str | None) -> None:
    assert normalize_postal_code(raw) == ""


@pytest.mark.parametrize(
    "raw",
    [
        "021-000",
        "21-0000",
        "02100000",
        "0210-000",
        "021--0000",
        "abc-defg",
        "〒〒021-0000",
        "021-0000-1",
        "-0210000",
        210000,
    ],
)
def test_postal_code_rejects(raw: object) -> None:
    with pytest.raises(ValueError) as info:
        normalize_postal_code(raw)  # type: ignore[arg-type]
    assert str(info.value) == POSTAL_MESSAGE


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0191-21-2111", "0191-21-2111"),
        ("0191212111", "0191212111"),
        ("０１９１－２１－２１１１", "0191-21-2111"),
        ("0191ー21ー2111", "0191-21-2111"),
        ("0191‐21‐2111", "0191-21-2111"),
        ("0191―21―2111", "0191-21-2111"),
        ("0191−21−2111", "0191-21-2111"),
        ("0191 21 2111", "0191212111"),
        ("(0191)21-2111", "0191-21-2111"),
        ("0191(21)2111", "0191-21-2111"),
        ("０１９１（２１）２１１１", "0191-21-2111"),
        ("090-1234-5678", "090-1234-5678"),
        ("09012345678", "09012345678"),
        ("0120-123-456", "0120-123-456"),
        (" 0191-21-2111 ", "0191-21-2111"),
    ],
)
def test_phone_forms(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["", None, "  "])
def test_phone_empty(raw: str | None) -> None:
    assert normalize_phone(raw) == ""


@pytest.mark.parametrize(
    "raw",
    [
        "0191-21-211",  # 9 digits
        "090-1234-56789",  # 12 digits
        "191-21-2111",  # leading zero lost (Excel)
        191212111,
        "0191-21-2111 内線12",
        "0191-21-2111#",
        "+81-191-21-2111",
        "0191.21.2111",
        "abc",
        "0-1-9-1-2-1-2-1-1-1",
    ],
)
def test_phone_rejects(raw: object) -> None:
    with pytest.raises(ValueError) as info:
        normalize_phone(raw)  # type: ignore[arg-type]
    assert str(info.value) == PHONE_MESSAGE


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("taro@example.jp", "taro@example.jp"),
        (" taro@example.jp ", "taro@example.jp"),
        ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp"),
        ("Taro.Yamada@City.Ichinoseki.IWATE.jp", "Taro.Yamada@city.ichinoseki.iwate.jp"),
        ("taro+kyodo@example.co.jp", "taro+kyodo@example.co.jp"),
        ("taro..hanako.@docomo.ne.jp", "taro..hanako.@docomo.ne.jp"),
        ("a_b-c@sub-domain.example.com", "a_b-c@sub-domain.example.com"),
    ],
)
def test_email_forms(raw: str, expected: str) -> None:
    assert normalize_email(raw) == expected


@pytest.mark.parametrize("raw", ["", None, "\u3000"])
def test_email_empty(raw: str | None) -> None:
    assert normalize_email(raw) == ""


@pytest.mark.parametrize(
    "raw",
    [
        "taro",
        "taro@",
        "@example.jp",
        "taro@example",
        "taro@@example.jp",
        "taro@exa mple.jp",
        "ta ro@example.jp",
        "taro@-example.jp",
        "taro@example-.jp",
        "taro@example..jp",
        "taro@example.j",
        "taro@example.123",
        "やまだ@example.jp",
        "taro@例え.jp",
        "taro@example.jp.",
        "a" * 65 + "@example.jp",
    ],
)
def test_email_rejects(raw: str) -> None:
    with pytest.raises(ValueError) as info:
        normalize_email(raw)
    assert str(info.value) == EMAIL_MESSAGE


# A number already in its stored form is returned as it is, without the full normalisation; these
# hold that shortcut to what the full steps give (or refuse) for any text of the characters involved.
_PHONE_LIKE = st.text(alphabet="0123456789-()（）－ー ０１９\u3000〒٠", max_size=16)


def _outcome(normalise: Callable[[str], str], text: str) -> str:
    try:
        return normalise(text)
    except ValueError as e:
        return f"refused: {e}"


@settings(max_examples=3000, deadline=None)
@given(st.one_of(_PHONE_LIKE, st.from_regex(r"0[0-9]{1,5}-[0-9]{1,5}-[0-9]{1,5}", fullmatch=True)))
def test_phone_shortcut_gives_what_the_full_steps_give(text: str) -> None:
    normalised = normalize_text(text)
    assert _outcome(normalize_phone, text) == _outcome(_normalized_phone, normalised)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(_PHONE_LIKE, st.from_regex(r"[0-9]{3}-[0-9]{4}", fullmatch=True)))
def test_postal_shortcut_gives_what_the_full_steps_give(text: str) -> None:
    normalised = normalize_text(text)
    assert _outcome(normalize_postal_code, text) == _outcome(_normalized_postal_code, normalised)


_WITH_BRACKETS = st.text(alphabet="0123456789-()（）﹙﹚⁽⁾₍₎［］自宅携帯 ー\u3000ｶﾞ", max_size=16)


@settings(max_examples=3000, deadline=None)
@given(_WITH_BRACKETS)
def test_a_note_needs_a_bracket_that_normalises_to_one(text: str) -> None:
    # split_phone_note answers (text, "") at once for a text without "(" or "（"
    if "(" not in text and "（" not in text:
        assert _NOTE_RE.match(normalize_text(text)) is None
        assert split_phone_note(text) == (text, "")


@settings(max_examples=3000, deadline=None)
@given(st.one_of(_PHONE_LIKE, st.from_regex(r"0[0-9]{1,5}(-[0-9]{1,5}){0,3}", fullmatch=True)))
def test_restore_phone_leaves_a_stored_number_as_it_is(text: str) -> None:
    restored, warning = restore_phone(text, "0191")
    digits = _hyphens(normalize_text(text)).replace(" ", "").replace("-", "")
    if digits.isdigit() and digits.startswith("0"):  # the case the shortcut answers
        assert (restored, warning) == (_hyphens(normalize_text(text)).replace(" ", ""), "")


@pytest.mark.parametrize("value, as_text, expected", [
    (210884, False, ("021-0884", "先頭の0が消えていたため補いました（210884 → 021-0884）")),
    (21884.0, False, ("002-1884", "先頭の0が消えていたため補いました（21884 → 002-1884）")),
    (2900001, False, ("2900001", "")),
    ("210884", True, ("021-0884", "先頭の0が消えていたため補いました（210884 → 021-0884）")),
    ("210884", False, ("210884", "")),  # typed as text in a workbook: refused by the check, not guessed
    ("0210884", True, ("0210884", "")),
    (1884, False, (1884, "")),  # four digits are no postal code that lost its 0s
])
def test_restore_postal(value: object, as_text: bool, expected: tuple[object, str]) -> None:
    assert restore_postal(value, as_text) == expected


def test_restore_phone_reads_a_csv_number_as_the_number_it_was() -> None:
    assert restore_phone("191212111", "0191", numbers_as_text=True) == (
        "0191212111", "先頭の0が消えていたため補いました（191212111 → 0191212111）")
    assert restore_phone("191212111", "0191") == ("191212111", "")  # typed as text: refused by the check
