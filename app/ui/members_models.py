"""List models for the 名簿 tabs: plain rows in 五十音 order, filtered by 区分, active/left and a
search where hiragana, katakana and half-width kana all match."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from app.domain.kana import search_key
from app.ui.table_model import ColumnSpec, RowTableModel

LEFT_COLOUR = "#eeeeee"


class MemberListModel(RowTableModel):
    """Rows keep the order they are given (五十音 by ふりがな from the services); a left member is
    greyed. Search keys are computed once per load, not per keystroke."""

    def __init__(
        self, columns: Sequence[ColumnSpec], search_text: Callable[[Any], str], today: Callable[[], date]
    ):
        self._today = today
        super().__init__(columns, row_colour=self._colour, sort_keys={})
        self._search_text = search_text
        self.search_keys: list[str] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.search_keys = [search_key(self._search_text(r)) for r in rows]
        super().set_rows(rows)

    def _colour(self, row: Any) -> str | None:
        left = getattr(row, "left_on", None)
        return LEFT_COLOUR if left is not None and left <= self._today() else None


class MemberFilter(QSortFilterProxyModel):
    """Filter by 区分 (attribute `kind_attr`), hide members who left (unless asked), and search."""

    def __init__(self, kind_attr: str | None = None, today: Callable[[], date] = date.today):
        super().__init__()
        self.kind_attr = kind_attr
        self.kind: Any = None  # None = all kinds
        self.show_left = False
        self.needle = ""
        self._today = today
        self.setSortRole(RowTableModel.SORT_ROLE)

    def set_search(self, text: str) -> None:
        self._refilter(needle=search_key(text))

    def set_kind(self, kind: Any) -> None:
        self._refilter(kind=kind)

    def set_show_left(self, show: bool) -> None:
        self._refilter(show_left=show)

    def _refilter(self, **changes: Any) -> None:
        self.beginFilterChange()
        for name, value in changes.items():
            setattr(self, name, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, MemberListModel)
        row = model.row_at(source_row)
        if not self.show_left:
            left = getattr(row, "left_on", None)
            if left is not None and left <= self._today():
                return False
        if self.kind is not None and self.kind_attr and getattr(row, self.kind_attr) != self.kind:
            return False
        return not self.needle or self.needle in model.search_keys[source_row]

    def row_at(self, proxy_row: int) -> Any:
        source = self.mapToSource(self.index(proxy_row, 0))
        model = self.sourceModel()
        assert isinstance(model, MemberListModel)
        return model.row_at(source.row())

    def visible_rows(self) -> list[Any]:
        return [self.row_at(r) for r in range(self.rowCount())]
