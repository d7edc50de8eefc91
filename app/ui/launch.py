"""Start the window: Qt application, bundled font, database, main window (and --smoke)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app import APP_NAME
from app.storage.database import Database
from app.storage.lock import DatabaseLock


@dataclass
class WindowSession:
    """The database as the window gets it: writable with our lock, or read-only with the holder named."""

    db: Database
    lock: DatabaseLock | None
    notices: list[str] = field(default_factory=list)  # for the user: read-only, lock taken over, …

    @property
    def read_only(self) -> bool:
        return self.lock is None


def open_for_window(path: Path, today: date | None = None) -> WindowSession:
    """Take the writer lock (or open read-only if someone holds it), open, back up once a day.

    Raises DatabaseOpenError (Japanese message) when the file cannot be opened at all.
    """
    from app.services.backups import backup_on_start
    from app.services.fiscal_years import ensure_current_year
    from app.storage.database import open_database
    from app.storage.lock import DatabaseInUse, acquire

    try:
        lock = acquire(path)
    except DatabaseInUse as busy:
        return WindowSession(open_database(path, read_only=True), None, [busy.info.read_only_notice])
    try:
        db = open_database(path)  # migrations run here, after a 移行前 backup, under our lock
        notices = [lock.takeover_note] if lock.takeover_note else []
        backup_on_start(db, today)
        ensure_current_year(db, today)
    except BaseException:
        lock.release()
        raise
    return WindowSession(db, lock, notices)


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
    from app.services.fiscal_years import selected_fiscal_year
    from app.services.settings import FONT_SCALE_PERCENT, read_setting
    from app.storage.database import DatabaseOpenError
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
        session = open_for_window(path)
    except DatabaseOpenError as exc:
        print(str(exc), file=sys.stderr)
        if not smoke:
            QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    try:
        db = session.db
        apply_app_font(app, family, read_setting(db, FONT_SCALE_PERCENT))
        ctx = AppContext(db, selected_fiscal_year(db), read_only=session.read_only)
        window = MainWindow(ctx, lock=session.lock, notices=session.notices)
        if window.screen().availableGeometry().height() < 800:
            window.showMaximized()  # e.g. 1366×768: the window's default size would run under the taskbar
        else:
            window.show()
        for notice in session.notices:
            print(notice, file=sys.stderr)
        if smoke:
            # Quit once the event loop has run and the window is really shown.
            QTimer.singleShot(0, lambda: app.exit(0 if window.isVisible() else 1))
        elif session.notices:
            QTimer.singleShot(0, lambda: QMessageBox.information(window, APP_NAME, "\n".join(session.notices)))
        code = app.exec()
        window.ctx.db.close()  # the window may have reopened the database after a restore
    finally:
        if session.lock is not None:
            session.lock.release()
    return code
