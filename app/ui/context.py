"""What every screen shares: the open database, the selected fiscal year, the undo stack, signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from app.domain.fiscal_year import FiscalYear
from app.services.office import Database, Office


class AppContext(QObject):
    fiscal_year_changed = Signal(object)  # FiscalYear
    data_changed = Signal(object)  # app.services.changes.Changes: what an operation touched
    operation_refused = Signal(str)  # an undo or redo the services refused (the year was closed meanwhile)
    unsaved_changed = Signal()  # a page's typed-but-not-saved state changed (see MainWindow's save state)

    def __init__(self, office: Office | Database, fiscal_year: FiscalYear, read_only: bool = False):
        """`office`: the open Office (a bare Database, as some tests give, is wrapped without a lock)."""
        super().__init__()
        self.office = office if isinstance(office, Office) else Office.attach(office)
        self.fiscal_year = fiscal_year
        self.read_only = read_only or self.office.read_only
        # Screens perform operations (app.ui.operations.perform); the Edit menu drives this stack.
        self.undo_stack = stack = QUndoStack(self)
        # the stack dies with the context and clears itself then: nobody should hear of that
        self.destroyed.connect(lambda *_args: stack.blockSignals(True))
        # the 会計 the 管理費 section shows (None: the first); services take it as book_id
        self.book_id: int | None = None

    @property
    def db(self) -> Database:
        """The database services take; asked each time, since a restore from a backup replaces it."""
        return self.office.db

    def set_fiscal_year(self, year: FiscalYear) -> None:
        if year != self.fiscal_year:
            self.fiscal_year = year
            self.fiscal_year_changed.emit(year)
