"""The cash book's table model, read by window: it holds only each line's entry id and balance
(app/services/accounts/ledger_window.py) and reads the entries of the rows the view paints, a block
at a time. A book of 100,000 entries opens in a fraction of a second and stays small in memory."""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.services.accounts.ledger import Entry, LedgerRow
from app.services.accounts.ledger_window import (
    BookIndex,
    BookScope,
    book_index,
    entries_by_id,
    matching_ids,
    positions_of,
)
from app.services.office import Database
from app.ui.table_model import ColumnSpec, Index, cell_value, display_text

BLOCK = 200  # rows read together: one query fills a screen and some scrolling either way
CACHE_LIMIT = 5_000  # entries kept; beyond it the cache starts afresh (a long scroll)


class LedgerLine:
    """A line as the columns read it: the entry's fields, and the balance and blank-or-amount
    income/expense of LedgerRow."""

    __slots__ = ("row",)

    def __init__(self, row: LedgerRow):
        self.row = row

    def __getattr__(self, name: str) -> Any:
        row = object.__getattribute__(self, "row")
        if name in ("balance", "income", "expense", "entry_date"):
            return getattr(row, name)
        return getattr(row.entry, name)


class BookModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[ColumnSpec], row_colour: Callable[[LedgerLine], str | None]):
        super().__init__()
        self.columns = list(columns)
        self._row_colour = row_colour
        self._db: Database | None = None
        self._scope: BookScope | None = None
        self._index = BookIndex(array("q"), array("q"))  # every line of the book
        self._search = ""
        self._rows = self._index  # the lines shown: every line, or with a search those that match
        self._entries: dict[int, Entry] = {}

    # -- what is shown ---------------------------------------------------------------------------
    def show(self, db: Database, scope: BookScope) -> None:
        """Another book (or the same read afresh): everything is read again."""
        self.beginResetModel()
        self._db, self._scope = db, scope
        self._index = book_index(db, scope)
        self._entries.clear()
        self._rows = self._shown_of(self._index)
        self.endResetModel()

    def set_search(self, text: str) -> None:
        self.beginResetModel()
        self._search = text.strip()
        self._rows = self._shown_of(self._index)
        self.endResetModel()

    def update(self, changed: frozenset[int] | None = None) -> None:
        """After an operation, or another PC's change: read the order and balances again (one query)
        and move only the lines that came, went or moved (no reset: the view keeps its scroll and
        selection); the lines from the first of them on are told their balance may differ.
        `changed`: the entries an operation named; None when any entry may have changed (another
        PC's change names only the area), so every line is read again when next painted."""
        assert self._db is not None and self._scope is not None
        fresh = book_index(self._db, self._scope)
        if changed is None:
            self._entries.clear()
        else:
            for entry_id in changed:
                self._entries.pop(entry_id, None)
        shown = self._shown_of(fresh)  # with a search: which lines match may have changed too
        staying = _staying(self._rows.ids, shown.ids, changed or frozenset())
        if staying is None:  # most of the book changed (another PC's import): afresh
            self.beginResetModel()
            self._index, self._rows = fresh, shown
            self.endResetModel()
            return
        ids, balances = self._rows.ids, self._rows.balances
        first = len(shown)
        for start, end in reversed(_runs(i for i, entry_id in enumerate(ids) if entry_id not in staying)):
            self.beginRemoveRows(QModelIndex(), start, end - 1)
            del ids[start:end]
            del balances[start:end]
            self.endRemoveRows()
            first = min(first, start)
        for start, end in _runs(i for i, entry_id in enumerate(shown.ids) if entry_id not in staying):
            self.beginInsertRows(QModelIndex(), start, end - 1)
            ids[start:start] = shown.ids[start:end]
            balances[start:start] = shown.balances[start:end]
            self.endInsertRows()
            first = min(first, start)
        assert ids == shown.ids
        self._index, self._rows = fresh, shown
        if changed is None:
            first = 0  # an entry edited in place elsewhere: its text may differ too
        if first < len(shown):
            self.dataChanged.emit(self.index(first, 0), self.index(len(shown) - 1, len(self.columns) - 1))

    @property
    def scope(self) -> BookScope | None:
        """The book shown (None before the first show())."""
        return self._scope

    @property
    def line_count(self) -> int:
        """Lines of the book, whatever the search shows."""
        return len(self._index)

    def entry_id_at(self, row: int) -> int | None:
        return self._rows.ids[row] if 0 <= row < self.rowCount() else None

    def row_of(self, entry_id: int) -> int | None:
        """The row showing `entry_id` (None: not shown)."""
        try:
            return self._rows.ids.index(entry_id)
        except ValueError:
            return None

    def entry_at(self, row: int) -> Entry | None:
        line = self._line(row)
        return line.row.entry if line else None

    # -- Qt's model API --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008,N802 (Qt API)
        if parent.isValid():
            return 0
        return len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.columns[section].header if orientation == Qt.Orientation.Horizontal else str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.kind in ("yen", "int"):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole):
            return None
        line = self._line(index.row())
        if line is None:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = self._row_colour(line)
            return QBrush(QColor(colour)) if colour else None
        text = display_text(cell_value(line, column.key), column.kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if column.kind == "text" and text else None  # the whole of a cut-off text
        return text

    # -- reading by window -----------------------------------------------------------------------
    def _line(self, row: int) -> LedgerLine | None:
        if not 0 <= row < self.rowCount():
            return None
        entry_id = self._rows.ids[row]
        entry = self._entries.get(entry_id)
        if entry is None:
            self._read_block(row)
            entry = self._entries.get(entry_id)
            if entry is None:  # deleted by another PC since: the next notice re-reads the book
                return None
        return LedgerLine(LedgerRow(entry, self._rows.balances[row]))

    def _read_block(self, row: int) -> None:
        assert self._db is not None and self._scope is not None
        start = row - row % BLOCK
        wanted = list(self._rows.ids[start:start + BLOCK])
        if len(self._entries) + len(wanted) > CACHE_LIMIT:
            self._entries.clear()
        self._entries.update(entries_by_id(self._db, self._scope, wanted))

    def _shown_of(self, index: BookIndex) -> BookIndex:
        """The lines of `index` shown: all of them, or with a search those the database finds."""
        if not self._search or self._db is None or self._scope is None:
            return index
        lines = positions_of(index, matching_ids(self._db, self._scope, self._search))
        return BookIndex(array("q", (index.ids[i] for i in lines)), array("q", (index.balances[i] for i in lines)))


MOST_RUNS = 500  # beyond this many separate places to change, one reset is quicker for the view


def _staying(old: Sequence[int], new: Sequence[int], changed: frozenset[int]) -> set[int] | None:
    """The entries whose lines stay where they are, relative to one another: in both orders, not
    named as changed, and keeping their order (an entry whose date changed elsewhere moves: it
    leaves and comes back). None when too much moved to be worth moving line by line."""
    in_new = {entry_id: i for i, entry_id in enumerate(new)}
    common = [entry_id for entry_id in old if entry_id in in_new and entry_id not in changed]
    positions = [in_new[entry_id] for entry_id in common]
    if all(a < b for a, b in itertools.pairwise(positions)):  # the usual case: nothing moved
        staying = set(common)
    else:
        staying = {common[i] for i in _longest_increasing(positions)}
    if len(_runs(i for i, entry_id in enumerate(new) if entry_id not in staying)) > MOST_RUNS:
        return None
    return staying


def _longest_increasing(values: Sequence[int]) -> list[int]:
    """The indices of a longest strictly increasing subsequence of `values` (patience sorting)."""
    tails: list[int] = []  # tails[k]: the value ending the best increasing run of length k + 1
    ends: list[int] = []  # … and its index
    before = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect.bisect_left(tails, v)
        if k:
            before[i] = ends[k - 1]
        if k == len(tails):
            tails.append(v)
            ends.append(i)
        else:
            tails[k], ends[k] = v, i
    out: list[int] = []
    i = ends[-1] if ends else -1
    while i >= 0:
        out.append(i)
        i = before[i]
    return out[::-1]


def _runs(positions: Iterable[int]) -> list[tuple[int, int]]:
    """Ascending positions as (start, end) runs of consecutive ones."""
    runs: list[tuple[int, int]] = []
    for p in positions:
        if runs and runs[-1][1] == p:
            runs[-1] = (runs[-1][0], p + 1)
        else:
            runs.append((p, p + 1))
    return runs
