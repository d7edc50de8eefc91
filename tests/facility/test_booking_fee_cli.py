"""`kyodo bookings fee` and `kyodo bookings receive`: the window's 使用料を変更… and 前納 for a room's day
(all its bookings or the slots named) — refusals exit 1 with a Japanese message and change nothing."""

from __future__ import annotations

from datetime import date

import pytest

from app.cli import main
from app.domain.fiscal_year import FiscalYear
from app.services.accounts.ledger import list_entries
from app.services.facility.bookings import BookingRequest, book, list_bookings
from tests.postgres_support import open_target

DAY = date(2025, 10, 7)


@pytest.fixture
def office(db, db_target, rooms, users):
    book(db, BookingRequest(DAY, rooms["会議室1"], ("午前", "午後"), users["囲碁の会"]))
    book(db, BookingRequest(DAY, rooms["和室"], ("午後",), users["ブルーベル"]))
    db.close()
    return db_target


def _state(db_path) -> tuple[list[tuple], list[tuple]]:
    db = open_target(db_path)
    try:
        return ([(b.room_name, b.slot, b.fee, b.fee_reason, b.posted) for b in list_bookings(db, DAY, DAY)],
                [(e.entry_date, e.category_name, e.amount, e.voucher_no) for e in list_entries(db, FiscalYear(2025))])
    finally:
        db.close()


def test_change_the_fee_of_a_rooms_slot_then_of_the_whole_day(office, capsys):
    args = ["bookings", "fee", "--db", str(office), "--date", "2025-10-07", "--room", "会議室1"]
    assert main([*args, "--slot", "午後", "--fee", "0", "--reason", "市の行事"]) == 0
    assert capsys.readouterr().out == "会議室1の2025/10/07 午後の使用料を1コマ 0円にしました（理由: 市の行事）。\n"
    assert _state(office)[0] == [("会議室1", "午前", 1000, "", False), ("会議室1", "午後", 0, "市の行事", False),
                                 ("和室", "午後", 300, "", False)]
    assert main([*args, "--fee", "1000"]) == 0  # the room's own fee again: no reason needed
    assert _state(office)[0][:2] == [("会議室1", "午前", 1000, "", False), ("会議室1", "午後", 1000, "", False)]


def test_a_fee_refused_or_a_slot_not_booked_changes_nothing(office, capsys):
    before = _state(office)
    args = ["bookings", "fee", "--db", str(office), "--date", "2025-10-07"]
    assert main([*args, "--room", "会議室1", "--fee", "500"]) == 1
    assert "使用料を変えるときは理由を入力してください" in capsys.readouterr().err
    assert main([*args, "--room", "会議室1", "--slot", "午後", "--slot", "夜間", "--fee", "0", "--reason", "x"]) == 1
    assert "会議室1の2025/10/07 夜間の予約がありません。何も変更していません。" in capsys.readouterr().err
    assert main([*args, "--room", "大広間", "--fee", "0", "--reason", "x"]) == 1
    assert "大広間の2025/10/07の予約がありません" in capsys.readouterr().err
    with pytest.raises(SystemExit) as negative:  # a usage error (exit 2)
        main([*args, "--room", "会議室1", "--fee=-5", "--reason", "x"])
    assert negative.value.code == 2 and "--fee は円の整数で指定してください: -5" in capsys.readouterr().err
    assert _state(office) == before


def test_receive_a_days_fees_in_advance_as_one_receipt(office, capsys):
    args = ["bookings", "receive", "--db", str(office), "--date", "2025-10-07", "--room", "会議室1"]
    assert main([*args, "--on", "2025-10-01"]) == 0
    assert capsys.readouterr().out == ("施設使用料 2,000円（会議室1の2025/10/07）を2025/10/01の受け取りとして"
                                       "出納簿に記帳しました（証憑番号 1）。\n")
    bookings, entries = _state(office)
    assert entries == [(date(2025, 10, 1), "施設使用料", 2000, 1)]
    assert [b[4] for b in bookings] == [True, True, False]
    assert main(args) == 1  # received already: nothing more to take
    assert "受け取る使用料がありません" in capsys.readouterr().err
    assert _state(office)[1] == entries
