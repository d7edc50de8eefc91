"""Importing a 現金出納簿 sheet: the app's own ledger export, or a sheet with the headers 日付, 区分,
費目, 摘要, 相手先, 金額 (or 収入/支出), 証憑番号 in any order. Preview first; commit all or nothing.

An optional 事業 column links expense entries to the year's projects by name (blank = no link);
without the column, entries keep the links they have.

会計・口座: the sheet is the book of one 口座 (`account_id`, default the 会計's 現金). A row whose 費目
is the name of another 口座 of the same 会計 (現金 on the ゆうちょ sheet) is a transfer; when the other
sheet was imported first the transfer is already there, and the row says 振替（対応済み） instead of
doubling it. A first row that holds only a balance (or says 前年度繰越) is the 口座's opening
balance: in the database's first year it is written as its 前年度繰越金; in later years it is
compared with the balance carried by closing (a difference is a warning, never an entry)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.bookkeeping import check_entry_date
from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_text
from app.domain.money import parse_yen
from app.domain.validation import ValidationError
from app.importing import ImportFileError, ImportPreview, PreviewRow, RowIssue, RowStatus
from app.importing.columns import MappingError, parse_mapping
from app.importing.sheet_reader import SheetData
from app.services.accounts.books import ledger_title_in, resolve_account, write_opening_balance
from app.services.accounts.categories import first_root
from app.services.accounts.common import (
    CARRY_FORWARD,
    DIRECTION_LABELS,
    ENTRY_KIND_LABELS,
    EXPENSE,
    INCOME,
    LABEL_DIRECTIONS,
    REFUND,
    REFUND_LABELS,
    TRANSFER,
    category_key,
    is_closed,
)
from app.services.accounts.ledger import (
    EntryInput,
    booked_on_category,
    import_entries_in,
    refund_excess,
    update_entry_in,
    validate_entry,
)
from app.services.accounts.ledger_sheet import (
    FIELDS,
    OPTIONAL,
    carried_row,
    is_closing,
    opening_amount,
    read_entry_date,
)
from app.services.accounts.transfers import TransferInput, add_transfer_in
from app.services.backups import REASON_IMPORT, backup_before_change
from app.services.changes import LEDGER, Changes, Result
from app.services.import_mappings import LEDGER as LEDGER_MAPPINGS
from app.services.import_mappings import remembered_mapping
from app.storage.database import Database
from app.storage.history import summarised_inserts
from app.storage.models import Category, LedgerEntry, MoneyAccount, Project, Transfer

if TYPE_CHECKING:
    from app.importing import SheetData, SourceRow

# what finds an entry again when its row has no 証憑番号: date, side, 費目, amount, 摘要, 相手先
_Fingerprint = tuple[date | None, str, int | None, int | None, str, str]

# EntryInput field → sheet field, for naming the column of a problem found by the service
_FIELD_OF = {"entry_date": "entry_date", "direction": "direction", "category_id": "category",
             "amount": "amount", "description": "description", "counterparty": "counterparty",
             "voucher_no": "voucher_no", "payment_method": "payment_method", "project_id": "project"}


@dataclass(frozen=True, slots=True)  # one per row of the sheet: kept small
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
    new_category: str = ""  # a 費目 --add-categories creates (of this entry's side) on commit
    transfer: TransferInput | None = None  # a transfer to/from another 口座 (its name in category_name)
    remark: str = ""  # 振替（対応済み） … shown in the preview
    amount_key: str = "amount"  # the sheet field holding the amount (金額, 収入 or 支出)

    @property
    def direction_label(self) -> str:
        if self.transfer is not None:  # 振替入 / 振替出, as the cash book shows its halves
            return ENTRY_KIND_LABELS.get((TRANSFER, self.direction), "")
        if self.input is not None and self.input.kind == REFUND:
            return ENTRY_KIND_LABELS.get((REFUND, self.direction), "")
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
    settlement_period: bool = False, progress: Any = None, mapping: Any = None,
    category_map: dict[str, str] | None = None, add_categories: bool | Collection[str] = False,
    book_id: int | None = None, account_id: int | None = None,
) -> ImportPreview:
    """Read and check every row; nothing is written. `settlement_period` accepts April–May dates
    of the next calendar year as entries of `year` (出納整理期間) — only when the user says so.
    `category_map`: 費目 as the sheet writes it → a registered 費目; `add_categories`: 費目 not
    registered are created (of the row's side) on commit instead of being errors — all of them
    (True) or those named (the window's choice per 費目). preview.extra["unknown_categories"]
    lists the 費目 not registered with their number of rows."""
    from app.importing import read_sheet

    if mapping is not None and not isinstance(mapping, dict):
        mapping = parse_mapping(list(mapping), FIELDS) or None
    sheet = read_sheet(path, FIELDS, sheet_name, mapping or None,
                       remembered=lambda signature: remembered_mapping(db, LEDGER_MAPPINGS, signature))
    if "amount" not in sheet.columns and not ({"income", "expense"} & set(sheet.columns)):
        raise _no_amount_column(Path(path), sheet)
    with db.session() as session:
        account = resolve_account(session, book_id, account_id)
        if is_closed(session, year, account.book_id):
            raise ValidationError(f"{year.label}は締められているため取り込めません。先に年度の締めを解除してください。")
        categories = list(session.scalars(select(Category).where(Category.book_id == account.book_id)))
        by_key = {category_key(c.name): c for c in categories if not c.heading}
        short = _short_names(by_key)
        by_key = {**short, **by_key}
        shortened: Counter[str] = Counter()  # rows whose 費目 was found by its short name
        by_id = {c.id: c for c in categories}
        year_entries = list(session.scalars(select(LedgerEntry).where(LedgerEntry.year == year.year)))
        existing = {e.voucher_no: e for e in year_entries if e.account_id == account.id and e.kind != TRANSFER}
        elsewhere = {e.voucher_no for e in year_entries if e.voucher_no not in existing}
        books = _AccountBook(session, year, account)
        for source_name, target in (category_map or {}).items():
            found = by_key.get(category_key(target))
            if found is None:  # a usage error (exit 2), as a --map to a field that does not exist
                names = "、".join(c.name for c in categories if not c.heading and not c.retired)
                raise MappingError(f"--category「{source_name}={target}」: 費目「{target}」は登録されていません"
                                   f"（登録済みの費目: {names}）")
            by_key[category_key(source_name)] = found
        fingerprints = {_fingerprint(e.entry_date, e.direction, e.category_id, e.amount, e.description,
                                     e.counterparty): e for e in existing.values()}
        projects = _ProjectNames(session, year)
        seen_vouchers: dict[int, int] = {}
        rows: list[PreviewRow] = []
        sources, sheet.rows = sheet.rows, []
        total = len(sources)
        opening: tuple[int, int] | None = None  # (row, amount)
        sheet_categories: set[str] = set()  # (keys) what the sheet writes as 費目
        for n in range(total):
            # a row's cells are let go once it is checked: the preview, not the sheet twice, is held
            source, sources[n] = sources[n], None  # type: ignore[call-overload]
            if progress is not None and n % 500 == 0:
                progress.update(n, total, "行を確かめています")
            closing = is_closing(source.values)
            if closing:
                sheet.skipped.append((source.row_number, f"{closing}の行（締めの行は取り込みません）"))
                continue
            name = normalize_text(str(source.values.get("category") or ""))
            sheet_categories.add(category_key(name))
            registered = category_key(name) in by_key
            if registered and by_key[category_key(name)] is short.get(category_key(name)):
                shortened[name] += 1
            amount = opening_amount(source.values, registered, first_row=not rows and opening is None)
            if amount is not None and opening is None:
                opening = (source.row_number, amount)
                sheet.skipped.append((source.row_number, "開始残高（前年度繰越）の行"))
                continue
            if carried_row(source.values, registered):
                sheet.skipped.append((source.row_number, "繰越の行（前月繰越など。記帳にしません）"))
                continue
            other = books.other_account(name) if not registered else None
            if other is not None:
                rows.append(books.transfer_row(sheet, source, other, settlement_period))
                continue
            values = source.values
            if values.get("voucher_no") is not None and _same_voucher_elsewhere(values["voucher_no"], elsewhere):
                values = {**values, "voucher_no": None}  # that number belongs to another 口座's entry
                books.renumbered += 1
            rows.append(_preview_row(session, year, sheet, replace(source, values=values), by_key, by_id, existing,
                                     fingerprints, seen_vouchers, settlement_period, projects, add_categories,
                                     account.id))
        notes = _notes(sheet)
        extra: dict[str, Any] = {"account_id": account.id}
        if opening is not None:
            note, warning, opening_extra = _opening(session, year, account, bool(books.others), *opening)
            extra.update(opening_extra)
            notes.insert(0, note)
            if warning is not None:
                rows.insert(0, PreviewRow(opening[0], RowStatus.UNCHANGED, None, [], [warning])) if not rows else \
                    rows[0].warnings.append(warning)
        _warn_of_large_refunds(session, year, sheet, rows, by_id)
    unknown = _unknown_categories(rows)
    notes += [f"費目「{name}」（{count}件）は登録済みの「{short[category_key(name)].name}」として取り込みます"
              for name, count in shortened.items()]
    notes += books.notes() + _refund_notes(rows) + _unknown_category_notes(unknown, add_categories)
    notes += _unused_category_map_notes(category_map or {}, sheet_categories, sheet.sheet_name)
    preview = ImportPreview.of_sheet(sheet, rows, notes, FIELDS)
    preview.extra.update(extra, unknown_categories=unknown.most_common())
    return preview


def _short_names(by_key: dict[str, Category]) -> dict[str, Category]:
    """A registered 費目 by its name without the explanation in brackets (指定管理料 for
    「指定管理料（市からの管理費）」, 委託料 for 「委託料（清掃・警備・保守点検）」), as treasurers write it:
    only when no other 費目 has that name or that short name."""
    found: dict[str, list[Category]] = {}
    for key, category in by_key.items():
        short = _EXPLANATION.sub("", key)
        if short and short != key and short not in by_key:
            found.setdefault(short, []).append(category)
    return {short: categories[0] for short, categories in found.items() if len(categories) == 1}


_EXPLANATION = re.compile(r"\([^()]*\)$")  # (category_key has made the brackets ASCII)


def _warn_of_large_refunds(session: Session, year: FiscalYear, sheet: SheetData, rows: list[PreviewRow],
                           by_id: dict[int, Category]) -> None:
    """A 戻入 larger than what its 費目 holds on its date — the books' entries and the file's own
    rows before it (as they will be after the import) — is a warning naming the cell, as in the
    window's 記帳 (ledger.refund_warning): maybe the purchase is in last year's books, maybe the
    amount or the 費目 is wrong."""
    written = [r for r in rows if r.status in (RowStatus.NEW, RowStatus.UPDATE) and r.data.transfer is None
               and r.data.input is not None and r.data.input.category_id is not None]
    refunds = [r for r in written if r.data.input.kind == REFUND]
    if not refunds:
        return
    replaced = {r.data.existing_id for r in written if r.data.existing_id is not None}
    # per 費目, the file's amounts in date order with running totals: the total to a day is one bisect
    by_category: dict[int, list[tuple[date, int]]] = {}
    for r in written:
        signed = -r.data.amount if r.data.input.kind == REFUND else r.data.amount
        by_category.setdefault(r.data.input.category_id, []).append((r.data.entry_date, signed))
    running: dict[int, tuple[list[date], list[int]]] = {}
    for category_id, amounts in by_category.items():
        amounts.sort(key=lambda pair: pair[0])
        running[category_id] = ([d for d, _ in amounts], list(accumulate(a for _, a in amounts)))
    for refund in refunds:
        day, category_id = refund.data.entry_date, refund.data.input.category_id
        days, totals = running[category_id]
        in_file = totals[bisect_right(days, day) - 1] + refund.data.amount  # without the refund itself
        so_far = booked_on_category(session, year, category_id, day, replaced) + in_file
        message = refund_excess(by_id[category_id], refund.data.amount, day, so_far)
        if message:
            refund.warnings.append(sheet.issue(refund.row_number, refund.data.amount_key, message))


def _refund_notes(rows: list[PreviewRow]) -> list[str]:
    """The rows recorded as 戻入/戻出 (△ or a negative amount, or so written in 区分), named."""
    refunds = [r for r in rows if r.status is not RowStatus.ERROR and r.data is not None
               and r.data.input is not None and r.data.input.kind == REFUND]
    if not refunds:
        return []
    shown = "、".join(f"{r.row_number}行目 {r.data.category_name}の{r.data.direction_label} {r.data.amount_text}円"
                     for r in refunds[:10]) + ("…" if len(refunds) > 10 else "")
    return [f"戻入・戻出として記帳する行: {len(refunds)}行（{shown}）。その費目の決算額から差し引きます"]


def _no_amount_column(path: Path, sheet: Any) -> ImportFileError:
    """No column the headers say is 金額/収入/支出: name the columns there are and how to say which
    holds the amount. The window shows them in its column table to choose from (as for a 名簿
    whose required column is missing)."""
    found = "、".join(c.shown for c in sheet.source_columns if c.header or c.has_data) or "（なし）"
    error = ImportFileError(
        f"ファイル『{path.name}』シート『{sheet.sheet_name}』の{sheet.header_row}行目の見出しに金額の列が"
        f"見つかりません。このシートの列: {found}。見出しを「金額」か「収入」「支出」に直すか、"
        "金額の列を --map で指定してください（例: --map \"支払額=支出\"、--map \"入金額=収入\"、"
        "--map \"金額（円）=金額\"）。画面の取り込みでは、列の対応の表で選べます"
    )
    error.columns, error.signature = sheet.source_columns, sheet.signature
    return error


def _creates(add_categories: bool | Collection[str], name: str) -> bool:
    """Is the 費目 `name` (not registered) to be created?"""
    return add_categories if isinstance(add_categories, bool) else name in add_categories


def _opening(session: Session, year: FiscalYear, account: MoneyAccount, several: bool, row: int,
             amount: int) -> tuple[str, RowIssue | None, dict[str, Any]]:
    """An opening row sets the 口座's opening balance in the database's first year; later it is
    checked against the balance carried forward into that 口座."""
    carried = session.scalars(select(LedgerEntry).where(LedgerEntry.year == year.year,
                                                        LedgerEntry.source == CARRY_FORWARD,
                                                        LedgerEntry.account_id == account.id)).first()
    earlier = session.scalar(select(LedgerEntry.id).where(LedgerEntry.year < year.year).limit(1))
    if carried is None and earlier is None:
        where = f"口座「{account.name}」の" if several else ""
        return (f"{where}開始残高（前年度繰越金）{amount:,}円を{year.label}の最初に記録します（{row}行目）", None,
                {"opening_balance": amount})
    have = carried.amount if carried is not None else 0
    if have == amount:
        return f"{row}行目の前年度繰越 {amount:,}円は記録済みの繰越金と一致します（取り込みません）", None, {}
    warning = RowIssue(row, "", f"前年度繰越 {amount:,}円が、口座「{account.name}」に記録済みの繰越金 {have:,}円と"
                                "違います（取り込みません。前年度の記帳を確かめてください）")
    return f"{row}行目の前年度繰越は取り込みません", warning, {}


def _unknown_categories(rows: list[PreviewRow]) -> Counter[str]:
    """Every 費目 the year's list does not have (to be created or not), with its number of rows."""
    return Counter(r.data.new_category or r.data.category_name for r in rows
                   if r.data is not None and (r.data.new_category or any(i.message.startswith(
                       f"費目「{r.data.category_name}」は登録されていません") for i in r.issues)))


def _unknown_category_notes(unknown: Counter[str], add_categories: bool | Collection[str]) -> list[str]:
    created = [(name, count) for name, count in unknown.most_common() if _creates(add_categories, name)]
    missing = [(name, count) for name, count in unknown.most_common() if not _creates(add_categories, name)]
    notes = [f"新しく作る費目: {_listed(created)}"] if created else []
    if missing:
        notes.append(f"登録されていない費目: {_listed(missing)}。--category \"元の名前=費目\" で登録済みの費目に"
                     "当てるか、--add-categories で新しい費目として作ってください")
    return notes


def _unused_category_map_notes(category_map: dict[str, str], written: set[str], sheet_name: str) -> list[str]:
    """A 元の名前 the sheet never writes (a typo would otherwise go unseen). Not an error: one list of
    --category kept for every month's file meets months without some 費目."""
    absent = [source for source in category_map if category_key(source) not in written]
    if not absent:
        return []
    return [f"--category の元の名前「{'」「'.join(absent)}」は、シート『{sheet_name}』の費目の列にありません"
            "（使いませんでした。書き間違いがないか確かめてください）"]


def _listed(names: list[tuple[str, int]]) -> str:
    return "、".join(f"{name}（{count}件）" for name, count in names)


def _same_voucher_elsewhere(value: Any, elsewhere: set[int]) -> bool:
    try:
        return _voucher(value) in elsewhere
    except ValueError:
        return False


class _AccountBook:
    """What the import of one 口座's sheet needs to know about the other 口座 and the transfers."""

    def __init__(self, session: Session, year: FiscalYear, account: MoneyAccount):
        self.year = year
        self.account = account
        self.renumbered = 0
        self.reversed: list[int] = []  # rows of transfers written with a minus (booked the other way)
        self.matched: list[int] = []  # rows of transfers already in the books (from the other sheet)
        siblings = session.scalars(select(MoneyAccount).where(MoneyAccount.book_id == account.book_id,
                                                              MoneyAccount.id != account.id))
        self.others = {category_key(a.name): a for a in siblings}
        # transfers already in the books, each matched at most once: (date, amount, from, to) → count
        # (a row's date or amount may be unreadable: None, matching none)
        self.transfers: dict[tuple[date | None, int | None, int, int], int] = {}
        for t in session.scalars(select(Transfer).where(Transfer.year == year.year)):
            key = (t.on_date, t.amount, t.from_account_id, t.to_account_id)
            self.transfers[key] = self.transfers.get(key, 0) + 1

    def other_account(self, name: str) -> MoneyAccount | None:
        return self.others.get(category_key(name)) if name else None

    def transfer_row(self, sheet: SheetData, source: SourceRow, other: MoneyAccount, settlement_period: bool) -> PreviewRow:
        v = source.values
        n = source.row_number
        balance = sheet.columns.get("balance")  # only read, as on any row
        issues = [i for i in source.issues if balance is None or i.column != balance.letter]
        entry_date = None
        try:
            entry_date = read_entry_date(v, self.year)
        except ValueError as exc:
            issues.append(sheet.issue(n, "entry_date" if "entry_date" in sheet.columns else "month", str(exc)))
        direction, key, raw = "", "amount", v.get("amount")
        if v.get("direction") is not None:
            direction = LABEL_DIRECTIONS.get(normalize_text(str(v["direction"])), "")
        if raw is None:
            for column, implied in (("income", INCOME), ("expense", EXPENSE)):
                if v.get(column) is not None:
                    key, raw, direction = column, v[column], direction or implied
        amount = None
        reversed_ = False
        try:
            amount = parse_yen(raw, allow_zero=False)
        except ValueError as exc:
            # △50,000 in 出金 with 費目 普通預金: the money came back the other way (an office
            # correcting a 預け入れ, or writing an 引き出し as a negative 預け入れ) — a 振替 the other way
            amount = _negative_amount(raw)
            reversed_ = amount is not None
            if amount is None:
                issues.append(sheet.issue(n, key, str(exc)))
        if not direction:
            issues.append(sheet.issue(n, "direction", "振替の行は収入（入金）か支出（出金）かを区分で示してください"))
        elif reversed_:
            direction = _OTHER_SIDE[direction]
            self.reversed.append(n)
        out = direction == EXPENSE
        source_id, target_id = (self.account.id, other.id) if out else (other.id, self.account.id)
        inp = TransferInput(entry_date, source_id, target_id, amount,
                            normalize_text(str(v.get("description") or "")), settlement_period)
        if entry_date is not None:
            message = check_entry_date(self.year, entry_date, settlement_period)
            if message:
                issues.append(sheet.issue(n, "entry_date", message))
        data = ImportedEntry(entry_date, direction, other.name, amount, inp.description, "", None, "",
                             transfer=inp, remark="振替（逆向き）" if reversed_ else "振替", amount_key=key)
        if issues:
            return PreviewRow(n, RowStatus.ERROR, data, issues)
        match = (entry_date, amount, source_id, target_id)
        if self.transfers.get(match, 0) > 0:
            self.transfers[match] -= 1
            self.matched.append(n)
            return PreviewRow(n, RowStatus.UNCHANGED, replace(data, remark="振替（対応済み）"))
        return PreviewRow(n, RowStatus.NEW, data)

    def notes(self) -> list[str]:
        notes: list[str] = []
        if self.matched:
            rows = "・".join(str(n) for n in self.matched[:10]) + ("…" if len(self.matched) > 10 else "")
            notes.append(f"振替（対応済み）: {len(self.matched)}行（{rows}行目）は別の口座の取り込みで記帳済みのため、"
                         "二重には記帳しません")
        if self.reversed:
            rows = "・".join(str(n) for n in self.reversed[:10]) + ("…" if len(self.reversed) > 10 else "")
            notes.append(f"負の金額の振替: {len(self.reversed)}行（{rows}行目）は逆向きの振替として記帳します"
                         f"（口座「{self.account.name}」の出金の列の△は入金、入金の列の△は出金）")
        if self.renumbered:
            notes.append(f"証憑番号が別の口座の記帳と重なる行が{self.renumbered}行あるため、新しい番号を振ります")
        return notes


def _notes(sheet: SheetData) -> list[str]:
    """The reader's notes, except that a missing 金額 column is normal when 収入/支出 are there
    (and the other way round): only headers that are really absent are mentioned."""
    alternatives = {"amount", "income", "expense"}
    has_amount = bool(alternatives & set(sheet.columns))
    has_date = bool({"entry_date", "month"} & set(sheet.columns))
    absent = [f.label for f in FIELDS if f.key not in sheet.columns and f.key not in OPTIONAL
              and not (has_amount and f.key in alternatives) and not (has_date and f.key == "entry_date")]
    notes = [n for n in sheet.notes if not n.startswith("見出し『")]
    if absent:
        notes.insert(0, f"見出し『{'』『'.join(absent)}』の列がないため、空欄として扱います")
    return notes


class _ProjectNames:
    """The year's projects by name, for the 事業 column (names compare whatever their width)."""

    def __init__(self, session: Session, year: FiscalYear):
        self.year = year
        self.by_key: dict[str, list[Project]] = {}
        for p in session.scalars(select(Project).where(Project.year == year.year)):
            self.by_key.setdefault(category_key(p.name), []).append(p)
        # (keyed `int | None`: an entry without a 事業 looks up None and gets the name as typed)
        self.names: dict[int | None, str] = {p.id: p.name for group in self.by_key.values() for p in group}

    def find(self, name: str) -> tuple[int | None, str | None]:
        """(project id, None), or (None, a Japanese message) when the name is unknown or ambiguous."""
        found = self.by_key.get(category_key(name), [])
        if len(found) == 1:
            return found[0].id, None
        if found:
            return None, f"事業「{name}」は{self.year.label}に{len(found)}件あります。事業名を変えて区別してください"
        return None, f"事業「{name}」は{self.year.label}の事業にありません（事業・会議で登録するか、空欄にしてください）"


def _fingerprint(d: date | None, direction: str, category_id: int | None, amount: int | None, description: str,
                 counterparty: str) -> _Fingerprint:
    return (d, direction, category_id, amount, normalize_text(description), normalize_text(counterparty))


def _preview_row(session: Session, year: FiscalYear, sheet: SheetData, source: SourceRow,
                 by_key: dict[str, Category], by_id: dict[int, Category], existing: dict[int, LedgerEntry],
                 fingerprints: dict[_Fingerprint, LedgerEntry], seen_vouchers: dict[int, int],
                 settlement_period: bool, projects: _ProjectNames,
                 add_categories: bool | Collection[str] = False, account_id: int | None = None) -> PreviewRow:
    v = source.values
    balance = sheet.columns.get("balance")
    # 残高 is only read (a formula there without a saved result is no reason to refuse the row)
    issues = [i for i in source.issues if balance is None or i.column != balance.letter]
    n = source.row_number

    def problem(key: str, message: str) -> None:
        issues.append(sheet.issue(n, key, message))

    entry_date = None
    date_key = "entry_date" if "entry_date" in sheet.columns else "month"
    try:
        entry_date = read_entry_date(v, year)
    except ValueError as exc:
        problem(date_key, str(exc))
    category = None
    category_name = normalize_text(str(v.get("category") or ""))
    if not category_name:
        problem("category", "費目が空です")
    else:
        category = by_key.get(category_key(category_name))
        if category is None and not _creates(add_categories, category_name):
            problem("category", f"費目「{category_name}」は登録されていません（管理費の「費目」で登録してください）")
    direction = ""
    refund = v.get("direction") is not None and normalize_text(str(v["direction"])) in REFUND_LABELS
    if v.get("direction") is not None:
        direction = LABEL_DIRECTIONS.get(normalize_text(str(v["direction"])), "")
        if not direction:
            problem("direction", f"区分「{v['direction']}」は収入か支出で入力してください")
    amount_value: Any = None
    amount_key = "amount"
    written_side = ""  # the side whose column (収入/支出) holds the amount
    income, expense = v.get("income"), v.get("expense")
    if v.get("amount") is not None:
        amount_value = v["amount"]
    elif income is not None and expense is not None:
        problem("income", "収入と支出の両方に金額があります。1行に1件ずつ記入してください")
    elif income is not None or expense is not None:
        amount_key = "income" if income is not None else "expense"
        amount_value = income if income is not None else expense
        written_side = INCOME if income is not None else EXPENSE
    else:
        problem("amount", "金額が空です")
    amount = None
    negative = False
    if amount_value is not None:
        try:
            amount = parse_yen(amount_value, allow_zero=False)
        except ValueError as exc:
            amount = _negative_amount(amount_value)
            negative = amount is not None
            if amount is None:
                problem(amount_key, str(exc))
    # △500 (or -500) is money going back the other way: in the 支出 column (or as a 支出) a 戻入,
    # in the 収入 column a 戻出. A 区分 of 戻入/戻出 says it already, whatever the column or sign.
    side = written_side or direction
    if written_side and direction and not refund and direction != written_side:
        problem("direction", f"区分は{DIRECTION_LABELS[direction]}ですが、金額は{DIRECTION_LABELS[written_side]}の列にあります")
    elif not refund:
        direction = side
    if not direction and category is not None and not any(i.column_header == "区分" for i in issues):
        side = direction = category.kind  # no 区分 column: the category says it
    from_sign = negative and not refund and bool(direction)
    if from_sign:
        refund, direction = True, _OTHER_SIDE[side]
    if direction and refund and category is not None and direction == category.kind:
        how = f"「{amount_value}」は{_refund_label(direction)}と読みました。" if from_sign else ""
        problem(amount_key if from_sign else "direction",
                f"{how}{_refund_label(direction)}は{DIRECTION_LABELS[category.kind]}の費目「{category.name}」には使えません"
                f"（{DIRECTION_LABELS[_OTHER_SIDE[category.kind]]}の費目に対して記帳します）")
    new_category = ""
    if category is None and _creates(add_categories, category_name) and category_name:
        new_category = category_name
        if not direction:
            problem("category", f"費目「{category_name}」を作るには収入か支出かが分かりません（区分の列か収入・支出の列を使ってください）")
        elif entry_date is not None and (message := check_entry_date(year, entry_date, settlement_period)):
            problem(date_key, message)
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
        description=" ".join(str(x).strip() for x in (v.get("description"), v.get("description_extra"))
                             if x is not None and str(x).strip()),
        counterparty=str(v.get("counterparty") or ""),
        voucher_no=voucher, payment_method=str(v.get("payment_method") or "現金"),
        settlement_period=settlement_period, project_id=project_id, account_id=account_id,
        kind=REFUND if refund else "",
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
                voucher = match.voucher_no
                inp = replace(inp, voucher_no=voucher,
                              project_id=inp.project_id if project_given else match.project_id)
        if category.retired and (match is None or match.category_id != category.id):
            problem("category", f"費目「{category.name}」は廃止されています")
    data = ImportedEntry(entry_date, direction, category.name if category else category_name,
                         amount, normalize_text(inp.description), normalize_text(inp.counterparty), voucher,
                         normalize_text(inp.payment_method) or "現金", match.id if match else None, inp,
                         projects.names.get(inp.project_id, project_name), new_category, amount_key=amount_key)
    if issues:
        return PreviewRow(n, RowStatus.ERROR, data, issues)
    if match is None:
        return PreviewRow(n, RowStatus.NEW, data, [])
    same = (match.entry_date, match.direction, match.category_id, match.amount, match.description,
            match.counterparty, match.payment_method, match.project_id) == (
        entry_date, direction, category.id if category is not None else None, amount, data.description, data.counterparty, data.payment_method,
        inp.project_id)
    return PreviewRow(n, RowStatus.UNCHANGED if same else RowStatus.UPDATE, data, [])


def _create_categories(session: Session, rows: list[ImportedEntry], book_id: int) -> dict[str, int]:
    """The 費目 --add-categories asked for, each a 目 under the 会計's first 款 of its first row's side."""
    from sqlalchemy import func

    created: dict[str, int] = {}
    order = session.scalar(select(func.max(Category.sort_order)).where(Category.book_id == book_id)) or 0
    for data in rows:
        if data.new_category and data.new_category not in created:
            order += 1
            # a refund (戻入/戻出) is booked against a 費目 of the other side
            kind = _OTHER_SIDE[data.direction] if data.input is not None and data.input.kind == REFUND \
                else data.direction
            category = Category(book_id=book_id, parent_id=first_root(session, book_id, kind),
                                heading=False, kind=kind, name=data.new_category, sort_order=order,
                                retired=False, role="")
            session.add(category)
            session.flush()
            created[data.new_category] = category.id
    return created


_OTHER_SIDE = {INCOME: EXPENSE, EXPENSE: INCOME}


def _negative_amount(value: Any) -> int | None:
    """500 for △500, ▲500, -500 or a negative number (money going back); None for anything else."""
    try:
        amount = parse_yen(value, allow_zero=False, allow_negative=True)
    except ValueError:
        return None
    return -amount if amount < 0 else None


def _refund_label(direction: str) -> str:
    """戻入 (money back in, on a 支出 費目) or 戻出 (money paid back, on a 収入 費目)."""
    return ENTRY_KIND_LABELS[(REFUND, direction)]


def commit_ledger_import(db: Database, year: FiscalYear, preview: ImportPreview) -> Result[str]:
    """Write every NEW and UPDATE row in one go, or nothing. Returns a Japanese summary."""
    if preview.has_errors:
        raise ValidationError("取り込めない行があるため、何も取り込んでいません:\n" + "\n".join(
            preview.summary_lines(long_form=True)[1:21]))
    new_rows = [r.data for r in preview.rows if r.status is RowStatus.NEW]
    updates = [r.data for r in preview.rows if r.status is RowStatus.UPDATE]
    opening = preview.extra.get("opening_balance")
    backup_before_change(db, REASON_IMPORT)
    # one transaction: every row or none; one change-log entry for every entry it adds (updates
    # keep their before/after per field), as the 名簿 import does
    with db.session.begin() as session, summarised_inserts(session, f"出納簿の取り込み（{preview.file.name}）"):
        account = resolve_account(session, account_id=preview.extra.get("account_id"))
        entries = [d for d in new_rows if d.transfer is None]
        created = _create_categories(session, entries, account.book_id)
        new = [replace(d.input, category_id=created[d.new_category]) if d.new_category else d.input
               for d in entries]
        if opening:  # first, so that it is the first entry of the year
            write_opening_balance(session, account, year, opening, description="前年度より繰越",
                                  numbers_taken=max((i.voucher_no or 0 for i in new), default=0))
        for item in updates:
            update_entry_in(session, item.existing_id, item.input)
        if new:
            import_entries_in(session, year, new)
        for d in new_rows:
            if d.transfer is not None:
                add_transfer_in(session, year, d.transfer)
        where = ledger_title_in(session, account)  # 預金出納帳『普通預金_ゆうちょ』, not always the cash book
    counts = preview.counts
    extra = f"、開始残高 {opening:,}円" if opening else ""
    message = (f"{year.label}の{where}に取り込みました{extra}: 新規 {counts[RowStatus.NEW]}件、"
               f"更新 {counts[RowStatus.UPDATE]}件、変更なし {counts[RowStatus.UNCHANGED]}件")
    return Result(message, Changes.of(LEDGER))  # many rows: the whole cash book
