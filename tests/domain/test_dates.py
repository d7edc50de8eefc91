from __future__ import annotations

from datetime import date, datetime

import pytest

from app.domain.dates import format_iso, parse_date


@pytest.mark.parametrize(
    "value",
    [
        date(2025, 4, 1),
        datetime(2025, 4, 1, 13, 45),
        "2025/4/1",
        "2025/04/01",
        "2025-04-01",
        "2025-4-1",
        "2025.4.1",
        "2025年4月1日",
        "2025年04月01日",
        "2025 年 4 月 1 日",
        "2025年4月1",
        "20250401",
        "２０２５／４／１",
        "２０２５年４月１日",
        "２０２５０４０１",
        "2025ー04ー01",
        " 2025/4/1 ",
        "2025/04/01 0:00:00",
        "2025-04-01T09:30",
        "2025-04-01 09:30:15.5",
        "令和7年4月1日",
        "R7.4.1",
        "r7/4/1",
        "Ｒ７．４．１",
        45748,
        45748.0,
        45748.75,
    ],
)
def test_parse_date_accepts(value: object) -> None:
    result = parse_date(value)
    assert result == date(2025, 4, 1)
    assert type(result) is date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019/4/30", date(2019, 4, 30)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("S64.1.7", date(1989, 1, 7)),
        ("2024/2/29", date(2024, 2, 29)),
        (61, date(1900, 3, 1)),
        (2958465, date(9999, 12, 31)),
        (1, date(1899, 12, 31)),
    ],
)
def test_parse_date_other_values(value: object, expected: date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2025/02/30",
        "2025-02-30",
        "2025.2.30",
        "2025年2月30日",
        "20250230",
        "2025/13/01",
        "2023/2/29",
        "2025/4/31",
        "2025/0/1",
    ],
)
def test_parse_date_impossible_dates_name_the_text(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_date(text)
    assert str(info.value) == f"{text} は存在しない日付です"


def test_exact_message_for_february_30() -> None:
    with pytest.raises(ValueError, match="^2025/02/30 は存在しない日付です$"):
        parse_date("2025/02/30")


@pytest.mark.parametrize("text", ["令和7年2月30日", "平成32年1月1日", "平成31年5月1日"])
def test_parse_date_impossible_wareki(text: str) -> None:
    with pytest.raises(ValueError, match="存在しない"):
        parse_date(text)


@pytest.mark.parametrize(
    "text",
    ["abc", "2025/4", "4/1", "25/4/1", "2025/4/1/2", "2025/4-1", "202541", "2025040", "明日", "2025/4/1 abc"],
)
def test_parse_date_unreadable_text(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_date(text)
    assert str(info.value) == f"「{text}」は日付として読めません（例: 2025/4/1、令和7年4月1日）"


@pytest.mark.parametrize("value", ["", "   ", "\u3000", None])
def test_parse_date_empty(value: object) -> None:
    with pytest.raises(ValueError, match="^日付が空です$"):
        parse_date(value)


@pytest.mark.parametrize("value", [0, -1, 2958466, 0.5, 1e10])
def test_parse_date_serial_out_of_range(value: float) -> None:
    with pytest.raises(ValueError, match="日付として読めません"):
        parse_date(value)


@pytest.mark.parametrize("value", [True, False, float("nan"), float("inf"), [2025, 4, 1], object()])
def test_parse_date_rejects_other_types(value: object) -> None:
    with pytest.raises(ValueError, match="日付として読めません"):
        parse_date(value)


def test_format_iso() -> None:
    assert format_iso(date(2025, 4, 1)) == "2025-04-01"
    assert format_iso(datetime(2025, 4, 1, 23, 59)) == "2025-04-01"
    assert parse_date(format_iso(date(2019, 5, 1))) == date(2019, 5, 1)


def test_a_time_of_day_must_be_a_real_one() -> None:
    assert parse_date("2026/5/1 23:59") == date(2026, 5, 1)
    for text in ("2026/5/1 25:00", "2026/5/1 24:00", "2026/5/1 9:60"):
        with pytest.raises(ValueError, match="日付として読めません"):
            parse_date(text)
