"""Importing a 現金出納簿 sheet: the app's own ledger export, or a sheet with the headers 日付, 区分,
費目, 摘要, 相手先, 金額 (or 収入/支出), 証憑番号 in any order. Preview first; commit all or nothing.

An optional 事業 column links expense entries to the year's projects by name (blank = no link);
without the column, entries keep the links they have."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.domain.dates import parse_date
from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_text
from app.domain.money import parse_yen
from app.domain.validation import ValidationError
from app.importing import FieldSpec, ImportFileError, ImportPreview, PreviewRow, RowStatus
from app.services.accounts.common import (
    DIRECTION_LABELS,
    LABEL_DIRECTIONS,
    category_key,
    is_closed,
)
from app.services.accounts.ledger import EntryInput, add_entries_in, update_entry_in, validate_entry
from app.services.backups import REASON_IMPORT, backup_before_change
from app.services.changes import LEDGER, Changes, Result
from app.storage.database import Database
from app.storage.models import Category, LedgerEntry, Project

FIELDS = [
    FieldSpec("entry_date", "日付", ("年月日", "取引日", "月日"), required=True),
    FieldSpec("direction", "区分", ("収支区分", "収支", "入出金")),
    FieldSpec("category", "費目", ("科目", "勘定科目", "款項目"), required=True),
    FieldSpec("description", "摘要", ("内容", "適用")),
    FieldSpec("counterparty", "相手先", ("支払先", "取引先", "受取先", "支払先・受取先")),
    FieldSpec("amount", "金額"),
    FieldSpec("income", "収入", ("収入金額", "入金", "入金額")),
    FieldSpec("expense", "支出", ("支出金額", "出金", "出金額")),
    FieldSpec("voucher_no", "証憑番号", ("証憑No", "証憑no.", "伝票番号", "領収書番号")),
    FieldSpec("payment_method", "支払方法", ("方法", "決済方法")),
    FieldSpec("project", "事業", ("事業名", "関連事業")),
]
OPTIONAL = {"project"}  # not mentioned when absent: existing links are kept
# EntryInput field → sheet field, for naming the column of a problem found by the service
_FIELD_OF = {"entry_date": "entry_date", "direction": "direction", "category_id": "category",
             "amount": "amount", "description": "description", "counterparty": "counterparty",
             "voucher_no": "voucher_no", "payment_method": "payment_method", "project_id": "project"}


@dataclass(frozen=True)
class ImportedEntry:
    """What one row would write (shown in the preview), and the existing entry it updates."""

    entry_date: date | None
    direction: str
    category_name: str
    amount: int | None
    description: str
    counterparty: str
    voucher_no: int | None
    payment_method: str
    existing_id: int | None = None
    input: EntryInput | None = None
    project_name: str = ""

    @property
    def direction_label(self) -> str:
        return DIRECTION_LABELS.get(self.direction, "")

    @property
    def amount_text(self) -> str:
        return f"{self.amount:,}" if self.amount is not None else ""


def _voucher(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("証憑番号は1以上の整数で入力してください")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = normalize_text(value)
        if not text.isdigit():
            raise ValueError(f"「{value}」は証憑番号として読めません（1以上の整数）")
        value = int(text)
    if not isinstance(value, int) or value < 1:
        raise ValueError(f"「{value}」は証憑番号として読めません（1以上の整数）")
    return value


def preview_ledger_import(
    db: Database, path: str | Path, year: FiscalYear, *, sheet_name: str | None = None,
    settlement_period: bool = False, progress: Any = None,
) -> ImportPreview:
    """Read and check every row; nothing is written. `settlement_period` accepts April–May dates
    of the next calendar year as entries of `year` (出納整理期間) — only when the user says so."""
    from app.importing import read_sheet

    sheet = read_sheet(path, FIELDS, sheet_name)
    if "amount" not in sheet.columns and not ({"income", "expense"} & set(sheet.columns)):
        raise ImportFileError(
            f"ファイル『{Path(path).name}』シート『{sheet.sheet_name}』に金額の列がありません。"
            "見出し「金額」か「収入」「支出」の列を用意してください"
        )
    with db.session() as session:
        if is_closed(session, year):
            raise ValidationError(f"{year.label}は締められているため取り込めません。先に年度の締めを解除してください。")
        categories = list(session.scalars(select(Category)))
        by_key = {category_key(c.name): c for c in categories}
        by_id = {c.id: c for c in categories}
        existing = {e.voucher_no: e for e in session.scalars(select(LedgerEntry).where(LedgerEntry.year == year.year))}
        fingerprints = {_fingerprint(e.entry_date, e.direction, e.category_id, e.amount, e.description,
                                     e.counterparty): e for e in existing.values()}
        projects = _ProjectNames(session, year)
        seen_vouchers: dict[int, int] = {}
        rows: list[PreviewRow] = []
        total = len(sheet.rows)
        for n, source in enumerate(sheet.rows):
            if progress is not None and n % 500 == 0:
                progress.update(n, total, "行を確かめています")
            rows.append(_preview_row(session, year, sheet, source, by_key, by_id, existing, fingerprints,
                                     seen_vouchers, settlement_period, projects))
    return ImportPreview(Path(path), sheet.sheet_name, rows, _notes(sheet), sheet.header_row)


def _notes(sheet) -> list[str]:
    """The reader's notes, except that a missing 金額 column is normal when 収入/支出 are there
    (and the other way round): only headers that are really absent are mentioned."""
    alternatives = {"amount", "income", "expense"}
    has_amount = bool(alternatives & set(sheet.columns))
    absent = [f.label for f in FIELDS if f.key not in sheet.columns and f.key not in OPTIONAL
              and not (has_amount and f.key in alternatives)]
    notes = [n for n in sheet.notes if not n.startswith("見出し『")]
    if absent:
        notes.insert(0, f"見出し『{'』『'.join(absent)}』の列がないため、空欄として扱います")
    return notes


class _ProjectNames:
    """The year's projects by name, for the 事業 column (names compare whatever their width)."""

    def __init__(self, session, year: FiscalYear):
        self.year = year
        self.by_key: dict[str, list[Project]] = {}
        for p in session.scalars(select(Project).where(Project.year == year.year)):
            self.by_key.setdefault(category_key(p.name), []).append(p)
        self.names = {p.id: p.name for group in self.by_key.values() for p in group}

    def find(self, name: str) -> tuple[int | None, str | None]:
        """(project id, None), or (None, a Japanese message) when the name is unknown or ambiguous."""
        found = self.by_key.get(category_key(name), [])
        if len(found) == 1:
            return found[0].id, None
        if found:
            return None, f"事業「{name}」は{self.year.label}に{len(found)}件あります。事業名を変えて区別してください"
        return None, f"事業「{name}」は{self.year.label}の事業にありません（事業・会議で登録するか、空欄にしてください）"


def _fingerprint(d, direction, category_id, amount, description, counterparty) -> tuple:
    return (d, direction, category_id, amount, normalize_text(description), normalize_text(counterparty))


def _preview_row(session, year, sheet, source, by_key, by_id, existing, fingerprints, seen_vouchers,
                 settlement_period, projects: _ProjectNames) -> PreviewRow:
    v = source.values
    issues = list(source.issues)
    n = source.row_number

    def problem(key: str, message: str) -> None:
        issues.append(sheet.issue(n, key, message))

    entry_date = None
    if v.get("entry_date") is None:
        problem("entry_date", "日付が空です")
    else:
        try:
            entry_date = parse_date(v["entry_date"])
        except ValueError as exc:
            problem("entry_date", str(exc))
    category = None
    category_name = normalize_text(str(v.get("category") or ""))
    if not category_name:
        problem("category", "費目が空です")
    else:
        category = by_key.get(category_key(category_name))
        if category is None:
            problem("category", f"費目「{category_name}」は登録されていません（管理費の「費目」で登録してください）")
    direction = ""
    if v.get("direction") is not None:
        direction = LABEL_DIRECTIONS.get(normalize_text(str(v["direction"])), "")
        if not direction:
            problem("direction", f"区分「{v['direction']}」は収入か支出で入力してください")
    amount_value: Any = None
    amount_key = "amount"
    income, expense = v.get("income"), v.get("expense")
    if v.get("amount") is not None:
        amount_value = v["amount"]
    elif income is not None and expense is not None:
        problem("income", "収入と支出の両方に金額があります。1行に1件ずつ記入してください")
    elif income is not None or expense is not None:
        amount_key = "income" if income is not None else "expense"
        amount_value = income if income is not None else expense
        implied = "income" if income is not None else "expense"
        if direction and direction != implied:
            problem("direction", f"区分は{DIRECTION_LABELS[direction]}ですが、金額は{DIRECTION_LABELS[implied]}の列にあります")
        direction = direction or implied
    else:
        problem("amount", "金額が空です")
    if not direction and category is not None and not any(i.column_header == "区分" for i in issues):
        direction = category.kind  # no 区分 column: the category says it
    amount = None
    if amount_value is not None:
        try:
            amount = parse_yen(amount_value, allow_zero=False)
        except ValueError as exc:
            problem(amount_key, str(exc))
    voucher = None
    if v.get("voucher_no") is not None:
        try:
            voucher = _voucher(v["voucher_no"])
        except ValueError as exc:
            problem("voucher_no", str(exc))
        else:
            if voucher in seen_vouchers:
                problem("voucher_no", f"証憑番号 {voucher} が{seen_vouchers[voucher]}行目と重複しています")
            seen_vouchers.setdefault(voucher, n)
    match = existing.get(voucher) if voucher is not None else None
    project_given = "project" in sheet.columns
    project_id = match.project_id if match is not None and not project_given else None
    project_name = normalize_text(str(v.get("project") or ""))
    if project_name:
        project_id, message = projects.find(project_name)
        if message:
            problem("project", message)
    inp = EntryInput(
        entry_date, direction, category.id if category else None, amount if amount is not None else amount_value,
        description=str(v.get("description") or ""), counterparty=str(v.get("counterparty") or ""),
        voucher_no=voucher, payment_method=str(v.get("payment_method") or "現金"),
        settlement_period=settlement_period, project_id=project_id,
    )
    if category is not None and amount is not None and entry_date is not None and direction:
        values, found = validate_entry(session, year, inp, entry_id=match.id if match else None, categories=by_id,
                                       taken_vouchers=set())
        already_reported = {i.column_header for i in issues}
        for p in found:
            key = _FIELD_OF.get(p.field, "")
            if key == "amount":
                key = amount_key
            header = sheet.columns[key].header if key in sheet.columns else ""
            if header not in already_reported or not header:
                problem(key, p.message)
        if match is None and voucher is None:
            match = fingerprints.get(_fingerprint(entry_date, direction, category.id, amount,
                                                  values["description"], values["counterparty"]))
            if match is not None:
                inp = replace(inp, voucher_no=match.voucher_no,
                              project_id=inp.project_id if project_given else match.project_id)
        if category.retired and (match is None or match.category_id != category.id):
            problem("category", f"費目「{category.name}」は廃止されています")
    data = ImportedEntry(entry_date, direction, category.name if category else category_name,
                         amount, normalize_text(inp.description), normalize_text(inp.counterparty), inp.voucher_no,
                         normalize_text(inp.payment_method) or "現金", match.id if match else None, inp,
                         projects.names.get(inp.project_id, project_name))
    if issues:
        return PreviewRow(n, RowStatus.ERROR, data, issues)
    if match is None:
        return PreviewRow(n, RowStatus.NEW, data, [])
    same = (match.entry_date, match.direction, match.category_id, match.amount, match.description,
            match.counterparty, match.payment_method, match.project_id) == (
        entry_date, direction, category.id, amount, data.description, data.counterparty, data.payment_method,
        inp.project_id)
    return PreviewRow(n, RowStatus.UNCHANGED if same else RowStatus.UPDATE, data, [])


def commit_ledger_import(db: Database, year: FiscalYear, preview: ImportPreview) -> Result[str]:
    """Write every NEW and UPDATE row in one go, or nothing. Returns a Japanese summary."""
    if preview.has_errors:
        raise ValidationError("取り込めない行があるため、何も取り込んでいません:\n" + "\n".join(
            preview.summary_lines(long_form=True)[1:21]))
    new = [r.data.input for r in preview.rows if r.status is RowStatus.NEW]
    updates = [r.data for r in preview.rows if r.status is RowStatus.UPDATE]
    backup_before_change(db, REASON_IMPORT)
    with db.session.begin() as session:  # one transaction: every row or none
        for item in updates:
            update_entry_in(session, item.existing_id, item.input)
        if new:
            add_entries_in(session, year, new)
    counts = preview.counts
    message = (f"{year.label}の現金出納簿に取り込みました: 新規 {counts[RowStatus.NEW]}件、"
               f"更新 {counts[RowStatus.UPDATE]}件、変更なし {counts[RowStatus.UNCHANGED]}件")
    return Result(message, Changes.of(LEDGER))  # many rows: the whole cash book
