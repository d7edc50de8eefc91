"""利用団体: who books the rooms. A 構成団体 of the 名簿 is linked (its name follows the register)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.contact import normalize_phone
from app.domain.facility import EXEMPTIONS, USER_KINDS, compact_name, group_similar, user_key
from app.domain.kana import gojuon_key, normalize_furigana, normalize_text, search_key
from app.domain.validation import Problem, ValidationError
from app.services.changes import Changes, Result
from app.services.facility.bookings import BOOKINGS, BookingState, remove_bookings_in
from app.services.records import check_as_left, check_version, existing, put_back_at, refusing_lost_races
from app.storage.database import Database
from app.storage.models import Booking, FacilityUser, MemberOrganisation

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
    version: int = 1  # as read: the form names it, and is refused if the user was saved since

    @property
    def name(self) -> str:
        return self.data.name


def _info(u: FacilityUser, linked_name: str | None = None) -> UserInfo:
    """The user as the screens show it: a 構成団体 linked from the 名簿 under the 名簿's name (the
    name stored is the one it had when last saved; it stays a spelling the import recognises)."""
    data = UserData(
        linked_name or u.name, u.furigana, u.contact_person, u.phone, u.kind, u.organisation_id, u.exemption,
        u.exemption_reason,
    )
    return UserInfo(u.id, data, tuple(a for a in u.aliases.splitlines() if a), u.version)


def _user_info(session: Session, u: FacilityUser) -> UserInfo:
    org = session.get(MemberOrganisation, u.organisation_id) if u.organisation_id is not None else None
    return _info(u, org.name if org is not None else None)


def linked_names(session: Session) -> dict[int, str]:
    """User id → the 名簿's name of the 構成団体 it is linked to."""
    rows = session.execute(select(FacilityUser.id, MemberOrganisation.name)
                           .join(MemberOrganisation, FacilityUser.organisation_id == MemberOrganisation.id))
    return {user_id: name for user_id, name in rows}


def organisation_choices(db: Database) -> list[tuple[int, str]]:
    """The 構成団体 of the 名簿 a 利用団体 may be linked to (id, name), in 五十音 order; those who left marked."""
    from app.services.members.organisations import list_organisations

    return [(o.id, o.name + ("（退会）" if o.left_on else "")) for o in list_organisations(db) if o.id is not None]


def validate_user(session: Session, data: UserData, exclude_id: int | None = None) -> UserData:
    problems: list[Problem] = []
    org = session.get(MemberOrganisation, data.organisation_id) if data.organisation_id is not None else None
    name = org.name if org is not None else normalize_text(data.name)  # linked: the 名簿's name, not a copy typed
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
    if data.organisation_id is not None and org is None:
        problems.append(Problem("organisation_id", "名簿にその構成団体はありません"))
    elif org is not None and session.scalar(select(FacilityUser.id).where(
            FacilityUser.organisation_id == org.id, FacilityUser.id != (exclude_id or 0))):
        problems.append(Problem("organisation_id", f"構成団体「{org.name}」は既に利用団体として結びついています"))
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
        linked = linked_names(session)
        users = [_info(u, linked.get(u.id)) for u in session.scalars(select(FacilityUser))]
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
        return _user_info(session, row), Changes.of(USERS, row.id)


def add_user_in(session: Session, data: UserData) -> FacilityUser:
    row = FacilityUser()
    _apply(row, validate_user(session, data))
    session.add(row)
    session.flush()
    return row


def update_user(db: Database, user_id: int, data: UserData, *, version: int | None = None) -> tuple[UserInfo, Changes]:
    """Save the form; refused (EditConflict, naming who changed what) when the user was saved elsewhere
    since `version` (the version the form was filled from; None: not read first)."""
    with refusing_lost_races(db, FacilityUser, user_id), db.session.begin() as session:
        row = _get(session, user_id)
        check_version(session, row, version)
        _apply(row, validate_user(session, data, exclude_id=user_id))
        session.flush()
        return _user_info(session, row), Changes.of(USERS, user_id)


@dataclass(frozen=True)
class UserRecord:
    """A 利用団体 as the form and undo store it (app.services.undo.SaveRecord): id None for a new one;
    `version` the one the form was filled from (None: not read first)."""

    id: int | None
    data: UserData
    version: int | None = None


def user_record(info: UserInfo) -> UserRecord:
    return UserRecord(info.id, info.data, info.version)


def save_user(db: Database, record: UserRecord) -> Result[UserRecord]:
    """Add (id None, or an id no longer stored: an undone add redone under its id) or update a user —
    refused (EditConflict, naming who changed what) when it was saved elsewhere since `record.version`."""
    with refusing_lost_races(db, FacilityUser, record.id), db.session.begin() as session:
        row = session.get(FacilityUser, record.id) if record.id is not None else None
        put_back = row is None and record.id is not None
        if row is not None:
            check_version(session, row, record.version)
        clean = validate_user(session, record.data, exclude_id=record.id)
        if row is None:
            row = FacilityUser(id=record.id)
            session.add(row)
        _apply(row, clean)
        session.flush()
        if put_back:  # the redo of its addition: at the version it went with
            put_back_at(session, row, record.version)
        return Result(UserRecord(row.id, _user_info(session, row).data, row.version), Changes.of(USERS, row.id))


def delete_user(db: Database, user_id: int, *, expected: UserData | None = None,
                with_bookings: Sequence[BookingState] = ()) -> Changes:
    """Remove a user no booking names (the undo of 追加); one with bookings stays. `with_bookings`: the
    bookings made with it (the undo of a booking that registered it), taken back in the same step,
    provided each is as the step left it. Refused, nothing changed, when the user is no longer as the
    step stored it (`expected`; None: not checked): another PC or window changed it since (EditConflict:
    who changed what, and when). Fields, not versions: the step's own changes undone before it count
    the version up too."""
    with db.session.begin() as session:
        row = _get(session, user_id)
        check_as_left(session, row, _user_info(session, row).data, expected)
        changes = Changes.of(USERS, user_id)
        if with_bookings:
            changes = changes | remove_bookings_in(session, [b.id for b in with_bookings], with_bookings)
        used = session.scalar(select(func.count()).select_from(Booking).where(Booking.user_id == user_id)) or 0
        if used:
            raise ValidationError(f"利用団体「{row.name}」には予約が{used:,}件あるため、削除できません。")
        session.delete(row)
        return changes


def add_alias(db: Database, user_id: int, alias: str) -> Changes:
    """Remember another spelling of a user (from a hand-kept log) so the next import finds it."""
    with db.session.begin() as session:
        row = _get(session, user_id)
        alias = normalize_text(alias)
        if alias and alias != row.name and alias not in row.aliases.splitlines():
            row.aliases = "\n".join([*(a for a in row.aliases.splitlines() if a), alias])
        return Changes.of(USERS, user_id)


# --- merging look-alike users (囲碁 / 囲碁の会 registered twice) --------------------------------


def similar_users(db: Database) -> list[list[str]]:
    """Registered users whose names look alike (width, spaces, brackets, 〜の会): candidates to merge."""
    return group_similar(u.name for u in list_users(db))


@dataclass(frozen=True)
class MergedAway:
    """A user merged into another, as it was: what the undo of the merge stores again."""

    info: UserInfo
    booking_ids: tuple[int, ...]


@dataclass(frozen=True)
class UserMerge:
    keep_id: int
    keep_before: UserInfo
    merged: tuple[MergedAway, ...]


def merge_users(db: Database, keep_id: int, other_ids: list[int]) -> Result[UserMerge]:
    """One user for several spellings: the others' bookings move to `keep_id`, their names (and
    spellings) become its aliases — the next import finds them — and the others are removed."""
    others = [i for i in dict.fromkeys(other_ids) if i != keep_id]
    if not others:
        raise ValidationError("まとめる利用団体を二つ以上選んでください")
    with db.session.begin() as session:
        keep = _get(session, keep_id)
        before = _user_info(session, keep)
        rows = [_get(session, i) for i in others]
        linked = {r.organisation_id for r in (keep, *rows) if r.organisation_id is not None}
        if len(linked) > 1:
            raise ValidationError("名簿の別々の構成団体に結びついた利用団体は、まとめられません")
        merged = []
        aliases = [a for a in keep.aliases.splitlines() if a]
        for row in rows:
            bookings = list(session.scalars(select(Booking).where(Booking.user_id == row.id)))
            merged.append(MergedAway(_user_info(session, row), tuple(b.id for b in bookings)))
            for b in bookings:
                b.user_id = keep.id
            aliases += [n for n in (row.name, *row.aliases.splitlines()) if n and n != keep.name and n not in aliases]
            if keep.organisation_id is None and row.organisation_id is not None:
                keep.organisation_id, keep.kind = row.organisation_id, "構成団体"
            session.flush()  # the bookings point to `keep` before their old user goes
            session.delete(row)
        keep.aliases = "\n".join(aliases)
        moved = [i for m in merged for i in m.booking_ids]
        changes = Changes.of(USERS, keep_id, *others) | Changes.of(BOOKINGS, *moved)
        return Result(UserMerge(keep_id, before, tuple(merged)), changes)


def unmerge_users(db: Database, merge: UserMerge) -> Changes:
    """The undo of merge_users: the users back under their ids, their bookings theirs again."""
    with db.session.begin() as session:
        keep = _get(session, merge.keep_id)
        for m in merge.merged:
            if session.get(FacilityUser, m.info.id) is not None:
                raise ValidationError(f"利用団体「{m.info.name}」の番号は既に使われているため、元に戻せません")
            row = FacilityUser(id=m.info.id, aliases="\n".join(m.info.aliases))
            _apply(row, m.info.data)
            session.add(row)
            put_back_at(session, row, m.info.version)  # the undo of a change made before the merge names it
        session.flush()
        for m in merge.merged:
            for b in session.scalars(select(Booking).where(Booking.id.in_(m.booking_ids))):
                b.user_id = m.info.id
        _apply(keep, merge.keep_before.data)
        keep.aliases = "\n".join(merge.keep_before.aliases)
        moved = [i for m in merge.merged for i in m.booking_ids]
        return Changes.of(USERS, merge.keep_id, *(m.info.id for m in merge.merged)) | Changes.of(BOOKINGS, *moved)


def _get(session: Session, user_id: int) -> FacilityUser:
    return existing(session, FacilityUser, user_id)


@dataclass(frozen=True)
class UserIndex:
    """Finds a user by name, alias or a 構成団体's name, whatever the width or spacing."""

    by_name: dict[str, int]
    by_key: dict[str, int]  # compact_name(name) → id: width and spaces ignored
    organisations: dict[str, int]  # a 構成団体 not yet registered as a user: name → organisation id
    # user_key(name) → the user's name: brackets and endings (の会, クラブ …) ignored too, a suggestion only
    by_likeness: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> UserIndex:
        by_name: dict[str, int] = {}
        by_key: dict[str, int] = {}
        by_likeness: dict[str, str] = {}
        linked = linked_names(session)
        for u in session.scalars(select(FacilityUser)):
            shown = linked.get(u.id) or u.name
            for n in (linked.get(u.id, ""), u.name, *u.aliases.splitlines()):
                if n:
                    by_name.setdefault(normalize_text(n), u.id)
                    by_key.setdefault(compact_name(n), u.id)
                    by_likeness.setdefault(user_key(n), shown)
        taken = set(session.scalars(select(FacilityUser.organisation_id).where(FacilityUser.organisation_id.is_not(None))))
        organisations = {
            normalize_text(o.name): o.id for o in session.scalars(select(MemberOrganisation)) if o.id not in taken
        }
        return cls(by_name, by_key, organisations, by_likeness)

    def find(self, name: str) -> int | None:
        return self.by_name.get(normalize_text(name)) or self.by_key.get(compact_name(name))

    def suggest(self, name: str) -> str | None:
        """The registered user an unknown name looks like (「囲碁」 → 「囲碁の会」), to be confirmed."""
        return self.by_likeness.get(user_key(name)) if user_key(name) else None
