"""`kyodo demo` has the 施設 of issue 16: five rooms (大ホール, 会議室1, 会議室2, 和室, 調理実習室) and three
fiscal years of bookings, none of them on a closed day, fees after each user's 減免."""

from __future__ import annotations

from collections import Counter
from datetime import date

from app.domain.facility import fee_after_exemption
from app.domain.fiscal_year import FiscalYear
from app.services.demo.create import create_demo
from app.services.facility.bookings import list_bookings
from app.services.facility.calendar import closed_days_between
from app.services.facility.rooms import RoomData, add_room, list_rooms
from app.services.facility.users import list_users


def test_the_demo_books_five_rooms_for_three_years(db) -> None:
    add_room(db, RoomData("図書室", 10, ("午前",), 0))  # a room already there: the demo's ids are its own
    create_demo(db, today=date(2026, 11, 29))
    assert [r.name for r in list_rooms(db)] == ["図書室", "大ホール", "会議室1", "会議室2", "和室", "調理実習室"]
    first, last = FiscalYear(2024).start, FiscalYear(2026).end
    bookings = list_bookings(db, first, last)
    per_year = Counter(FiscalYear.of(b.used_on).year for b in bookings)
    assert set(per_year) == {2024, 2025, 2026} and min(per_year.values()) > 300
    assert {b.room_name for b in bookings} == {"大ホール", "会議室1", "会議室2", "和室", "調理実習室"}
    closed = closed_days_between(db, first, last)
    assert not [b for b in bookings if b.used_on in closed]
    exemption = {u.name: u.data.exemption for u in list_users(db)}
    assert all(b.fee == fee_after_exemption(b.full_fee, exemption[b.user_name]) for b in bookings)
    assert {b.status for b in bookings if b.used_on < date(2026, 11, 29)} >= {"利用済", "取消", "無断キャンセル"}
