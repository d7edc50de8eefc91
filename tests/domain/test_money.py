from __future__ import annotations

from decimal import Decimal

import pytest

from app.domain.money import format_amount, format_yen, parse_yen


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "0円"),
        (1, "1円"),
        (999, "999円"),
        (1000, "1,000円"),
        (1234567, "1,234,567円"),
        (-1, "△1円"),
        (-1234, "△1,234円"),
        (-1234567, "△1,234,567円"),
        (999_999_999_999_999, "999,999,999,999,999円"),
    ],
)
def test_format_yen(amount: int, text: str) -> None:
    assert format_yen(amount) == text
    assert format_amount(amount) == text.removesuffix("円")


@pytest.mark.parametrize("bad", [1.5, 1234.0, True, "1234", None, Decimal("1")])
def test_format_refuses_non_int(bad: object) -> None:
    with pytest.raises(TypeError):
        format_yen(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_amount(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234, 1234),
        (0, 0),
        (1234.0, 1234),
        (1.2e3, 1200),
        (Decimal("1234"), 1234),
        (Decimal("1234.00"), 1234),
        ("1234", 1234),
        ("1,234", 1234),
        ("1,234,567", 1234567),
        ("１，２３４", 1234),
        ("１２３４", 1234),
        ("1234円", 1234),
        ("1,234 円", 1234),
        ("¥1,234", 1234),
        ("￥1,234", 1234),
        ("\\1,234", 1234),
        ("¥1,234円", 1234),
        (" 1234 ", 1234),
        ("\u30001234\u3000", 1234),
        ("0", 0),
        ("000123", 123),
        ("1234.0", 1234),
        ("1234.00", 1234),
        ("999,999,999,999,999", 999_999_999_999_999),
    ],
)
def test_parse_yen_accepts(value: object, expected: int) -> None:
    result = parse_yen(value)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("△1,234", -1234),
        ("▲1,234", -1234),
        ("-1234", -1234),
        ("－１２３４", -1234),
        ("\u22121234", -1234),
        ("-¥1,234", -1234),
        ("¥-1,234", -1234),
        ("△1,234円", -1234),
        (-300, -300),
        (-300.0, -300),
        ("-0", 0),
    ],
)
def test_parse_yen_negative_when_allowed(value: object, expected: int) -> None:
    assert parse_yen(value, allow_negative=True) == expected


@pytest.mark.parametrize("value", ["-300", "△300", "▲300", -300, -0.0 - 300.0])
def test_parse_yen_refuses_negative_by_default(value: object) -> None:
    with pytest.raises(ValueError, match="金額は0以上で入力してください"):
        parse_yen(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (12.5, "「12.5」は1円単位の整数ではありません"),
        ("12.5", "「12.5」は1円単位の整数ではありません"),
        ("１２．５", "1円単位の整数ではありません"),
        ("1,234.5", "1円単位の整数ではありません"),
        ("1.000", "1円単位の整数ではありません"),
        (Decimal("0.5"), "1円単位の整数ではありません"),
        ("1.2e3", "「1.2e3」は金額として読めません"),
        ("abc", "「abc」は金額として読めません"),
        ("12,34", "金額として読めません"),
        ("1,2345", "金額として読めません"),
        (",123", "金額として読めません"),
        ("1 234", "金額として読めません"),
        ("--1", "金額として読めません"),
        ("△-1", "金額として読めません"),
        ("円", "金額として読めません"),
        ("0x10", "金額として読めません"),
        ("", "金額が空です"),
        ("   ", "金額が空です"),
        (None, "金額が空です"),
        (True, "金額として読めません"),
        (False, "金額として読めません"),
        (float("nan"), "金額として読めません"),
        (float("inf"), "金額として読めません"),
        (float("-inf"), "金額として読めません"),
        (Decimal("NaN"), "金額として読めません"),
        ([1234], "金額として読めません"),
        ("1234567890123456", "桁数が多すぎます"),
        (1234567890123456, "桁数が多すぎます"),
        (1e16, "桁数が多すぎます"),
        ("1,234,567,890,123,456", "桁数が多すぎます"),
    ],
)
def test_parse_yen_refuses(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_yen(value, allow_negative=True)


@pytest.mark.parametrize("value", [0, "0", 0.0, "０円"])
def test_parse_yen_zero_can_be_refused(value: object) -> None:
    assert parse_yen(value) == 0
    with pytest.raises(ValueError, match="1円以上"):
        parse_yen(value, allow_zero=False)
    with pytest.raises(ValueError, match="0は入力できません"):
        parse_yen(value, allow_zero=False, allow_negative=True)


def test_negative_refused_with_zero_not_allowed_says_one_yen_or_more() -> None:
    with pytest.raises(ValueError, match="1円以上"):
        parse_yen("-5", allow_zero=False)


def test_parse_and_format_round_trip() -> None:
    for n in [0, 7, 1000, -1000, 123456789, -98765432109]:
        assert parse_yen(format_yen(n), allow_negative=True) == n
        assert parse_yen(format_amount(n), allow_negative=True) == n
