"""Warn in the status bar when data of a year that was already submitted to city hall changes."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from app.services.changes import SETTINGS, SUBMISSIONS, Changes
from app.services.submission.history import last_submission
from app.ui.context import AppContext

WARNING_MS = 20000


def watch_submitted_years(window: QMainWindow, ctx: AppContext) -> None:
    def warn(changes: Changes) -> None:
        if changes.areas <= {SUBMISSIONS, SETTINGS}:  # recording a 版 is not a change of the year's data
            return
        last = last_submission(ctx.db, ctx.fiscal_year)  # one small query: cheap on every change
        if last is not None:
            window.statusBar().showMessage(
                f"{ctx.fiscal_year.label}は市役所へ提出済み（{last.edition_label}）です。変更した場合は"
                "「提出」で変更点を確認し、再提出してください。",
                WARNING_MS,
            )

    ctx.data_changed.connect(warn)
