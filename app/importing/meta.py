"""Read the hidden "_meta" sheet that exported workbooks carry (format version, body, fiscal year)."""

from __future__ import annotations

from pathlib import Path

from app.importing.errors import ImportFileError, check_xlsx_file, damaged
from app.importing.sheet_stream import read_pairs

META_SHEET = "_meta"  # the same name app.reports.xlsx_writer writes


def read_metadata(path: str | Path) -> dict[str, str]:
    """Key → value from the _meta sheet; ImportFileError when the workbook has none."""
    from app.importing.read_only_book import open_read_only

    path = Path(path)
    check_xlsx_file(path)
    try:
        wb = open_read_only(path, data_only=True)
    except Exception as e:
        raise damaged(path, e) from e
    try:
        if META_SHEET not in wb.sheetnames:
            raise ImportFileError(f"ファイル『{path.name}』は協働デスクで作成した提出用ファイルではありません")
        return read_pairs(path, wb[META_SHEET])
    finally:
        wb.close()
