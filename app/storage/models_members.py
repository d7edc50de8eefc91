"""名簿: member kinds, member organisations, individual members, officers' terms and committees.

Nobody is deleted when they leave: 退会日 (left_on) records it, so old years' lists still show them.
Officers are a history of terms; the list for any date is computed from it, never overwritten.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.base import Base, Timestamped, Versioned
from app.storage.history import Audited


class MemberKind(Versioned, Audited, Base):
    """区分 of a member organisation (自治会, 民区, …): editable data, seeded from DOMAIN.md."""

    __tablename__ = "member_kind"
    __label__ = "区分"
    __field_labels__ = {"name": "名前", "position": "順番", "counts_households": "世帯数を記録", "retired": "使わない"}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)  # order in lists and menus
    counts_households: Mapped[bool] = mapped_column(Boolean, default=False)  # 世帯数 matters (自治会, 民区)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)  # no longer offered for new members


class MemberOrganisation(Versioned, Audited, Timestamped, Base):
    """構成団体."""

    __tablename__ = "member_organisation"
    __label__ = "構成団体"
    __field_labels__ = {
        "name": "名称",
        "furigana": "ふりがな",
        "furigana_estimated": "ふりがな（推定）",
        "phone": "電話",
        "postal_code": "郵便番号",
        "address": "住所",
        "joined_on": "加入日",
        "left_on": "退会日",
        "note": "備考",
        "kind_id": "区分",
        "representative": "代表者名",
        "representative_consent": "代表者名の公表の同意",
        "households": "世帯数",
        "member_count": "会員数",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    kind_id: Mapped[int] = mapped_column(ForeignKey("member_kind.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))  # 名称
    furigana: Mapped[str] = mapped_column(String(200), default="")  # ふりがな (hiragana)
    # the reading was guessed on import (pykakasi), not written by anyone: shown 推定 until staff edit it
    furigana_estimated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    representative: Mapped[str] = mapped_column(String(100), default="")  # 代表者名
    # 代表者名 on public lists only with this consent (else 「（非公表）」)
    representative_consent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    phone: Mapped[str] = mapped_column(String(20), default="")
    postal_code: Mapped[str] = mapped_column(String(8), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    households: Mapped[int | None] = mapped_column(Integer)  # 世帯数 (自治会, 民区)
    member_count: Mapped[int | None] = mapped_column(Integer)  # 会員数
    joined_on: Mapped[date | None] = mapped_column(Date)  # 加入日
    left_on: Mapped[date | None] = mapped_column(Date)  # 退会日
    note: Mapped[str] = mapped_column(Text, default="")  # 備考


class Person(Versioned, Audited, Timestamped, Base):
    """個人会員 (個人として参加する人); also the people who hold offices."""

    __tablename__ = "person"
    __label__ = "個人会員"
    __field_labels__ = {
        "name": "氏名",
        "furigana": "ふりがな",
        "furigana_estimated": "ふりがな（推定）",
        "phone": "電話",
        "postal_code": "郵便番号",
        "address": "住所",
        "joined_on": "加入日",
        "left_on": "退会日",
        "note": "備考",
        "organisation_id": "所属団体",
        "email": "メール",
        "listing_consent": "名簿掲載の同意",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))  # 氏名
    furigana: Mapped[str] = mapped_column(String(200), default="")
    furigana_estimated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # see above
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("member_organisation.id"), index=True
    )  # 所属団体 (optional)
    phone: Mapped[str] = mapped_column(String(20), default="")
    postal_code: Mapped[str] = mapped_column(String(8), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    joined_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    listing_consent: Mapped[bool] = mapped_column(Boolean, default=False)  # 名簿掲載の同意
    note: Mapped[str] = mapped_column(Text, default="")


class OfficePost(Versioned, Audited, Base):
    """役職 (会長, 副会長, 事務局長, 会計, 監事, 理事, 部会長): editable data."""

    __tablename__ = "office_post"
    __label__ = "役職"
    __field_labels__ = {"name": "役職名", "position": "順番"}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class OfficerTerm(Versioned, Audited, Timestamped, Base):
    """One person in one post from start_on to end_on (None = still in office)."""

    __tablename__ = "officer_term"
    __label__ = "役員"
    __field_labels__ = {
        "post_id": "役職",
        "person_id": "氏名",
        "start_on": "任期開始",
        "end_on": "任期終了",
        "note": "備考",
    }
    __table_args__ = (CheckConstraint("end_on IS NULL OR end_on >= start_on", name="term_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("office_post.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class Committee(Versioned, Audited, Timestamped, Base):
    """部会 (総務部会, 生涯学習部会, 福祉部会 …)."""

    __tablename__ = "committee"
    __label__ = "部会"
    __field_labels__ = {"name": "部会名", "chair_id": "部会長", "note": "備考"}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    furigana: Mapped[str] = mapped_column(String(200), default="")
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))  # 部会長
    position: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")


class CommitteeMember(Base):
    """A member of a committee: either an organisation or a person."""

    __tablename__ = "committee_member"
    __label__ = "部会員"
    __table_args__ = (
        CheckConstraint("(organisation_id IS NULL) <> (person_id IS NULL)", name="organisation_or_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committee.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("member_organisation.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
