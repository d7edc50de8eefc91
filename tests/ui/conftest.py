"""Opening the real main window on a temporary database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.services.fiscal_years import ensure_current_year, selected_fiscal_year
from tests.postgres_support import open_target


@pytest.fixture
def open_window(qtbot):
    """Returns a function that opens MainWindow on a database (a path, or a server URL: the `db_target`
    of a test on the PostgreSQL run) and registers it with qtbot."""
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    opened = []

    def _open(path: Path | str, today: date | None = None):
        db = open_target(path)
        ensure_current_year(db, today)
        window = MainWindow(AppContext(db, selected_fiscal_year(db, today)))
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)  # keyboard shortcuts need the active window
        opened.append(db)
        return window

    yield _open
    for db in opened:
        db.close()
