"""Start the window: Qt application, bundled font, the Office (app.services.office), main window (and --smoke)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app import APP_NAME

if TYPE_CHECKING:
    from app.ui.layout_check import LayoutCheck


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


def run_gui(db_path: Path | None, smoke: bool = False, check: LayoutCheck | None = None) -> int:
    """Open the window; with `smoke` quit once it is shown, running the layout `check` if given."""
    problem = _ensure_platform(smoke)
    if problem:
        print(problem, file=sys.stderr)
        return 1

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.paths import default_database_path
    from app.services.fiscal_years import selected_fiscal_year
    from app.services.office import Office, OfficeOpenError
    from app.services.settings import FONT_SCALE_PERCENT
    from app.ui.context import AppContext
    from app.ui.fonts import apply_app_font, load_bundled_font
    from app.ui.main_window import MainWindow
    from app.ui.translations import install_qt_translations

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    install_qt_translations(app)
    family = load_bundled_font()
    apply_app_font(app, family)

    path = db_path or default_database_path()
    try:
        # The writer lock (or read-only, naming who holds the file), upgrade after a backup,
        # the day's start-up backup, this fiscal year.
        office = Office.open(path)
    except OfficeOpenError as exc:
        print(str(exc), file=sys.stderr)
        if not smoke:
            QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    ctx: AppContext | None = None
    try:
        apply_app_font(app, family, check.text_size if check else office.settings.get(FONT_SCALE_PERCENT))
        ctx = AppContext(office, selected_fiscal_year(office.db))
        window = MainWindow(ctx)
        if window.screen().availableGeometry().height() < 800:
            window.showMaximized()  # e.g. 1366×768: the window's default size would run under the taskbar
        else:
            window.show()
        for notice in office.notices:
            print(notice, file=sys.stderr)
        if smoke:
            # Quit once the event loop has run and the window is really shown.
            QTimer.singleShot(0, lambda: app.exit(
                (check.run(window) if check else 0) if window.isVisible() else 1))
        elif office.notices:
            QTimer.singleShot(0, lambda: QMessageBox.information(window, APP_NAME, "\n".join(office.notices)))
        code = app.exec()
    finally:
        office.close()  # the database (reopened after a restore, if any) and the writer lock
        if ctx is not None:
            ctx.office.close()  # the one opened with データベースを開く…, if the user switched
    return code
