"""The error workbook: the user's own sheet with an エラー column, to fix and import again — or, for a
workbook read sheet by sheet (a month calendar), the whole workbook with the cells at fault marked,
their messages as cell comments and a sheet 「エラー一覧」 in front listing them. A CSV becomes an .xlsx of
its rows (every cell text, as the import read it), marked the same way: the user fixes that workbook in
Excel and imports it instead of the CSV."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.atomic_files import save_xlsx_atomically
from app.importing.errors import ImportFileError, check_xlsx_file, damaged
from app.importing.formats import file_kind
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
    if file_kind(source_path) == "csv":
        return _write_csv_rows(source_path, preview, out_path)
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
    for r in range(header_row + 1, ws.max_row + 1):  # the messages (and red) of an earlier error workbook
        earlier = ws.cell(r, error_col)
        earlier.value, earlier.fill = None, PatternFill()
    bad = PatternFill("solid", fgColor="FFC7CE")
    header = ws.cell(header_row, error_col, ERROR_HEADER)
    header.font = Font(bold=True, color="9C0006")
    header.fill = bad
    ws.column_dimensions[header.column_letter].width = 60

    if plain:
        _dress_plain_copy(ws, preview, error_col)

    _clear_marks(ws)
    for row_number, issues in sorted(_by_row(preview.issues).items()):
        cell = ws.cell(row_number, error_col, _row_text(issues))
        cell.data_type = "s"  # a message is never a formula
        cell.fill = bad
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        for column, messages in _by_column(issues).items():
            target = ws[f"{column}{row_number}"]
            target.fill = bad
            if type(target).__name__ != "MergedCell":  # (a merged range's other cells take no comment)
                target.comment = _comment(messages)
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
    for ws in wb.worksheets:
        _clear_marks(ws)
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
        target.comment = _comment(messages)
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


def _by_row(issues: Sequence[RowIssue]) -> dict[int, list[RowIssue]]:
    by_row: dict[int, list[RowIssue]] = defaultdict(list)
    for issue in issues:
        by_row[issue.row_number].append(issue)
    return by_row


def _row_text(issues: Sequence[RowIssue]) -> str:
    """A row's エラー cell: 「加入日: 2025/02/30 は存在しない日付です」, one line per problem."""
    return "\n".join(f"{i.column_header}: {i.message}" if i.column_header else i.message for i in issues)


def _by_column(issues: Sequence[RowIssue]) -> dict[str, list[str]]:
    """Column letter → the messages about its cell (each once), for the cells at fault."""
    found: dict[str, list[str]] = defaultdict(list)
    for issue in issues:
        if issue.column and issue.message not in found[issue.column]:
            found[issue.column].append(issue.message)
    return {column: messages for column, messages in found.items() if messages}


def _comment(messages: Sequence[str]) -> Any:
    from openpyxl.comments import Comment

    return Comment("\n".join(messages), COMMENT_AUTHOR, width=320, height=40 + 40 * len(messages))


def _clear_marks(ws: Any) -> None:
    """Take off the marks of an earlier error workbook (this writer's comments and their red fill)."""
    from openpyxl.styles import PatternFill

    for row in ws.iter_rows():
        for cell in row:
            comment = cell.comment
            if comment is not None and comment.author == COMMENT_AUTHOR:
                cell.comment = None
                if cell.fill.fgColor.rgb in (BAD_COLOUR, "00" + BAD_COLOUR, "FF" + BAD_COLOUR):
                    cell.fill = PatternFill()


# -- a CSV: its rows in a new workbook ------------------------------------------------------------------
XLSX_MAX_ROWS, XLSX_MAX_COLUMNS = 1_048_576, 16_384
_BAD_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters an .xlsx cannot hold
_BAD_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(name: str) -> str:
    """The CSV's name as a sheet's name (at most 31 characters, none of []:*?/\\)."""
    title = _BAD_IN_SHEET_NAME.sub("_", _BAD_IN_XML.sub("", name)).strip("'")[:31].strip()
    return title if title and title.lower() != "history" else "Sheet1"


def _shown_width(text: str) -> int:
    return sum(2 if ord(ch) > 0xFF else 1 for ch in text)


def _write_csv_rows(source_path: Path, preview: ImportPreview, out_path: Path) -> Path:
    """A new .xlsx holding the CSV's rows at the same row numbers, every cell text (「0191-21-2111」 and
    「021-0884」 keep their 0; a text that starts with 「=」 stays text) in columns formatted as text, the
    header rows shaded and frozen, and the marks of the sheet path: the cells at fault red with their
    messages as comments, and an エラー column beside the headers. Written as it goes (XlsxWriter's
    streaming mode): a CSV of 200,000 rows needs no workbook in memory."""
    from app.importing.columns import column_letter
    from app.importing.csv_reader import read_csv_rows

    rows, _encoding = read_csv_rows(source_path)
    header_row = preview.header_row or 1
    first_header = preview.header_first_row or header_row
    by_row = _by_row(preview.issues)
    last_row = max([len(rows), *by_row])
    width = max(map(len, rows), default=0)
    headers = rows[header_row - 1] if header_row <= len(rows) else ()
    # the エラー column of an error workbook saved as CSV and imported again is used again
    error_col = next((i for i, v in enumerate(headers) if v and v.strip() == ERROR_HEADER), width)
    if last_row > XLSX_MAX_ROWS or error_col >= XLSX_MAX_COLUMNS:
        raise ImportFileError(
            f"ファイル『{source_path.name}』は行か列が多すぎて Excel ブックに入らないため（{last_row:,}行、"
            f"{error_col:,}列）、エラー一覧のファイルを作れません。上に挙げた行を直してください"
        )
    letters = {column_letter(i): i for i in range(max(error_col, width) + 1)}
    widths = [8] * width
    for row in rows[:500]:
        for c, value in enumerate(row):
            if value is not None and c != error_col:
                widths[c] = max(widths[c], min(_shown_width(value) + 2, 50))

    def build(wb: Any) -> None:
        ws = wb.add_worksheet(_sheet_title(preview.sheet_name))
        text = wb.add_format({"num_format": "@", "valign": "top"})  # (top: beside a tall エラー cell)
        header = wb.add_format({"num_format": "@", "bold": True, "bg_color": "#DDEBF7"})
        bad = wb.add_format({"num_format": "@", "bg_color": f"#{BAD_COLOUR}", "valign": "top"})
        error_header = wb.add_format({"bold": True, "font_color": "#9C0006", "bg_color": f"#{BAD_COLOUR}"})
        error_cell = wb.add_format({"num_format": "@", "bg_color": f"#{BAD_COLOUR}", "text_wrap": True,
                                    "valign": "top"})
        for c, w in enumerate(widths):
            ws.set_column(c, c, w, text)  # a cell typed in later is text too (a phone number keeps its 0)
        ws.set_column(error_col, error_col, 60, text)
        ws.freeze_panes(header_row, 0)
        ws.set_landscape()  # printed to be checked at a desk: one page wide, the エラー column beside its row
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0, max(header_row - 1, 0))
        ws.ignore_errors({"number_stored_as_text": f"A1:{column_letter(max(error_col, width))}{last_row}"})
        for r in range(1, last_row + 1):
            row = rows[r - 1] if r <= len(rows) else ()
            issues = by_row.get(r, ())
            at_fault = {letters[k]: m for k, m in _by_column(issues).items() if k in letters}
            plain = header if first_header <= r <= header_row else None
            message = _BAD_IN_XML.sub("", _row_text(issues)) if issues and r != header_row else ""
            if message:  # tall enough for every line of its messages (constant memory: before its cells)
                ws.set_row(r - 1, 15 * sum(-(-len(line) // 30) for line in message.split("\n")))
            for c in sorted(set(range(len(row))) | set(at_fault)):
                if c == error_col and r > header_row:
                    continue  # an earlier エラー column's text: this workbook's messages go there
                value = row[c] if c < len(row) else None
                style = bad if c in at_fault else plain
                if value is not None:
                    ws.write_string(r - 1, c, _BAD_IN_XML.sub("", value), style)
                elif style is not None:
                    ws.write_blank(r - 1, c, None, style)
                if c in at_fault:
                    ws.write_comment(r - 1, c, "\n".join(at_fault[c]),
                                     {"author": COMMENT_AUTHOR, "x_scale": 2.5, "y_scale": 1 + 0.6 * len(at_fault[c])})
            if r == header_row:
                ws.write_string(r - 1, error_col, ERROR_HEADER, error_header)
            elif message:
                ws.write_string(r - 1, error_col, message, error_cell)

    return save_xlsx_atomically(out_path, build)

