"""Other PCs' changes reach this window within seconds: a timer polls `app.services.remote_changes`
(PostgreSQL LISTEN/NOTIFY; a read-only SQLite file's data_version) and hands what changed to the
screens through `ctx.data_changed`, as if an operation of this window had touched it."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from app.services.changes import Changes
from app.services.office import Database
from app.services.remote_changes import RemoteChanges, watch
from app.ui.context import AppContext

POLL_MS = 2000  # a few seconds at most, and cheap: one PRAGMA or a look at the socket


class RemoteWatch(QObject):
    """Owned by the context; `poll()` runs on the timer. A server that does not answer for a moment
    is asked again, afresh, on the next tick (the window keeps working meanwhile)."""

    def __init__(self, ctx: AppContext, interval_ms: int = POLL_MS):
        super().__init__(ctx)
        self._ctx = ctx
        self._db: Database | None = None
        self._changes: RemoteChanges | None = None
        self.timer = QTimer(self)
        self.timer.setObjectName("remote_watch")
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.poll()  # from now on: what the screens loaded is what the database held
        self.timer.start()
        ctx.destroyed.connect(lambda *_args: self.close())

    def poll(self) -> None:
        try:
            if self._ctx.db is not self._db:  # the first tick, a restore, another database: watch it
                self._attach()
            changes = self._changes.poll() if self._changes is not None else Changes()
        except Exception:  # the server went away for a moment: the next tick tries again afresh
            self.close()
            self._db = None
            return
        if changes:
            self._ctx.data_changed.emit(changes)

    def _attach(self) -> None:
        self.close()
        self._db = self._ctx.db
        self._changes = watch(self._db)

    def close(self) -> None:
        if self._changes is not None:
            self._changes.close()
            self._changes = None
