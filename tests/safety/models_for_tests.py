"""Test-only models (their own metadata, so the app's schema and migrations are untouched):
a parent and a child that refers to it, both audited, to try history and trash on any model."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.storage.database import Database
from app.storage.history import Audited


class SampleBase(DeclarativeBase):
    pass


class Club(Audited, SampleBase):
    __tablename__ = "t_club"
    __label__ = "クラブ"
    __field_labels__ = {"name": "クラブ名", "founded": "設立日"}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    founded: Mapped[date | None] = mapped_column(Date)
    members: Mapped[int] = mapped_column(Integer, default=0)


class Player(Audited, SampleBase):
    __tablename__ = "t_player"
    __label__ = "選手"

    id: Mapped[int] = mapped_column(primary_key=True)
    club_id: Mapped[int] = mapped_column(ForeignKey("t_club.id"))
    name: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str] = mapped_column(String(20), default="")


def add_test_tables(db: Database) -> None:
    SampleBase.metadata.create_all(db.engine)
