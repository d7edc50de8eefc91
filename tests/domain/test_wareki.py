from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain.wareki import era_year_text, format_wareki, parse_wareki, wareki_year


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2025, 4, 1), ("令和", 7)),
        (date(2019, 5, 1), ("令和", 1)),
        (date(2019, 4, 30), ("平成", 31)),
        (date(1989, 1, 8), ("平成", 1)),
        (date(1989, 1, 7), ("昭和", 64)),
        (date(1926, 12, 25), ("昭和", 1)),
        (date(1926, 12, 24), ("大正", 15)),
        (date(1912, 7, 30), ("大正", 1)),
        (date(1912, 7, 29), ("明治", 45)),
        (date(1900, 1, 1), ("明治", 33)),
    ],
)
def test_wareki_year_at_era_boundaries(d: date, expected: tuple[str, int]) -> None:
    assert wareki_year(d) == expected


def test_dates_before_gregorian_adoption_are_refused() -> None:
    with pytest.raises(ValueError, match="和暦に変換できません"):
        wareki_year(date(1872, 12, 31))


@pytest.mark.parametrize(
    ("era", "n", "expected"),
    [("令和", 7, "令和7年"), ("令和", 1, "令和元年"), ("平成", 31, "平成31年"), ("昭和", 10, "昭和10年")],
)
def test_era_year_text(era: str, n: int, expected: str) -> None:
    assert era_year_text(era, n) == expected


@pytest.mark.parametrize("n", [0, -1])
def test_era_year_text_rejects_year_below_one(n: int) -> None:
    with pytest.raises(ValueError):
        era_year_text("令和", n)


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (date(2025, 4, 1), "令和7年4月1日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(2026, 3, 31), "令和8年3月31日"),
        (date(2025, 12, 25), "令和7年12月25日"),
    ],
)
def test_format_wareki(d: date, text: str) -> None:
    assert format_wareki(d) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和7年4月1日", date(2025, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和1年5月1日", date(2019, 5, 1)),
        ("R7.4.1", date(2025, 4, 1)),
        ("R7/4/1", date(2025, 4, 1)),
        ("r7-4-1", date(2025, 4, 1)),
        ("R07.04.01", date(2025, 4, 1)),
        ("R元.5.1", date(2019, 5, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("h1.1.8", date(1989, 1, 8)),
        ("S64.1.7", date(1989, 1, 7)),
        ("T15.12.24", date(1926, 12, 24)),
        ("M45.7.29", date(1912, 7, 29)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("令和7年4月1", date(2025, 4, 1)),
        (" 令和 7 年 4 月 1 日 ", date(2025, 4, 1)),
        ("令和７年４月１日", date(2025, 4, 1)),
        ("Ｒ７．４．１", date(2025, 4, 1)),
        ("㋿7年4月1日", date(2025, 4, 1)),
        ("㍻31年4月30日", date(2019, 4, 30)),
        ("令7.4.1", date(2025, 4, 1)),
    ],
)
def test_parse_wareki_accepts(text: str, expected: date) -> None:
    assert parse_wareki(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2025/4/1",
        "令和7年度",
        "令和7年4月",
        "R7.4",
        "R7.4/1",
        "X7.4.1",
        "abc",
        "令和七年四月一日",
        "R7.4.1.2",
    ],
)
def test_parse_wareki_returns_none_for_other_shapes(text: str) -> None:
    assert parse_wareki(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("平成32年1月1日", "存在しない年"),
        ("令和0年5月1日", "存在しない年"),
        ("S65.1.1", "存在しない年"),
        ("T16.1.1", "存在しない年"),
        ("R7.2.29", "存在しない日付"),
        ("令和7年2月30日", "存在しない日付"),
        ("R7.13.1", "存在しない日付"),
        ("平成31年5月1日", "令和元年5月1日のことですか"),
        ("令和元年4月30日", "平成31年4月30日のことですか"),
        ("昭和64年1月8日", "平成元年1月8日"),
        ("平成元年1月7日", "昭和64年1月7日"),
        ("明治5年1月1日", "和暦に変換できません"),
    ],
)
def test_parse_wareki_raises_for_impossible_dates(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_wareki(text)


def test_format_and_parse_round_trip_every_day_around_the_reiwa_change() -> None:
    d = date(2019, 3, 1)
    while d < date(2019, 7, 1):
        assert parse_wareki(format_wareki(d)) == d
        d += timedelta(days=1)


@pytest.mark.parametrize(
    "d",
    [
        date(1873, 1, 1),
        date(1912, 7, 29),
        date(1912, 7, 30),
        date(1926, 12, 24),
        date(1926, 12, 25),
        date(1989, 1, 7),
        date(1989, 1, 8),
        date(2024, 2, 29),
        date(9999, 12, 31),
    ],
)
def test_round_trip_at_era_boundaries(d: date) -> None:
    assert parse_wareki(format_wareki(d)) == d
