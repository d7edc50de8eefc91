"""提出: every submission made to city hall (第N版 per fiscal year) and the files it produced."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.storage.base import Base


class Submission(Base):
    """One 版 of one fiscal year's submission. `figures_json` keeps the key figures as submitted and
    `data_sha256` a fingerprint of the submitted data, so later changes can be shown."""

    __tablename__ = "submission"
    __label__ = "提出"
    __table_args__ = (UniqueConstraint("year", "edition"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("fiscal_year.year"), index=True)
    edition: Mapped[int] = mapped_column(Integer)  # 第N版, 1, 2, …
    created_at: Mapped[datetime] = mapped_column(DateTime)
    folder: Mapped[str] = mapped_column(Text)  # where the files were written
    content_sha256: Mapped[str] = mapped_column(String(64))  # checksum of the workbook's visible sheets
    data_sha256: Mapped[str] = mapped_column(String(64))  # fingerprint of the data (not of dates/版)
    figures_json: Mapped[str] = mapped_column(Text, default="[]")  # [[区分, 項目, 数値], …]
    accepted_warnings: Mapped[str] = mapped_column(Text, default="")  # warnings confirmed, one a line
    files: Mapped[list[SubmissionFile]] = relationship(
        order_by="SubmissionFile.id", cascade="all, delete-orphan", lazy="selectin"
    )


class SubmissionFile(Base):
    __tablename__ = "submission_file"
    __label__ = "提出ファイル"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
