"""Changing a year whose plan the 総会 approved (its projects, its 当初予算): asked first, and the
change is in the 変更履歴 like any other."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.fiscal_year import FiscalYear
from app.services.office import Database
from app.services.projects.plans import plan_status


def may_change_approved_plan(parent: QWidget, db: Database, year: FiscalYear) -> bool:
    """True when the year has no approved plan, or the user says はい to changing it."""
    status = plan_status(db, year)
    if status is None or status.is_draft:
        return True
    answer = QMessageBox.question(
        parent, "承認済みの事業計画", f"{year.label}の事業計画は{status.state_label}です。変更しますか？\n"
        "（変更は変更履歴に残ります）")
    return answer == QMessageBox.StandardButton.Yes
