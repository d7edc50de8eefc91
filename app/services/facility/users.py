"""利用団体: who books the rooms. A 構成団体 of the 名簿 is linked (its name follows the register)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.contact import normalize_phone
from app.domain.facility import EXEMPTIONS, USER_KINDS, compact_name
from app.domain.kana import gojuon_key, normalize_furigana, normalize_text, search_key
from app.domain.validation import Problem, ValidationError
from app.services.changes import Changes
from app.services.records import existing
from app.storage.database import Database
from app.storage.models import FacilityUser, MemberOrganisation

USERS = "facility_users"
NAME_MAX = 100


@dataclass(frozen=True)
class UserData:
    name: str
    furigana: str = ""
    contact_person: str = ""
    phone: str = ""
    kind: str = "登録団体"
    organisation_id: int | None = None
    exemption: str = "なし"
    exemption_reason: str = ""


@dataclass(frozen=True)
class UserInfo:
    id: int
    data: UserData
    aliases: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.data.name


def _info(u: FacilityUser) -> UserInfo:
    data = UserData(
        u.name, u.furigana, u.contact_person, u.phone, u.kind, u.organisation_id, u.exemption, u.exemption_reason
    )
    return UserInfo(u.id, data, tuple(a for a in u.aliases.splitlines() if a))


def validate_user(session: Session, data: UserData, exclude_id: int | None = None) -> UserData:
    problems: list[Problem] = []
    name = normalize_text(data.name)
    if not name:
        problems.append(Problem("name", "利用団体名を入力してください"))
    elif len(name) > NAME_MAX:
        problems.append(Problem("name", f"利用団体名は{NAME_MAX}文字以内で入力してください"))
    elif session.scalar(select(FacilityUser.id).where(FacilityUser.name == name, FacilityUser.id != (exclude_id or 0))):
        problems.append(Problem("name", f"利用団体「{name}」は既に登録されています"))
    if data.kind not in USER_KINDS:
        problems.append(Problem("kind", f"種別は {'・'.join(USER_KINDS)} のどれかを選んでください"))
    if data.exemption not in EXEMPTIONS:
        problems.append(Problem("exemption", f"減免区分は {'・'.join(EXEMPTIONS)} のどれかを選んでください"))
    if data.exemption != "なし" and not normalize_text(data.exemption_reason):
        problems.append(Problem("exemption_reason", "減免するときは理由を入力してください（例: 構成団体の活動）"))
    phone = ""
    if data.phone:
        try:
            phone = normalize_phone(data.phone)
        except ValueError as e:
            problems.append(Problem("phone", str(e)))
    if data.organisation_id is not None and session.get(MemberOrganisation, data.organisation_id) is None:
        problems.append(Problem("organisation_id", "名簿にその構成団体はありません"))
    if problems:
        raise ValidationError(problems)
    return UserData(
        name,
        normalize_furigana(data.furigana) if data.furigana else "",
        normalize_text(data.contact_person),
        phone,
        "構成団体" if data.organisation_id is not None else data.kind,
        data.organisation_id,
        data.exemption,
        normalize_text(data.exemption_reason),
    )


def list_users(db: Database, search: str = "") -> list[UserInfo]:
    """In 五十音 order of ふりがな (name when there is none); `search` matches name, reading or alias."""
    with db.session() as session:
        users = [_info(u) for u in session.scalars(select(FacilityUser))]
    users.sort(key=lambda u: (gojuon_key(u.data.furigana or u.data.name), u.id))
    if search:
        key = search_key(search)
        users = [
            u for u in users
            if any(key in search_key(t) for t in (u.data.name, u.data.furigana, *u.aliases))
        ]
    return users


def _apply(row: FacilityUser, data: UserData) -> None:
    row.name, row.furigana, row.contact_person, row.phone = data.name, data.furigana, data.contact_person, data.phone
    row.kind, row.organisation_id = data.kind, data.organisation_id
    row.exemption, row.exemption_reason = data.exemption, data.exemption_reason


def add_user(db: Database, data: UserData) -> tuple[UserInfo, Changes]:
    with db.session.begin() as session:
        row = add_user_in(session, data)
        return _info(row), Changes.of(USERS, row.id)


def add_user_in(session: Session, data: UserData) -> FacilityUser:
    row = FacilityUser()
    _apply(row, validate_user(session, data))
    session.add(row)
    session.flush()
    return row


def update_user(db: Database, user_id: int, data: UserData) -> tuple[UserInfo, Changes]:
    with db.session.begin() as session:
        row = _get(session, user_id)
        _apply(row, validate_user(session, data, exclude_id=user_id))
        session.flush()
        return _info(row), Changes.of(USERS, user_id)


def add_alias(db: Database, user_id: int, alias: str) -> Changes:
    """Remember another spelling of a user (from a hand-kept log) so the next import finds it."""
    with db.session.begin() as session:
        row = _get(session, user_id)
        alias = normalize_text(alias)
        if alias and alias != row.name and alias not in row.aliases.splitlines():
            row.aliases = "\n".join([*(a for a in row.aliases.splitlines() if a), alias])
        return Changes.of(USERS, user_id)


def _get(session: Session, user_id: int) -> FacilityUser:
    return existing(session, FacilityUser, user_id)


@dataclass(frozen=True)
class UserIndex:
    """Finds a user by name, alias or a 構成団体's name, whatever the width or spacing."""

    by_name: dict[str, int]
    by_key: dict[str, int]  # compact_name(name) → id: width and spaces ignored
    organisations: dict[str, int]  # a 構成団体 not yet registered as a user: name → organisation id

    @classmethod
    def load(cls, session: Session) -> UserIndex:
        by_name: dict[str, int] = {}
        by_key: dict[str, int] = {}
        for u in session.scalars(select(FacilityUser)):
            for n in (u.name, *u.aliases.splitlines()):
                if n:
                    by_name.setdefault(normalize_text(n), u.id)
                    by_key.setdefault(compact_name(n), u.id)
        linked = set(session.scalars(select(FacilityUser.organisation_id).where(FacilityUser.organisation_id.is_not(None))))
        organisations = {
            normalize_text(o.name): o.id for o in session.scalars(select(MemberOrganisation)) if o.id not in linked
        }
        return cls(by_name, by_key, organisations)

    def find(self, name: str) -> int | None:
        return self.by_name.get(normalize_text(name)) or self.by_key.get(compact_name(name))
