"""The body's profile, its registered fiscal years and key/value settings."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.base import Base, Timestamped, Versioned
from app.storage.history import Audited


class Body(Versioned, Audited, Timestamped, Base):
    """The 地域協働体 whose office uses this database (one per database file)."""

    __tablename__ = "body"
    __label__ = "団体情報"
    __field_labels__ = {
        "name": "地域協働体名",
        "centre_name": "市民センター名",
        "area": "地域",
        "chair_name": "会長名",
        "postal_code": "郵便番号",
        "address": "所在地",
        "phone": "電話",
        "established_on": "設立日",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))  # 地域協働体名
    centre_name: Mapped[str] = mapped_column(String(100), default="")  # 市民センター名
    area: Mapped[str] = mapped_column(String(10), default="")  # 地域 (一関, 花泉, …)
    chair_name: Mapped[str] = mapped_column(String(100), default="")  # 会長名
    postal_code: Mapped[str] = mapped_column(String(8), default="")  # "021-0000", text
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(20), default="")  # text: leading zeros matter
    established_on: Mapped[date | None] = mapped_column(Date)  # 設立日


class FiscalYearRecord(Timestamped, Base):
    """A fiscal year the office works in (the year in which it starts, 2025 = 令和7年度)."""

    __tablename__ = "fiscal_year"
    __label__ = "年度"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class Setting(Audited, Base):
    """Application settings stored with the data (e.g. the selected fiscal year). Their changes are
    logged, so a save over another PC's (the 総会資料's 議案, the 規約) says who changed it and when."""

    __tablename__ = "setting"
    __label__ = "設定"
    __field_labels__ = {"value": "値"}

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
