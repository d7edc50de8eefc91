"""Read the data rows of an office spreadsheet by header names, however the sheet is laid out.

openpyxl is imported inside the functions: `import app.importing` stays light for app start-up.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.importing.errors import ImportFileError, check_xlsx_file, damaged
from app.importing.preview import RowIssue
from app.importing.sheet_stream import SheetCells, iter_rows, read_cells
from app.importing.spec import FieldSpec, normalise_header

HEADER_SEARCH_ROWS = 20
NO_CACHED_VALUE = "数式の計算結果が保存されていません（Excelで開いて保存し直してください）"
_TOTAL_WORDS = re.compile(r"^(?:\d{1,2}月|第\d四半期)?(合計|計|小計|総計|月計|累計)$")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ColumnMatch:
    key: str
    letter: str  # "C"
    header: str  # the header text as it stands in the sheet
    index: int  # 0-based


@dataclass
class SourceRow:
    row_number: int  # as Excel shows it
    values: dict[str, Any]  # field key → value (None = empty; whitespace-only text counts as empty)
    issues: list[RowIssue] = field(default_factory=list)


@dataclass
class SheetData:
    path: Path
    sheet_name: str
    sheet_names: list[str]  # every sheet of the workbook, for the user to pick another
    header_row: int
    columns: dict[str, ColumnMatch]  # only fields whose header was found
    rows: list[SourceRow]
    notes: list[str] = field(default_factory=list)

    def issue(self, row_number: int, key: str, message: str) -> RowIssue:
        """A RowIssue for field `key` of a row, carrying the header text and column letter."""
        col = self.columns.get(key)
        return RowIssue(row_number, col.header if col else "", message, col.letter if col else None)


def sheet_names(path: str | Path) -> list[str]:
    wb = _open(Path(path))
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def read_sheet(path: str | Path, fields: Sequence[FieldSpec], sheet_name: str | None = None) -> SheetData:
    """Read the rows below the header row of `sheet_name`, or of the first sheet that has the headers."""
    path = Path(path)
    wb = _open(path)
    try:
        names = list(wb.sheetnames)
        if sheet_name is not None and sheet_name not in names:
            raise ImportFileError(
                f"ファイル『{path.name}』にシート『{sheet_name}』がありません。"
                f"このファイルのシート: {'、'.join(names)}"
            )
        looked_at: list[str] = []
        best_missing: list[str] = []
        for name in [sheet_name] if sheet_name else names:
            try:  # openpyxl parses the sheet's XML only now: a sound zip may still hold a broken sheet
                ws = wb[name]
            except Exception as e:
                raise damaged(path, e) from e
            top_rows = dict(iter_rows(path, ws, max_row=HEADER_SEARCH_ROWS))
            top = [tuple(top_rows.get(r, ())) for r in range(1, max(top_rows, default=0) + 1)]
            found = _find_header(top, fields)
            looked_at.append(name)
            if isinstance(found, list):
                best_missing = best_missing or found
                continue
            header_row, columns, notes = found
            return _build(path, name, names, header_row, columns, notes, read_cells(path, ws))
    finally:
        wb.close()
    expected = "、".join(f.describe() + ("（必須）" if f.required else "") for f in fields)
    missing = f"見つからない見出し: {'、'.join(best_missing)}。" if best_missing else ""
    raise ImportFileError(
        f"ファイル『{path.name}』に見出しの行が見つかりません。{missing}"
        f"必要な見出し: {expected}。調べたシート: {'、'.join(looked_at)}"
        f"（各シートの先頭{HEADER_SEARCH_ROWS}行を調べました）"
    )


def _open(path: Path) -> Any:
    from openpyxl import load_workbook  # lazy: not needed at app start-up

    check_xlsx_file(path)
    try:
        # read_only streams the XML; app.importing.sheet_stream reads the cells within the caps
        return load_workbook(path, read_only=True, data_only=True)
    except ImportFileError:
        raise
    except Exception as e:  # openpyxl raises many kinds on broken packages
        raise damaged(path, e) from e


def _find_header(
    top: list[tuple[Any, ...]], fields: Sequence[FieldSpec]
) -> tuple[int, dict[str, ColumnMatch], list[str]] | list[str]:
    """The row (within the first rows) that matches the most fields and has every required one.
    Returns the labels of the missing required headers when there is no such row."""
    from openpyxl.utils import get_column_letter

    names = [(f, f.names()) for f in fields]
    best: tuple[int, dict[str, ColumnMatch], list[str]] | None = None
    fewest_missing: list[str] | None = None
    for r, row in enumerate(top, 1):
        columns: dict[str, ColumnMatch] = {}
        notes: list[str] = []
        for i, cell in enumerate(row):
            text = normalise_header(cell) if isinstance(cell, (str, int)) else ""
            if not text:
                continue
            for f, accepted in names:
                if text in accepted:
                    letter = get_column_letter(i + 1)
                    if f.key in columns:
                        notes.append(
                            f"{letter}列の『{cell}』は{columns[f.key].letter}列の『{columns[f.key].header}』"
                            "と同じ項目のため読み込みません"
                        )
                    else:
                        columns[f.key] = ColumnMatch(f.key, letter, str(cell).strip(), i)
                    break
        missing = [f.label for f in fields if f.required and f.key not in columns]
        if missing:
            if columns and (fewest_missing is None or len(missing) < len(fewest_missing)):
                fewest_missing = missing
            continue
        if columns and (best is None or len(columns) > len(best[1])):
            best = (r, columns, notes)
    if best is None:
        return fewest_missing or []
    absent = [f.label for f in fields if f.key not in best[1]]
    if absent:
        best[2].append(f"見出し『{'』『'.join(absent)}』の列がないため、空欄として扱います")
    return best


def _total_word(row: Sequence[Any]) -> str | None:
    """合計/計/小計/総計/月計/4月計… when the first text cell of the row says so."""
    for v in row:
        if isinstance(v, str) and v.strip():
            m = _TOTAL_WORDS.match(_SPACE.sub("", unicodedata.normalize("NFKC", v)))
            return m.group(0) if m else None
    return None


def _build(
    path: Path,
    name: str,
    names: list[str],
    header_row: int,
    columns: dict[str, ColumnMatch],
    notes: list[str],
    cells: SheetCells,
) -> SheetData:
    data_rows = {n: row for n, row in cells.rows.items() if n > header_row}
    # merged cells: the top-left value applies to the whole range (data rows only); the ranges are
    # already clipped to the used area, so this adds no more cells than the sheet has rows × columns
    for r1, c1, r2, c2 in cells.merged:
        top = cells.rows.get(r1, [])
        if r1 <= header_row or c1 - 1 >= len(top):
            continue
        value = top[c1 - 1]
        for r in range(r1, r2 + 1):
            target = data_rows.setdefault(r, [])
            if len(target) < c2:
                target.extend([None] * (c2 - len(target)))
            for c in range(c1, c2 + 1):
                target[c - 1] = value
    missing_values = cells.formulas_without_value
    for r, _c in missing_values:
        if r > header_row:
            data_rows.setdefault(r, [])
    mapped = list(columns.values())
    sheet = SheetData(path, name, names, header_row, columns, [], notes)
    for n in sorted(data_rows):
        raw = data_rows[n]
        values: dict[str, Any] = {}
        for col in mapped:
            v = raw[col.index] if col.index < len(raw) else None
            if isinstance(v, str) and not v.strip():
                v = None
            values[col.key] = v
        issues = [
            sheet.issue(n, col.key, NO_CACHED_VALUE)
            for col in mapped
            if values[col.key] is None and (n, col.index + 1) in missing_values
        ]
        if not issues and all(v is None for v in values.values()):
            continue  # blank rows are skipped silently
        word = _total_word(raw)
        if word:
            notes.append(f"{n}行目: {word}の行として読み飛ばしました")
            continue
        sheet.rows.append(SourceRow(n, values, issues))
    return sheet
