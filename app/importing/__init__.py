"""One import mechanism for every importer: find the headers, read the rows, preview, error workbook.

`import app.importing` stays light (no openpyxl): the readers load it when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.importing.errors import ImportFileError
from app.importing.preview import ImportPreview, PreviewRow, RowIssue, RowStatus
from app.importing.spec import FieldSpec, normalise_header

if TYPE_CHECKING:
    from app.importing.error_workbook import write_error_workbook
    from app.importing.meta import read_metadata
    from app.importing.sheet_reader import ColumnMatch, SheetData, SourceRow, read_sheet, sheet_names

_LAZY = {
    "read_sheet": "sheet_reader", "sheet_names": "sheet_reader", "SheetData": "sheet_reader",
    "SourceRow": "sheet_reader", "ColumnMatch": "sheet_reader",
    "write_error_workbook": "error_workbook", "read_metadata": "meta",
}

__all__ = [
    "ColumnMatch", "FieldSpec", "ImportFileError", "ImportPreview", "PreviewRow", "RowIssue",
    "RowStatus", "SheetData", "SourceRow", "normalise_header", "read_metadata", "read_sheet",
    "sheet_names", "write_error_workbook",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"app.importing.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'app.importing' has no attribute {name!r}")
