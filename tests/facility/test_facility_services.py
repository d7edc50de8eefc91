"""施設 services: rooms, users, bookings (no double booking), series, cancelling, usage and fees."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.facility import group_similar, user_key
from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.services.accounts.ledger import list_entries
from app.services.facility import bookings as svc
from app.services.facility.calendar import new_year_holidays, set_closed, weekly_closed
from app.services.facility.fees import post_fees, receive_in_advance, unposted_fees
from app.services.facility.rooms import RoomData, add_room, delete_room, list_rooms
from app.services.facility.usage import usage_comparison

FY = FiscalYear(2025)


def _book(db, rooms, users, day, room="会議室1", slots=("午後",), user="囲碁の会", **kw):
    req = svc.BookingRequest(day, rooms[room], tuple(slots), users[user], **kw)
    made, changes = svc.book(db, req)
    return made


def test_a_slot_is_held_once_and_the_message_names_the_holder(db, rooms, users):
    first = _book(db, rooms, users, date(2025, 5, 13))
    assert first[0].fee == 1000 and first[0].room_name == "会議室1"
    with pytest.raises(ValidationError, match="会議室1の令和7年5月13日 午後は「囲碁の会」が予約済みです"):
        _book(db, rooms, users, date(2025, 5, 13), slots=("午前", "午後"), user="ブルーベル")
    # nothing of the refused request was kept: 午前 is still free
    assert [b.slot for b in svc.list_bookings(db, date(2025, 5, 13), date(2025, 5, 13))] == ["午後"]


def test_a_slot_the_room_does_not_lend_is_refused(db, rooms, users):
    with pytest.raises(ValidationError, match="和室は「夜間」には貸し出していません"):
        _book(db, rooms, users, date(2025, 6, 2), room="和室", slots=("夜間",))


def test_fees_follow_the_users_exemption_and_an_override_needs_a_reason(db, rooms, users):
    free = _book(db, rooms, users, date(2025, 6, 3), user="第一自治会", slots=("午前", "午後"))
    assert [(b.fee, b.exemption_amount) for b in free] == [(0, 1000), (0, 1000)]
    assert free[0].group_key and free[0].group_key == free[1].group_key
    half = _book(db, rooms, users, date(2025, 6, 3), room="和室", user="ブルーベル")
    assert (half[0].fee, half[0].exemption_amount) == (300, 300)
    with pytest.raises(ValidationError, match="理由を入力"):
        _book(db, rooms, users, date(2025, 6, 4), fee=500)
    assert _book(db, rooms, users, date(2025, 6, 4), fee=500, fee_reason="備品持込のため")[0].fee == 500


def test_a_closed_day_asks_first(db, rooms, users):
    set_closed(db, new_year_holidays(FY))
    with pytest.raises(svc.ConfirmationNeeded, match="休館日（年末年始）"):
        _book(db, rooms, users, date(2025, 12, 30))
    assert _book(db, rooms, users, date(2025, 12, 30), allow_closed_day=True)


def test_monthly_series_on_the_second_tuesday_skips_holidays_and_is_all_or_nothing(db, rooms, users):
    rule = svc.Recurrence(until=date(2025, 12, 31), monthly_nth=True)
    req = svc.BookingRequest(date(2025, 4, 8), rooms["和室"], ("午後",), users["囲碁の会"])
    # a clash in October: nothing of the series is booked, the clash is named
    _book(db, rooms, users, date(2025, 10, 14), room="和室", user="ブルーベル")
    with pytest.raises(ValidationError, match="令和7年10月14日 午後は「ブルーベル」"):
        svc.book_series(db, req, rule)
    assert len(svc.list_bookings(db, FY.start, FY.end)) == 1
    svc.cancel(db, [svc.list_bookings(db, FY.start, FY.end)[0].id], date(2025, 4, 1), "日程変更")
    made, skipped, _ = svc.book_series(db, req, rule)
    days = [b.used_on for b in made]
    # 第2火曜: 4/8, 5/13, 6/10, 7/8, 8/12, 9/9, 10/14, 11/11, 12/9 — none is a 祝日 in 2025
    assert days == [date(2025, m, d) for m, d in ((4, 8), (5, 13), (6, 10), (7, 8), (8, 12), (9, 9),
                                                   (10, 14), (11, 11), (12, 9))]
    assert skipped == [] and len({b.series_key for b in made}) == 1


def test_weekly_series_skips_a_national_holiday(db, rooms, users):
    # Mondays from 2025-07-07: 7/21 is 海の日
    req = svc.BookingRequest(date(2025, 7, 7), rooms["会議室1"], ("夜間",), users["囲碁の会"])
    made, skipped, _ = svc.book_series(db, req, svc.Recurrence(until=date(2025, 7, 28)))
    assert skipped == [date(2025, 7, 21)]
    assert [b.used_on.day for b in made] == [7, 14, 28]


def test_cancelling_keeps_the_record_and_frees_the_slot(db, rooms, users):
    b = _book(db, rooms, users, date(2025, 5, 20))[0]
    svc.cancel(db, [b.id], date(2025, 5, 18), "都合により")
    kept = svc.list_bookings(db, date(2025, 5, 20), date(2025, 5, 20))
    assert [(k.status, k.cancel_reason, k.cancelled_on) for k in kept] == [("取消", "都合により", date(2025, 5, 18))]
    assert _book(db, rooms, users, date(2025, 5, 20), user="ブルーベル")  # the slot is free again
    with pytest.raises(ValidationError, match="取消の理由"):
        svc.cancel(db, [b.id], date(2025, 5, 18), "")


def test_usage_counts_people_and_occupancy_by_hand(db, rooms, users):
    # June 2025: 30 days, 5 closed (Mondays 2, 9, 16, 23, 30) → 25 open days; 会議室1 has 3 slots → 75
    set_closed(db, {d: r for d, r in weekly_closed(FY, 0).items() if d.month == 6})
    a = _book(db, rooms, users, date(2025, 6, 3), slots=("午前", "午後"), expected_people=12)
    b = _book(db, rooms, users, date(2025, 6, 4), user="第一自治会", expected_people=40)
    svc.record_use(db, {a[0].id: 10, a[1].id: 9, b[0].id: 35})
    c = _book(db, rooms, users, date(2025, 6, 5))
    svc.cancel(db, [c[0].id], date(2025, 6, 1), "中止")
    _book(db, rooms, users, date(2025, 6, 6), room="調理実習室", expected_people=8)  # not in the rate
    table = usage_comparison(db, FY, month=6).this_year
    room = {r.room_name: r for r in table.rooms}["会議室1"]
    cell = room.months[0]
    assert (cell.count, cell.people) == (2, 45)  # 2 visits; a visit's people counted once (10, not 19)
    assert (cell.occupancy.used_slots, cell.occupancy.open_slots) == (3, 75)
    assert cell.occupancy.rate_percent == 4.0  # 3 / 75
    assert (cell.fees, cell.exemptions) == (2000, 1000)
    total = table.month_totals[0]
    assert total.count == 3 and total.people == 53  # 調理実習室 counts here …
    assert total.occupancy.used_slots == 3  # … but not toward the centre's 稼働率
    assert total.occupancy.open_slots == 75 + 25 * 2


def test_fees_of_used_rooms_go_to_the_cash_book_once(db, rooms, users):
    a = _book(db, rooms, users, date(2025, 6, 3), slots=("午前", "午後"))
    b = _book(db, rooms, users, date(2025, 6, 3), room="和室", user="ブルーベル")
    c = _book(db, rooms, users, date(2025, 6, 10))
    svc.record_use(db, {x.id: 5 for x in (*a, *b, *c)})
    assert unposted_fees(db, FY, month=6) == {date(2025, 6, 3): 2300, date(2025, 6, 10): 1000}
    posted, changes = post_fees(db, FY, month=6, per="month")
    assert [(p.amount, p.bookings) for p in posted] == [(3300, 4)]
    entries = list_entries(db, FY)
    assert [(e.amount, e.category_name, e.entry_date) for e in entries] == [(3300, "施設使用料", date(2025, 6, 10))]
    assert post_fees(db, FY, month=6)[0] == []  # never twice


def test_a_booking_paid_in_advance_asks_before_it_is_cancelled(db, rooms, users):
    c = _book(db, rooms, users, date(2025, 7, 10))
    posted, _ = receive_in_advance(db, FY, [c[0].id], date(2025, 7, 1))
    assert [(p.amount, p.entry_date) for p in posted] == [(1000, date(2025, 7, 1))]
    with pytest.raises(svc.ConfirmationNeeded, match="1,000円 は受領済み"):
        svc.cancel(db, [c[0].id], date(2025, 7, 5), "中止")
    svc.cancel(db, [c[0].id], date(2025, 7, 5), "中止", keep_paid_fee=True)
    assert svc.list_bookings(db, date(2025, 7, 10), date(2025, 7, 10))[0].status == "取消"


def test_a_used_room_is_retired_not_deleted(db, rooms, users):
    _book(db, rooms, users, date(2025, 5, 1), room="和室")
    with pytest.raises(ValidationError, match="予約の記録が1件あるため削除できません。貸し出しをやめる部屋は「使用終了」にしてください"):
        delete_room(db, rooms["和室"])
    info, _ = add_room(db, RoomData("図書室", slots=("午前",)))
    delete_room(db, info.id)
    assert "図書室" not in [r.name for r in list_rooms(db)]


def test_hand_kept_spellings_of_one_user_are_grouped():
    assert user_key("ブルー　ベル") == user_key("ブルーベル")
    assert user_key("囲碁の会") == user_key("囲碁") == user_key("囲碁（定例）")
    groups = group_similar(["囲碁", "囲碁の会", "ふれあい", "ふれあいの会定例会", "書道"])
    assert groups == [["囲碁", "囲碁の会"], ["ふれあい", "ふれあいの会定例会"]]


def test_two_writers_cannot_hold_one_slot(db, rooms, users, monkeypatch):
    """The check names the holder; when two PCs book at the same moment the unique index refuses the
    second (here the check is made to miss the first, as a race would)."""
    _book(db, rooms, users, date(2025, 8, 5))
    monkeypatch.setattr(svc, "_holders", lambda *a: [])
    with pytest.raises(ValidationError, match="たった今ほかの予約が入りました"):
        _book(db, rooms, users, date(2025, 8, 5), user="ブルーベル")
    assert len(svc.list_bookings(db, date(2025, 8, 5), date(2025, 8, 5))) == 1


def test_a_room_deleted_meanwhile_is_a_message_not_a_crash(db, rooms):
    info, _ = add_room(db, RoomData("図書室", slots=("午前",)))
    delete_room(db, info.id)
    with pytest.raises(ValidationError, match=rf"部屋（ID {info.id}）が見つかりません（削除された可能性があります）"):
        delete_room(db, info.id)


def test_negative_fees_are_refused_when_booking_and_when_changing(db, rooms, users):
    with pytest.raises(ValidationError, match="使用料に負の数は入力できません"):
        _book(db, rooms, users, date(2025, 6, 4), fee=-500, fee_reason="誤り")
    with pytest.raises(ValidationError, match="使用料に負の数は入力できません"):
        add_room(db, RoomData("図書室", fee_per_slot=-1))
    [made] = _book(db, rooms, users, date(2025, 6, 4))
    with pytest.raises(ValidationError, match="使用料に負の数は入力できません"):
        svc.change_fee(db, [made.id], -100, "返金のため")
    assert [b.fee for b in svc.list_bookings(db, date(2025, 6, 4), date(2025, 6, 4))] == [1000]
    assert [r.name for r in list_rooms(db)] == ["会議室1", "和室", "調理実習室"]  # nothing half-done


def test_a_fee_is_changed_with_its_reason_and_back_to_the_rooms_fee_without_one(db, rooms, users):
    [made] = _book(db, rooms, users, date(2025, 6, 4), user="ブルーベル")  # 半額: 500
    with pytest.raises(ValidationError, match="使用料を変えるときは理由を入力してください"):
        svc.change_fee(db, [made.id], 0, "")
    svc.change_fee(db, [made.id], 0, "市の行事への協力")
    [changed] = svc.list_bookings(db, date(2025, 6, 4), date(2025, 6, 4))
    assert (changed.fee, changed.full_fee, changed.exemption_amount, changed.fee_reason) == (0, 1000, 1000, "市の行事への協力")
    svc.change_fee(db, [made.id], 500, "")  # the fee its 減免 gives: no reason needed, none kept
    [back] = svc.list_bookings(db, date(2025, 6, 4), date(2025, 6, 4))
    assert (back.fee, back.fee_reason) == (500, "")
    usage = usage_comparison(db, FY, 6).this_year.total
    assert (usage.fees, usage.exemptions) == (500, 500)


def test_a_fee_in_the_cash_book_or_of_a_cancelled_booking_cannot_be_changed(db, rooms, users):
    [paid] = _book(db, rooms, users, date(2025, 7, 10))
    receive_in_advance(db, FY, [paid.id], date(2025, 7, 1))
    with pytest.raises(ValidationError, match="出納簿に記帳済みのため、変えられません"):
        svc.change_fee(db, [paid.id], 0, "減免")
    [other] = _book(db, rooms, users, date(2025, 7, 11))
    svc.cancel(db, [other.id], date(2025, 7, 5), "中止")
    with pytest.raises(ValidationError, match="取り消されています"):
        svc.change_fee(db, [other.id], 0, "減免")


def test_two_pcs_booking_one_slot_at_the_same_moment_leave_one_booking(db, db_target, rooms, users):
    """Two writers on the same database (as two PCs), started together on the same slot, many times: each
    time exactly one booking is stored and the other writer gets a Japanese refusal, never a raw error."""
    import threading

    from tests.postgres_support import open_target

    others = [open_target(db_target) for _ in range(2)]
    try:
        for n in range(12):
            day = date(2025, 8, 1 + n)
            start = threading.Barrier(2)
            outcomes: list[str] = []

            def book(pc, user: str, day: date = day, start: threading.Barrier = start,
                     outcomes: list[str] = outcomes) -> None:
                start.wait()
                try:
                    svc.book(pc, svc.BookingRequest(day, rooms["会議室1"], ("午後",), users[user]))
                    outcomes.append("booked")
                except ValidationError as exc:
                    outcomes.append("refused: " + str(exc))

            threads = [threading.Thread(target=book, args=(pc, user))
                       for pc, user in zip(others, ("囲碁の会", "ブルーベル"), strict=True)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert sorted(o.split(":")[0] for o in outcomes) == ["booked", "refused"], outcomes
            refusal = next(o for o in outcomes if o.startswith("refused"))
            assert "予約済みです" in refusal or "たった今ほかの予約が入りました" in refusal
            assert len(svc.list_bookings(db, day, day)) == 1
    finally:
        for pc in others:
            pc.close()
