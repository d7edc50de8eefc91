"""Importing the 名簿 from Excel: the app's own export (round trip) or any sheet with the headers.

    preview = preview_member_import(db, path, sheet_name)   # nothing is written
    message = commit_member_import(db, preview)              # all rows or none

A row is a 構成団体, or a 個人会員 when its 区分 says 個人として参加する人 (or the sheet's name column
is headed 氏名 and there is no 区分). Organisations are matched on normalised 名称 + 区分, people on
normalised 氏名; each row is then 新規, 更新 (saying what changes) or 変更なし. A column the sheet does
not have leaves that field as it is in the database.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.contact import phone_problem
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
from app.importing import ImportPreview, PreviewRow, RowIssue, RowStatus
from app.importing.columns import parse_mapping
from app.importing.spec import normalise_header
from app.services.backups import REASON_IMPORT, backup_before_change
from app.services.changes import ORGANISATIONS, PEOPLE, Changes, Result
from app.services.members import organisations as orgs_service
from app.services.members import people as people_service
from app.services.members.common import copy_with
from app.services.members.furigana import suggest_furigana
from app.services.members.import_fields import (
    COMPOSED,
    FIELDS,
    PERSON_NAME_HEADERS,
    Composed,
    compose,
    composed_name,
    differ,
)
from app.services.members.kinds import Kind, list_member_kinds
from app.services.members.organisations import Organisation, organisation_problems
from app.services.members.people import Member, person_problems
from app.storage.database import Database
from app.storage.history import summarised_inserts
from app.storage.models import MemberOrganisation, Person

Distinguishing = tuple[str, str, str, str, str]  # Composed.distinguishing()
FLUSH_EVERY = 2000  # rows per flush of a commit
ORGANISATION_ONLY = ("representative", "representative_consent", "households", "member_count")
PERSON_ONLY = ("organisation", "email", "listing_consent")
# sheet key → the record's field (the rest are the same name)
_RECORD_FIELD = {"organisation": "organisation_id"}


class ProgressLike(Protocol):
    def update(self, done: int, total: int, text: str = "") -> None: ...


@dataclass(frozen=True, slots=True)
class MemberRow:
    """What one row would write. `record` is the full normalised Organisation or Member."""

    target: Literal["organisation", "person"]
    record: Organisation | Member
    changes: tuple[str, ...] = ()  # labels of the fields an update changes
    furigana_estimated: bool = False  # suggested by the program: staff should check it

    # attributes for the preview table (ImportDialog reads them by name)
    @property
    def kind_label(self) -> str:
        return self.record.kind_name if isinstance(self.record, Organisation) else "個人会員"

    @property
    def name(self) -> str:
        return self.record.name

    @property
    def furigana(self) -> str:
        return self.record.furigana_label  # 「（推定）」 when the program guessed it

    @property
    def left_text(self) -> str:
        left_on = getattr(self.record, "left_on", None)
        return f"退会 {left_on.isoformat()}" if left_on else ""

    @property
    def change_text(self) -> str:
        return "、".join(self.changes)


PREVIEW_COLUMNS = [
    ("kind_label", "区分"),
    ("name", "名称・氏名"),
    ("furigana", "ふりがな"),
    ("left_text", "退会"),
    ("change_text", "変わる項目"),
]


@dataclass
class _Existing:
    """The database as the importer needs it, loaded once (5,000 rows are matched in memory)."""

    kinds: list[Kind]
    kind_by_name: dict[str, Kind]
    organisations: dict[tuple[str, int | None], Organisation]  # (name key, kind id) → organisation
    organisation_ids_by_name: dict[str, list[int]]  # for 所属団体
    people: dict[str, list[Member]] = field(default_factory=dict)
    organisation_ids: frozenset[int] = frozenset()  # every organisation's id
    today: date = field(default_factory=date.today)  # every row's dates are checked against one day

    @classmethod
    def load(cls, db: Database) -> _Existing:
        kinds = list_member_kinds(db)
        organisations = orgs_service.list_organisations(db)
        by_name: dict[str, list[int]] = {}
        for o in organisations:
            if o.id is not None:  # listed from the database: every one is stored
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
            frozenset(i for ids in by_name.values() for i in ids),
        )


def preview_member_import(
    db: Database, path: str | Path, sheet_name: str | None = None, progress: ProgressLike | None = None,
    *, mapping: Sequence[str] | dict[str, str | None] | None = None, rest_to_note: bool = False,
) -> ImportPreview:
    """Read and check every row; nothing is written. `mapping`: 「見出し=項目」 pairs (command line)
    or normalised header → field key (window); without one, a mapping the user chose before for
    the same headers is used."""
    from app.importing import read_sheet
    from app.services.import_mappings import MEMBERS, remembered_mapping
    from app.services.settings import AREA_CODE, read_setting

    if mapping is not None and not isinstance(mapping, dict):
        mapping = parse_mapping(list(mapping), FIELDS) or None
    sheet = read_sheet(path, FIELDS, sheet_name, mapping or None, rest_to="note" if rest_to_note else None,
                       remembered=lambda signature: remembered_mapping(db, MEMBERS, signature))
    area_code = read_setting(db, AREA_CODE).strip()
    existing = _Existing.load(db)
    names = sheet.columns.get("name") or sheet.columns.get("family_name") or sheet.columns.get("given_name")
    name_header = normalise_header(names.header.split("／")[-1]) if names else ""
    people_sheet = "kind" not in sheet.columns and (
        name_header in PERSON_NAME_HEADERS or name_header.endswith(("氏名", "名前"))  # 会員氏名, mapped by the user
        or "family_name" in sheet.columns or "given_name" in sheet.columns)
    columns = set(sheet.columns)
    # Rows are composed twice (names first, then one by one) rather than all held at once, and what is
    # kept across rows is small: a 200,000-row sheet stays within memory.
    same_name: dict[str, int] = {}  # name key → how many rows carry it
    name_keys = [name_key(composed_name(source.values, columns)) for source in sheet.rows]
    for key in name_keys:
        same_name[key] = same_name.get(key, 0) + 1
    rows: list[PreviewRow] = []
    by_number: dict[int, PreviewRow] = {}
    seen: dict[tuple[str, str, int | None], list[tuple[int, Distinguishing]]] = {}
    present: set[str] = set()
    sources, sheet.rows = sheet.rows, []
    total = len(sources)
    for n in range(total):
        # a row's cells are let go once it is checked: the preview, not the sheet twice, is held
        source, sources[n] = sources[n], None  # type: ignore[call-overload]
        comp = compose(source.values, columns, area_code, sheet.text_only)
        present |= comp.present
        if progress is not None and n % 250 == 0:
            progress.update(n, total, f"{n:,} / {total:,} 行を確認しています")
        issues = list(source.issues)
        warnings = [sheet.issue(source.row_number, key, message) for key, message in comp.warnings]
        namesakes = same_name[name_keys[n]] > 1  # (composed_name gives the name compose() gives)
        row, problems = _classify(comp, people_sheet, existing, namesakes)
        issues += [sheet.issue(source.row_number, _column_key(p.field, sheet.columns), p.message) for p in problems]
        if row is not None and not problems and namesakes:  # (a name on one row only has no twin)
            _same_name(source.row_number, comp, _identity(row), seen, by_number, issues, warnings, row.target)
        status = RowStatus.ERROR if issues or row is None else _status(row)
        rows.append(preview_row := PreviewRow(source.row_number, status, row, issues, warnings))
        by_number[source.row_number] = preview_row
    if progress is not None:
        progress.update(total, total, "確認しました")
    notes = [n for n in sheet.notes if not n.endswith("の列がないため、空欄として扱います")]
    targets = {r.data.target for r in rows if r.data is not None}
    present = present if total else columns
    notes += _absent_columns_note(present, targets)
    estimated = sum(1 for r in rows if r.data is not None and r.data.furigana_estimated)
    if estimated:
        notes.append(f"ふりがなのない{estimated}件は読みを推定しました（「（推定）」の付いたものを確かめてください）")
    return ImportPreview.of_sheet(sheet, rows, notes, FIELDS)


def _same_name(row_number: int, comp: Composed, identity: tuple[str, str, int | None],
               seen: dict[tuple[str, str, int | None], list[tuple[int, Distinguishing]]],
               by_number: dict[int, PreviewRow], issues: list[RowIssue], warnings: list[RowIssue],
               target: str) -> None:
    """A second row with the same name (and 区分): two people when an address, phone, birth date or
    number differs (a warning on both); otherwise the same one twice (an error on both)."""
    earlier = seen.setdefault(identity, [])
    mine = comp.distinguishing()
    twins = [r for r, d in earlier if target == "organisation" or not differ(d, mine)]
    others = [r for r, _ in earlier]
    earlier.append((row_number, mine))
    if not others:
        return
    what = "個人会員" if target == "person" else "団体（名称・区分が同じ）"
    if twins:
        first = twins[0]
        issues.append(RowIssue(row_number, "", f"{first}行目と同じ{what}です。どちらか一方にしてください"))
        twin = by_number[first]
        twin.issues.append(RowIssue(first, "", f"{row_number}行目と同じ{what}です。どちらか一方にしてください"))
        twin.status = RowStatus.ERROR
        return
    message = "と同じ名前ですが、住所・電話などが違うため別の人として取り込みます"
    warnings.append(RowIssue(row_number, "", f"{'、'.join(f'{r}行目' for r in others)}{message}"))
    other = by_number[others[0]]
    if not any(w.message.endswith(message) for w in other.warnings):
        other.warnings.append(RowIssue(other.row_number, "", f"{row_number}行目{message}"))


def _absent_columns_note(present: set[str], targets: set[str]) -> list[str]:
    """Say which fields the sheet leaves alone (the reader's generic note would say 空欄)."""
    irrelevant = (() if "organisation" in targets else ORGANISATION_ONLY) + (
        () if "person" in targets else PERSON_ONLY
    )
    absent = [f.label for f in FIELDS if f.key not in present and f.key not in irrelevant
              and f.key not in COMPOSED and f.key != "kind"]
    if not absent:
        return []
    return [
        f"見出し『{'』『'.join(absent)}』の列がないため、登録済みの会員のその項目は変更しません（新規の会員は空欄）"
    ]


def _column_key(problem_field: str, columns: Collection[str]) -> str:
    """A record field → the sheet key whose column the problem belongs to: a field the sheet gives
    in parts (姓 + 名, 都道府県 + 町番地) points at its first part's column."""
    key = {"organisation_id": "organisation", "kind_id": "kind"}.get(problem_field, problem_field)
    if key not in columns:
        key = next((f.key for f in FIELDS if f.part_of == key and f.key in columns), key)
    return key


def _identity(row: MemberRow) -> tuple[str, str, int | None]:
    if isinstance(row.record, Organisation):
        return ("organisation", name_key(row.record.name), row.record.kind_id)
    return ("person", name_key(row.record.name), None)


def _status(row: MemberRow) -> RowStatus:
    if row.record.id is None:
        return RowStatus.NEW
    return RowStatus.UPDATE if row.changes else RowStatus.UNCHANGED


def _classify(
    comp: Composed, people_sheet: bool, existing: _Existing, has_namesakes: bool
) -> tuple[MemberRow | None, list[Problem]]:
    """Normalise one row, find the record it matches and say what would change."""
    values, present = comp.values, comp.present
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
        row, problems = _person_row(typed, values, existing, problems, comp if has_namesakes else None)
    else:
        row, problems = _organisation_row(typed, kind_text, existing, problems)
    problems = [Problem("phone", phone_problem(cell_text(values.get("phone")))) if p.field == "phone" else p
                for p in problems]  # say what is wrong with the number (a lost 0, no 市外局番)
    if row is not None and row.record.furigana_estimated and cell_text(values.get("furigana")):
        row = _with_changes(row, replace(row.record, furigana_estimated=False))  # the sheet gives it now
    if row is not None and not row.record.furigana and row.record.name:
        suggested = suggest_furigana(row.record.name)
        if suggested:
            # (on a stored member without a reading, written only when the row updates anyway)
            row = replace(row, record=replace(row.record, furigana=suggested, furigana_estimated=True),
                          furigana_estimated=True)
    return row, problems


def _with_changes(row: MemberRow, record: Organisation | Member) -> MemberRow:
    """`row` writing `record` instead, with the changed fields of an update said again."""
    labels = people_service.LABELS if isinstance(record, Member) else orgs_service.LABELS
    extra = tuple(label for name, label in labels.items()
                  if getattr(row.record, name) != getattr(record, name) and label not in row.changes)
    return replace(row, record=record, changes=row.changes + extra)


def _typed_values(values: dict[str, Any], present: set[str], problems: list[Problem]) -> dict[str, Any]:
    """Cell values → field values (only for columns the sheet has)."""
    typed: dict[str, Any] = {}
    for key in present - _NOT_TYPED:
        value = values.get(key)
        convert = _CONVERTERS.get(key)
        # text fields keep the raw cell: the services normalise (and turn numbers into digits)
        typed[key] = (convert(key, value, problems) if convert else value if key in _CHECKED_AS_CELLS
                      else cell_text(value) if key != "note" else _note(value))
    if typed.get("furigana", "") is None:  # an empty reading cell keeps the stored reading (or one is suggested)
        del typed["furigana"]
    return typed


_NOT_TYPED = frozenset({"kind", "organisation"})
# the record's checks take these as cells (check_name, check_furigana, check_contact apply cell_text)
_CHECKED_AS_CELLS = frozenset({"name", "furigana", "phone", "postal_code", "email"})
_CONVERTERS: dict[str, Callable[[str, Any, list[Problem]], Any]] = {
    "households": lambda k, v, problems: check_count(k, "世帯数", v, problems),
    "member_count": lambda k, v, problems: check_count(k, "会員数", v, problems),
    "joined_on": check_date,
    "left_on": check_date,
    "listing_consent": lambda k, v, problems: check_yes_no(k, "名簿掲載の同意", v, problems),
    "representative_consent": lambda k, v, problems: check_yes_no(k, "代表者名の公表の同意", v, problems),
}


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
    current = existing.organisations.get((name_key(cell_text(typed.get("name"))), kind.id)) if kind else None
    own = _keep_stored_name(current, {k: v for k, v in typed.items() if k in _ORGANISATION_STORED})
    kind_id = kind.id if kind else None
    own["kind_id"] = kind_id
    clean, found = organisation_problems(copy_with(current or _NEW_ORGANISATION, own), existing.kinds, existing.today)
    problems += [p for p in found if p.field != "kind_id"]  # the 区分 message above says more
    if problems:
        return None, problems
    changes = _changes(current, clean, orgs_service.STORED_FIELDS, orgs_service.LABELS)
    return MemberRow("organisation", clean, changes), problems


def _person_row(
    typed: dict[str, Any], values: dict[str, Any], existing: _Existing, problems: list[Problem],
    namesake: Composed | None = None,
) -> tuple[MemberRow | None, list[Problem]]:
    matches = existing.people.get(name_key(cell_text(typed.get("name"))), [])
    if namesake is not None or len(matches) > 1:  # which of the people with this name is it?
        mine = namesake.distinguishing() if namesake is not None else None
        if mine is None:
            mine = Composed(values, set()).distinguishing()
        matches = [m for m in matches if not differ(_stored_details(m), mine)]
    if len(matches) > 1:
        problems.append(
            Problem(
                "name",
                "同じ氏名の個人会員が名簿に複数いるため、どの人か決められません（画面から直してください）",
            )
        )
        return None, problems
    current = matches[0] if matches else None
    if "organisation" in values:  # the sheet has a 所属団体 column
        org_text = cell_text(values.get("organisation"))
        ids = existing.organisation_ids_by_name.get(name_key(org_text), []) if org_text else []
        if org_text and not ids:
            problems.append(Problem("organisation", f"所属団体「{org_text}」は構成団体の名簿にありません"))
        elif len(ids) > 1:
            problems.append(Problem("organisation", f"所属団体「{org_text}」という団体が複数あります"))
        typed["organisation_id"] = ids[0] if len(ids) == 1 else None
    own = _keep_stored_name(current, {k: v for k, v in typed.items() if k in _PERSON_STORED})
    # (copy_with, not dataclasses.replace: that cost as much as the checks of a row)
    clean, found = person_problems(copy_with(current or _NEW_MEMBER, own), existing.organisation_ids,
                                   existing.today)
    problems += found
    if problems:
        return None, problems
    changes = _changes(current, clean, people_service.STORED_FIELDS, people_service.LABELS)
    return MemberRow("person", clean, changes), problems


_NEW_MEMBER, _NEW_ORGANISATION = Member(), Organisation()
_PERSON_STORED = frozenset(people_service.STORED_FIELDS)
_ORGANISATION_STORED = frozenset(orgs_service.STORED_FIELDS)


def _stored_details(m: Member) -> tuple[str, str, str, str, str]:
    digits = "".join(ch for ch in m.phone if ch.isdigit())
    return (name_key(m.address), digits, m.postal_code.replace("-", ""), "", "")


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
    with db.session.begin() as s, summarised_inserts(s, f"名簿の取り込み（{preview.file.name}）"):
        for n, row in enumerate(preview.rows, 1):
            if n % FLUSH_EVERY == 0:  # written in steps (one transaction still): memory stays bounded
                s.flush()
                s.expunge_all()
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


def _check_unique_organisations(session: Session) -> None:
    """A second window (or a second import) may have added the same organisation meanwhile."""
    seen: set[tuple[str, int]] = set()
    for name, kind_id in session.execute(select(MemberOrganisation.name, MemberOrganisation.kind_id)):
        key = (name_key(name), kind_id)
        if key in seen:
            raise ValidationError(
                f"構成団体「{name}」が二重になるため取り込めません。もう一度読み込んでください"
            )
        seen.add(key)
