"""Read the data rows of an office spreadsheet by header names, however the sheet is laid out.

openpyxl is imported inside the functions: `import app.importing` stays light for app start-up.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any

from app.importing.columns import (
    BY_HEADER,
    HeaderChoice,
    Merge,
    SourceColumn,
    check_mapping_headers,
    choose_header,
    column_letter,
)
from app.importing.errors import ImportFileError, check_xlsx_file, damaged
from app.importing.formats import file_kind, read_plain
from app.importing.preview import RowIssue
from app.importing.sheet_stream import SheetCells, read_cells
from app.importing.spec import FieldSpec

HEADER_SEARCH_ROWS = 20
NO_CACHED_VALUE = "数式の計算結果が保存されていません（Excelで開いて保存し直してください）"
_NOTE_MARKS = ("※", "*", "(注", "注:", "注)", "注記")  # after NFKC: ＊ → *, （注） → (注), 注： → 注:
_TOTAL_WORDS = re.compile(r"^(?:\d{1,2}月|第\d四半期)?(合計|計|小計|総計|月計|累計)$")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ColumnMatch:
    key: str
    letter: str  # "C"
    header: str  # the header text as it stands in the sheet
    index: int  # 0-based


@dataclass(slots=True)  # one per row of the sheet (200,000 in a big roster): kept small
class SourceRow:
    row_number: int  # as Excel shows it
    values: dict[str, Any]  # field key → value (None = empty; whitespace-only text counts as empty)
    issues: Sequence[RowIssue] = ()  # a formula without its saved value (most rows: none)


@dataclass
class SheetData:
    path: Path
    sheet_name: str
    sheet_names: list[str]  # every sheet of the workbook, for the user to pick another
    header_row: int
    columns: dict[str, ColumnMatch]  # only fields whose header was found (the first column of each)
    rows: list[SourceRow]
    notes: list[str] = field(default_factory=list)
    source_columns: list[SourceColumn] = field(default_factory=list)  # every column, imported or not
    header_first_row: int = 0  # the first row of a two-row header
    signature: str = ""  # of the headers, to remember the user's mapping for sheets like this one
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, reason) of rows read past
    sheet_report: list[str] = field(default_factory=list)  # how each sheet's headers matched
    text_only: bool = False  # every cell is text (CSV): a number cell arrives as its digits

    def issue(self, row_number: int, key: str, message: str) -> RowIssue:
        """A RowIssue for field `key` of a row, carrying the header text and column letter."""
        col = self.columns.get(key)
        return RowIssue(row_number, col.header if col else "", message, col.letter if col else None)

    def unused_columns(self) -> list[SourceColumn]:
        """Columns that hold data and go nowhere: the preview names them, every time."""
        return [c for c in self.source_columns if c.key is None and c.has_data and not c.how.endswith("と一体の見出し")]


Remembered = Callable[[str], "dict[str, str | None] | None"]


@dataclass
class _Candidate:
    name: str
    top: list[tuple[Any, ...]]
    merges: list[Merge]
    load: Callable[[], SheetCells]  # every row, merged ranges, formulas without a saved result


def sheet_names(path: str | Path) -> list[str]:
    path = Path(path)
    kind = file_kind(path)
    if kind != "xlsx":
        return [s.name for s in read_plain(path, kind)]
    wb = _open(path)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def read_sheet(
    path: str | Path,
    fields: Sequence[FieldSpec],
    sheet_name: str | None = None,
    mapping: Mapping[str, str | None] | None = None,
    *,
    rest_to: str | None = None,
    remembered: Remembered | None = None,
) -> SheetData:
    """Read the rows below the header of `sheet_name`, or of the sheet whose header fills the most
    fields. `mapping` (normalised header → field key, None = 取り込まない) overrides the headers;
    without it, `remembered(signature)` may give the mapping the user chose for such headers before.
    `rest_to` sends every column no field takes to that gathering field (備考)."""
    path = Path(path)
    kind = file_kind(path)
    if kind != "xlsx":
        plain = read_plain(path, kind)
        names = [s.name for s in plain]
        candidates = [
            _Candidate(s.name, s.rows[:HEADER_SEARCH_ROWS], s.merges, partial(_plain_cells, s.rows, s.merges, s.text_only))
            for s in plain if sheet_name is None or s.name == sheet_name
        ]
        extra_notes = [s.note for s in plain if s.note]
        return _choose(path, names, candidates, fields, sheet_name, mapping, rest_to, remembered, extra_notes)
    wb = _open(path)
    try:
        names = list(wb.sheetnames)
        candidates = []
        for name in [sheet_name] if sheet_name in names else [] if sheet_name else names:
            try:  # openpyxl parses the sheet's XML only now: a sound zip may still hold a broken sheet
                ws = wb[name]
            except Exception as e:
                raise damaged(path, e) from e
            # one bounded streaming pass per sheet: the merged ranges (two-row headers) come at its end
            cells = read_cells(path, ws)
            top = [tuple(cells.rows.get(r, ())) for r in range(1, min(cells.max_row, HEADER_SEARCH_ROWS) + 1)]
            candidates.append(_Candidate(name, top, cells.merged, partial(_already_read, cells)))
        return _choose(path, names, candidates, fields, sheet_name, mapping, rest_to, remembered, [])
    finally:
        wb.close()


def _already_read(cells: SheetCells) -> SheetCells:
    return cells


def _plain_cells(rows: list[tuple[Any, ...]], merges: list[Merge], text_only: bool) -> SheetCells:
    # the tuples themselves, not list copies: a 200,000-row CSV would be held twice
    return SheetCells(rows=dict(enumerate(rows, 1)), merged=list(merges),  # type: ignore[arg-type]
                      text_only=text_only)


def _choose(
    path: Path, names: list[str], candidates: list[_Candidate], fields: Sequence[FieldSpec],
    sheet_name: str | None, mapping: Mapping[str, str | None] | None, rest_to: str | None,
    remembered: Remembered | None, extra_notes: list[str],
) -> SheetData:
    if sheet_name is not None and sheet_name not in names:
        raise ImportFileError(
            f"ファイル『{path.name}』にシート『{sheet_name}』がありません。"
            f"このファイルのシート: {'、'.join(names)}"
        )
    best: tuple[_Candidate, HeaderChoice] | None = None
    closest: tuple[_Candidate, HeaderChoice] | None = None  # a header that lacks a required field
    report: list[str] = []
    for cand in candidates:
        found = choose_header(cand.top, cand.merges, fields, mapping, rest_to)
        if isinstance(found, list):
            lacks = f"必須の見出し『{'』『'.join(found)}』がありません" if found else "知っている見出しがありません"
            report.append(f"{cand.name}（{lacks}）")
            if found.closest is not None and (closest is None or found.closest.score > closest[1].score):
                closest = (cand, found.closest)
            continue
        matched = "・".join(dict.fromkeys(f.label for f in fields if f.key in found.keys))
        report.append(f"{cand.name}（{found.header_row}行目: {matched}）")
        if best is None or found.score > best[1].score:
            best = (cand, found)
    if best is None and closest is not None and not mapping and remembered is not None:
        # the user said before which column holds the missing field, for these same headers
        stored = remembered(closest[1].signature())
        again = choose_header(closest[0].top, closest[0].merges, fields, stored, rest_to) if stored else None
        if isinstance(again, HeaderChoice):
            best = (closest[0], again)
    if best is None and mapping and closest is not None:
        check_mapping_headers(closest[1], mapping, closest[0].name)  # a header not there: a usage error
    if best is None:
        expected = "、".join(f.describe() + ("（必須）" if f.required else "") for f in fields if not f.hidden)
        error = ImportFileError(
            # what each sheet lacked first: the window's summary shows the start of a long message
            f"ファイル『{path.name}』に見出しの行が見つかりません。調べたシート: {'、'.join(report)}"
            f"（各シートの先頭{HEADER_SEARCH_ROWS}行を調べました）。必要な見出し: {expected}"
        )
        if closest is not None:
            error.columns, error.signature = closest[1].columns, closest[1].signature()
        raise error
    cand, choice = best
    signature = choice.signature()
    if mapping:
        check_mapping_headers(choice, mapping, cand.name)
    elif remembered is not None:
        stored = remembered(signature)
        if stored:
            again = choose_header(cand.top, cand.merges, fields, stored, rest_to)
            if isinstance(again, HeaderChoice) and again.header_row == choice.header_row:
                choice = again
                choice.notes.append("この見出しの並びで前回選んだ列の対応を使いました")
    absent = [f.label for f in fields if f.key not in choice.keys and not f.hidden]
    notes = [*extra_notes, *choice.notes]
    if absent:
        notes.append(f"見出し『{'』『'.join(absent)}』の列がないため、空欄として扱います")
    sheet = _build(path, cand.name, names, choice, notes, cand.load(), fields)
    sheet.signature = signature
    sheet.sheet_report = report
    return sheet


def _open(path: Path) -> Any:
    from app.importing.read_only_book import open_read_only  # lazy: openpyxl is not needed at start-up

    check_xlsx_file(path)
    try:
        # read_only streams the XML; app.importing.sheet_stream reads the cells within the caps
        return open_read_only(path, data_only=True)
    except ImportFileError:
        raise
    except Exception as e:  # openpyxl raises many kinds on broken packages
        raise damaged(path, e) from e


def _total_word(row: Sequence[Any]) -> str | None:
    """合計/計/小計/総計/月計/4月計… when the first text cell of the row says so."""
    for v in row:
        if isinstance(v, str) and v.strip():
            if "計" not in v:  # every total word ends in 計, and no other character becomes 計 under NFKC
                return None
            m = _TOTAL_WORDS.match(_SPACE.sub("", unicodedata.normalize("NFKC", v)))
            return m.group(0) if m else None
    return None


def _note_line(row: Sequence[Any]) -> bool:
    """A note under (or above) the table: one cell only, starting 「※」 or 「（注）」 (※ 世帯数は4月1日現在)."""
    for v in row:  # (most rows: a number or a name comes first, and that settles it)
        if v is None or v.__class__ is str and not v.strip():
            continue
        if v.__class__ is not str or v.lstrip()[0] not in "※*＊(（注":
            return False
        break
    filled = [v for v in row if _filled(v)]
    return len(filled) == 1 and unicodedata.normalize("NFKC", filled[0]).lstrip().startswith(_NOTE_MARKS)


def _joined(raw: Sequence[Any], indexes: Sequence[int], joiner: str) -> Any:
    """The cells under one merged header as one value (令和|7|年|4|月|1|日 → 令和7年4月1日)."""
    parts = [raw[i] for i in indexes if i < len(raw) and raw[i] is not None and str(raw[i]).strip()]
    if len(parts) <= 1:
        return parts[0] if parts else None
    return joiner.join(str(int(p) if isinstance(p, float) and p.is_integer() else p).strip() for p in parts)


def _build(
    path: Path,
    name: str,
    names: list[str],
    choice: HeaderChoice,
    notes: list[str],
    cells: SheetCells,
    fields: Sequence[FieldSpec],
) -> SheetData:
    header_row = choice.header_row
    # (a plain sheet's rows are tuples: one becomes a list only when a merged range writes into it)
    data_rows: dict[int, Sequence[Any]] = {n: row for n, row in cells.rows.items() if n > header_row}
    # merged cells: the top-left value applies to the whole range (data rows only); the ranges are
    # already clipped to the used area, so this adds no more cells than the sheet has rows × columns
    for r1, c1, r2, c2 in cells.merged:
        top = cells.rows.get(r1, [])
        if r1 <= header_row or c1 - 1 >= len(top):
            continue
        value = top[c1 - 1]
        for r in range(r1, r2 + 1):
            row = data_rows.setdefault(r, [])
            target = row if isinstance(row, list) else list(row)
            data_rows[r] = target
            if len(target) < c2:
                target.extend([None] * (c2 - len(target)))
            for c in range(c1, c2 + 1):
                target[c - 1] = value
    missing_values = cells.formulas_without_value
    for r, _c in missing_values:
        if r > header_row:
            data_rows.setdefault(r, [])
    spec = {f.key: f for f in fields}
    mapped = [(c.key, c) for c in choice.columns if c.key]  # (the field it fills, the column)
    first_of: dict[str, SourceColumn] = {}
    for key, col in mapped:
        first_of.setdefault(key, col)
    columns = {k: ColumnMatch(k, c.letter, c.header, c.index) for k, c in first_of.items()}
    # a gathering field (備考) takes every column sent to it; those not headed so, as 「見出し: 値」
    gathered = {k for k in first_of if spec[k].gathers}
    sheet = SheetData(path, name, names, header_row, columns, [], notes,
                      header_first_row=choice.first_row, text_only=cells.text_only)
    simple = [(key, col.index) for key, col in mapped if not col.span and key not in gathered]
    composite = [(key, col) for key, col in mapped if col.span or key in gathered]
    # a text-only row (CSV) that reaches every simple column and has no cell of only spaces takes
    # the simple columns' values at C speed (200,000 rows × 20 columns); any other row, cell by cell
    simple_keys = [key for key, _ in simple]
    pick = itemgetter(*(index for _, index in simple)) if cells.text_only and len(simple) > 1 else None
    reach = max((index + 1 for _, index in simple), default=0)
    isspace = str.isspace
    # a form numbered down the page (No 1…50) with fewer rows filled: a row with only its number is empty
    counters = [(key, col.index) for key, col in mapped if spec[key].counter]
    for n in sorted(data_rows):
        raw = data_rows[n]
        width = len(raw)
        values: dict[str, Any]
        if pick is not None and width >= reach and not any(map(isspace, filter(None, raw))):
            values = dict(zip(simple_keys, pick(raw), strict=True))
        else:
            values = {}
            for key, index in simple:  # the common case, kept tight: 5,000 rows × 20 columns
                v = raw[index] if index < width else None
                if v.__class__ is str and not v.strip():
                    v = None
                values[key] = v
        for key, col in composite:
            v = _joined(raw, (col.index, *col.span), spec[key].joiner) if col.span else (
                raw[col.index] if col.index < width else None)
            if isinstance(v, str) and not v.strip():
                v = None
            if key in gathered:
                if v is None:
                    values.setdefault(key, None)
                    continue
                part = _text(v) if col.how == BY_HEADER else f"{col.header}: {_text(v)}"
                values[key] = part if values.get(key) is None else f"{values[key]} / {part}"
            else:
                values[key] = v
        issues = [
            sheet.issue(n, key, NO_CACHED_VALUE)
            for key, col in mapped
            if values[key] is None and (n, col.index + 1) in missing_values
        ] if missing_values else ()
        empty = [*values.values()].count(None)  # (at C speed; the numbers are looked at on nearly empty rows only)
        if not issues and empty >= len(values) - len(counters) and \
                empty == len(values) - sum(map(_is_number, (values[k] for k, _ in counters))):
            numbers = {index for key, index in counters if _is_number(values[key])}
            if any(_filled(v) for i, v in enumerate(raw) if i not in numbers):
                sheet.skipped.append((n, "取り込む列が空の行"))
            elif numbers:
                sheet.skipped.append((n, "番号だけの行"))
            continue  # blank rows are skipped silently
        word = _total_word(raw)
        if word:  # (said once per reason with its rows by ImportPreview.skipped_lines, not once per row)
            sheet.skipped.append((n, f"{word}の行"))
            continue
        if _note_line(raw):
            sheet.skipped.append((n, "注記（※・注）だけの行"))
            continue
        sheet.rows.append(SourceRow(n, values, issues))
    filled = _filled_columns(list(data_rows.values()))
    width = max([len(choice.columns), *(i + 1 for i in filled)])
    by_index = {c.index: c for c in choice.columns}
    sheet.source_columns = [
        replace(by_index.get(i) or SourceColumn(i, column_letter(i), "", None, "見出しがない"),
                has_data=i in filled)
        for i in range(width)
    ]
    return sheet


def _is_number(value: Any) -> bool:
    """A running number as a form writes it down the page: 12, 12.0, 「12」, 「１２」."""
    if isinstance(value, str):
        return value.strip().isdigit()
    return isinstance(value, int | float) and not isinstance(value, bool)


def _filled(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _filled_columns(rows: list[Sequence[Any]]) -> set[int]:
    """Columns with a value in some row; most are found in the first rows, so each stops early."""
    width = max((len(r) for r in rows), default=0)
    found: set[int] = set()
    for i in range(width):
        if any(i < len(r) and _filled(r[i]) for r in rows):
            found.add(i)
    return found


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()
