"""The window's last line of defence: an exception that escapes a click or a timer becomes one
Japanese message in a dialog (a known cause such as a busy or full disk named as such; anything
else logged beside the database first, app.services.office.failures), never a silent traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from app import APP_NAME
from app.services.office import failure_message

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def install_crash_hook(database: Callable[[], Path | str | None]) -> ExceptHook:
    """Make sys.excepthook show failures in a dialog; returns the previous hook (to put back).

    `database` gives the open database's path or URL at the moment of the failure (the crash log
    goes beside it)."""
    showing = False

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        message = failure_message(exc, database(), "window")
        print(message, file=sys.stderr)
        if showing:  # a failure while the dialog of the previous one is open: stderr only
            return
        showing = True
        try:
            QMessageBox.critical(QApplication.activeWindow(), APP_NAME, message)
        finally:
            showing = False

    previous = sys.excepthook
    sys.excepthook = hook
    return previous
