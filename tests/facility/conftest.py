"""Fixtures for the 施設 tests: a centre with three rooms and a few users."""

from __future__ import annotations

import pytest

from app.services.facility.rooms import RoomData, add_room
from app.services.facility.users import UserData, add_user
from tests.ui.conftest import open_window  # noqa: F401 (the window fixture, for test_facility_window)


@pytest.fixture
def rooms(db) -> dict[str, int]:
    made = {}
    for data in (
        RoomData("会議室1", 30, ("午前", "午後", "夜間"), 1000),
        RoomData("和室", 20, ("午前", "午後"), 600),
        RoomData("調理実習室", 16, ("午前", "午後", "夜間"), 1500, counts_for_rate=False),
    ):
        info, _ = add_room(db, data)
        made[info.name] = info.id
    return made


@pytest.fixture
def users(db) -> dict[str, int]:
    made = {}
    for data in (
        UserData("囲碁の会", "いごのかい"),
        UserData("第一自治会", "だいいちじちかい", exemption="全額免除", exemption_reason="構成団体の活動"),
        UserData("ブルーベル", "ぶるーべる", exemption="半額", exemption_reason="福祉活動"),
    ):
        info, _ = add_user(db, data)
        made[info.name] = info.id
    return made
