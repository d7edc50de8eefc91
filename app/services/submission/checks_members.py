"""Checklist items from 名簿: the officers a submission needs.

会長 and 会計 are blocking: they answer for the settlement (the 印 boxes of 収支決算書) and city hall
addresses the body through the 会長. 監事 is a warning: some bodies elect the 監事 at the 総会 that
approves the settlement, just before submitting, and the office confirms the warning knowingly.
"""

from __future__ import annotations

from datetime import date

from app.domain.fiscal_year import FiscalYear
from app.domain.wareki import format_wareki
from app.services.members.officers import officers_as_of
from app.services.submission.checklist import CheckItem, Severity
from app.storage.database import Database

REQUIRED_POSTS: tuple[tuple[str, Severity], ...] = (
    ("会長", "blocking"),
    ("会計", "blocking"),
    ("監事", "warning"),
)


def officers_day(year: FiscalYear, today: date | None = None) -> date:
    """The day the officers are checked on: the year's last day, or today while the year runs."""
    return min(year.end, today or date.today())


def check_officers(db: Database, year: FiscalYear) -> list[CheckItem]:
    day = officers_day(year)
    in_office = {t.post_name for t in officers_as_of(db, day)}
    return [
        CheckItem(
            severity,
            "名簿",
            f"{format_wareki(day)}時点で{post}が在任していません。「名簿」の役員で{post}の任期を登録してください。",
        )
        for post, severity in REQUIRED_POSTS
        if post not in in_office
    ]
