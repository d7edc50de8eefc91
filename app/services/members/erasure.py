"""個人情報の消去: for a member who has left, blank the personal fields and reduce the name.

    erase_personal_data(db, "person", person_id, name_choice=NAME_INITIALS)

One transaction: the record's phone, postal code, address, e-mail (and 代表者名 of an organisation;
備考 on request) become empty, the name is kept, reduced to initials or replaced by 「退会者」, and
every value of those fields in the change history and in trash copies is blanked
(`erase_field_values`). SQLite's secure_delete is on for that transaction and the write-ahead log
is folded back and emptied afterwards, so the old text does not linger in free pages of the file.
The record itself stays (accounts, officer terms and committee seats keep pointing at it) and the
history keeps saying when what was changed. Backups made earlier still hold the old values until
they are rotated out; the window says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.kana import normalize_text
from app.domain.member_fields import name_key
from app.domain.validation import ValidationError
from app.domain.wareki import format_wareki
from app.services.changes import ORGANISATIONS, PEOPLE, Changes
from app.services.records import existing
from app.storage.database import Database
from app.storage.history import erase_field_values, table_name_of
from app.storage.models import MemberOrganisation, Person

Target = Literal["organisation", "person"]
NameChoice = Literal["keep", "initials", "placeholder"]
NAME_KEEP: NameChoice = "keep"
NAME_INITIALS: NameChoice = "initials"
NAME_PLACEHOLDER: NameChoice = "placeholder"
NAME_CHOICES: dict[NameChoice, str] = {
    NAME_KEEP: "名前はそのまま残す",
    NAME_INITIALS: "イニシャルだけ残す（例: T.I.）",
    NAME_PLACEHOLDER: "「退会者」に置き換える",
}
PLACEHOLDER = "退会者"

# The personal fields of each kind of member (the name is handled by the choice).
PERSONAL_FIELDS: dict[Target, tuple[str, ...]] = {
    "organisation": ("representative", "phone", "postal_code", "address"),
    "person": ("phone", "postal_code", "address", "email"),
}
_MODELS: dict[Target, type[MemberOrganisation] | type[Person]] = {
    "organisation": MemberOrganisation,
    "person": Person,
}


@dataclass(frozen=True)
class ErasureResult:
    target: Target
    record_id: int
    name_before: str
    name_after: str
    fields: tuple[str, ...]  # the fields blanked (column names)
    history_rows_blanked: int

    @property
    def changes(self) -> Changes:
        return Changes.of(ORGANISATIONS if self.target == "organisation" else PEOPLE, self.record_id)

    @property
    def message(self) -> str:
        shown = self.name_after if self.name_after == self.name_before else f"{self.name_after}（旧名は消去）"
        return f"「{shown}」の個人情報を消去しました（変更履歴の値 {self.history_rows_blanked}件も消去）。"


def initials(name: str, furigana: str = "") -> str:
    """「たかはし いちろう」→ "T.I."; without a reading, the first character of each part ("髙.一.")."""
    from app.services.members.furigana import _converter, suggest_furigana

    reading = normalize_text(furigana) or suggest_furigana(name)
    if reading:
        letters = []
        for part in reading.split():
            romaji = "".join(p["hepburn"] for p in _converter().convert(part)).strip()
            if romaji:
                letters.append(romaji[0].upper())
        if letters:
            return "".join(f"{c}." for c in letters)
    return "".join(f"{part[0]}." for part in normalize_text(name).split() if part)


def _unique_name(session: Session, target: Target, row: MemberOrganisation | Person, wanted: str) -> str:
    """`wanted`, or 「wanted（2）」…: a second 「退会者」 must not merge with the first on the next import."""
    model = _MODELS[target]
    query = select(model.name).where(model.id != row.id)
    if isinstance(row, MemberOrganisation):
        query = query.where(MemberOrganisation.kind_id == row.kind_id)  # names are unique per 区分
    taken = {name_key(n) for n in session.scalars(query)}
    candidate, n = wanted, 1
    while name_key(candidate) in taken:
        n += 1
        candidate = f"{wanted}（{n}）"
    return candidate


def _check_left(row: MemberOrganisation | Person, today: date) -> None:
    if row.left_on is None:
        raise ValidationError(
            f"「{row.name}」はまだ退会していないため、個人情報を消去できません。先に退会日を記録してください。"
        )
    if row.left_on > today:
        raise ValidationError(
            f"「{row.name}」の退会日（{format_wareki(row.left_on)}）がまだ来ていないため、個人情報を消去できません。"
        )


def erase_personal_data(
    db: Database,
    target: Target,
    record_id: int,
    name_choice: NameChoice = NAME_KEEP,
    *,
    erase_note: bool = False,
    today: date | None = None,
) -> ErasureResult:
    """Erase the personal fields of a member who has left (ValidationError, nothing changed, otherwise)."""
    if target not in _MODELS:
        raise ValueError(f"unknown member kind: {target}")
    if name_choice not in NAME_CHOICES:
        raise ValueError(f"unknown name choice: {name_choice}")
    today = today or date.today()
    with db.engine.connect() as connection:
        # Freed space in the file is overwritten with zeros, so deleted text cannot be read back from it.
        previous = connection.exec_driver_sql("PRAGMA secure_delete").scalar()
        connection.exec_driver_sql("PRAGMA secure_delete=ON")
        connection.commit()  # the session below begins (and ends) its own transaction on this connection
        try:
            with db.session_factory(bind=connection) as session, session.begin():
                result = _erase(session, target, record_id, name_choice, erase_note, today)
        finally:
            connection.exec_driver_sql(f"PRAGMA secure_delete={int(previous or 0)}")
            connection.commit()
        # The old page images are still in the write-ahead log: copy it back and empty it.
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.commit()
    return result


def _erase(session: Session, target: Target, record_id: int, name_choice: NameChoice, erase_note: bool,
           today: date) -> ErasureResult:  # fmt: skip
    row = existing(session, _MODELS[target], record_id)
    _check_left(row, today)
    before = row.name
    fields = list(PERSONAL_FIELDS[target]) + (["note"] if erase_note else [])
    for name in fields:
        setattr(row, name, "")
    if name_choice != NAME_KEEP:
        wanted = initials(row.name, row.furigana) if name_choice == NAME_INITIALS else PLACEHOLDER
        row.name = _unique_name(session, target, row, wanted)
        row.furigana = ""  # a reading gives the name away
        fields += ["name", "furigana"]
    session.flush()
    blanked = erase_field_values(session, table_name_of(row), row.id, fields)
    return ErasureResult(target, row.id, before, row.name, tuple(fields), blanked)
