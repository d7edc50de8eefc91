"""Start the window: Qt application, bundled font, the Office (app.services.office), main window (and --smoke)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    """Open the window; with `smoke` quit once it is shown, running the layout `check` if given.

    Paint first, load after: the window's frame and section list are shown before the services
    (SQLAlchemy, the models) are imported and the database is opened; then the data fills it.
    With KYODO_SMOKE_UNTIL=paint (benchmarks/run_all.py), --smoke quits at that first paint."""
    problem = _ensure_platform(smoke)
    if problem:
        print(problem, file=sys.stderr)
        return 1

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.ui.fonts import apply_app_font, load_bundled_font
    from app.ui.main_window import MainWindow
    from app.ui.translations import install_qt_translations

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    install_qt_translations(app)
    family = load_bundled_font()
    apply_app_font(app, family)

    window = MainWindow()
    if window.screen().availableGeometry().height() < 800:
        window.showMaximized()  # e.g. 1366×768: the window's default size would run under the taskbar
    else:
        window.show()
    opened: list[Any] = []  # the Office once open
    contexts: list[Any] = []  # the window's context, whose Office changes with データベースを開く…
    hooks: list[Any] = []  # the excepthook before ours, put back at exit

    def load() -> None:
        from app.services.fiscal_years import selected_fiscal_year
        from app.services.settings import FONT_SCALE_PERCENT
        from app.startup_gc import resume_collector
        from app.ui.context import AppContext
        from app.ui.crash_hook import install_crash_hook
        from app.ui.gui_collector import GuiThreadCollector

        try:
            office, fallback = open_at_start(db_path, smoke)
        except StartRefused as refused:
            print(refused.message, file=sys.stderr)
            if not smoke:
                QMessageBox.critical(window, APP_NAME, refused.message)
            window.close()
            app.exit(1)
            return
        if fallback:
            office.notices.insert(0, fallback)
        opened.append(office)
        # unexpected errors are logged beside the data the window has open (switched ones too)
        def current() -> Any:  # the one opened with データベースを開く…, if the user switched
            return contexts[-1].office if contexts else office

        hooks.append(install_crash_hook(lambda: current().url or current().path))
        apply_app_font(app, family, check.text_size if check else office.settings.get(FONT_SCALE_PERCENT))
        ctx = AppContext(office, selected_fiscal_year(office.db))
        contexts.append(ctx)
        window.attach(ctx)
        for notice in office.notices:
            print(notice, file=sys.stderr)
        resume_collector()  # the window and its data are built (app.startup_gc)
        GuiThreadCollector(window).start()  # from now on cycles are collected on this thread only
        if smoke:
            # Quit once the event loop has run and the data is really on screen.
            QTimer.singleShot(0, lambda: app.exit(
                (check.run(window) if check else 0) if window.isVisible() else 1))
        elif office.notices:
            QTimer.singleShot(0, lambda: QMessageBox.information(window, APP_NAME, "\n".join(office.notices)))

    if smoke and os.environ.get("KYODO_SMOKE_UNTIL") == "paint":
        after_paint(window, lambda: app.exit(0 if window.isVisible() else 1))
    else:
        after_paint(window, load)
    try:
        code = app.exec()
    finally:
        for previous_hook in hooks:
            sys.excepthook = previous_hook
        for office in opened:
            office.close()  # the database (reopened after a restore, if any) and the writer lock
        for ctx in contexts:
            ctx.office.close()  # the one opened with データベースを開く…, if the user switched
    return code


class StartRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def open_at_start(db_path: Path | str | None, smoke: bool) -> tuple[Any, str]:
    """The Office the window starts on, and a note when it is not the one asked for.

    `--db` if given; else the database opened last on this PC (a file, or a server whose password
    the keyring or .pgpass gives), else the default file. When the one opened last cannot be opened
    (moved, unplugged, the server down or the password not stored), the default database opens with
    a note saying so. A --smoke check neither reads nor changes what is remembered."""
    from app.paths import default_database_path
    from app.services.office import Office, OfficeOpenError, failure_message
    from app.services.office.last_opened import last_database, remember_database
    from app.services.office.server import safe_url

    def attempt(target: Path | str, create: bool) -> Any:
        try:
            # The writer lock (or read-only, naming who holds the file), upgrade after a backup,
            # the day's start-up backup, this fiscal year.
            return Office.open(target, create=create)
        except Exception as exc:  # noqa: BLE001 — refused (OfficeOpenError), or a fault: one message either way
            raise StartRefused(str(exc) if isinstance(exc, OfficeOpenError)
                               else failure_message(exc, target, "window start")) from exc  # fmt: skip

    remembered = None if db_path is not None or smoke else last_database()
    target = db_path or remembered or default_database_path()
    fallback = ""
    try:
        office = attempt(target, create=may_create(target) and remembered is None)
    except StartRefused as refused:
        if remembered is None:
            raise
        shown = safe_url(remembered) if isinstance(remembered, str) else f"「{remembered}」"
        target = default_database_path()
        office = attempt(target, create=may_create(target))
        fallback = (f"前回開いたデータベース {shown} を開けませんでした。{refused.message}\n"
                    f"既定のデータベース「{target}」を開きました。「データベースを開く…」から開き直せます。")  # fmt: skip
    if not smoke:
        remember_database(target)
    return office, fallback


def may_create(target: Path | str) -> bool:
    """At start a new database is made only where there is no file yet (the first start). A file
    of 0 bytes (a copy cut off, a download that failed) is refused with a message instead of being
    silently replaced by an empty database; an empty server database is initialised only after
    the user confirms it in 「データベースを開く…」."""
    from app.services.office.server import is_postgres_url

    return not is_postgres_url(str(target)) and not Path(target).exists()


def after_paint(widget: Any, then: Callable[[], None], *, at_most_ms: int = 500) -> None:
    """Run `then` once `widget` has been painted (at the latest after `at_most_ms`, for a window
    that is never exposed, e.g. minimised), from the event loop. For the main window: Qt paints
    the window and its children (the section list) in one pass, and `then` runs after it. (The
    window is watched, not the list's viewport: asking a list for its viewport() first costs
    PySide6 as much as a tenth of the frame's first paint.)"""
    from PySide6.QtCore import QEvent, QObject, QTimer

    done = False
    painted = widget.viewport() if hasattr(widget, "viewport") else widget  # a list paints its viewport

    def run() -> None:
        nonlocal done
        if not done:
            done = True
            painted.removeEventFilter(watcher)
            then()

    class PaintWatcher(QObject):
        def eventFilter(self, _obj: Any, event: Any) -> bool:  # noqa: N802 (Qt API)
            if event.type() == QEvent.Type.Paint and not done:
                QTimer.singleShot(0, run)  # after this paint has reached the screen
            return False

    watcher = PaintWatcher(widget)
    painted.installEventFilter(watcher)
    QTimer.singleShot(at_most_ms, run)
