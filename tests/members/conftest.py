"""Fixtures for the 名簿 tests: a small register, a demo register, sheets written like office files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.services.members.kinds import list_member_kinds
from app.services.members.organisations import Organisation, save_organisation
from app.services.members.people import Member, save_person
from app.services.profile import Profile, save_profile
from app.storage.database import Database
from app.storage.models import CommitteeMember, MemberOrganisation, OfficerTerm, Person
from tests.ui.conftest import open_window  # noqa: F401  (the window tests of this folder use it)

DEMO_TODAY = date(2026, 6, 1)  # fiscal years 2024, 2025, 2026


def kind_id(db: Database, name: str) -> int:
    return next(k.id for k in list_member_kinds(db) if k.name == name)


@pytest.fixture
def small_register(db: Database) -> Database:
    save_profile(db, Profile(name="試験地域協働体"))
    jichikai = kind_id(db, "自治会")
    save_organisation(db, Organisation(kind_id=jichikai, name="上野原自治会", furigana="うえのはらじちかい",
                                       phone="0191-21-0001", postal_code="029-0001", households=120,
                                       joined_on=date(2010, 4, 1)))  # fmt: skip
    save_organisation(db, Organisation(kind_id=kind_id(db, "老人クラブ"), name="寿会", furigana="ことぶきかい",
                                       member_count=30, joined_on=date(2012, 4, 1)))  # fmt: skip
    save_person(db, Member(name="髙橋 一郎", furigana="たかはし いちろう", phone="090-1234-5678",
                           email="ichiro@example.jp", listing_consent=True, joined_on=date(2020, 4, 1)))  # fmt: skip
    save_person(db, Member(name="山﨑 花子", furigana="やまざき はなこ", listing_consent=False,
                           joined_on=date(2021, 4, 1)))  # fmt: skip
    return db


def snapshot(db: Database) -> dict[str, list[tuple]]:
    """Every 名簿 row, without the timestamps, for before/after comparisons."""
    tables = {"organisation": MemberOrganisation, "person": Person, "term": OfficerTerm, "seat": CommitteeMember}
    result = {}
    with db.session() as s:
        for name, model in tables.items():
            columns = [c for c in model.__table__.columns if c.name not in ("created_at", "updated_at")]
            result[name] = sorted(tuple(getattr(r, c.key) for c in columns) for r in s.scalars(select(model)))
    return result


def write_sheet(path: Path, rows: list[list], title: str | None = "令和7年度 構成団体名簿") -> Path:
    """A workbook as staff make them: an optional title row and a blank row above the headers."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "名簿"
    if title:
        ws.append([title])
        ws.append([])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path
