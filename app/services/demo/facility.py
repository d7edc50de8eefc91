"""The demo's 施設: five rooms, a dozen users (some of them 構成団体 of the 名簿), closed days and three
years of bookings — regular groups on fixed weekdays, one-off events, a few cancellations."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.domain.facility import BOOKED, CANCELLED, NO_SHOW, USED, fee_after_exemption
from app.services.facility.calendar import new_year_holidays, set_closed, weekly_closed
from app.services.facility.rooms import RoomData, add_room
from app.services.facility.users import UserData, add_user
from app.storage.database import Database
from app.storage.models import Booking, MemberOrganisation

if TYPE_CHECKING:
    from app.services.demo.create import DemoContext

ROOMS = (
    RoomData("大ホール", 200, ("午前", "午後", "夜間"), 3000),
    RoomData("会議室1", 30, ("午前", "午後", "夜間"), 1000),
    RoomData("会議室2", 18, ("午前", "午後", "夜間"), 800),
    RoomData("和室", 24, ("午前", "午後"), 600),
    RoomData("調理実習室", 16, ("午前", "午後", "夜間"), 1500),
)
USERS = (
    ("囲碁の会", "いごのかい", "登録団体", "なし", ""),
    ("ブルーベル（コーラス）", "ぶるーべる", "登録団体", "半額", "文化活動の登録団体"),
    ("ふれあいサロン", "ふれあいさろん", "登録団体", "全額免除", "福祉活動"),
    ("書道教室", "しょどうきょうしつ", "登録団体", "なし", ""),
    ("健康体操クラブ", "けんこうたいそうくらぶ", "登録団体", "半額", "健康づくり"),
    ("手芸サークル", "しゅげいさーくる", "登録団体", "なし", ""),
    ("郷土史研究会", "きょうどしけんきゅうかい", "登録団体", "半額", "生涯学習"),
    ("個人利用（会議）", "こじんりよう", "個人", "なし", ""),
)
# (user, room, weekday 0=月, slot, usual people): the regular groups
REGULAR = (
    ("囲碁の会", "和室", 1, "午後", 10), ("ブルーベル（コーラス）", "大ホール", 3, "夜間", 25),
    ("ふれあいサロン", "会議室1", 2, "午前", 18), ("書道教室", "会議室2", 5, "午前", 12),
    ("健康体操クラブ", "大ホール", 4, "午前", 30), ("手芸サークル", "会議室2", 1, "午後", 8),
    ("郷土史研究会", "会議室1", 4, "夜間", 9),
)


def facility_demo_step(db: Database, ctx: DemoContext) -> None:
    rooms: dict[str, RoomData] = {}
    room_ids: dict[str, int] = {}
    for data in ROOMS:
        room, _ = add_room(db, data)
        rooms[room.name], room_ids[room.name] = data, room.id  # the ids the database gave (not 1, 2, …)
    users: dict[str, tuple[int, str]] = {}
    for name, kana, kind, exemption, reason in USERS:
        info, _ = add_user(db, UserData(name, kana, kind=kind, exemption=exemption, exemption_reason=reason))
        users[name] = (info.id, exemption)
    with db.session() as session:  # a few 構成団体 of the 名簿 also book rooms (free: their own centre)
        orgs = list(session.scalars(select(MemberOrganisation).order_by(MemberOrganisation.id).limit(4)))
    for org in orgs:
        info, _ = add_user(db, UserData(org.name, org.furigana, organisation_id=org.id, exemption="全額免除",
                                        exemption_reason="構成団体の活動"))
        users[org.name] = (info.id, "全額免除")
    rng = ctx.rng
    rows: list[Booking] = []
    for year in ctx.years:
        closed = new_year_holidays(year) | weekly_closed(year, 0)  # 年末年始 and every Monday
        set_closed(db, closed)
        day = year.start
        while day <= year.end:
            if day not in closed:
                rows += _day_bookings(day, ctx.today, rng, rooms, room_ids, users, orgs)
            day += timedelta(days=1)
    with db.session.begin() as session:
        session.add_all(rows)


def _day_bookings(day: date, today: date, rng: random.Random, rooms: dict[str, RoomData], room_ids: dict[str, int],
                  users: dict[str, tuple[int, str]], orgs: list[MemberOrganisation]) -> list[Booking]:
    taken: set[tuple[str, str]] = set()
    made: list[Booking] = []

    def add(user: str, room: str, slot: str, people: int, purpose: str) -> None:
        if (room, slot) in taken:
            return
        taken.add((room, slot))
        user_id, exemption = users[user]
        full = rooms[room].fee_per_slot
        past = day < today
        status = USED if past else BOOKED
        roll = rng.random()
        if roll < 0.03:
            status = CANCELLED
        elif past and roll < 0.04:
            status = NO_SHOW
        made.append(Booking(
            used_on=day, room_id=room_ids[room], slot=slot, user_id=user_id, purpose=purpose,
            expected_people=people, actual_people=max(1, people + rng.randint(-3, 3)) if status == USED else None,
            fee=fee_after_exemption(full, exemption), full_fee=full, status=status,
            cancelled_on=day - timedelta(days=2) if status == CANCELLED else None,
            cancel_reason="都合により中止" if status == CANCELLED else "",
        ))

    for user, room, weekday, slot, people in REGULAR:
        if day.weekday() == weekday and rng.random() < 0.85:
            add(user, room, slot, people, "定例活動")
    if orgs and rng.random() < 0.25:
        org = rng.choice(orgs)
        add(org.name, rng.choice(("会議室1", "会議室2", "大ホール")), rng.choice(("午後", "夜間")),
            rng.randint(8, 40), "役員会・総会")
    if rng.random() < 0.15:
        add("個人利用（会議）", rng.choice(("会議室2", "和室", "調理実習室")), rng.choice(("午前", "午後")),
            rng.randint(3, 12), "打合せ")
    return made


