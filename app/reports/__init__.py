"""Reports as data (model) written by an Excel writer or a PDF writer.

`import app.reports` stays light: openpyxl / reportlab load only when write_xlsx / write_pdf is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.reports.model import (
    PERSONAL_DATA_NOTE,
    Add,
    BarChart,
    Column,
    Diff,
    Formula,
    Ratio,
    Ref,
    Report,
    ReportError,
    Row,
    SumOf,
    Table,
    check_report,
    evaluate,
    formula_mismatches,
)

if TYPE_CHECKING:
    from app.reports.pdf_writer import write_pdf
    from app.reports.xlsx_writer import write_xlsx

__all__ = [
    "PERSONAL_DATA_NOTE", "Add", "BarChart", "Column", "Diff", "Formula", "Ratio", "Ref", "Report", "ReportError",
    "Row", "SumOf", "Table", "check_report", "evaluate", "formula_mismatches", "write_pdf", "write_xlsx",
]


def __getattr__(name: str) -> Any:
    if name == "write_xlsx":
        from app.reports.xlsx_writer import write_xlsx

        return write_xlsx
    if name == "write_pdf":
        from app.reports.pdf_writer import write_pdf

        return write_pdf
    raise AttributeError(f"module 'app.reports' has no attribute {name!r}")
