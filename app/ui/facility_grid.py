"""The booking grid: rooms × slots down, days across (a week or a month), the user in each cell,
coloured by status. Plain rows in, nothing live: the page reloads it after a change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.facility import BOOKED, CANCELLED, NO_SHOW, USED
from app.services.facility.bookings import BookingInfo
from app.services.facility.rooms import RoomInfo

Index = QModelIndex | QPersistentModelIndex
WEEKDAYS = "月火水木金土日"
STATUS_COLOURS = {BOOKED: "#dbeafe", USED: "#dcfce7", NO_SHOW: "#fee2e2"}
CLOSED_COLOUR = "#e5e7eb"


@dataclass(frozen=True)
class GridRow:
    room: RoomInfo
    slot: str


class BookingGridModel(QAbstractTableModel):
    BOOKING_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[GridRow] = []
        self.days: list[date] = []
        self.cells: dict[tuple[int, date, str], BookingInfo] = {}
        self.closed: dict[date, str] = {}
        self.compact = False  # the month view: short headers, initials in cells

    def load(self, rooms: list[RoomInfo], first: date, n_days: int, bookings: list[BookingInfo],
             closed: dict[date, str], *, compact: bool = False) -> None:
        self.beginResetModel()
        self.rows = [GridRow(r, s) for r in rooms for s in r.data.slots]
        self.days = [first + timedelta(days=i) for i in range(n_days)]
        self.cells = {(b.room_id, b.used_on, b.slot): b for b in bookings if b.status != CANCELLED}
        self.closed, self.compact = closed, compact
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.days)

    def at(self, index: Index) -> tuple[GridRow, date, BookingInfo | None]:
        row, day = self.rows[index.row()], self.days[index.column()]
        return row, day, self.cells.get((row.room.id, day, row.slot))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, day, booking = self.at(index)
        if role == Qt.ItemDataRole.DisplayRole:
            if booking is not None:
                return booking.user_name[:3] if self.compact else booking.user_name
            return "休" if day in self.closed else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            where = f"{row.room.name} {day.month}/{day.day}（{WEEKDAYS[day.weekday()]}） {row.slot}"
            if booking is not None:
                people = booking.actual_people if booking.actual_people is not None else booking.expected_people
                extra = f"・{people}人" if people is not None else ""
                paid = "（受領済み）" if booking.posted else ""
                fee = f"使用料 {booking.fee:,}円{paid}" + (f"・{booking.fee_reason}" if booking.fee_reason else "")
                return f"{where}\n{booking.user_name}（{booking.status}{extra}）\n{fee}\n{booking.purpose}".strip()
            return f"{where}\n" + (f"休館日（{self.closed[day]}）" if day in self.closed else "空き（Enterで予約）")
        if role == Qt.ItemDataRole.BackgroundRole:
            if booking is not None:
                return QBrush(QColor(STATUS_COLOURS.get(booking.status, "#ffffff")))
            if day in self.closed:
                return QBrush(QColor(CLOSED_COLOUR))
        if role == self.BOOKING_ROLE:
            return booking
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            day = self.days[section]
            # two lines: a week of 「11/30（月）」 headings is too wide for 1280 pixels at 150% text
            return f"{day.day}\n{WEEKDAYS[day.weekday()]}" if self.compact else f"{day.month}/{day.day}\n（{WEEKDAYS[day.weekday()]}）"
        row = self.rows[section]
        return f"{row.room.name} {row.slot}"
