"""Stream the cells of one read-only openpyxl worksheet in one pass, within the row and column caps.

openpyxl's own `iter_rows` pads every row to the widest one (20,000 rows with one cell in column
XFD become 327 million values); this keeps only the cells that hold something, refuses a value
beyond the caps as soon as it is seen, notes formula cells stored without a computed value, and
clips merged ranges to the area actually used. The XML is parsed element by element (defusedxml
when installed), never searched with regular expressions.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.importing.errors import ImportFileError, damaged
from app.importing.xlsx_limits import MAX_COLUMNS, MAX_ROWS, column_limit_message, row_limit_message

Row = list[Any]  # values from column A to the row's last non-empty cell


@dataclass
class SheetCells:
    """The non-empty rows of a sheet (row number → values), as Excel numbers them."""

    rows: dict[int, Row] = field(default_factory=dict)
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)  # (row, column), 1-based
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # clipped (r1, c1, r2, c2)
    merged_cell_count: int = 0  # cells the merged ranges cover before clipping
    types: dict[int, list[str]] = field(default_factory=dict)  # openpyxl data type per value (if asked)
    text_only: bool = False  # every value is text or None (a CSV file): rows are read a faster way

    @property
    def max_row(self) -> int:
        return max(self.rows, default=0)

    def typed_rows(self) -> list[list[tuple[str, Any]]]:
        """The non-empty rows as (data type, value) pairs, top to bottom (read with types=True)."""
        return [list(zip(self.types[r], self.rows[r], strict=True)) for r in sorted(self.rows)]

    def dense(self) -> list[tuple[Any, ...]]:
        """Rows 1..max_row as tuples (empty rows share one empty tuple)."""
        empty: tuple[Any, ...] = ()
        return [tuple(self.rows[r]) if r in self.rows else empty for r in range(1, self.max_row + 1)]


class NotANumber(Exception):
    """A number cell holding NaN or infinity (no program Excel knows writes one; a crafted or broken file)."""

    def __init__(self, ref: str, text: str):
        super().__init__(ref)
        self.ref, self.text = ref, text


def _stored_value(element: Any) -> str:
    from openpyxl.worksheet._reader import VALUE_TAG

    found = element.find(VALUE_TAG)
    return (found.text or "") if found is not None else ""


def not_a_number_message(path: Path, sheet: str, ref: str, text: str) -> str:
    return (
        f"ファイル『{path.name}』のシート『{sheet}』のセル{ref}の値「{text[:20]}」は数として読めません"
        "（NaN・無限大）。Excelでそのセルに正しい数を入れ直し、保存し直してから読み込んでください"
    )


def _parser(ws: Any, src: Any) -> Any:
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    wb = ws.parent

    class Parser(WorkSheetParser):  # type: ignore[misc]  # openpyxl has no type hints: WorkSheetParser is Any
        uncached: set[tuple[int, int]]

        def parse_cell(self, element: Any) -> dict[str, Any]:
            try:
                cell: dict[str, Any] = super().parse_cell(element)
            except ValueError:  # openpyxl reads "NaN" / "-INF" in a number cell with int()
                raise NotANumber(element.get("r") or f"{self.row_counter}行目", _stored_value(element)) from None
            value = cell["value"]
            if isinstance(value, float) and not math.isfinite(value):  # "1e999" reads as infinity
                raise NotANumber(element.get("r") or f"{self.row_counter}行目", _stored_value(element))
            if self.data_only and cell["value"] is None and element.find(FORMULA_TAG) is not None:
                self.uncached.add((cell["row"], cell["column"]))
            return cell

    parser = Parser(
        src, ws._shared_strings, data_only=wb.data_only, epoch=wb.epoch,
        date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats,
    )
    parser.uncached = set()
    return parser


def iter_rows(path: Path, ws: Any, max_row: int | None = None) -> Iterator[tuple[int, Row]]:
    """(row number, values) of the non-empty rows of read-only worksheet `ws`, up to `max_row`."""
    yield from _iter(path, ws, max_row, None)


def read_pairs(path: Path, ws: Any) -> dict[str, str]:
    """Column A → column B of a key/value sheet such as the hidden _meta (empty B → "")."""
    return {
        str(row[0]): "" if len(row) < 2 or row[1] is None else str(row[1])
        for _n, row in iter_rows(path, ws)
        if row[0] is not None
    }


def read_cells(path: Path, ws: Any, types: bool = False) -> SheetCells:
    """Every non-empty row of `ws`, its formulas without value and its merged ranges (clipped);
    with `types`, also each value's type as stored (a number, or digits stored as text)."""
    cells = SheetCells()
    merges: list[str] = []
    for n, row in _iter(path, ws, None, (cells, merges), types):
        cells.rows[n] = row
    width = max((len(r) for r in cells.rows.values()), default=0)
    from openpyxl.utils.cell import range_boundaries

    for ref in merges:
        try:
            c1, r1, c2, r2 = range_boundaries(ref)
        except (ValueError, TypeError):
            continue  # a merge we cannot read changes no value
        if r1 is None or c1 is None:
            continue
        cells.merged_cell_count += ((r2 or r1) - r1 + 1) * ((c2 or c1) - c1 + 1)
        r2, c2 = min(r2 or r1, cells.max_row), min(c2 or c1, width)  # clipped to the used area
        if r1 <= r2 and c1 <= c2:
            cells.merged.append((r1, c1, r2, c2))
    return cells


def _iter(
    path: Path,
    ws: Any,
    max_row: int | None,
    collect: tuple[SheetCells, list[str]] | None,
    types: bool = False,
) -> Iterator[tuple[int, Row]]:
    from openpyxl.utils import get_column_letter

    try:
        src = ws._get_source()
    except Exception as e:  # a sheet named in the workbook but missing from the package
        raise damaged(path, e) from e
    with src:
        parser = _parser(ws, src)
        try:
            for n, raw in parser.parse():
                if max_row is not None and n > max_row:
                    return
                row: Row = []
                kinds: list[str] = []
                for cell in raw:
                    value, column = cell["value"], cell["column"]
                    if value is None:
                        continue
                    ref = f"{get_column_letter(min(column, 16384))}{n}"
                    if column > MAX_COLUMNS:
                        raise ImportFileError(column_limit_message(path, ws.title, ref))
                    if n > MAX_ROWS:
                        raise ImportFileError(row_limit_message(path, ws.title, ref))
                    if column > len(row):
                        row.extend([None] * (column - len(row)))
                        if types:
                            kinds.extend([""] * (column - len(kinds)))
                    row[column - 1] = value
                    if types:
                        kinds[column - 1] = cell["data_type"]
                if row:
                    if types and collect is not None:
                        collect[0].types[n] = kinds
                    yield n, row
            if collect is not None:
                cells, merges = collect
                cells.formulas_without_value = {
                    rc for rc in parser.uncached if rc[0] <= MAX_ROWS and rc[1] <= MAX_COLUMNS
                }
                if parser.merged_cells is not None:
                    merges.extend(m.ref for m in parser.merged_cells.mergeCell)
        except ImportFileError:
            raise
        except NotANumber as e:
            raise ImportFileError(not_a_number_message(path, ws.title, e.ref, e.text)) from None
        except Exception as e:  # a damaged sheet XML (openpyxl raises many kinds)
            raise damaged(path, e) from e
