"""The change log (変更履歴) and the trash (ゴミ箱): written by app/storage/history.py."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.base import Base


class ChangeLog(Base):
    """One changed field of one record: when, by whom, what kind of change, value before → after.

    Values are JSON text (NULL where there is no before/after, e.g. the before of an insert).
    `erased` marks values removed on purpose (personal data of a member who left).
    """

    __tablename__ = "change_log"
    __label__ = "変更履歴"
    __table_args__ = (Index("ix_change_log_record", "table_name", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    batch: Mapped[str] = mapped_column(String(32))  # one per flush: the fields changed together
    actor: Mapped[str] = mapped_column(String(100), default="")  # the OS user name
    table_name: Mapped[str] = mapped_column(String(100))
    record_id: Mapped[str] = mapped_column(String(100))  # primary key as text (JSON list if composite)
    operation: Mapped[str] = mapped_column(String(10))  # insert | update | delete | trash | restore
    field: Mapped[str] = mapped_column(String(100))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    erased: Mapped[bool] = mapped_column(Boolean, default=False)


class TrashItem(Base):
    """A deleted row kept whole (JSON of its columns) so that it can be put back."""

    __tablename__ = "trash"
    __label__ = "ゴミ箱"

    id: Mapped[int] = mapped_column(primary_key=True)
    deleted_at: Mapped[datetime] = mapped_column(DateTime)
    table_name: Mapped[str] = mapped_column(String(100))
    record_id: Mapped[str] = mapped_column(String(100))
    model: Mapped[str] = mapped_column(String(200))  # "module:Class", to rebuild the row
    title: Mapped[str] = mapped_column(String(200), default="")  # what a person recognises it by
    data: Mapped[str] = mapped_column(Text)
