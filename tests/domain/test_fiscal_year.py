from __future__ import annotations

from datetime import date

import pytest

from app.domain.fiscal_year import FiscalYear


def test_range_of_reiwa_7() -> None:
    fy = FiscalYear(2025)
    assert fy.start == date(2025, 4, 1)
    assert fy.end == date(2026, 3, 31)


@pytest.mark.parametrize(
    ("d", "year"),
    [
        (date(2025, 3, 31), 2024),
        (date(2025, 4, 1), 2025),
        (date(2025, 12, 31), 2025),
        (date(2026, 1, 1), 2025),
        (date(2026, 3, 31), 2025),
        (date(2026, 4, 1), 2026),
        (date(2024, 2, 29), 2023),
    ],
)
def test_of_uses_april_boundary(d: date, year: int) -> None:
    assert FiscalYear.of(d) == FiscalYear(year)


@pytest.mark.parametrize(
    ("d", "inside"),
    [
        (date(2025, 3, 31), False),
        (date(2025, 4, 1), True),
        (date(2026, 3, 31), True),
        (date(2026, 4, 1), False),
    ],
)
def test_contains_is_inclusive_at_both_ends(d: date, inside: bool) -> None:
    assert FiscalYear(2025).contains(d) is inside


def test_current_uses_given_today() -> None:
    assert FiscalYear.current(date(2026, 3, 31)) == FiscalYear(2025)
    assert FiscalYear.current(date(2026, 4, 1)) == FiscalYear(2026)


def test_current_defaults_to_today() -> None:
    assert FiscalYear.current().contains(date.today())


@pytest.mark.parametrize(
    ("year", "label"),
    [
        (2025, "令和7年度"),
        (2020, "令和2年度"),
        (2019, "令和元年度"),
        (2018, "平成30年度"),
        (1989, "平成元年度"),
        (1988, "昭和63年度"),
        (1926, "昭和元年度"),
        (1912, "大正元年度"),
        (1911, "明治44年度"),
    ],
)
def test_label(year: int, label: str) -> None:
    fy = FiscalYear(year)
    assert fy.label == label
    assert str(fy) == label


def test_label_full() -> None:
    assert FiscalYear(2025).label_full == "令和7年度（2025年度）"
    assert FiscalYear(2019).label_full == "令和元年度（2019年度）"


def test_next_previous_and_ordering() -> None:
    fy = FiscalYear(2025)
    assert fy.next() == FiscalYear(2026)
    assert fy.previous() == FiscalYear(2024)
    assert fy.previous() < fy < fy.next()
    assert sorted([FiscalYear(2027), FiscalYear(2019), FiscalYear(2025)]) == [
        FiscalYear(2019),
        FiscalYear(2025),
        FiscalYear(2027),
    ]


def test_is_hashable_and_frozen() -> None:
    assert {FiscalYear(2025), FiscalYear(2025)} == {FiscalYear(2025)}
    with pytest.raises(AttributeError):
        FiscalYear(2025).year = 2026  # type: ignore[misc]


def test_months_run_april_to_march() -> None:
    months = FiscalYear(2025).months()
    assert len(months) == 12
    assert months[0] == (2025, 4)
    assert months[8] == (2025, 12)
    assert months[9] == (2026, 1)
    assert months[-1] == (2026, 3)


@pytest.mark.parametrize("year", [1899, 2201, -1, 0])
def test_rejects_years_out_of_range(year: int) -> None:
    with pytest.raises(ValueError):
        FiscalYear(year)


@pytest.mark.parametrize("year", [1900, 2200])
def test_accepts_range_limits(year: int) -> None:
    assert FiscalYear(year).year == year


def test_range_limits_stop_next_and_previous() -> None:
    with pytest.raises(ValueError):
        FiscalYear(2200).next()
    with pytest.raises(ValueError):
        FiscalYear(1900).previous()


@pytest.mark.parametrize("year", [True, 2025.0, "2025", None])
def test_rejects_non_int_year(year: object) -> None:
    with pytest.raises(ValueError):
        FiscalYear(year)  # type: ignore[arg-type]
