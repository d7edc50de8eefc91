"""部屋: the rooms the centre lends, their slots and fee per slot; retired rather than deleted once used."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.facility import BOOKED, DEFAULT_SLOTS, bad_hour_ranges, parse_slots
from app.domain.kana import normalize_text
from app.domain.validation import Problem, ValidationError
from app.services.changes import Changes, Result
from app.services.records import check_as_left, check_version, existing, put_back_at, refusing_lost_races
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
    version: int = 1  # as read: an edit names it, and is refused if the room was saved since

    @property
    def name(self) -> str:
        return self.data.name


def _info(session: Session, r: Room, used: int | None = None) -> RoomInfo:
    if used is None:
        used = session.scalar(select(func.count()).select_from(Booking).where(Booking.room_id == r.id)) or 0
    data = RoomData(r.name, r.capacity, parse_slots(r.slots), r.fee_per_slot, r.counts_for_rate)
    return RoomInfo(r.id, data, r.retired, used, r.version)


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
    bad = bad_hour_ranges(",".join(data.slots))
    if bad:
        problems.append(Problem("slots", f"時間帯「{bad[0]}」の時刻を確かめてください"
                                         "（時間貸しは「9〜21時」のように、0〜24時の間で始まりを先に書きます）"))
    elif not slots:
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
    """A new room at the end of the list (`kyodo room add`, the demo)."""
    saved = save_room(db, RoomRecord(None, data))
    assert saved.value.id is not None
    return RoomInfo(saved.value.id, saved.value.data, False, 0, saved.value.version or 1), saved.changes


@dataclass(frozen=True)
class RoomRecord:
    """A room as the editor and undo store it: id None for a new one."""

    id: int | None
    data: RoomData
    retired: bool = False
    # the version the form was filled from (None: a new room, or not read first): a save over another
    # PC's save is refused (EditConflict) naming who changed what
    version: int | None = None
    position: int | None = None  # where a deleted room comes back (undo); None: at the end


def room_record(db: Database, room_id: int) -> RoomRecord:
    with db.session() as session:
        row = _get(session, room_id)
        info = _info(session, row, 0)
        return RoomRecord(info.id, info.data, info.retired, info.version, row.position)


def save_room(db: Database, record: RoomRecord) -> Result[RoomRecord]:
    """Add (id None, or an id not stored: an undone add or delete redone under the same id) or update
    a room — refused (EditConflict) when it was saved elsewhere since `record.version`."""
    with refusing_lost_races(db, Room, record.id), db.session.begin() as session:
        row = session.get(Room, record.id) if record.id is not None else None
        put_back = row is None and record.id is not None
        if row is not None:
            check_version(session, row, record.version)  # saved on another PC since the form was filled?
        clean = validate_room(session, record.data, exclude_id=record.id)
        if row is not None:
            _check_dropped_slots(session, row, clean.slots)
        else:
            position = record.position or (session.scalar(select(func.max(Room.position))) or 0) + 1
            row = Room(id=record.id, position=position)
            session.add(row)
        row.name, row.capacity, row.slots = clean.name, clean.capacity, ",".join(clean.slots)
        row.fee_per_slot, row.counts_for_rate, row.retired = clean.fee_per_slot, clean.counts_for_rate, record.retired
        session.flush()
        if put_back:  # the undo of its deletion or the redo of its addition: at the version it went with
            put_back_at(session, row, record.version)
        saved = RoomRecord(row.id, clean, row.retired, row.version, row.position)
        return Result(saved, Changes.of(ROOMS, row.id))


def _check_dropped_slots(session: Session, row: Room, slots: tuple[str, ...]) -> None:
    """A slot the room stops offering must not hold a booking still to come."""
    dropped = [s for s in parse_slots(row.slots) if s not in slots]
    if not dropped:
        return
    held = session.scalar(
        select(func.count()).select_from(Booking).where(
            Booking.room_id == row.id, Booking.slot.in_(dropped), Booking.used_on >= date.today(),
            Booking.status == BOOKED,
        )
    )
    if held:
        raise ValidationError([Problem(
            "slots", f"{row.name}の「{'・'.join(dropped)}」には今日以降の予約が{held}件あるため、時間帯から外せません"
        )])


def delete_room(db: Database, room_id: int, *, expected: RoomRecord | None = None) -> Changes:
    """Only a room no booking uses can be deleted; a used one is retired (使用終了) instead. `expected`:
    the room as an undo step left it (the undo of its addition, the redo of its deletion) — refused,
    nothing changed, when another PC or window changed it since (EditConflict: who, when, what)."""
    with db.session.begin() as session:
        row = _get(session, room_id)
        now = _info(session, row, 0)
        check_as_left(session, row, (now.data, now.retired), (expected.data, expected.retired) if expected else None)
        used = _info(session, row).bookings
        if used:
            raise ValidationError(
                f"部屋「{row.name}」には予約の記録が{used:,}件あるため削除できません。貸し出しをやめる部屋は"
                "「使用終了」にしてください（予約の記録と利用状況はそのまま残ります）。")
        session.delete(row)
        return Changes.of(ROOMS, room_id)


def _get(session: Session, room_id: int) -> Room:
    return existing(session, Room, room_id)


def room_by_name(session: Session, name: str) -> Room | None:
    return session.scalar(select(Room).where(Room.name == normalize_text(name)))
