"""部屋: the rooms the centre lends, their slots and fee per slot; retired rather than deleted once used."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.facility import DEFAULT_SLOTS, parse_slots
from app.domain.kana import normalize_text
from app.domain.validation import Problem, ValidationError
from app.services.changes import Changes
from app.services.records import existing
from app.storage.database import Database
from app.storage.models import Booking, Room

ROOMS = "rooms"
NAME_MAX = 50


@dataclass(frozen=True)
class RoomData:
    name: str
    capacity: int | None = None
    slots: tuple[str, ...] = DEFAULT_SLOTS
    fee_per_slot: int = 0
    counts_for_rate: bool = True


@dataclass(frozen=True)
class RoomInfo:
    id: int
    data: RoomData
    retired: bool
    bookings: int  # how many bookings use it (a used room is retired, not deleted)

    @property
    def name(self) -> str:
        return self.data.name


def _info(session: Session, r: Room, used: int | None = None) -> RoomInfo:
    if used is None:
        used = session.scalar(select(func.count()).select_from(Booking).where(Booking.room_id == r.id)) or 0
    data = RoomData(r.name, r.capacity, parse_slots(r.slots), r.fee_per_slot, r.counts_for_rate)
    return RoomInfo(r.id, data, r.retired, used)


def validate_room(session: Session, data: RoomData, exclude_id: int | None = None) -> RoomData:
    problems: list[Problem] = []
    name = normalize_text(data.name)
    if not name:
        problems.append(Problem("name", "部屋名を入力してください"))
    elif len(name) > NAME_MAX:
        problems.append(Problem("name", f"部屋名は{NAME_MAX}文字以内で入力してください"))
    else:
        same = session.scalar(select(Room.id).where(Room.name == name, Room.id != (exclude_id or 0)))
        if same is not None:
            problems.append(Problem("name", f"部屋「{name}」は既にあります"))
    if data.capacity is not None and data.capacity < 0:
        problems.append(Problem("capacity", "定員に負の数は入力できません"))
    if data.fee_per_slot < 0:
        problems.append(Problem("fee_per_slot", "使用料に負の数は入力できません"))
    slots = parse_slots(",".join(data.slots))
    if not slots:
        problems.append(Problem("slots", "時間帯を一つ以上入力してください（例: 午前,午後,夜間）"))
    if problems:
        raise ValidationError(problems)
    return RoomData(name, data.capacity, slots, data.fee_per_slot, data.counts_for_rate)


def list_rooms(db: Database, *, include_retired: bool = False, with_use: bool = True) -> list[RoomInfo]:
    """The rooms in their order; `with_use=False` skips counting their bookings (the booking grid)."""
    with db.session() as session:
        return rooms_in(session, include_retired=include_retired, with_use=with_use)


def rooms_in(session: Session, *, include_retired: bool = False, with_use: bool = True) -> list[RoomInfo]:
    query = select(Room).order_by(Room.position, Room.id)
    if not include_retired:
        query = query.where(Room.retired.is_(False))
    # one grouped count (the index on room_id answers it), not a count per room
    used: dict[int, int] = {}
    if with_use:
        counts = session.execute(select(Booking.room_id, func.count()).group_by(Booking.room_id))
        used = {room_id: n for room_id, n in counts}
    return [_info(session, r, used.get(r.id, 0)) for r in session.scalars(query)]


def add_room(db: Database, data: RoomData) -> tuple[RoomInfo, Changes]:
    with db.session.begin() as session:
        clean = validate_room(session, data)
        position = (session.scalar(select(func.max(Room.position))) or 0) + 1
        row = Room(
            name=clean.name,
            capacity=clean.capacity,
            slots=",".join(clean.slots),
            fee_per_slot=clean.fee_per_slot,
            counts_for_rate=clean.counts_for_rate,
            position=position,
        )
        session.add(row)
        session.flush()
        return _info(session, row), Changes.of(ROOMS, row.id)


def update_room(db: Database, room_id: int, data: RoomData) -> tuple[RoomInfo, Changes]:
    with db.session.begin() as session:
        row = _get(session, room_id)
        clean = validate_room(session, data, exclude_id=room_id)
        row.name, row.capacity, row.slots = clean.name, clean.capacity, ",".join(clean.slots)
        row.fee_per_slot, row.counts_for_rate = clean.fee_per_slot, clean.counts_for_rate
        session.flush()
        return _info(session, row), Changes.of(ROOMS, row.id)


def set_room_retired(db: Database, room_id: int, retired: bool) -> Changes:
    with db.session.begin() as session:
        _get(session, room_id).retired = retired
        return Changes.of(ROOMS, room_id)


def delete_room(db: Database, room_id: int) -> Changes:
    """Only a room no booking uses can be deleted; a used one is retired (使用終了) instead."""
    with db.session.begin() as session:
        row = _get(session, room_id)
        if _info(session, row).bookings:
            raise ValidationError(f"部屋「{row.name}」には予約の記録があるため削除できません。使用終了にしてください。")
        session.delete(row)
        return Changes.of(ROOMS, room_id)


def _get(session: Session, room_id: int) -> Room:
    return existing(session, Room, room_id)


def room_by_name(session: Session, name: str) -> Room | None:
    return session.scalar(select(Room).where(Room.name == normalize_text(name)))
