"""Booking dates within the bounds of every other date typed or imported (issue 14): 1900-01-01 …
a year from today. A 2173 typed for 2025 is refused naming the field, and nothing is booked."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.validation import ValidationError
from app.services.facility import bookings as svc
from app.services.facility.booking_import import preview_booking_import
from app.services.facility.bookings import list_bookings
from tests.facility.test_booking_import import _log


def test_a_booking_centuries_ahead_or_back_is_refused(db, rooms, users):
    for wrong in (date(2173, 5, 13), date(1800, 5, 13)):
        req = svc.BookingRequest(wrong, rooms["会議室1"], ("午後",), users["囲碁の会"])
        with pytest.raises(ValidationError) as refused:
            svc.book(db, req)
        assert [(p.field, p.message.split("）")[0]) for p in refused.value.problems] == [
            ("used_on", f"利用日（{wrong:%Y/%m/%d}")]
        assert "1900/01/01から" in str(refused.value) and "（1年後）までの日付で入力してください" in str(refused.value)
    assert list_bookings(db, date(1700, 1, 1), date(2200, 1, 1)) == []


def test_a_series_ending_in_9999_is_refused_before_listing_its_days(db, rooms, users):
    today = date.today()
    req = svc.BookingRequest(today, rooms["和室"], ("午後",), users["囲碁の会"])
    with pytest.raises(ValidationError, match=r"繰り返しの終わりの日（9999/12/31）は1900/01/01から"):
        svc.book_series(db, req, svc.Recurrence(until=date(9999, 12, 31)))
    assert list_bookings(db, date(1900, 1, 1), date(9999, 12, 31)) == []


def test_an_imported_booking_date_out_of_bounds_names_the_row(db, rooms, users, tmp_path):
    f = _log(tmp_path / "利用簿.xlsx", [
        ["2025/6/1", "午後", "会議室1", "囲碁の会", 5, ""],
        ["2205/6/2", "午後", "会議室1", "囲碁の会", 5, ""],
    ])
    preview = preview_booking_import(db, f, today=date(2025, 9, 1))
    assert [str(i) for i in preview.issues] == [
        "5行目 A列（日付）: 利用日（2205/06/02）は1900/01/01から2026/09/01（1年後）までの日付で入力してください"]


def test_a_cancel_date_centuries_ahead_or_back_is_refused_and_the_booking_kept(db, rooms, users):
    req = svc.BookingRequest(date(2025, 5, 20), rooms["会議室1"], ("午後",), users["囲碁の会"])
    booking_id = svc.book(db, req)[0][0].id
    for wrong in (date(2173, 5, 18), date(1800, 5, 18)):
        with pytest.raises(ValidationError) as refused:
            svc.cancel(db, [booking_id], wrong, "都合により")
        assert [p.field for p in refused.value.problems] == ["cancelled_on"]
        assert str(refused.value).startswith(f"取消日（{wrong:%Y/%m/%d}）は1900/01/01から")
    kept = list_bookings(db, date(2025, 5, 20), date(2025, 5, 20))
    assert [(k.status, k.cancelled_on) for k in kept] == [("予約", None)]
