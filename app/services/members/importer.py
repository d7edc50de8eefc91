"""Importing the 名簿 from Excel: the app's own export (round trip) or any sheet with the headers.

    preview = preview_member_import(db, path, sheet_name)   # nothing is written
    message = commit_member_import(db, preview)              # all rows or none

A row is a 構成団体, or a 個人会員 when its 区分 says 個人として参加する人 (or the sheet's name column
is headed 氏名 and there is no 区分). Organisations are matched on normalised 名称 + 区分, people on
normalised 氏名; each row is then 新規, 更新 (saying what changes) or 変更なし. A column the sheet does
not have leaves that field as it is in the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, Protocol

from sqlalchemy import select

from app.domain.kana import normalize_text
from app.domain.member_fields import (
    cell_text,
    check_count,
    check_date,
    check_yes_no,
    is_person_kind,
    name_key,
)
from app.domain.validation import Problem, ValidationError
from app.importing import FieldSpec, ImportPreview, PreviewRow, RowIssue, RowStatus
from app.services.backups import REASON_IMPORT, backup_before_change
from app.services.changes import ORGANISATIONS, PEOPLE, Changes, Result
from app.services.members import organisations as orgs_service
from app.services.members import people as people_service
from app.services.members.kinds import Kind, list_member_kinds
from app.services.members.organisations import Organisation, organisation_problems
from app.services.members.people import Member, person_problems
from app.storage.database import Database
from app.storage.models import MemberOrganisation, Person

FIELDS: list[FieldSpec] = [
    FieldSpec("kind", "区分", ("種別", "団体区分", "種類")),
    FieldSpec("name", "名称", ("団体名", "氏名", "名前", "団体の名称", "会員名"), required=True),
    FieldSpec(
        "furigana", "ふりがな", ("フリガナ", "よみがな", "ヨミガナ", "読み", "よみ", "ふりがな（名称）")
    ),
    FieldSpec("representative", "代表者", ("代表者名", "代表", "会長名")),
    FieldSpec("organisation", "所属団体", ("所属",)),
    FieldSpec("phone", "電話", ("電話番号", "TEL", "電話・FAX", "連絡先電話")),
    FieldSpec("postal_code", "郵便番号", ("〒", "郵便")),
    FieldSpec("address", "住所", ("所在地",)),
    FieldSpec("email", "メール", ("メールアドレス", "E-mail", "Eメール", "email")),
    FieldSpec("households", "世帯数", ("戸数",)),
    FieldSpec("member_count", "会員数", ("人数", "会員人数")),
    FieldSpec("joined_on", "加入日", ("入会日", "加入年月日")),
    FieldSpec("left_on", "退会日", ("退会年月日",)),
    FieldSpec("listing_consent", "名簿掲載の同意", ("掲載同意", "同意", "名簿掲載")),
    FieldSpec("note", "備考", ("メモ",)),
]
PERSON_NAME_HEADERS = frozenset({"氏名", "名前", "会員名"})
ORGANISATION_ONLY = ("representative", "households", "member_count")
PERSON_ONLY = ("organisation", "email", "listing_consent")
# sheet key → the record's field (the rest are the same name)
_RECORD_FIELD = {"organisation": "organisation_id"}


class ProgressLike(Protocol):
    def update(self, done: int, total: int, text: str = "") -> None: ...


@dataclass(frozen=True)
class MemberRow:
    """What one row would write. `record` is the full normalised Organisation or Member."""

    target: Literal["organisation", "person"]
    record: Organisation | Member
    changes: tuple[str, ...] = ()  # labels of the fields an update changes

    # attributes for the preview table (ImportDialog reads them by name)
    @property
    def kind_label(self) -> str:
        return self.record.kind_name if isinstance(self.record, Organisation) else "個人会員"

    @property
    def name(self) -> str:
        return self.record.name

    @property
    def furigana(self) -> str:
        return self.record.furigana

    @property
    def change_text(self) -> str:
        return "、".join(self.changes)


PREVIEW_COLUMNS = [
    ("kind_label", "区分"),
    ("name", "名称・氏名"),
    ("furigana", "ふりがな"),
    ("change_text", "変わる項目"),
]


@dataclass
class _Existing:
    """The database as the importer needs it, loaded once (5,000 rows are matched in memory)."""

    kinds: list[Kind]
    kind_by_name: dict[str, Kind]
    organisations: dict[tuple[str, int], Organisation]  # (name key, kind id) → organisation
    organisation_ids_by_name: dict[str, list[int]]  # for 所属団体
    people: dict[str, list[Member]] = field(default_factory=dict)

    @classmethod
    def load(cls, db: Database) -> _Existing:
        kinds = list_member_kinds(db)
        organisations = orgs_service.list_organisations(db)
        by_name: dict[str, list[int]] = {}
        for o in organisations:
            by_name.setdefault(name_key(o.name), []).append(o.id)
        people: dict[str, list[Member]] = {}
        for p in people_service.list_people(db):
            people.setdefault(name_key(p.name), []).append(p)
        return cls(
            kinds,
            {normalize_text(k.name): k for k in kinds},
            {(name_key(o.name), o.kind_id): o for o in organisations},
            by_name,
            people,
        )


def preview_member_import(
    db: Database, path: str | Path, sheet_name: str | None = None, progress: ProgressLike | None = None
) -> ImportPreview:
    from app.importing import read_sheet

    sheet = read_sheet(path, FIELDS, sheet_name)
    existing = _Existing.load(db)
    name_header = normalize_text(sheet.columns["name"].header)
    people_sheet = name_header in PERSON_NAME_HEADERS and "kind" not in sheet.columns
    present = set(sheet.columns)
    rows: list[PreviewRow] = []
    seen: dict[tuple[str, str, int | None], int] = {}  # identity → first row number
    total = len(sheet.rows)
    for n, source in enumerate(sheet.rows):
        if progress is not None and n % 250 == 0:
            progress.update(n, total, f"{n:,} / {total:,} 行を確認しています")
        issues = list(source.issues)
        row, problems = _classify(source.values, present, people_sheet, existing)
        issues += [sheet.issue(source.row_number, _column_key(p.field), p.message) for p in problems]
        if row is not None and not problems:
            identity = _identity(row)
            first = seen.setdefault(identity, source.row_number)
            if first != source.row_number:
                what = "個人会員" if row.target == "person" else "団体（名称・区分が同じ）"
                issues.append(
                    RowIssue(
                        source.row_number, "", f"{first}行目と同じ{what}です。どちらか一方にしてください"
                    )
                )
                earlier = next(r for r in rows if r.row_number == first)
                earlier.issues.append(
                    RowIssue(
                        first, "", f"{source.row_number}行目と同じ{what}です。どちらか一方にしてください"
                    )
                )
                earlier.status = RowStatus.ERROR
        status = RowStatus.ERROR if issues or row is None else _status(row)
        rows.append(PreviewRow(source.row_number, status, row, issues))
    if progress is not None:
        progress.update(total, total, "確認しました")
    notes = [n for n in sheet.notes if not n.endswith("の列がないため、空欄として扱います")]
    targets = {r.data.target for r in rows if r.data is not None}
    notes += _absent_columns_note(present, targets)
    return ImportPreview(Path(path), sheet.sheet_name, rows, notes, sheet.header_row)


def _absent_columns_note(present: set[str], targets: set[str]) -> list[str]:
    """Say which fields the sheet leaves alone (the reader's generic note would say 空欄)."""
    irrelevant = (() if "organisation" in targets else ORGANISATION_ONLY) + (
        () if "person" in targets else PERSON_ONLY
    )
    absent = [f.label for f in FIELDS if f.key not in present and f.key not in irrelevant]
    if not absent:
        return []
    return [
        f"見出し『{'』『'.join(absent)}』の列がないため、登録済みの会員のその項目は変更しません（新規の会員は空欄）"
    ]


def _column_key(problem_field: str) -> str:
    # a record field → the sheet key whose column the problem belongs to
    return {"organisation_id": "organisation", "kind_id": "kind"}.get(problem_field, problem_field)


def _identity(row: MemberRow) -> tuple[str, str, int | None]:
    if isinstance(row.record, Organisation):
        return ("organisation", name_key(row.record.name), row.record.kind_id)
    return ("person", name_key(row.record.name), None)


def _status(row: MemberRow) -> RowStatus:
    if row.record.id is None:
        return RowStatus.NEW
    return RowStatus.UPDATE if row.changes else RowStatus.UNCHANGED


def _classify(
    values: dict[str, Any], present: set[str], people_sheet: bool, existing: _Existing
) -> tuple[MemberRow | None, list[Problem]]:
    """Normalise one row, find the record it matches and say what would change."""
    problems: list[Problem] = []
    kind_text = cell_text(values.get("kind"))
    as_person = is_person_kind(kind_text) or (not kind_text and people_sheet)
    not_applicable = ORGANISATION_ONLY if as_person else PERSON_ONLY
    for key in not_applicable:
        if values.get(key) is not None:
            who = "個人会員" if as_person else "構成団体"
            problems.append(Problem(key, f"{who}の行には入力できない項目です（空欄にしてください）"))
    typed = _typed_values(values, present, problems)
    if as_person:
        return _person_row(typed, values, existing, problems)
    return _organisation_row(typed, kind_text, existing, problems)


def _typed_values(values: dict[str, Any], present: set[str], problems: list[Problem]) -> dict[str, Any]:
    """Cell values → field values (only for columns the sheet has)."""
    converters: dict[str, Callable[[str, Any], Any]] = {
        "households": lambda k, v: check_count(k, "世帯数", v, problems),
        "member_count": lambda k, v: check_count(k, "会員数", v, problems),
        "joined_on": lambda k, v: check_date(k, v, problems),
        "left_on": lambda k, v: check_date(k, v, problems),
        "listing_consent": lambda k, v: check_yes_no(k, "名簿掲載の同意", v, problems),
    }
    typed: dict[str, Any] = {}
    for key in present - {"kind", "organisation"}:
        value = values.get(key)
        convert = converters.get(key)
        # text fields keep the raw cell: the services normalise (and turn numbers into digits)
        typed[key] = convert(key, value) if convert else cell_text(value) if key != "note" else _note(value)
    return typed


def _note(value: Any) -> str:
    # 備考 may hold line breaks; only the edges are trimmed (as the form does)
    return "" if value is None else cell_text(value) if not isinstance(value, str) else value.strip()


def _organisation_row(
    typed: dict[str, Any], kind_text: str, existing: _Existing, problems: list[Problem]
) -> tuple[MemberRow | None, list[Problem]]:
    kind = existing.kind_by_name.get(normalize_text(kind_text))
    if not kind_text:
        problems.append(Problem("kind", "区分を入力してください"))
    elif kind is None:
        known = "・".join(k.name for k in existing.kinds if not k.retired)
        problems.append(Problem("kind", f"区分「{kind_text}」は登録されていません（使える区分: {known}）"))
    current = existing.organisations.get((name_key(str(typed.get("name", ""))), kind.id)) if kind else None
    base = current or Organisation()
    own = _keep_stored_name(current, {k: v for k, v in typed.items() if k in orgs_service.STORED_FIELDS})
    candidate = replace(base, kind_id=kind.id if kind else None, **own)
    clean, found = organisation_problems(candidate, existing.kinds)
    problems += [p for p in found if p.field != "kind_id"]  # the 区分 message above says more
    if problems:
        return None, problems
    changes = _changes(current, clean, orgs_service.STORED_FIELDS, orgs_service.LABELS)
    return MemberRow("organisation", clean, changes), problems


def _person_row(
    typed: dict[str, Any], values: dict[str, Any], existing: _Existing, problems: list[Problem]
) -> tuple[MemberRow | None, list[Problem]]:
    matches = existing.people.get(name_key(str(typed.get("name", ""))), [])
    if len(matches) > 1:
        problems.append(
            Problem(
                "name",
                "同じ氏名の個人会員が名簿に複数いるため、どの人か決められません（画面から直してください）",
            )
        )
        return None, problems
    current = matches[0] if matches else None
    base = current or Member()
    if "organisation" in values:  # the sheet has a 所属団体 column
        org_text = cell_text(values.get("organisation"))
        ids = existing.organisation_ids_by_name.get(name_key(org_text), []) if org_text else []
        if org_text and not ids:
            problems.append(Problem("organisation", f"所属団体「{org_text}」は構成団体の名簿にありません"))
        elif len(ids) > 1:
            problems.append(Problem("organisation", f"所属団体「{org_text}」という団体が複数あります"))
        typed["organisation_id"] = ids[0] if len(ids) == 1 else None
    organisation_ids = {i for group in existing.organisation_ids_by_name.values() for i in group}
    own = _keep_stored_name(current, {k: v for k, v in typed.items() if k in people_service.STORED_FIELDS})
    clean, found = person_problems(replace(base, **own), organisation_ids)
    problems += found
    if problems:
        return None, problems
    changes = _changes(current, clean, people_service.STORED_FIELDS, people_service.LABELS)
    return MemberRow("person", clean, changes), problems


def _keep_stored_name(current: Any, values: dict[str, Any]) -> dict[str, Any]:
    # "上野原 自治会" matched "上野原自治会": a different spacing is not a change of name
    if current is not None:
        values["name"] = current.name
    return values


def _changes(current: Any, clean: Any, stored: list[str], labels: dict[str, str]) -> tuple[str, ...]:
    if current is None:
        return ()
    return tuple(labels[name] for name in stored if getattr(current, name) != getattr(clean, name))


def commit_member_import(db: Database, preview: ImportPreview) -> Result[str]:
    """Write every 新規 and 更新 row in one transaction; nothing at all when any row has an error."""
    if preview.has_errors:
        lines = preview.summary_lines(long_form=True)
        raise ValidationError([Problem("", "エラーがあるため取り込めません。何も変更していません。"),
                               *(Problem("", line) for line in lines[1:])])  # fmt: skip
    counts = preview.counts
    backup_before_change(db, REASON_IMPORT)
    with db.session.begin() as s:
        for row in preview.rows:
            if row.status not in (RowStatus.NEW, RowStatus.UPDATE):
                continue
            data: MemberRow = row.data
            model = MemberOrganisation if data.target == "organisation" else Person
            stored = (
                orgs_service.STORED_FIELDS if data.target == "organisation" else people_service.STORED_FIELDS
            )
            target = s.get(model, data.record.id) if data.record.id is not None else None
            if data.record.id is not None and target is None:
                raise ValidationError(
                    f"{row.row_number}行目「{data.record.name}」は確認の後で削除されました。もう一度読み込んでください"
                )
            if target is None:
                target = model()
                s.add(target)
            for name in stored:
                setattr(target, name, getattr(data.record, name))
        _check_unique_organisations(s)
    message = (
        f"取り込みました（新規 {counts[RowStatus.NEW]}件、更新 {counts[RowStatus.UPDATE]}件、"
        f"変更なし {counts[RowStatus.UNCHANGED]}件）"
    )
    return Result(message, Changes.of(ORGANISATIONS) | Changes.of(PEOPLE))  # many rows: the whole lists


def _check_unique_organisations(session) -> None:
    """A second window (or a second import) may have added the same organisation meanwhile."""
    seen: set[tuple[str, int]] = set()
    for name, kind_id in session.execute(select(MemberOrganisation.name, MemberOrganisation.kind_id)):
        key = (name_key(name), kind_id)
        if key in seen:
            raise ValidationError(
                f"構成団体「{name}」が二重になるため取り込めません。もう一度読み込んでください"
            )
        seen.add(key)
