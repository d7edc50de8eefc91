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


def test_look_alike_users_merge_into_one_and_the_undo_parts_them_again(db, rooms, users, tmp_path):
    from app.services.facility.booking_import import commit_booking_import, preview_booking_import
    from app.services.facility.operations import MergeUsers
    from app.services.facility.users import UserData, add_user, list_users, similar_users

    other, _ = add_user(db, UserData("囲碁"))
    day = date(2025, 6, 3)
    [mine], _ = svc.book(db, svc.BookingRequest(day, rooms["会議室1"], ("午前",), other.id))
    [theirs], _ = svc.book(db, svc.BookingRequest(day, rooms["和室"], ("午前",), users["囲碁の会"]))
    assert ["囲碁の会", "囲碁"] in similar_users(db)

    op = MergeUsers(db, users["囲碁の会"], [other.id], "囲碁の会")
    op.apply()
    assert {b.id: b.user_name for b in svc.list_bookings(db, day, day)} == {mine.id: "囲碁の会", theirs.id: "囲碁の会"}
    kept = {u.name: u for u in list_users(db)}
    assert "囲碁" not in kept and kept["囲碁の会"].aliases == ("囲碁",)
    assert similar_users(db) == []

    # the merged spelling is remembered: a log naming 「囲碁」 books 囲碁の会, no new user
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["日付", "時間帯", "部屋", "団体名"])
    wb.active.append(["2025/6/10", "午前", "会議室1", "囲碁"])
    wb.save(tmp_path / "log.xlsx")
    preview = preview_booking_import(db, tmp_path / "log.xlsx", today=date(2025, 9, 1))
    assert not preview.has_errors and preview.unknown_users == {}
    commit_booking_import(db, preview, today=date(2025, 9, 1))
    assert [b.user_name for b in svc.list_bookings(db, date(2025, 6, 10), date(2025, 6, 10))] == ["囲碁の会"]

    op.revert()
    names = {b.id: b.user_name for b in svc.list_bookings(db, day, day)}
    assert names == {mine.id: "囲碁", theirs.id: "囲碁の会"}
    assert {u.name: u.aliases for u in list_users(db)}["囲碁の会"] == ()
    assert {u.name: u.id for u in list_users(db)}["囲碁"] == other.id


def test_merging_needs_two_users(db, users):
    from app.services.facility.users import merge_users

    with pytest.raises(ValidationError, match="二つ以上"):
        merge_users(db, users["囲碁の会"], [users["囲碁の会"]])


def test_an_undo_is_refused_when_another_window_changed_the_booking_since(db, rooms, users):
    day = date(2025, 6, 3)
    op = book_op(db, svc.BookingRequest(day, rooms["会議室1"], ("午後",), users["囲碁の会"]))
    op.apply()
    [made] = op.made
    svc.record_use(db, {made.id: 8})  # the front desk's PC, meanwhile
    with pytest.raises(ValidationError, match="その後に別の画面またはパソコンで変更されたため、元に戻せません"):
        op.revert()
    assert _state(db, day) == [(made.id, "午後", "囲碁の会", "利用済", 8, "")]  # their change kept

    people = ChangeBookings("利用人数", db, [made.id], lambda: svc.record_use(db, {made.id: 9}))
    people.apply()
    people.revert()
    people.apply()  # its own undo and redo follow its own versions
    svc.mark_no_show(db, [made.id])  # someone else again
    with pytest.raises(ValidationError, match="元に戻せません"):
        people.revert()
    assert _state(db, day)[0][3] == "無断キャンセル"


def _fee_entries(db):
    from app.services.accounts.ledger import list_entries

    return [(e.entry_date, e.kind_label, e.category_name, e.amount, e.counterparty, e.voucher_no, e.description)
            for e in list_entries(db, FY) if e.category_name.startswith("施設使用料")]


def test_a_refunded_fee_is_a_refund_on_the_fee_it_came_in_on_and_the_undo_takes_it_back(db, rooms, users):
    [paid], _ = svc.book(db, svc.BookingRequest(date(2025, 7, 10), rooms["会議室1"], ("午後",), users["囲碁の会"]))
    receive_in_advance(db, FY, [paid.id], date(2025, 7, 1))
    [receipt] = _fee_entries(db)
    op = ChangeBookings("取消", db, [paid.id],
                        lambda: svc.cancel(db, [paid.id], date(2025, 7, 5), "中止", keep_paid_fee=False))
    op.apply()
    [_, refund] = _fee_entries(db)
    assert receipt[1:4] == ("収入", "施設使用料", 1000)
    assert refund[:5] == (date(2025, 7, 5), "戻出", "施設使用料", 1000, "囲碁の会")
    assert refund[6] == f"施設使用料の返金(7/10 午後の取消・受領 証憑番号 {receipt[5]})"  # as the cash book normalises it
    [cancelled] = svc.list_bookings(db, date(2025, 7, 10), date(2025, 7, 10))
    assert (cancelled.status, cancelled.cancel_reason) == ("取消", f"中止（使用料は返金: 証憑番号 {refund[5]}）")
    from app.services.accounts.analysis import budget_vs_actual

    actual = {r.name: r.actual for r in budget_vs_actual(db, FY)}
    assert actual["施設使用料"] == 0  # received, and paid back: the 決算額 nets it
    assert "施設使用料返還金" not in actual  # no 費目 of its own any more

    op.revert()
    assert _fee_entries(db) == [receipt]
    assert svc.list_bookings(db, date(2025, 7, 10), date(2025, 7, 10))[0].status == "予約"
    op.apply()
    assert _fee_entries(db) == [receipt, refund]  # the same 戻出, same 証憑番号


def test_refunds_kept_under_the_old_expense_category_stay_beside_the_new_refunds(db, rooms, users):
    """A database from before the 戻出 paid refunds as a 支出 of 「施設使用料返還金」: those entries and
    their 費目 stay as they were, and a new refund is a 戻出 on 施設使用料 all the same."""
    from app.services.accounts.analysis import budget_vs_actual
    from app.services.accounts.books import funded_book
    from app.services.accounts.categories import first_root
    from app.services.accounts.ledger import EntryInput, add_entries
    from app.storage.models import Category

    with db.session.begin() as session:  # as the old refund made its 費目
        book = funded_book(session)
        old = Category(book_id=book.id, parent_id=first_root(session, book.id, "expense"), heading=False,
                       kind="expense", name="施設使用料返還金", sort_order=9999, retired=False, role="")
        session.add(old)
        session.flush()
        old_id = old.id
    add_entries(db, FY, [EntryInput(date(2025, 6, 2), "expense", old_id, 600, "施設使用料の返金（6/9 午前の取消）",
                                    "ブルーベル")])
    [paid], _ = svc.book(db, svc.BookingRequest(date(2025, 7, 10), rooms["会議室1"], ("午後",), users["囲碁の会"]))
    receive_in_advance(db, FY, [paid.id], date(2025, 7, 1))
    svc.cancel(db, [paid.id], date(2025, 7, 5), "中止", keep_paid_fee=False)

    assert [e[1:4] for e in _fee_entries(db)] == [
        ("支出", "施設使用料返還金", 600), ("収入", "施設使用料", 1000), ("戻出", "施設使用料", 1000)]
    actual = {r.name: r.actual for r in budget_vs_actual(db, FY)}
    assert (actual["施設使用料返還金"], actual["施設使用料"]) == (600, 0)


def test_a_fee_kept_as_a_cancellation_charge_writes_nothing(db, rooms, users):
    [paid], _ = svc.book(db, svc.BookingRequest(date(2025, 7, 10), rooms["会議室1"], ("午後",), users["囲碁の会"]))
    receive_in_advance(db, FY, [paid.id], date(2025, 7, 1))
    svc.cancel(db, [paid.id], date(2025, 7, 5), "中止", keep_paid_fee=True)
    assert [e[2] for e in _fee_entries(db)] == ["施設使用料"]  # the receipt only


def test_a_refund_in_a_closed_year_is_refused_and_the_booking_stays(db, rooms, users):
    from app.services.accounts.closing import close_year

    [paid], _ = svc.book(db, svc.BookingRequest(date(2025, 7, 10), rooms["会議室1"], ("午後",), users["囲碁の会"]))
    receive_in_advance(db, FY, [paid.id], date(2025, 7, 1))
    close_year(db, FY, backup=False)
    with pytest.raises(ValidationError):
        svc.cancel(db, [paid.id], date(2025, 7, 5), "中止", keep_paid_fee=False)
    assert svc.list_bookings(db, date(2025, 7, 10), date(2025, 7, 10))[0].status == "予約"  # nothing half-done


def _used(db, rooms, users, day, room="会議室1", user="囲碁の会"):
    made, _ = svc.book(db, svc.BookingRequest(day, rooms[room], ("午前",), users[user]))
    svc.record_use(db, {b.id: 5 for b in made})
    return made[0].id


def test_posting_fees_is_undone_and_redone_with_the_same_vouchers(db, rooms, users):
    from app.services.facility.fees import post_fees, unposted_fees
    from app.services.facility.operations import PostFees

    _used(db, rooms, users, date(2025, 6, 3))
    _used(db, rooms, users, date(2025, 6, 10), room="和室", user="ブルーベル")
    op = PostFees("記帳", db, lambda: post_fees(db, FY, month=6, per="day"))
    op.apply()
    entries = _fee_entries(db)
    assert [(e[0], e[3]) for e in entries] == [(date(2025, 6, 3), 1000), (date(2025, 6, 10), 300)]
    assert unposted_fees(db, FY, 6) == {}

    op.revert()
    assert _fee_entries(db) == []
    assert unposted_fees(db, FY, 6) == {date(2025, 6, 3): 1000, date(2025, 6, 10): 300}
    assert not any(b.posted for b in svc.list_bookings(db, date(2025, 6, 1), date(2025, 6, 30)))

    op.apply()
    assert _fee_entries(db) == entries
    assert all(b.posted for b in svc.list_bookings(db, date(2025, 6, 1), date(2025, 6, 30)))
    op.revert()  # and again: the redone receipts are the ones taken back
    assert _fee_entries(db) == []


def test_undo_of_posting_is_refused_when_the_receipt_was_corrected_in_the_cash_book(db, rooms, users):
    from dataclasses import replace

    from app.services.accounts.ledger import list_entries, update_entry
    from app.services.facility.fees import post_fees
    from app.services.facility.operations import PostFees

    _used(db, rooms, users, date(2025, 6, 3))
    op = PostFees("記帳", db, lambda: post_fees(db, FY, month=6))
    op.apply()
    [entry] = list_entries(db, FY)
    update_entry(db, entry.id, replace(entry.as_input(FY), description="6月3日分 会議室1"))
    with pytest.raises(ValidationError, match=f"証憑番号 {entry.voucher_no}）は、その後に変更または削除されたため"):
        op.revert()
    assert [e.description for e in list_entries(db, FY)] == ["6月3日分 会議室1"]  # nothing taken back
    assert svc.list_bookings(db, date(2025, 6, 3), date(2025, 6, 3))[0].posted


def test_redo_of_posting_is_refused_when_a_booking_was_posted_meanwhile(db, rooms, users):
    from app.services.facility.fees import post_fees
    from app.services.facility.operations import PostFees

    _used(db, rooms, users, date(2025, 6, 3))
    op = PostFees("記帳", db, lambda: post_fees(db, FY, month=6))
    op.apply()
    op.revert()
    post_fees(db, FY, month=6, per="month")  # posted again by hand (or on another PC)
    with pytest.raises(ValidationError, match="やり直せません"):
        op.apply()
    assert [e[3] for e in _fee_entries(db)] == [1000]  # once, not twice


def test_undoing_a_booking_with_its_new_user_is_refused_with_who_and_when_if_another_pc_edited_the_user(
        db, rooms, users):
    import getpass
    import socket
    from dataclasses import replace

    from sqlalchemy import func, select

    from app.services.facility.operations import book_new_user_op
    from app.services.facility.users import list_users, save_user, user_record
    from app.services.records import EditConflict
    from app.storage.models import ChangeLog

    def logged() -> int:
        with db.session() as session:
            return session.scalar(select(func.count()).select_from(ChangeLog)) or 0

    day = date(2025, 7, 1)
    operation = book_new_user_op(db, "書道クラブ", svc.BookingRequest(day, rooms["会議室1"], ("午後",), 0))
    operation.apply()
    theirs = user_record(next(u for u in list_users(db) if u.name == "書道クラブ"))
    save_user(db, replace(theirs, data=replace(theirs.data, contact_person="菅原")))  # another PC, meanwhile
    before = logged()
    with pytest.raises(EditConflict) as refused:
        operation.revert()
    message = str(refused.value)
    assert message.startswith(f"この利用団体の記録は、開いた後に{getpass.getuser()}さん（{socket.gethostname()}）が")
    assert "年" in message and "・連絡担当者: （空欄） → 菅原" in message  # when, and what they changed
    assert _state(db, day)[0][1:3] == ("午後", "書道クラブ")  # the booking and its user stay
    assert {u.name: u.data.contact_person for u in list_users(db)}["書道クラブ"] == "菅原"
    assert logged() == before  # nothing changed, not even taken back and put back again
