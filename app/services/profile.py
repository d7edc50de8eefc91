"""The body's profile (団体情報): read, validate and save."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date

from sqlalchemy import select

from app.domain.areas import AREAS
from app.domain.contact import normalize_phone, normalize_postal_code
from app.domain.input_bounds import check_date_bounds, check_text_length
from app.domain.kana import normalize_text
from app.domain.report_data import ReportBody
from app.domain.validation import Problem, ValidationError
from app.services.changes import PROFILE, Changes, Result
from app.services.records import check_version, refusing_lost_races
from app.storage.database import Database
from app.storage.models import Body

RECORD = "団体情報"  # its rows in app.domain.input_bounds.TEXT_LIMITS


@dataclass(frozen=True)
class Profile:
    name: str = ""  # 地域協働体名
    centre_name: str = ""  # 市民センター名
    area: str = ""  # 地域
    chair_name: str = ""  # 会長名
    postal_code: str = ""  # 郵便番号 "021-0000"
    address: str = ""  # 所在地
    phone: str = ""  # 電話
    established_on: date | None = None  # 設立日
    # as read: a save names it and is refused if someone saved the 団体情報 since (None: not read first)
    version: int | None = field(default=None, compare=False)


PROFILE_TABLE = Body.__tablename__  # where the profile's change history is recorded


def profile_record_id(db: Database) -> int | None:
    """The id of the body's record (its change history is looked up by it); None before any save."""
    with db.session() as session:
        return session.scalars(select(Body.id).order_by(Body.id)).first()


def get_profile(db: Database) -> Profile | None:
    with db.session() as session:
        body = session.scalars(select(Body).order_by(Body.id)).first()
        if body is None:
            return None
        return Profile(
            name=body.name,
            centre_name=body.centre_name,
            area=body.area,
            chair_name=body.chair_name,
            postal_code=body.postal_code,
            address=body.address,
            phone=body.phone,
            established_on=body.established_on,
            version=body.version,
        )


def validate_profile(profile: Profile, today: date | None = None) -> Profile:
    """Return the normalised profile, or raise ValidationError naming every field in error."""
    problems: list[Problem] = []
    name = normalize_text(profile.name)
    if not name:
        problems.append(Problem("name", "地域協働体名を入力してください"))
    check_text_length(RECORD, "name", name, problems)
    centre_name = check_text_length(RECORD, "centre_name", normalize_text(profile.centre_name), problems)
    chair_name = check_text_length(RECORD, "chair_name", normalize_text(profile.chair_name), problems)
    address = check_text_length(RECORD, "address", normalize_text(profile.address), problems)
    if profile.area and profile.area not in AREAS:
        problems.append(Problem("area", f"地域は {'・'.join(AREAS)} のどれかを選んでください"))
    postal_code = phone = ""
    try:
        postal_code = normalize_postal_code(profile.postal_code)
    except ValueError as exc:
        problems.append(Problem("postal_code", str(exc)))
    try:
        phone = normalize_phone(profile.phone)
    except ValueError as exc:
        problems.append(Problem("phone", str(exc)))
    today = today or date.today()
    if profile.established_on and profile.established_on > today:
        problems.append(Problem("established_on", "設立日に未来の日付は入力できません"))
    else:
        check_date_bounds("established_on", "設立日", profile.established_on, problems, today)
    if problems:
        raise ValidationError(problems)
    return replace(
        profile,
        name=name,
        centre_name=centre_name,
        chair_name=chair_name,
        postal_code=postal_code,
        address=address,
        phone=phone,
    )


def save_profile(db: Database, profile: Profile) -> Result[Profile]:
    """Validate and store the profile; nothing is written when anything is wrong."""
    clean = validate_profile(profile)
    with refusing_lost_races(db, Body, profile_record_id(db)), db.session.begin() as session:
        body = session.scalars(select(Body).order_by(Body.id)).first()
        if body is None:
            body = Body()
            session.add(body)
        else:
            check_version(session, body, clean.version)  # saved elsewhere since the page showed it?
        for name in STORED_FIELDS:
            setattr(body, name, getattr(clean, name))
        session.flush()
        stored = replace(clean, version=body.version)
    return Result(stored, Changes.of(PROFILE))


STORED_FIELDS = ("name", "centre_name", "area", "chair_name", "postal_code", "address", "phone", "established_on")


def report_body(db: Database) -> ReportBody | None:
    """The profile as report data (app.domain.report_data), None before one is saved."""
    profile = get_profile(db)
    return None if profile is None else ReportBody(**{f.name: getattr(profile, f.name) for f in fields(ReportBody)})


@dataclass
class SaveProfile:
    """The undoable save of the 団体情報 (app.services.undo): undo stores the profile as it was."""

    db: Database
    before: Profile | None
    after: Profile
    label: str = "団体情報の保存"

    stored: Profile | None = None  # what this operation stored last: undo and redo name its version

    def _save(self, profile: Profile) -> Changes:
        if self.stored is not None:
            profile = replace(profile, version=self.stored.version)
        result = save_profile(self.db, profile)
        self.stored = result.value
        return result.changes

    def apply(self) -> Changes:
        return self._save(self.after)

    def revert(self) -> Changes:
        # the very first profile has nothing to go back to: undo leaves it (the body needs a name)
        return self._save(self.before) if self.before is not None else Changes()
