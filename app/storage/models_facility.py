"""施設: the 市民センター's rooms (貸館), who uses them, bookings and the days the centre is closed.

One booking row holds one room for one slot of one day; a booking of 午前 and 午後 is two rows that
share a `group_key`, and a recurring series shares a `series_key`. A cancelled booking (取消) is
kept with its date and reason but frees the slot: the unique index leaves cancelled rows out.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.base import Base, Timestamped, Versioned
from app.storage.history import Audited

CANCELLED = "取消"


class Room(Versioned, Audited, Timestamped, Base):
    """部屋: a room the centre lends, with its slots and fee per slot."""

    __tablename__ = "room"
    __label__ = "部屋"
    __field_labels__ = {
        "name": "部屋名",
        "capacity": "定員",
        "slots": "時間帯",
        "fee_per_slot": "使用料（1コマ）",
        "counts_for_rate": "稼働率に含める",
        "retired": "使用終了",
    }
    __money_fields__ = frozenset({"fee_per_slot"})

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    capacity: Mapped[int | None] = mapped_column(Integer)
    slots: Mapped[str] = mapped_column(String(200), default="午前,午後,夜間")  # comma-separated names
    fee_per_slot: Mapped[int] = mapped_column(Integer, default=0)  # yen
    counts_for_rate: Mapped[bool] = mapped_column(Boolean, default=True)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


class FacilityUser(Versioned, Audited, Timestamped, Base):
    """利用団体: who books rooms; a 構成団体 of the 名簿 is linked, not copied."""

    __tablename__ = "facility_user"
    __label__ = "利用団体"
    __field_labels__ = {
        "name": "利用団体名",
        "furigana": "ふりがな",
        "contact_person": "連絡担当者",
        "phone": "電話",
        "kind": "種別",
        "organisation_id": "構成団体（名簿）",
        "exemption": "減免区分",
        "exemption_reason": "減免理由",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    furigana: Mapped[str] = mapped_column(String(200), default="")
    contact_person: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    kind: Mapped[str] = mapped_column(String(20), default="登録団体")  # 構成団体 | 登録団体 | 個人 | その他
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("member_organisation.id", ondelete="SET NULL"), index=True
    )
    exemption: Mapped[str] = mapped_column(String(10), default="なし")  # なし | 半額 | 全額免除
    exemption_reason: Mapped[str] = mapped_column(String(200), default="")
    aliases: Mapped[str] = mapped_column(Text, default="")  # other spellings merged into this user, one per line


class Booking(Versioned, Audited, Timestamped, Base):
    """予約・利用: one room, one slot, one day."""

    __tablename__ = "booking"
    __label__ = "施設予約"
    __field_labels__ = {
        "used_on": "利用日",
        "room_id": "部屋",
        "slot": "時間帯",
        "user_id": "利用団体",
        "purpose": "利用目的",
        "expected_people": "予定人数",
        "actual_people": "利用人数",
        "fee": "使用料",
        "fee_reason": "使用料の変更理由",
        "status": "状態",
        "cancelled_on": "取消日",
        "cancel_reason": "取消理由",
    }
    __money_fields__ = frozenset({"fee", "full_fee"})
    __table_args__ = (
        # Two bookings never hold the same room and slot; a cancelled one frees it.
        Index(
            "uq_booking_room_day_slot",
            "room_id",
            "used_on",
            "slot",
            unique=True,
            sqlite_where=text("status <> '取消'"),
            postgresql_where=text("status <> '取消'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    used_on: Mapped[date] = mapped_column(Date, index=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id"), index=True)
    slot: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int] = mapped_column(ForeignKey("facility_user.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(200), default="")
    expected_people: Mapped[int | None] = mapped_column(Integer)
    actual_people: Mapped[int | None] = mapped_column(Integer)
    fee: Mapped[int] = mapped_column(Integer, default=0)  # yen, after 減免
    full_fee: Mapped[int] = mapped_column(Integer, default=0)  # yen, before 減免 (減免額 = full_fee − fee)
    fee_reason: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(10), default="予約")  # 予約 | 利用済 | 取消 | 無断キャンセル
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")
    group_key: Mapped[str] = mapped_column(String(40), default="")  # slots booked together
    series_key: Mapped[str] = mapped_column(String(40), default="")  # a recurring series
    ledger_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("ledger_entry.id", ondelete="SET NULL"), index=True
    )  # the cash-book receipt its fee was posted in


class ClosedDay(Audited, Timestamped, Base):
    """休館日: a day the centre is not open (年末年始, 休館日); not an open slot for 稼働率. Its changes
    are logged, so a save over another PC's says who changed which day and when."""

    __tablename__ = "closed_day"
    __label__ = "休館日"
    __field_labels__ = {"reason": "理由"}

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    reason: Mapped[str] = mapped_column(String(100), default="休館日")


class FacilityYearNote(Audited, Timestamped, Base):
    """The free text of the year's 指定管理業務報告書: 施設の維持管理 (点検, 修繕) and 利用者の声. Its
    changes are logged, so a save over another PC's says who changed it and when."""

    __tablename__ = "facility_year_note"
    __label__ = "指定管理業務報告の記述"
    __field_labels__ = {"maintenance": "施設の維持管理", "voices": "利用者の声"}

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    maintenance: Mapped[str] = mapped_column(Text, default="")
    voices: Mapped[str] = mapped_column(Text, default="")
