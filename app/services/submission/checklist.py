"""The checklist run before a submission: what is missing or inconsistent, in words that say what to do.

Areas contribute check functions `(db, year) -> list[CheckItem]`, registered in CHECKS as
"module:function" (imported only when the checklist runs). Blocking items stop the submission;
warnings may be accepted explicitly (CLI --accept-warnings, a checkbox per warning in the window).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.lazy import load
from app.storage.database import Database

Severity = Literal["blocking", "warning"]


@dataclass(frozen=True)
class CheckItem:
    severity: Severity
    area: str  # the section where it is fixed: 団体情報, 名簿, 管理費, 事業・会議, 自己評価
    message: str  # Japanese, says what to do

    @property
    def blocking(self) -> bool:
        return self.severity == "blocking"

    def line(self) -> str:
        mark = "【提出できません】" if self.blocking else "【警告】"
        return f"{mark}{self.area}: {self.message}"


@dataclass(frozen=True)
class Checklist:
    year: FiscalYear
    items: tuple[CheckItem, ...]

    @property
    def blocking(self) -> list[CheckItem]:
        return [i for i in self.items if i.blocking]

    @property
    def warnings(self) -> list[CheckItem]:
        return [i for i in self.items if not i.blocking]

    def lines(self) -> list[str]:
        return [i.line() for i in (*self.blocking, *self.warnings)]


Check = Callable[[Database, FiscalYear], list[CheckItem]]

# The order here is the order of the list the user sees (by area, as in the navigation).
CHECKS: list[str] = [
    "app.services.submission.checks_core:check_profile",
    "app.services.submission.checks_core:check_year_registered",
    "app.services.submission.checks_core:check_parts_available",
    "app.services.submission.checks_members:check_officers",
    "app.services.submission.checks_accounts:check_budget",
    "app.services.submission.checks_accounts:check_cash_book_matches_settlement",
    "app.services.submission.checks_accounts:check_entry_dates",
    "app.services.submission.checks_accounts:check_year_closed",
    "app.services.submission.checks_projects:check_evaluations",
]


def _load(path: str) -> Check:
    check: Check = load(path)  # one of CHECKS: each has the Check signature
    return check


def run_checklist(db: Database, year: FiscalYear) -> Checklist:
    items: list[CheckItem] = []
    for path in CHECKS:
        items.extend(_load(path)(db, year))
    return Checklist(year, tuple(items))


class SubmissionBlocked(ValidationError):
    """The checklist stops the submission; the message lists what to do (for stderr / a dialog)."""

    def __init__(self, checklist: Checklist, warnings_not_accepted: bool = False):
        self.checklist = checklist
        if checklist.blocking:
            head = f"{checklist.year.label}の提出ファイルを作成できません。次の点を直してください。"
        else:
            head = (
                f"{checklist.year.label}の提出には確認が必要な警告があります。内容を確認のうえ、"
                "画面では各警告の「確認しました」に、コマンドでは --accept-warnings を付けて実行してください。"
            )
        super().__init__("\n".join([head, *checklist.lines()]))
        self.warnings_not_accepted = warnings_not_accepted
