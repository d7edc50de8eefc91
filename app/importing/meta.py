"""Read the hidden "_meta" sheet that exported workbooks carry (format version, body, fiscal year)."""

from __future__ import annotations

from pathlib import Path

from app.importing.errors import ImportFileError, check_xlsx_file, damaged

META_SHEET = "_meta"  # the same name app.reports.xlsx_writer writes


def read_metadata(path: str | Path) -> dict[str, str]:
    """Key → value from the _meta sheet; ImportFileError when the workbook has none."""
    from openpyxl import load_workbook

    path = Path(path)
    check_xlsx_file(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:
        raise damaged(path, e) from e
    try:
        if META_SHEET not in wb.sheetnames:
            raise ImportFileError(f"ファイル『{path.name}』は協働デスクで作成した提出用ファイルではありません")
        return {
            str(k): "" if v is None else str(v)
            for k, v, *_ in wb[META_SHEET].iter_rows(max_col=2, values_only=True)
            if k is not None
        }
    finally:
        wb.close()
