"""Opening a workbook read-only without openpyxl's look for the sheet size reading whole sheets.

openpyxl's ReadOnlyWorksheet asks each sheet for its <dimension> when the workbook opens, and looks
for it until the *end* of <sheetData>: a sheet without one (any program may leave it out; an
attack file does) is parsed in full once per sheet before a cell is read — 20,000 rows reaching
column XFD took 18 s to open. The schema puts <dimension> before <sheetData>, so the look stops at
the start of <sheetData>: the same answer, in time independent of the sheet's length.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

_installed = False


def _size_from_the_head(self: Any) -> None:
    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.xml.functions import iterparse

    src = self._get_source()
    try:
        for _event, element in iterparse(src, events=("start",)):
            if element.tag == DIMENSION_TAG:
                found = SheetDimension.from_tree(element).boundaries
                if found is not None:
                    self._min_column, self._min_row, self._max_column, self._max_row = found
                return
            if element.tag == DATA_TAG:  # no <dimension>: the rows start here
                return
    finally:
        src.close()


def open_read_only(path: Path | str, *, data_only: bool) -> Any:
    """openpyxl's load_workbook(read_only=True), with the sheet-size look bounded (see above)."""
    global _installed
    from openpyxl import load_workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    if not _installed:
        ReadOnlyWorksheet._get_size = _size_from_the_head
        _installed = True
    return load_workbook(path, read_only=True, data_only=data_only)
