"""利用状況: per room and month — 件数, 人数, 稼働率, 使用料, 減免額 — with the previous year beside it.

稼働率 = slots held ÷ slots open. A slot is held by a booking that was not cancelled (予約, 利用済 and
無断キャンセル all kept the room from others); slots open = days the centre was open in the month ×
the room's slots. Closed days (休館日, 年末年始) open no slot. Rooms marked not to count toward 稼働率
still show their 件数 and 人数.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.facility import (
    CANCELLED,
    Occupancy,
    RoomUsage,
    UsageCell,
    UsageComparison,
    UsageTable,
    parse_slots,
)
from app.domain.fiscal_year import FiscalYear
from app.services.facility.calendar import closed_days
from app.storage.database import Database
from app.storage.models import Booking, Room


def _open_days(year: int, month: int, closed: set[date]) -> int:
    days = calendar.monthrange(year, month)[1]
    return sum(1 for d in range(1, days + 1) if date(year, month, d) not in closed)


def usage_table(session: Session, fy: FiscalYear, month: int | None = None) -> UsageTable:
    months = [ym for ym in fy.months() if month is None or ym[1] == month]
    first = date(months[0][0], months[0][1], 1)
    last_ym = months[-1]
    last = date(last_ym[0], last_ym[1], calendar.monthrange(*last_ym)[1])
    closed = set(closed_days(session, first, last))
    rooms = list(session.scalars(select(Room).order_by(Room.position, Room.id)))
    rows = session.execute(
        select(Booking.room_id, Booking.used_on, Booking.user_id, Booking.slot, Booking.status,
               Booking.actual_people, Booking.expected_people, Booking.fee, Booking.full_fee)
        .where(Booking.used_on >= first, Booking.used_on <= last, Booking.status != CANCELLED)
    )
    index = {ym: i for i, ym in enumerate(months)}
    slots: dict[tuple[int, int], int] = defaultdict(int)
    fees: dict[tuple[int, int], int] = defaultdict(int)
    exempt: dict[tuple[int, int], int] = defaultdict(int)
    visits: dict[tuple[int, int], dict[tuple[date, int], int]] = defaultdict(dict)
    for room_id, used_on, user_id, _slot, _status, actual, expected, fee, full in rows:
        key = (room_id, index[(used_on.year, used_on.month)])
        slots[key] += 1
        fees[key] += fee
        exempt[key] += full - fee
        people = actual if actual is not None else (expected or 0)
        visit = (used_on, user_id)  # one 件 per room, day and user; people counted once (the largest slot)
        visits[key][visit] = max(visits[key].get(visit, 0), people)
    used_rooms = {room_id for room_id, _ in slots}
    table_rooms: list[RoomUsage] = []
    for room in rooms:
        if room.retired and room.id not in used_rooms:
            continue
        n_slots = len(parse_slots(room.slots))
        cells = []
        for i, (y, m) in enumerate(months):
            key = (room.id, i)
            open_slots = _open_days(y, m, closed) * n_slots
            cells.append(UsageCell(
                len(visits[key]), sum(visits[key].values()),
                Occupancy(slots[key], open_slots), fees[key], exempt[key],
            ))
        total = sum(cells, UsageCell())
        table_rooms.append(RoomUsage(room.id, room.name, room.counts_for_rate, tuple(cells), total))
    month_totals = tuple(_total_over(table_rooms, i) for i in range(len(months)))
    return UsageTable(fy, tuple(months), tuple(table_rooms), month_totals, sum(month_totals, UsageCell()))


def _total_over(rooms: list[RoomUsage], i: int) -> UsageCell:
    total = UsageCell()
    for r in rooms:
        cell = r.months[i]
        if not r.counts_for_rate:  # its slots stay out of the centre's 稼働率
            cell = UsageCell(cell.count, cell.people, Occupancy(0, 0), cell.fees, cell.exemptions)
        total = total + cell
    return total


def usage_comparison(db: Database, fy: FiscalYear, month: int | None = None) -> UsageComparison:
    """This year and the previous one, read in one transaction."""
    with db.session() as session:
        return UsageComparison(usage_table(session, fy, month), usage_table(session, fy.previous(), month))
