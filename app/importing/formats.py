"""Which kind of file an import got (.xlsx/.xlsm, old .xls, CSV), and reading the kinds that are
not .xlsx into plain rows. The .xlsx reading itself is app.importing.sheet_reader.

An old .xls is read with xlrd (cells only: macros are never run, formulas give their stored result).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.importing.columns import Merge
from app.importing.errors import ImportFileError, damaged

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")


@dataclass
class PlainSheet:
    name: str
    rows: list[tuple[Any, ...]]
    merges: list[Merge] = field(default_factory=list)
    note: str = ""  # e.g. 「文字コード: Shift_JIS」
    text_only: bool = False  # every cell is text or None (CSV)


def file_kind(path: Path) -> str:
    """"csv", "xls" or "xlsx" (the .xlsx checks give their own messages for everything else)."""
    if path.suffix.lower() in CSV_SUFFIXES:
        return "csv"
    try:
        with path.open("rb") as f:
            if f.read(8) == _OLE_MAGIC and _ENCRYPTED not in f.read(4 * 1024 * 1024):
                return "xls"  # a password-protected .xlsx is OLE too: the .xlsx check says so
    except OSError:
        pass
    return "xlsx"


def read_plain(path: Path, kind: str) -> list[PlainSheet]:
    if kind == "csv":
        from app.importing.csv_reader import read_csv_rows

        rows, encoding = read_csv_rows(path)
        return [PlainSheet(path.stem, rows, note=f"文字コード: {encoding}", text_only=True)]
    return _read_xls(path)


def _read_xls(path: Path) -> list[PlainSheet]:
    import xlrd  # lazy: only old .xls files need it

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception as e:  # xlrd raises XLRDError, CompDocError, struct errors … on broken files
        raise damaged(path, e) from e
    try:
        sheets = []
        for index in range(book.nsheets):
            ws = book.sheet_by_index(index)
            rows = [tuple(_xls_value(cell, book.datemode) for cell in ws.row(r)) for r in range(ws.nrows)]
            merges = [(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in ws.merged_cells]
            sheets.append(PlainSheet(ws.name, rows, merges))
        return sheets
    except ImportFileError:
        raise
    except Exception as e:
        raise damaged(path, e) from e
    finally:
        book.release_resources()


def _xls_value(cell: Any, datemode: int) -> Any:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_NUMBER and float(cell.value).is_integer():
        return int(cell.value)
    return cell.value
