"""Undoable 施設 edits (see app.services.undo): rooms, bookings made or changed in the window, and fees
posted to the cash book.

A booking edit remembers every field of the bookings before and after (BookingState), so its undo
and redo put exactly those back, whatever the edit was (予約, 利用人数, 取消, 無断キャンセル).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from app.domain.validation import ValidationError
from app.services.accounts import ledger
from app.services.accounts.ledger import Entry
from app.services.changes import LEDGER, Changes, combine
from app.services.facility import bookings as svc
from app.services.facility.bookings import BookingInfo, BookingState
from app.services.facility.fees import FeeReceipt, PostedFee, fee_receipts, repost_fees, unpost_fees
from app.services.facility.rooms import RoomRecord, delete_room, room_record, save_room
from app.services.facility.users import (
    UserData,
    UserMerge,
    UserRecord,
    delete_user,
    merge_users,
    save_user,
    unmerge_users,
)
from app.services.undo import DeleteRecord, SaveRecord
from app.storage.database import Database


def save_room_op(db: Database, before: RoomRecord | None, after: RoomRecord) -> SaveRecord[RoomRecord]:
    """Add (before None), rename, change capacity, slots or fee, retire or bring back a room."""
    if before is None:
        label = f"部屋「{after.data.name}」の追加"
    elif after.retired != before.retired:
        label = f"部屋「{after.data.name}」の{'使用終了' if after.retired else '使用再開'}"
    else:
        label = f"部屋「{after.data.name}」の変更"
    return SaveRecord(label, before, after, lambda r: save_room(db, r),
                      lambda room_id, as_left: delete_room(db, room_id, expected=as_left))


def delete_room_op(db: Database, room_id: int) -> DeleteRecord[RoomRecord]:
    """削除 of a room no booking uses (the service refuses a used one: 使用終了 instead); undo puts it
    back under its id, in its place in the list, at the version it went with (records.put_back_at)."""
    record = room_record(db, room_id)
    return DeleteRecord(f"部屋「{record.data.name}」の削除", record, lambda r: save_room(db, r),
                        lambda room_id, as_left: delete_room(db, room_id, expected=as_left))


def save_user_op(db: Database, before: UserRecord | None, after: UserRecord) -> SaveRecord[UserRecord]:
    """Add (before None) or change a 利用団体 (name, 減免, the 構成団体 it is linked to …). Undo of an
    add is refused once a booking names the user, or when another PC changed it since."""
    name = after.data.name or (before.data.name if before else "")
    label = f"利用団体「{name}」の{'追加' if before is None else '変更'}"
    return SaveRecord(label, before, after, lambda r: save_user(db, r),
                      lambda user_id, as_left: delete_user(db, user_id, expected=as_left.data if as_left else None))


@dataclass
class NewBookings:
    """予約 (one day or a series): undo takes the bookings back, redo stores them again under their ids.
    `make` is the service call; the days a series skipped (祝日, 休館日) are kept in `skipped`. Undo is
    refused when a booking was changed since (another window or PC)."""

    label: str
    db: Database
    make: Callable[[], tuple[list[BookingInfo], Changes, list[date]]]
    made: list[BookingInfo] = field(default_factory=list)
    skipped: list[date] = field(default_factory=list)
    _states: list[BookingState] = field(default_factory=list)

    def apply(self) -> Changes:
        if self._states:
            return svc.restore_bookings(self.db, self._states, recreate=True)
        self.made, changes, self.skipped = self.make()
        self._states = svc.booking_states(self.db, [b.id for b in self.made])
        return changes

    @property
    def states(self) -> list[BookingState]:
        """The bookings as this step made them (what its undo expects to find)."""
        return self._states

    def revert(self) -> Changes:
        return svc.remove_bookings(self.db, [s.id for s in self._states], expected=self._states)


@dataclass
class ChangeBookings:
    """利用人数の記録, 取消, 無断キャンセル: `change` is the service call on `booking_ids`. Undo and redo
    put back the fields before and after, refused when a booking was changed since. The cash-book
    entries the change wrote (the refund of a paid fee) are taken back with it, and written again."""

    label: str
    db: Database
    booking_ids: Sequence[int]
    change: Callable[[], Changes]
    _before: list[BookingState] = field(default_factory=list)
    _after: list[BookingState] = field(default_factory=list)
    _entries: list[Entry] = field(default_factory=list)

    def apply(self) -> Changes:
        if self._after:
            return self._swap(self._after, self._before, write_entries=True)
        before = svc.booking_states(self.db, self.booking_ids)
        changes = self.change()
        self._before, self._after = before, svc.booking_states(self.db, self.booking_ids)
        self._entries = [ledger.get_entry(self.db, i) for i in sorted(changes.ids(LEDGER) or ())]
        return changes

    def revert(self) -> Changes:
        return self._swap(self._before, self._after, write_entries=False)

    def _swap(self, states: list[BookingState], left: list[BookingState], *, write_entries: bool) -> Changes:
        """The entries written (redo) or taken back (undo), then the bookings; should the bookings be
        refused (changed or their slot taken meanwhile), the entries are put back as they were."""

        def put(e: Entry) -> Changes:
            return ledger.restore_entry(self.db, e).changes

        def take(e: Entry) -> Changes:
            return ledger.delete_entry(self.db, e.id).changes

        do, undo = (put, take) if write_entries else (take, put)
        changes = combine(do(e) for e in self._entries)
        try:
            return changes | svc.restore_bookings(self.db, states, expected=left)
        except ValidationError:
            for e in self._entries:
                undo(e)
            raise


def book_op(db: Database, request: svc.BookingRequest, rule: svc.Recurrence | None = None) -> NewBookings:
    """The operation of one booking request; with `rule`, the series."""
    if rule is None:
        def make() -> tuple[list[BookingInfo], Changes, list[date]]:
            made, changes = svc.book(db, request)
            return made, changes, []
    else:
        def make() -> tuple[list[BookingInfo], Changes, list[date]]:
            made, skipped, changes = svc.book_series(db, request, rule)
            return made, changes, skipped
    return NewBookings(f"予約（{request.used_on.month}/{request.used_on.day} {'・'.join(request.slots)}）", db, make)


@dataclass
class NewUserAndBookings:
    """A 利用団体 typed new in the booking form, and the booking made for it: one step, as the user saw
    one 保存. The user is registered only when the booking is made (a refused booking leaves no user
    behind); undo takes back the booking and the user in one step, redo makes both again under their
    ids. An undo is refused, nothing changed, when another booking names the user by then, or when the
    user or the booking was changed on another PC (or in another window) since."""

    user: SaveRecord[UserRecord]
    bookings: NewBookings

    @property
    def label(self) -> str:
        return f"{self.bookings.label}と利用団体「{self.user.after.data.name}」の登録"

    @property
    def made(self) -> list[BookingInfo]:
        return self.bookings.made

    @property
    def skipped(self) -> list[date]:
        return self.bookings.skipped

    def apply(self) -> Changes:
        changes = self.user.apply()
        try:
            return changes | self.bookings.apply()
        except ValidationError:
            self.user.revert()
            raise

    def revert(self) -> Changes:
        user = self.user.stored
        assert user is not None and user.id is not None
        return delete_user(self.bookings.db, user.id, expected=user.data, with_bookings=self.bookings.states)


def book_new_user_op(db: Database, name: str, request: svc.BookingRequest,
                     rule: svc.Recurrence | None = None) -> NewUserAndBookings:
    """The operation of a booking for a 利用団体 not registered yet (`name`): `request.user_id` is
    replaced by the new user's id."""
    user = save_user_op(db, None, UserRecord(None, UserData(name)))

    def make() -> tuple[list[BookingInfo], Changes, list[date]]:
        assert user.stored is not None and user.stored.id is not None
        return book_op(db, replace(request, user_id=user.stored.id), rule).make()

    return NewUserAndBookings(user, NewBookings(book_op(db, request, rule).label, db, make))


@dataclass
class PostFees:
    """使用料の記帳: `post` is the service call (post_fees). Undo takes its receipts out of the cash book
    and leaves their bookings unposted; redo writes the same receipts again (same 証憑番号)."""

    label: str
    db: Database
    post: Callable[[], tuple[list[PostedFee], Changes]]
    posted: list[PostedFee] = field(default_factory=list)
    _receipts: list[FeeReceipt] = field(default_factory=list)

    def apply(self) -> Changes:
        if self._receipts:
            self._receipts, changes = repost_fees(self.db, self._receipts)
            return changes
        self.posted, changes = self.post()
        self._receipts = fee_receipts(self.db, self.posted)
        return changes

    def revert(self) -> Changes:
        return unpost_fees(self.db, self._receipts)


@dataclass
class MergeUsers:
    """Look-alike 利用団体 made one (「囲碁」 into 「囲碁の会」): undo brings the others back."""

    db: Database
    keep_id: int
    other_ids: list[int]
    keep_name: str
    _merge: UserMerge | None = None

    @property
    def label(self) -> str:
        return f"利用団体を「{self.keep_name}」にまとめる"

    def apply(self) -> Changes:
        merged = merge_users(self.db, self.keep_id, self.other_ids)
        self._merge = merged.value
        return merged.changes

    def revert(self) -> Changes:
        assert self._merge is not None
        return unmerge_users(self.db, self._merge)
