"""Undo of 施設 edits below the window (app.services.facility.operations): what each undo and redo
leaves in the database, and the ones refused because something happened since."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.services.facility import bookings as svc
from app.services.facility.fees import receive_in_advance
from app.services.facility.operations import ChangeBookings, book_op, save_room_op
from app.services.facility.rooms import RoomData, RoomRecord, list_rooms, room_record

FY = FiscalYear(2025)


def _state(db, day):
    return [(b.id, b.slot, b.user_name, b.status, b.actual_people, b.cancel_reason)
            for b in svc.list_bookings(db, day, day)]


def test_a_series_is_taken_back_whole_and_redone_under_the_same_ids(db, rooms, users):
    first = date(2025, 6, 3)
    op = book_op(db, svc.BookingRequest(first, rooms["会議室1"], ("午後",), users["囲碁の会"]),
                 svc.Recurrence(first + timedelta(weeks=3)))
    op.apply()
    ids = sorted(b.id for b in op.made)
    assert len(ids) == 4
    op.revert()
    assert svc.list_bookings(db, first, first + timedelta(weeks=3)) == []
    op.apply()
    assert sorted(b.id for b in svc.list_bookings(db, first, first + timedelta(weeks=3))) == ids


def test_redo_of_a_booking_is_refused_when_the_slot_was_taken_meanwhile(db, rooms, users):
    day = date(2025, 6, 3)
    op = book_op(db, svc.BookingRequest(day, rooms["会議室1"], ("午後",), users["囲碁の会"]))
    op.apply()
    op.revert()
    svc.book(db, svc.BookingRequest(day, rooms["会議室1"], ("午後",), users["ブルーベル"]))
    with pytest.raises(ValidationError, match="別の予約があるため、元に戻せません"):
        op.apply()
    assert [s[2] for s in _state(db, day)] == ["ブルーベル"]  # nothing half-done


def test_a_booking_whose_fee_is_in_the_cash_book_is_not_taken_back(db, rooms, users):
    day = date(2025, 7, 10)
    op = book_op(db, svc.BookingRequest(day, rooms["会議室1"], ("午後",), users["囲碁の会"]))
    op.apply()
    receive_in_advance(db, FY, [op.made[0].id], date(2025, 7, 1))
    with pytest.raises(ValidationError, match="記帳済みのため、元に戻せません"):
        op.revert()
    assert len(_state(db, day)) == 1


def test_people_cancelling_and_no_show_each_come_back_exactly(db, rooms, users):
    day = date(2025, 6, 3)
    [made], _ = svc.book(db, svc.BookingRequest(day, rooms["会議室1"], ("午後",), users["囲碁の会"],
                                                 expected_people=12))
    before = _state(db, day)
    for op in (
        ChangeBookings("利用人数", db, [made.id], lambda: svc.record_use(db, {made.id: 9})),
        ChangeBookings("無断キャンセル", db, [made.id], lambda: svc.mark_no_show(db, [made.id])),
        ChangeBookings("取消", db, [made.id], lambda: svc.cancel(db, [made.id], day, "雨天")),
    ):
        op.apply()
        after = _state(db, day)
        assert after != before
        op.revert()
        assert _state(db, day) == before
        op.apply()
        assert _state(db, day) == after
        op.revert()


def test_room_edits_undo_and_an_added_room_comes_back_under_its_id(db, rooms):
    add = save_room_op(db, None, RoomRecord(None, RoomData("図書室", 12, ("午前",), 300)))
    add.apply()
    assert add.label == "部屋「図書室」の追加"
    room_id = add.stored.id
    add.revert()
    assert "図書室" not in [r.name for r in list_rooms(db, include_retired=True)]
    add.apply()
    assert room_record(db, room_id).data.name == "図書室"

    before = room_record(db, rooms["和室"])
    retire = save_room_op(db, before, RoomRecord(before.id, before.data, True))
    assert retire.label == "部屋「和室」の使用終了"
    retire.apply()
    assert "和室" not in [r.name for r in list_rooms(db)]
    retire.revert()
    assert "和室" in [r.name for r in list_rooms(db)]


def test_a_slot_with_bookings_to_come_cannot_be_dropped_from_a_room(db, rooms, users):
    later = date.today() + timedelta(days=7)
    svc.book(db, svc.BookingRequest(later, rooms["会議室1"], ("夜間",), users["囲碁の会"]))
    before = room_record(db, rooms["会議室1"])
    narrower = RoomRecord(before.id, RoomData("会議室1", 30, ("午前", "午後"), 1000), False)
    with pytest.raises(ValidationError, match="「夜間」には今日以降の予約が1件あるため"):
        save_room_op(db, before, narrower).apply()
    assert room_record(db, rooms["会議室1"]).data.slots == ("午前", "午後", "夜間")
