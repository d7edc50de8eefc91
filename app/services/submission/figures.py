"""Key figures of a year (構成団体数, 世帯数, 会議回数, 評価の内訳 …) shown on 団体概要.

City hall totals them, and the record of each submission keeps them to show what changed since.
Areas contribute providers `(db, year) -> list[Figure]`, registered in FIGURE_PROVIDERS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.domain.fiscal_year import FiscalYear
from app.lazy import load
from app.storage.database import Database


@dataclass(frozen=True)
class Figure:
    group: str  # 名簿, 会議回数, 事業, 自己評価, 収支
    label: str  # 構成団体数, 総会, A（十分達成）…
    value: int

    @property
    def key(self) -> tuple[str, str]:
        return (self.group, self.label)


Provider = Callable[[Database, FiscalYear], list[Figure]]

FIGURE_PROVIDERS: list[str] = [
    "app.services.submission.figures_members:register_figures",
    "app.services.submission.figures_projects:meeting_figures",
    "app.services.submission.figures_projects:project_figures",
    "app.services.submission.figures_projects:grade_figures",
    "app.services.submission.figures_accounts:settlement_figures",
]

# The 収支 group repeats the settlement's totals for the record of changes; city hall reads the
# amounts from the 収支決算書 sheet itself and only cross-checks these.
MONEY_GROUP = "収支"


def collect_figures(db: Database, year: FiscalYear) -> list[Figure]:
    figures: list[Figure] = []
    for path in FIGURE_PROVIDERS:
        figures.extend(load(path)(db, year))
    return figures


def figure_changes(before: list[Figure], after: list[Figure]) -> list[str]:
    """「構成団体数: 42 → 43」 for every figure that differs, appeared or disappeared."""
    old = {f.key: f.value for f in before}
    new = {f.key: f.value for f in after}
    lines: list[str] = []
    for key in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(key), new.get(key)
        if a != b:
            name = f"{key[0]} {key[1]}"
            lines.append(f"{name}: {'なし' if a is None else f'{a:,}'} → {'なし' if b is None else f'{b:,}'}")
    return lines
