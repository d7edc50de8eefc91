"""The error workbook: the user's own sheet with an エラー column, to fix and import again — or, for a
workbook read sheet by sheet (a month calendar), the whole workbook with the cells at fault marked,
their messages as cell comments and a sheet 「エラー一覧」 in front listing them."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from app.importing.errors import ImportFileError, check_xlsx_file, damaged
from app.importing.preview import ImportPreview, RowIssue

ERROR_HEADER = "エラー"
# openpyxl makes an object for every cell of a merged range when it opens a workbook for editing
MAX_MERGED_CELLS = 200_000


def write_error_workbook(source_path: str | Path, preview: ImportPreview, out_path: str | Path) -> Path:
    """Copy the imported sheet (same rows, same row numbers, formulas kept) and add an エラー column
    holding each row's problems; the cells at fault are highlighted. The エラー column is not a
    FieldSpec, so read_sheet ignores it when the fixed file is imported again."""
    from openpyxl import load_workbook  # lazy: not needed at app start-up
    from openpyxl.styles import Alignment, Font, PatternFill

    source_path, out_path = Path(source_path), Path(out_path)
    check_xlsx_file(source_path)
    if any(issue.sheet for issue in preview.issues):  # a workbook read sheet by sheet (a month calendar)
        return _write_per_sheet(source_path, preview, out_path)
    _check_merged_cells(source_path, preview.sheet_name)
    plain = False
    try:
        wb = load_workbook(source_path)  # not read-only: keeps merged cells, styles and formulas
    except Exception:
        # The preview read the values, so only what editing adds failed — most often a damaged
        # styles part (a cell naming a style the file does not have): copy the values instead.
        wb, plain = _values_only_copy(source_path, preview.sheet_name), True
    if preview.sheet_name not in wb.sheetnames:
        raise ImportFileError(f"ファイル『{source_path.name}』にシート『{preview.sheet_name}』がありません")
    for ws in list(wb.worksheets):
        if ws.title != preview.sheet_name:
            wb.remove(ws)
    ws = wb[preview.sheet_name]
    ws.sheet_state = "visible"
    wb.active = 0
    header_row = preview.header_row or 1

    # reuse the エラー column of an error workbook being imported again
    error_col = next(
        (c.column for c in ws[header_row] if isinstance(c.value, str) and c.value.strip() == ERROR_HEADER),
        ws.max_column + 1,
    )
    for r in range(header_row + 1, ws.max_row + 1):
        ws.cell(r, error_col).value = None
    bad = PatternFill("solid", fgColor="FFC7CE")
    header = ws.cell(header_row, error_col, ERROR_HEADER)
    header.font = Font(bold=True, color="9C0006")
    header.fill = bad
    ws.column_dimensions[header.column_letter].width = 60

    if plain:
        _dress_plain_copy(ws, preview, error_col)

    by_row: dict[int, list[RowIssue]] = defaultdict(list)
    for issue in preview.issues:
        by_row[issue.row_number].append(issue)
    for row_number, issues in sorted(by_row.items()):
        text = "\n".join(
            f"{i.column_header}: {i.message}" if i.column_header else i.message for i in issues
        )
        cell = ws.cell(row_number, error_col, text)
        cell.data_type = "s"  # a message is never a formula
        cell.fill = bad
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        for issue in issues:
            if issue.column:
                ws[f"{issue.column}{row_number}"].fill = bad
    out_path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out_path)
    return out_path


def _values_only_copy(path: Path, sheet_name: str) -> Any:
    """A new workbook holding the sheet's values at their own cells, its formulas and its merged
    ranges, without the source's formatting (for a source that openpyxl cannot open for editing)."""
    from openpyxl import Workbook, load_workbook

    from app.importing.sheet_stream import read_cells

    try:
        source = load_workbook(path, read_only=True)
    except Exception as e:
        raise damaged(path, e) from e
    try:
        if sheet_name not in source.sheetnames:
            raise ImportFileError(f"ファイル『{path.name}』にシート『{sheet_name}』がありません")
        cells = read_cells(path, source[sheet_name], types=True)
    finally:
        source.close()
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name
    for row_number, values in cells.rows.items():
        for column, (kind, value) in enumerate(zip(cells.types[row_number], values, strict=True), start=1):
            if value is None:
                continue
            cell = ws.cell(row_number, column, value)
            if kind == "s":
                cell.data_type = "s"  # text that starts with "=" stays text, as in the source
    for r1, c1, r2, c2 in cells.merged:
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    return wb


def _dress_plain_copy(ws: Any, preview: ImportPreview, error_col: int) -> None:
    """Give a copy made from values the look the source's own formatting gives an error workbook:
    the header rows bold on a shaded fill and frozen, dates in the columns the import reads as dates
    shown as dates (not the serial numbers a file without its styles holds), columns wide enough."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.datetime import from_excel

    header_row = preview.header_row or 1
    shade = PatternFill("solid", fgColor="DDEBF7")
    for r in range(preview.header_first_row or header_row, header_row + 1):
        for c in range(1, error_col):
            cell = ws.cell(r, c)
            cell.font, cell.fill = Font(bold=True), shade
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    for c in preview.date_columns:
        for r in range(header_row + 1, ws.max_row + 1):
            cell = ws.cell(r, c)
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool) \
                    and 1 <= cell.value < MAX_SERIAL:
                cell.value = from_excel(cell.value)
                cell.number_format = "yyyy/m/d"
    widths: dict[int, int] = defaultdict(int)
    for row in ws.iter_rows(min_row=header_row, max_row=min(ws.max_row, header_row + 500), max_col=error_col - 1):
        for cell in row:
            if cell.value is not None and type(cell).__name__ != "MergedCell":
                shown = "2025/12/31" if cell.is_date else str(cell.value)
                widths[cell.column] = max(widths[cell.column], sum(2 if ord(ch) > 0xFF else 1 for ch in shown))
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 50)


MAX_SERIAL = 2_958_466  # 9999-12-31 is Excel's last date

SUMMARY_SHEET = "エラー一覧"
COMMENT_AUTHOR = "協働デスク"  # the comments this writer adds (taken off again when the file comes back)
BAD_COLOUR = "FFC7CE"


def _write_per_sheet(source_path: Path, preview: ImportPreview, out_path: Path) -> Path:
    """Every sheet of the workbook as the import read it (formulas as their saved values, so the fixed
    file reads the same), each cell at fault filled red with its messages as a comment, the sheets with
    a problem coloured red on their tabs, and a sheet 「エラー一覧」 in front: シート, セル, 場所, エラー,
    each cell a link to the cell. Importing the fixed file again reads only the month sheets, so the
    summary sheet is passed over; a second error workbook of it drops the marks of the first."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.hyperlink import Hyperlink

    try:
        wb = load_workbook(source_path, data_only=True)  # keeps merged cells and styles; values as read
    except Exception as e:
        raise damaged(source_path, e) from e
    by_cell: dict[tuple[str, int, str], list[RowIssue]] = defaultdict(list)
    for issue in preview.issues:
        if not issue.sheet:
            continue
        if issue.sheet not in wb.sheetnames:
            raise ImportFileError(f"ファイル『{source_path.name}』にシート『{issue.sheet}』がありません")
        by_cell[(issue.sheet, issue.row_number, issue.column or "A")].append(issue)
    if SUMMARY_SHEET in wb.sheetnames:  # an error workbook imported again
        wb.remove(wb[SUMMARY_SHEET])
    bad = PatternFill("solid", fgColor=BAD_COLOUR)
    for ws in wb.worksheets:  # the marks of an earlier error workbook
        for row in ws.iter_rows():
            for cell in row:
                comment = cell.comment
                if comment is not None and comment.author == COMMENT_AUTHOR:
                    cell.comment = None
                    if cell.fill.fgColor.rgb in (BAD_COLOUR, "00" + BAD_COLOUR, "FF" + BAD_COLOUR):
                        cell.fill = PatternFill()
    summary = wb.create_sheet(SUMMARY_SHEET, 0)
    summary.append(["シート", "セル", "場所", "エラー"])
    for cell in summary[1]:
        cell.font, cell.fill = Font(bold=True, color="9C0006"), bad
    for letter, width in zip("ABCD", (18, 8, 28, 80), strict=True):
        summary.column_dimensions[letter].width = width
    summary.freeze_panes = "A2"
    for (sheet, row, column), issues in by_cell.items():
        ws = wb[sheet]
        ws.sheet_properties.tabColor = "FF0000"
        target = ws[f"{column}{row}"]
        for merged in ws.merged_cells.ranges:  # a merged label: its top-left cell holds the value
            if target.coordinate in CellRange(merged.coord):
                target = ws.cell(merged.min_row, merged.min_col)
                break
        messages = list(dict.fromkeys(i.message for i in issues))  # one unknown room, many bookings
        target.fill = bad
        target.comment = Comment("\n".join(messages), COMMENT_AUTHOR, width=320, height=40 + 40 * len(messages))
        for issue in issues:
            summary.append([sheet, target.coordinate, issue.column_header, issue.message])
            for value in summary[summary.max_row]:
                value.data_type = "s"  # a message is never a formula
                value.alignment = Alignment(wrap_text=True, vertical="top")
            link = summary.cell(summary.max_row, 2)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{sheet}'!{target.coordinate}")  # in the book
            link.font = Font(color="0563C1", underline="single")
    wb.active = 0
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws.title == SUMMARY_SHEET
    out_path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out_path)
    return out_path


def _check_merged_cells(path: Path, sheet_name: str) -> None:
    """Refuse a sheet whose merged ranges cover far more cells than any real sheet (A2:XFD1048576)."""
    from openpyxl import load_workbook

    from app.importing.sheet_stream import read_cells

    try:
        wb = load_workbook(path, read_only=True)
    except Exception as e:
        raise damaged(path, e) from e
    try:
        if sheet_name not in wb.sheetnames:
            return  # reported below, with the sheets there are
        count = read_cells(path, wb[sheet_name]).merged_cell_count
    finally:
        wb.close()
    if count > MAX_MERGED_CELLS:
        raise ImportFileError(
            f"ファイル『{path.name}』のシート『{sheet_name}』は結合されたセルの範囲が大きすぎるため"
            f"（{count:,}セル、最大 {MAX_MERGED_CELLS:,}セル）、エラー一覧のファイルを作れません。"
            "Excelで不要なセルの結合を解除してから、もう一度取り込んでください"
        )
