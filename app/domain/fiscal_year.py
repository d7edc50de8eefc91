"""年度: the Japanese fiscal year, 1 April – 31 March, named after the year it starts in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.wareki import era_year_text, wareki_year

MIN_YEAR = 1900
MAX_YEAR = 2200


@dataclass(frozen=True, order=True)
class FiscalYear:
    """FiscalYear(2025) is 令和7年度 = 2025-04-01 … 2026-03-31."""

    year: int

    def __post_init__(self) -> None:
        # bool is an int subclass; FiscalYear(True) is always a bug upstream.
        if not isinstance(self.year, int) or isinstance(self.year, bool):
            raise ValueError(f"年度は整数の西暦年で指定してください: {self.year!r}")
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"年度は{MIN_YEAR}年度から{MAX_YEAR}年度の範囲で指定してください: {self.year}")

    @property
    def start(self) -> date:
        return date(self.year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.year + 1, 3, 31)

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    @classmethod
    def of(cls, d: date) -> FiscalYear:
        # January–March belong to the fiscal year that started the previous April.
        return cls(d.year if d.month >= 4 else d.year - 1)

    @classmethod
    def current(cls, today: date | None = None) -> FiscalYear:
        return cls.of(today or date.today())

    def next(self) -> FiscalYear:
        return FiscalYear(self.year + 1)

    def previous(self) -> FiscalYear:
        return FiscalYear(self.year - 1)

    @property
    def label(self) -> str:
        """ "令和7年度". Official practice names the year after the era in force at the end of the calendar
        year it starts in, counted from that calendar year: FY2019 (平成31年4月 start) is 令和元年度,
        FY1989 is 平成元年度."""
        era, n = wareki_year(date(self.year, 12, 31))
        return f"{era_year_text(era, n)}度"

    @property
    def label_full(self) -> str:
        return f"{self.label}（{self.year}年度）"

    def months(self) -> list[tuple[int, int]]:
        """(year, month) for April … March, the column order of every Japanese cash book."""
        return [(self.year, m) for m in range(4, 13)] + [(self.year + 1, m) for m in range(1, 4)]

    def __str__(self) -> str:
        return self.label
