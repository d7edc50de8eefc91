"""Checklist items from 事業・会議 and 自己評価."""

from __future__ import annotations

from app.domain.fiscal_year import FiscalYear
from app.services.projects.evaluation import evaluation_sheet
from app.services.submission.checklist import CheckItem
from app.storage.database import Database


def check_evaluations(db: Database, year: FiscalYear) -> list[CheckItem]:
    """A warning per project whose self-evaluation is missing or incomplete, and for the body's own.

    Warnings, not blocking: a project may honestly be too new to grade, and the office says so by
    confirming the warning."""
    sheet = evaluation_sheet(db, year)
    items = []
    for pe in sheet.projects:
        total, graded = len(pe.state.criteria), pe.state.graded
        if graded < total:
            detail = (
                "まだ評価がありません"
                if graded == 0
                else f"{total}項目のうち{total - graded}項目が未評価です"
            )
            items.append(
                CheckItem(
                    "warning",
                    "自己評価",
                    f"事業「{pe.project.name}」の自己評価は{detail}。「自己評価」で評価を入力してください。",
                )
            )
    total, graded = len(sheet.body.criteria), sheet.body.graded
    if graded < total:
        items.append(
            CheckItem(
                "warning",
                "自己評価",
                f"団体としての自己評価が{total}項目のうち{total - graded}項目未評価です。「自己評価」で入力してください。",
            )
        )
    return items
