"""A read-only table model over plain rows (dataclasses or dicts): fast for 50,000 rows because
nothing is built per row; values are formatted only when the view asks for a visible cell."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain.money import format_amount

Index = QModelIndex | QPersistentModelIndex


def bold_font() -> QFont:
    """The font of a subtotal row (款・項): it stands out from the 目 it sums."""
    font = QFont()
    font.setBold(True)
    return font


@dataclass(frozen=True)
class ColumnSpec:
    key: str  # attribute name (dataclass) or key (dict)
    header: str
    kind: str = "text"  # text | int | yen | date
    width: int | None = None  # suggested width in characters


def cell_value(row: Any, key: str) -> Any:
    return row.get(key) if isinstance(row, dict) else getattr(row, key, None)


def display_text(value: Any, kind: str) -> str:
    if value is None or value == "":
        return ""
    if kind == "yen":
        return format_amount(int(value))
    if kind == "int":
        return f"{int(value):,}"
    if isinstance(value, date):
        return f"{value.year}/{value.month:02d}/{value.day:02d}"
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    return str(value)


class RowTableModel(QAbstractTableModel):
    """Rows are replaced as a whole with set_rows(); SORT_ROLE gives raw values for sorting."""

    SORT_ROLE = Qt.ItemDataRole.UserRole + 1
    ROW_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(
        self,
        columns: Sequence[ColumnSpec],
        rows: Sequence[Any] = (),
        row_colour: Callable[[Any], str | None] | None = None,
        sort_keys: dict[str, Callable[[Any], Any]] | None = None,
        row_bold: Callable[[Any], bool] | None = None,
    ):
        super().__init__()
        self.columns = list(columns)
        self._rows = list(rows)
        self._row_colour = row_colour
        self._row_bold = row_bold
        self._sort_keys = sort_keys or {}

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def update_rows(self, rows: Sequence[Any], changed: Collection[Any], key: Callable[[Any], Any]) -> None:
        """Go over to `rows` where only the rows whose key is in `changed` were added, removed or
        edited: those are removed and inserted in place (no reset: the view keeps its scroll and
        selection), and the rows from the first of them on are told their cells may differ (a
        running balance). Anything else differing falls back to a reset."""
        first = len(rows)
        for i in reversed(range(len(self._rows))):
            if key(self._rows[i]) in changed:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()
                first = min(first, i)
        for i, row in enumerate(rows):
            if key(row) in changed:
                self.beginInsertRows(QModelIndex(), i, i)
                self._rows.insert(i, row)
                self.endInsertRows()
                first = min(first, i)
        if [key(r) for r in self._rows] != [key(r) for r in rows]:
            self.set_rows(rows)
            return
        self._rows = list(rows)
        if first < len(rows):
            self.dataChanged.emit(self.index(first, 0), self.index(len(rows) - 1, len(self.columns) - 1))

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    @property
    def rows(self) -> list[Any]:
        return self._rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008,N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display_text(cell_value(row, column.key), column.kind)
        if role == Qt.ItemDataRole.ToolTipRole and column.kind == "text":
            return display_text(cell_value(row, column.key), column.kind) or None  # the whole of a cut-off text
        if role == self.SORT_ROLE:
            key = self._sort_keys.get(column.key)
            value = key(row) if key else cell_value(row, column.key)
            return value if value is not None else ""  # keys must be str or int for Qt to compare
        if role == self.ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in ("yen", "int"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self._row_colour:
            colour = self._row_colour(row)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.FontRole and self._row_bold and self._row_bold(row):
            return bold_font()
        return None
