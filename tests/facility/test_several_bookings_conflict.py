"""Several bookings chosen together (Ctrl/Shift in the grid) and changed at once, when another PC changed
some of them since the grid was read: the question names every booking concerned — day, slot, room,
holder, who changed it, when and what — in the grid's order, the first ten and 「ほか N件」; going ahead
changes them all over theirs on purpose. The service tests run on SQLite and PostgreSQL."""

from __future__ import annotations

import getpass
import socket
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from app.domain.wareki import format_wareki
from app.services.facility import bookings as svc
from app.services.records import EditConflict
from app.storage.database import open_database
from tests.facility.test_facility_window import _cell
from tests.facility.test_fee_change_several import _click, _grid_showing
from tests.facility.test_rooms_window import _undo
from tests.helpers.qt_dialogs import answer, when_modal

WHO = f"{getpass.getuser()}さん（{socket.gethostname()}）が"  # the change log's actor: the OS user and the PC


def _book_all(db, rooms, users, day: date) -> list[svc.BookingInfo]:
    made = []
    for room, slots, user in (("会議室1", ("午前", "午後", "夜間"), "囲碁の会"), ("和室", ("午前", "午後"), "ブルーベル"),
                              ("調理実習室", ("午前", "午後", "夜間"), "第一自治会")):
        made += svc.book(db, svc.BookingRequest(day, rooms[room], slots, users[user]))[0]
    return made


def test_every_booking_another_pc_changed_is_named_in_the_grids_order_ten_and_the_rest_counted(db, rooms, users):
    first, second = date(2025, 6, 3), date(2025, 6, 4)
    shown = _book_all(db, rooms, users, second) + _book_all(db, rooms, users, first)  # 16, as the grid read them
    read = {b.id: b.version for b in shown}
    mine = [b.id for b in shown]
    theirs = [b for b in shown if (b.room_name, b.slot) != ("和室", "午前")]  # 14 changed on another PC
    svc.change_fee(db, [b.id for b in theirs], 100, "市の行事")
    with pytest.raises(EditConflict) as refused:
        svc.mark_no_show(db, mine, versions=read)
    lines = str(refused.value).splitlines()
    assert lines[0] == "選んだ16件の予約のうち14件は、開いた後に別の画面またはパソコンで変更されました（保存していません）。相手の変更:"
    day1 = format_wareki(first)
    named = [line.split(":")[0] for line in lines[1:11]]
    assert named == [
        f"・{day1} 午前 会議室1「囲碁の会」", f"・{day1} 午後 会議室1「囲碁の会」", f"・{day1} 夜間 会議室1「囲碁の会」",
        f"・{day1} 午後 和室「ブルーベル」",
        f"・{day1} 午前 調理実習室「第一自治会」", f"・{day1} 午後 調理実習室「第一自治会」",
        f"・{day1} 夜間 調理実習室「第一自治会」",
        f"・{format_wareki(second)} 午前 会議室1「囲碁の会」", f"・{format_wareki(second)} 午後 会議室1「囲碁の会」",
        f"・{format_wareki(second)} 夜間 会議室1「囲碁の会」",
    ]
    assert WHO in lines[1] and "年" in lines[1] and "使用料: 1,000円 → 100円" in lines[1] and "市の行事" in lines[1]
    assert "使用料: 300円 → 100円" in lines[4]  # ブルーベル's 半額
    assert lines[11] == "・ほか4件"
    assert "あなたの入力はそのまま残っています" in lines[12]
    assert {b.status for b in svc.list_bookings(db, first, second)} == {"予約"}  # nothing stored
    assert refused.value.current == {b.id: b.version for b in svc.list_bookings(db, first, second)}
    svc.mark_no_show(db, mine, versions=refused.value.current)  # going ahead, over theirs
    assert {b.status for b in svc.list_bookings(db, first, second)} == {"無断キャンセル"}


def test_one_changed_among_several_is_named_and_one_booking_alone_keeps_its_message(db, rooms, users):
    day = date(2025, 6, 3)
    shown = _book_all(db, rooms, users, day)
    read = {b.id: b.version for b in shown}
    changed = next(b for b in shown if (b.room_name, b.slot) == ("和室", "午後"))
    svc.record_use(db, {changed.id: 5})
    with pytest.raises(EditConflict) as refused:
        svc.cancel(db, [b.id for b in shown], day, "雨天", versions=read)
    message = str(refused.value)
    assert "選んだ8件の予約のうち1件は" in message
    assert f"・{format_wareki(day)} 午後 和室「ブルーベル」: {WHO}" in message and "状態: 予約 → 利用済" in message
    with pytest.raises(EditConflict) as alone:
        svc.cancel(db, [changed.id], day, "雨天", versions=read)
    assert str(alone.value).startswith(f"この施設予約の記録は、開いた後に{WHO}")


@pytest.mark.sqlite_only  # the window opens the test's file
def test_the_question_in_the_window_names_each_booking_changed_and_yes_changes_them_all(
        qtbot, open_window, db, db_path, rooms, users):
    day = date.today() + timedelta(days=1)
    made = _book_all(db, rooms, users, day)
    db.close()
    window = open_window(db_path)
    grid = _grid_showing(qtbot, window, day)
    by_cell = {f"{b.room_name} {b.slot}": b.id for b in made}
    other_pc = open_database(db_path)  # the front desk, meanwhile
    try:
        svc.record_use(other_pc, {by_cell["会議室1 夜間"]: 4})
        svc.change_fee(other_pc, [by_cell["和室 午後"]], 0, "行事への協力")
    finally:
        other_pc.close()
    asked: list[str] = []

    def choose(dialog: QInputDialog) -> None:
        dialog.setTextValue("無断キャンセルにする")
        dialog.accept()
        when_modal(answer("Yes", asked), QMessageBox)

    _click(qtbot, grid, _cell(grid, "会議室1 午後", day))
    for cell in ("会議室1 夜間", "和室 午後"):
        _click(qtbot, grid, _cell(grid, cell, day), Qt.KeyboardModifier.ControlModifier)
    when_modal(choose, QInputDialog)
    qtbot.keyClick(grid, Qt.Key.Key_Return)

    def statuses() -> dict[str, str]:
        other = open_database(db_path)
        try:
            return {f"{b.room_name} {b.slot}": b.status for b in svc.list_bookings(other, day, day)}
        finally:
            other.close()

    qtbot.waitUntil(lambda: statuses()["和室 午後"] == "無断キャンセル")
    [question] = asked
    where = format_wareki(day)
    assert question.startswith("選んだ3件の予約のうち2件は、開いた後に別の画面またはパソコンで変更されました")
    assert f"・{where} 夜間 会議室1「囲碁の会」: {WHO}" in question and "状態: 予約 → 利用済" in question
    assert f"・{where} 午後 和室「ブルーベル」: {WHO}" in question and "使用料: 300円 → 0円" in question
    assert f"{where} 午後 会議室1" not in question  # not changed: not named
    assert "このまま無断キャンセル（選んだ3件の予約" in question
    assert [statuses()[c] for c in ("会議室1 午後", "会議室1 夜間", "和室 午後")] == ["無断キャンセル"] * 3
    assert _undo(window).startswith("元に戻す 無断キャンセル（選んだ3件の予約")
    qtbot.waitUntil(lambda: statuses()["和室 午後"] == "予約")
    assert [statuses()[c] for c in ("会議室1 午後", "会議室1 夜間")] == ["予約", "利用済"]  # theirs again
