"""予約・利用: booking a room's slots, recurring series, cancelling, recording the people who came.

A booking holds one room for one slot of one day; several slots booked together share a group key.
Two bookings never hold the same room and slot: checked here with a message naming the holder, and
guaranteed by a unique index (so two PCs booking at once cannot both succeed).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.facility import BOOKED, CANCELLED, NO_SHOW, USED, fee_after_exemption, parse_slots, slots_in
from app.domain.input_bounds import check_date_bounds, refuse_out_of_bounds
from app.domain.kana import normalize_text
from app.domain.validation import Problem, ValidationError
from app.domain.wareki import format_wareki as format_date
from app.services.changes import LEDGER, Changes
from app.services.facility.calendar import closed_days
from app.services.records import EditConflict, conflict_message, conflict_text, gone, their_change, who_when
from app.storage.database import Database
from app.storage.models import Booking, FacilityUser, MemberOrganisation, Room

BOOKINGS = "bookings"
TEXT_MAX = 200


class ConfirmationNeeded(ValidationError):
    """The request is possible but unusual (a closed day, a paid booking cancelled): ask, then retry
    with the matching flag set. Nothing has been changed."""


@dataclass(frozen=True)
class BookingRequest:
    used_on: date
    room_id: int
    slots: tuple[str, ...]
    user_id: int
    purpose: str = ""
    expected_people: int | None = None
    fee: int | None = None  # None: computed from the room and the user's 減免; else per slot, with a reason
    fee_reason: str = ""
    allow_closed_day: bool = False


@dataclass(frozen=True)
class BookingInfo:
    id: int
    used_on: date
    room_id: int
    room_name: str
    slot: str
    user_id: int
    user_name: str
    purpose: str
    expected_people: int | None
    actual_people: int | None
    fee: int
    full_fee: int
    fee_reason: str
    status: str
    cancelled_on: date | None
    cancel_reason: str
    group_key: str
    series_key: str
    posted: bool  # the fee is in the cash book
    # as read: a change made from the window names it, and is refused if another PC changed the
    # booking since (not part of what the booking says)
    version: int = field(default=1, compare=False)

    @property
    def exemption_amount(self) -> int:
        return self.full_fee - self.fee


def _info(b: Booking, room: Room, user: FacilityUser, linked_name: str | None = None) -> BookingInfo:
    """`linked_name`: the 名簿's name of the 構成団体 the user is linked to (it follows the 名簿)."""
    return BookingInfo(
        b.id, b.used_on, b.room_id, room.name, b.slot, b.user_id, linked_name or user.name, b.purpose, b.expected_people,
        b.actual_people, b.fee, b.full_fee, b.fee_reason, b.status, b.cancelled_on, b.cancel_reason,
        b.group_key, b.series_key, b.ledger_entry_id is not None, b.version,
    )


def bookings_between(session: Session, first: date, last: date, *, include_cancelled: bool = True) -> list[BookingInfo]:
    query = (
        select(Booking, Room, FacilityUser, MemberOrganisation.name)
        .join(Room, Booking.room_id == Room.id)
        .join(FacilityUser, Booking.user_id == FacilityUser.id)
        .outerjoin(MemberOrganisation, FacilityUser.organisation_id == MemberOrganisation.id)
        .where(Booking.used_on >= first, Booking.used_on <= last)
        .order_by(Booking.used_on, Room.position, Room.id, Booking.slot, Booking.id)
    )
    if not include_cancelled:
        query = query.where(Booking.status != CANCELLED)
    return [_info(b, r, u, linked) for b, r, u, linked in session.execute(query)]


def list_bookings(db: Database, first: date, last: date, *, include_cancelled: bool = True) -> list[BookingInfo]:
    with db.session() as session:
        return bookings_between(session, first, last, include_cancelled=include_cancelled)


def _slot_label(room: Room, day: date, slot: str) -> str:
    return f"{room.name}の{format_date(day)} {slot}"


def _check(session: Session, req: BookingRequest) -> tuple[Room, FacilityUser, BookingRequest]:
    problems: list[Problem] = []
    room = session.get(Room, req.room_id)
    user = session.get(FacilityUser, req.user_id)
    if room is None or room.retired:
        problems.append(Problem("room_id", "部屋を選んでください（使用終了の部屋は予約できません）"))
    if user is None:
        problems.append(Problem("user_id", "利用団体を選んでください"))
    slots = tuple(dict.fromkeys(req.slots))
    if not slots:
        problems.append(Problem("slots", "時間帯を一つ以上選んでください"))
    elif room is not None:
        offered = parse_slots(room.slots)
        missing = slots_in(offered, slots)
        if missing:
            problems.append(Problem(
                "slots", f"{room.name}は「{'・'.join(missing)}」には貸し出していません（{'・'.join(offered)}）"
            ))
    check_date_bounds("used_on", "利用日", req.used_on, problems)  # 2173 or 1800: a typing slip
    if req.expected_people is not None and req.expected_people < 0:
        problems.append(Problem("expected_people", "予定人数に負の数は入力できません"))
    reason = normalize_text(req.fee_reason)
    if req.fee is not None:
        if req.fee < 0:
            problems.append(Problem("fee", "使用料に負の数は入力できません"))
        elif not reason:
            problems.append(Problem("fee_reason", "使用料を変えるときは理由を入力してください"))
    purpose = normalize_text(req.purpose)
    for name, label, value in (("purpose", "利用目的", purpose), ("fee_reason", "理由", reason)):
        if len(value) > TEXT_MAX:
            problems.append(Problem(name, f"{label}は{TEXT_MAX}文字以内で入力してください"))
    if problems:
        raise ValidationError(problems)
    assert room is not None and user is not None
    return room, user, replace(req, slots=slots, purpose=purpose, fee_reason=reason)


def _holders(session: Session, room: Room, days: Iterable[date], slots: Sequence[str]) -> list[str]:
    """Messages for each (day, slot) of `room` already held by a booking that is not cancelled."""
    days = list(days)
    rows = session.execute(
        select(Booking.used_on, Booking.slot, FacilityUser.name)
        .join(FacilityUser, Booking.user_id == FacilityUser.id)
        .where(Booking.room_id == room.id, Booking.used_on.in_(days), Booking.slot.in_(slots),
               Booking.status != CANCELLED)
        .order_by(Booking.used_on, Booking.slot)
    )
    return [f"{_slot_label(room, d, s)}は「{name}」が予約済みです" for d, s, name in rows]


def _insert(session: Session, room: Room, user: FacilityUser, req: BookingRequest, days: Sequence[date],
            series_key: str = "") -> list[Booking]:
    held = _holders(session, room, days, req.slots)
    if held:
        raise ValidationError([Problem("slots", m) for m in held[:10]] + (
            [Problem("slots", f"ほか{len(held) - 10}件")] if len(held) > 10 else []))
    full = room.fee_per_slot
    fee = req.fee if req.fee is not None else fee_after_exemption(full, user.exemption)
    rows = []
    for day in days:
        group = uuid.uuid4().hex if len(req.slots) > 1 else ""
        for slot in req.slots:
            rows.append(Booking(
                used_on=day, room_id=room.id, slot=slot, user_id=user.id, purpose=req.purpose,
                expected_people=req.expected_people, fee=fee, full_fee=full, fee_reason=req.fee_reason,
                status=BOOKED, group_key=group, series_key=series_key,
            ))
    session.add_all(rows)
    try:
        session.flush()
    except IntegrityError as exc:  # another PC booked the same slot a moment ago
        raise ValidationError("その時間帯は、たった今ほかの予約が入りました。表示を更新して選び直してください。") from exc
    return rows


def book(db: Database, req: BookingRequest) -> tuple[list[BookingInfo], Changes]:
    """Book the request's slots on one day. A closed day asks first (ConfirmationNeeded)."""
    with db.session.begin() as session:
        room, user, req = _check(session, req)
        closed = closed_days(session, req.used_on, req.used_on)
        if closed and not req.allow_closed_day:
            raise ConfirmationNeeded(
                f"{format_date(req.used_on)}は休館日（{closed[req.used_on]}）です。それでも予約しますか。"
            )
        rows = _insert(session, room, user, req, [req.used_on])
        return [_info(b, room, user) for b in rows], Changes.of(BOOKINGS, *(b.id for b in rows))


@dataclass(frozen=True)
class Recurrence:
    """Every `interval` weeks on the first day's weekday, or (monthly_nth) the same Nth weekday of each
    month (「毎月第2火曜」), from the request's day until `until` (inclusive)."""

    until: date
    interval_weeks: int = 1
    monthly_nth: bool = False
    skip_holidays: bool = True  # 祝日 and the centre's closed days


def series_days(first: date, rule: Recurrence) -> list[date]:
    if rule.until < first:
        raise ValidationError("繰り返しの終了日は最初の利用日より後にしてください")
    if rule.until > first + timedelta(days=3 * 366):
        raise ValidationError("繰り返しの予約は3年以内にしてください")
    days: list[date] = []
    if rule.monthly_nth:
        nth = (first.day - 1) // 7  # 0 = 第1
        y, m = first.year, first.month
        while True:
            d = date(y, m, 1)
            d += timedelta(days=(first.weekday() - d.weekday()) % 7 + 7 * nth)
            if d.month == m and first <= d <= rule.until:
                days.append(d)
            if d > rule.until or (y, m) >= (rule.until.year, rule.until.month):
                break
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    else:
        if rule.interval_weeks < 1:
            raise ValidationError("繰り返しの間隔は1週以上にしてください")
        d = first
        while d <= rule.until:
            days.append(d)
            d += timedelta(weeks=rule.interval_weeks)
    return days


def book_series(db: Database, req: BookingRequest, rule: Recurrence) -> tuple[list[BookingInfo], list[date], Changes]:
    """Book every day of the rule in one step; days skipped (祝日, 休館日) are returned. If any day is
    already held, nothing is booked and every clash is named."""
    import jpholiday  # only here: recurring bookings are rare

    bounds: list[Problem] = []
    check_date_bounds("until", "繰り返しの終わりの日", rule.until, bounds)
    if bounds:  # before the days are listed: an end in 9999 would list thousands of them
        raise ValidationError(bounds)
    days = series_days(req.used_on, rule)
    with db.session.begin() as session:
        room, user, req = _check(session, req)
        closed = closed_days(session, days[0], days[-1]) if days else {}
        skipped = [d for d in days if rule.skip_holidays and (d in closed or jpholiday.is_holiday(d))]
        if not rule.skip_holidays and any(d in closed for d in days) and not req.allow_closed_day:
            raise ConfirmationNeeded("休館日を含みます。それでも予約しますか。")
        kept = [d for d in days if d not in skipped]
        if not kept:
            raise ValidationError("予約できる日がありません（すべて祝日か休館日です）")
        rows = _insert(session, room, user, req, kept, series_key=uuid.uuid4().hex)
        return ([_info(b, room, user) for b in rows], skipped, Changes.of(BOOKINGS, *(b.id for b in rows)))


SHOWN_BOOKINGS = 10  # the bookings a refusal names one by one; the rest are counted


def _load(session: Session, ids: Iterable[int], versions: Mapping[int, int] | None = None) -> list[Booking]:
    """The bookings; with `versions` (as the window read them), refused (EditConflict, naming who
    changed what and when) when any was changed since — on another PC, or in another window."""
    ids = list(ids)
    rows = list(session.scalars(select(Booking).where(Booking.id.in_(ids))))
    if len(rows) != len(set(ids)):
        raise gone(Booking, min(set(ids) - {b.id for b in rows}))
    changed = [b for b in rows if (versions or {}).get(b.id) not in (None, b.version)]
    if changed:
        raise _changed_elsewhere(session, rows, changed)
    return rows


def _changed_elsewhere(session: Session, rows: list[Booking], changed: list[Booking]) -> EditConflict:
    """The refusal for bookings changed since they were read: for one booking, who changed what and
    when; for several chosen together, every one changed (day, slot, room, holder: who, when, what),
    in the grid's order, the first SHOWN_BOOKINGS and how many more. `current`: the versions stored now
    (naming them changes over theirs on purpose)."""
    current = {b.id: b.version for b in rows}
    if len(rows) == 1:
        return EditConflict(conflict_message(session, rows[0]), rows[0].version, current)
    lines = [line for _, line in sorted(_changed_line(session, b) for b in changed)]
    if len(lines) > SHOWN_BOOKINGS:
        lines = [*lines[:SHOWN_BOOKINGS], f"・ほか{len(lines) - SHOWN_BOOKINGS}件"]
    who = f"選んだ{len(rows)}件の予約のうち{len(changed)}件は、開いた後に別の画面またはパソコンで変更されました"
    return EditConflict(conflict_text(who, lines), 0, current)  # (several rows, no one version: `current`)


def _changed_line(session: Session, b: Booking) -> tuple[tuple[date, int, int, int, int], str]:
    """One booking of a refusal, with where the grid shows it (its sort key)."""
    room = session.get(Room, b.room_id)
    user = session.get(FacilityUser, b.user_id)
    assert room is not None and user is not None  # the foreign keys
    org = session.get(MemberOrganisation, user.organisation_id) if user.organisation_id is not None else None
    slots = parse_slots(room.slots)
    last, changes = their_change(session, b)
    what = "、".join(c.removeprefix("・") for c in changes[:3]) + (f" ほか{len(changes) - 3}項目" if len(changes) > 3 else "")
    told = f"{who_when(last)}変更（{what}）" if last is not None else "別の画面またはパソコンで変更"
    line = f"・{format_date(b.used_on)} {b.slot} {room.name}「{org.name if org else user.name}」: {told}"
    place = slots.index(b.slot) if b.slot in slots else len(slots)
    return (b.used_on, room.position, room.id, place, b.id), line


def cancel(db: Database, booking_ids: Sequence[int], on: date, reason: str, *,
           keep_paid_fee: bool | None = None, versions: Mapping[int, int] | None = None) -> Changes:
    """取消: kept with the date and reason, the slot freed. A booking whose fee is already in the cash
    book asks first (ConfirmationNeeded) whether the fee is kept (キャンセル料) or refunded; a refund
    is a 戻出 on 施設使用料 in the cash book, written in the same step (app.services.facility.fees.refund_fees_in)."""
    reason = normalize_text(reason)
    if not reason:
        raise ValidationError([Problem("cancel_reason", "取消の理由を入力してください")])
    if len(reason) > TEXT_MAX:
        raise ValidationError([Problem("cancel_reason", f"取消の理由は{TEXT_MAX}文字以内で入力してください")])
    refuse_out_of_bounds("cancelled_on", "取消日", on)  # 2173 or 1800: a typing slip
    with db.session.begin() as session:
        rows = _load(session, booking_ids, versions)
        done = [b for b in rows if b.status in (CANCELLED, USED)]
        if done:
            raise ValidationError(f"{format_date(done[0].used_on)} {done[0].slot}の予約は既に{done[0].status}です")
        paid = [b for b in rows if b.ledger_entry_id is not None]
        if paid and keep_paid_fee is None:
            total = sum(b.fee for b in paid)
            raise ConfirmationNeeded(
                f"使用料 {total:,}円 は受領済みです。キャンセル料として受け取ったままにしますか、返金しますか"
                "（返金は出納簿に施設使用料の戻出として記帳します）。"
            )
        refunds = {}
        if paid and keep_paid_fee is False:
            from app.services.facility.fees import refund_fees_in

            refunds = refund_fees_in(session, paid, on)
        for b in rows:
            b.status, b.cancelled_on = CANCELLED, on
            refund = refunds.get(b.id)
            b.cancel_reason = reason + (f"（使用料は返金: 証憑番号 {refund.voucher_no}）" if refund else "")
        changes = Changes.of(BOOKINGS, *(b.id for b in rows))
        if refunds:  # the 戻出 written
            changes = changes | Changes.of(LEDGER, *{e.id for e in refunds.values()})
        return changes


def record_use(db: Database, attendance: dict[int, int | None], *,
               versions: Mapping[int, int] | None = None) -> Changes:
    """利用済: the people who actually came, per booking id (None = not counted)."""
    with db.session.begin() as session:
        rows = _load(session, attendance, versions)
        for b in rows:
            people = attendance[b.id]
            if people is not None and people < 0:
                raise ValidationError([Problem("actual_people", "利用人数に負の数は入力できません")])
            if b.status == CANCELLED:
                raise ValidationError(f"{format_date(b.used_on)} {b.slot}の予約は取り消されています")
            b.actual_people, b.status = people, USED
        return Changes.of(BOOKINGS, *attendance)


def mark_no_show(db: Database, booking_ids: Sequence[int], *, versions: Mapping[int, int] | None = None) -> Changes:
    """無断キャンセル: the slot was held and nobody came (counts as held, not as used)."""
    with db.session.begin() as session:
        for b in _load(session, booking_ids, versions):
            if b.status == CANCELLED:
                raise ValidationError(f"{format_date(b.used_on)} {b.slot}の予約は取り消されています")
            b.status, b.actual_people = NO_SHOW, None
        return Changes.of(BOOKINGS, *booking_ids)


def change_fee(db: Database, booking_ids: Sequence[int], fee: int, reason: str, *,
               versions: Mapping[int, int] | None = None) -> Changes:
    """使用料の変更: the fee per slot of booked slots, with its reason (減免, 割増 …). Back to the fee
    the room and the user's 減免 give, no reason is needed. Refused, nothing changed, for a fee already
    in the cash book (its receipt stays as it was) and for a cancelled booking."""
    reason = normalize_text(reason)
    problems: list[Problem] = []
    if fee < 0:
        problems.append(Problem("fee", "使用料に負の数は入力できません"))
    if len(reason) > TEXT_MAX:
        problems.append(Problem("fee_reason", f"理由は{TEXT_MAX}文字以内で入力してください"))
    if problems:
        raise ValidationError(problems)
    with db.session.begin() as session:
        rows = _load(session, booking_ids, versions)
        for b in rows:
            where = f"{format_date(b.used_on)} {b.slot}の予約"
            if b.status == CANCELLED:
                raise ValidationError(f"{where}は取り消されています")
            if b.ledger_entry_id is not None:
                raise ValidationError(f"{where}の使用料は出納簿に記帳済みのため、変えられません"
                                      "（返金するときは予約を取り消して「返金する」を選んでください）。")
            user = session.get(FacilityUser, b.user_id)
            standard = fee_after_exemption(b.full_fee, user.exemption if user else "なし")
            if fee != standard and not reason:
                raise ValidationError([Problem("fee_reason", "使用料を変えるときは理由を入力してください（例: 減免・行事への協力）")])
            b.fee, b.fee_reason = fee, reason if fee != standard else ""
        return Changes.of(BOOKINGS, *(b.id for b in rows))


# --- undo (app.services.facility.operations) --------------------------------------------------


@dataclass(frozen=True)
class BookingState:
    """Every stored field of a booking: what an undo puts back."""

    id: int
    used_on: date
    room_id: int
    slot: str
    user_id: int
    purpose: str
    expected_people: int | None
    actual_people: int | None
    fee: int
    full_fee: int
    fee_reason: str
    status: str
    cancelled_on: date | None
    cancel_reason: str
    group_key: str
    series_key: str
    ledger_entry_id: int | None


_STATE_FIELDS = tuple(f.name for f in fields(BookingState))


def _state(b: Booking) -> BookingState:
    return BookingState(**{name: getattr(b, name) for name in _STATE_FIELDS})


def _check_unchanged(b: Booking, expected: Mapping[int, BookingState] | None) -> None:
    """An undo step expects the booking as it left it; anything else is someone else's change (another
    window or PC). Fields, not versions: the steps undone after it count versions up too."""
    if expected is not None and _state(b) != expected.get(b.id):
        raise _changed_since(b)


def _changed_since(b: Booking) -> ValidationError:
    return ValidationError(f"{format_date(b.used_on)} {b.slot}の予約は、その後に別の画面またはパソコンで変更されたため、"
                           "元に戻せません（今の内容を確かめてください）。")


def booking_states(db: Database, booking_ids: Iterable[int]) -> list[BookingState]:
    with db.session() as session:
        return [_state(b) for b in _load(session, booking_ids)]


def restore_bookings(db: Database, states: Sequence[BookingState], *, recreate: bool = False,
                     expected: Sequence[BookingState] | None = None) -> Changes:
    """Put bookings back as they were (undo and redo): with `recreate`, bookings taken back are stored
    again under their ids; else the bookings get their old fields, provided each is still as in
    `expected` (as the undo step left it). A slot (or id) taken meanwhile, or a booking changed
    meanwhile, refuses the whole step."""
    left = {e.id: e for e in expected} if expected is not None else None
    taken_meanwhile = ValidationError(
        "その時間帯には今は別の予約があるため、元に戻せません（先にその予約を取り消してください）。")
    with db.session.begin() as session:
        for state in states:
            row = session.get(Booking, state.id)
            if recreate:
                if row is not None:  # SQLite gives a freed id to the next booking
                    raise taken_meanwhile
                row = Booking(id=state.id)
                session.add(row)
            elif row is None:
                raise gone(Booking, state.id)
            else:
                _check_unchanged(row, left)
            for name in _STATE_FIELDS:
                setattr(row, name, getattr(state, name))
        try:
            session.flush()
        except IntegrityError as exc:
            raise taken_meanwhile from exc
        return Changes.of(BOOKINGS, *(s.id for s in states))


def remove_bookings(db: Database, booking_ids: Sequence[int],
                    expected: Sequence[BookingState] | None = None) -> Changes:
    """Take back bookings just made (the undo of 予約), provided none was changed since (`expected`:
    as the step made them). One whose fee is already in the cash book stays."""
    with db.session.begin() as session:
        return remove_bookings_in(session, booking_ids, expected)


def remove_bookings_in(session: Session, booking_ids: Sequence[int],
                       expected: Sequence[BookingState] | None = None) -> Changes:
    """remove_bookings inside a transaction the caller holds (with the 利用団体 registered for them)."""
    rows = _load(session, booking_ids)
    paid = [b for b in rows if b.ledger_entry_id is not None]
    if paid:
        raise ValidationError(
            f"{format_date(paid[0].used_on)} {paid[0].slot}の予約は使用料を出納簿に記帳済みのため、元に戻せません。"
        )
    for b in rows:
        _check_unchanged(b, {e.id: e for e in expected} if expected is not None else None)
    for b in rows:
        session.delete(b)  # one by one: the change log records each
    session.flush()  # gone before what they name (their 利用団体) goes
    return Changes.of(BOOKINGS, *booking_ids)
