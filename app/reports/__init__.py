"""Reports as data (model) written by an Excel writer or a PDF writer.

`import app.reports` stays light: the model, openpyxl / XlsxWriter and reportlab load only when
one of their names is used (the command line's parser and the window's first paint import
app.reports.kinds, which runs this file).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    if name in __all__:
        from app.reports import model

        return getattr(model, name)
    raise AttributeError(f"module 'app.reports' has no attribute {name!r}")
