"""A booking-log import writes one change-log entry for the bookings it adds (and one for the users
it registers), not one per field of every booking; each booking's history still names the import."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.services.facility.booking_import import commit_booking_import, preview_booking_import
from app.services.facility.bookings import list_bookings
from app.services.history import history_for
from app.storage.models import Booking, ChangeLog
from tests.facility.test_booking_import import _log


def test_a_booking_import_writes_one_entry_per_table(db, rooms, users, tmp_path) -> None:
    f = _log(tmp_path / "利用簿.xlsx", [
        [f"2025/6/{day}", slot, "会議室1", "囲碁の会" if day % 2 else "ハーモニカ同好会", 5, "練習"]
        for day in range(1, 29) for slot in ("午前", "午後")
    ])
    with db.session() as s:
        before = s.scalar(select(func.count()).select_from(ChangeLog))
    preview = preview_booking_import(db, f, add_users=True, today=date(2025, 9, 1))
    commit_booking_import(db, preview, today=date(2025, 9, 1))

    with db.session() as s:
        new = list(s.scalars(select(ChangeLog).where(ChangeLog.id > before)))
    assert sorted((r.operation, r.table_name, r.field) for r in new) == [
        ("imported", "booking", "予約の取り込み（利用簿.xlsx）"),
        ("imported", "facility_user", "予約の取り込み（利用簿.xlsx）")]
    made = list_bookings(db, date(2025, 6, 1), date(2025, 6, 30))
    assert len(made) == 56
    assert [(h.operation, h.after) for h in history_for(db, Booking, made[-1].id)] == [
        ("取り込みで追加", "56件をまとめて追加")]
