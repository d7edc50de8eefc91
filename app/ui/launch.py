"""Start the window: Qt application, bundled font, database, main window (and --smoke)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app import APP_NAME


def _ensure_platform(smoke: bool) -> str | None:
    """Qt aborts without a display; say so in Japanese instead (or go offscreen for --smoke)."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        if smoke:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        else:
            return "画面（ディスプレイ）が見つかりません。デスクトップ環境で起動してください。"
    return None


def run_gui(db_path: Path | None, smoke: bool = False) -> int:
    problem = _ensure_platform(smoke)
    if problem:
        print(problem, file=sys.stderr)
        return 1

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.paths import default_database_path
    from app.services.fiscal_years import ensure_current_year, selected_fiscal_year
    from app.services.settings import get_setting
    from app.storage.database import DatabaseOpenError, open_database
    from app.ui.context import AppContext
    from app.ui.fonts import apply_app_font, load_bundled_font
    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    family = load_bundled_font()
    apply_app_font(app, family)

    path = db_path or default_database_path()
    try:
        db = open_database(path)
    except DatabaseOpenError as exc:
        print(str(exc), file=sys.stderr)
        if not smoke:
            QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    ensure_current_year(db)
    apply_app_font(app, family, int(get_setting(db, "font_scale_percent") or 100))
    ctx = AppContext(db, selected_fiscal_year(db))
    window = MainWindow(ctx)
    window.show()
    if smoke:
        # Quit once the event loop has run and the window is really shown.
        QTimer.singleShot(0, lambda: app.exit(0 if window.isVisible() else 1))
    code = app.exec()
    db.close()
    return code
