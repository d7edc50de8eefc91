"""Checks that every submission needs whatever the areas: the profile, the year, the parts."""

from __future__ import annotations

from app.domain.fiscal_year import FiscalYear
from app.services.fiscal_years import list_fiscal_years
from app.services.profile import get_profile
from app.services.submission import parts
from app.services.submission.checklist import CheckItem
from app.storage.database import Database


def check_profile(db: Database, year: FiscalYear) -> list[CheckItem]:
    profile = get_profile(db)
    if profile is None or not profile.name:
        return [
            CheckItem(
                "blocking",
                "団体情報",
                "地域協働体名が登録されていません。「団体情報」で入力して保存してください。",
            )
        ]
    if not profile.centre_name:
        return [
            CheckItem("warning", "団体情報", "市民センター名が空欄です。「団体情報」で入力してください。")
        ]
    return []


def check_year_registered(db: Database, year: FiscalYear) -> list[CheckItem]:
    if year in list_fiscal_years(db):
        return []
    return [
        CheckItem(
            "blocking", "団体情報", f"{year.label_full}はこのデータにありません。年度を選び直してください。"
        )
    ]


def check_parts_available(db: Database, year: FiscalYear) -> list[CheckItem]:
    return [
        CheckItem(
            "blocking",
            part.needs,
            f"「{part.sheet}」を作成する機能がこのバージョンにありません（{part.needs}の機能が必要です）。"
            "協働デスクを更新してください。",
        )
        for part in parts.PARTS
        if not part.available
    ]
