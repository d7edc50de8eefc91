"""A workbook whose styles part is damaged (a cell names a style the file does not have — the
[ledger] case the long bad-input sweep found): the preview reads its values, so its error workbook
must be written too, with the same values at the same cells, instead of 「壊れている」."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

from openpyxl import Workbook, load_workbook

from app.domain.fiscal_year import FiscalYear
from app.importing import write_error_workbook
from app.services.accounts.ledger_import import preview_ledger_import

FY = FiscalYear(2025)
# a styles part that parses but lists no cell formats (so the date cell's s="1" points nowhere)
EMPTY_STYLES = b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'


def _cash_book(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "出納簿"
    ws.append(["令和7年度 現金出納簿"])
    ws.append([])
    ws.append(["日付", "費目", "摘要", "収入", "支出"])
    ws.append(["2025/4/10", "会費", "4月分会費", 30000, None])
    ws.append(["2025/4/15", "花火代", "夏祭り =注文書", None, 5000])  # a 費目 not registered: an error row
    ws.append([date(2025, 4, 20), "消耗品費", "=コピー用紙", None, 3300])  # a date cell: styled (s="1")
    ws["C6"].data_type = "s"  # text that starts with "=", as a user typed it
    ws.merge_cells("A1:E1")
    buffer = io.BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            target.writestr(item, EMPTY_STYLES if item.filename == "xl/styles.xml" else source.read(item))
    return path


def test_error_workbook_of_a_file_with_damaged_styles(db, tmp_path):
    path = _cash_book(tmp_path / "出納簿.xlsx")
    preview = preview_ledger_import(db, path, FY)
    assert preview.has_errors
    assert any("花火代" in i.message and i.row_number == 5 for i in preview.issues)

    out = write_error_workbook(path, preview, tmp_path / "出納簿_エラー一覧.xlsx")

    ws = load_workbook(out)["出納簿"]
    assert ws["A1"].value == "令和7年度 現金出納簿" and "A1:E1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[3]] == ["日付", "費目", "摘要", "収入", "支出", "エラー"]
    assert [c.value for c in ws[4]][:5] == ["2025/4/10", "会費", "4月分会費", 30000, None]
    assert ws["F4"].value is None
    assert "花火代" in ws["F5"].value and ws["B5"].fill.fgColor.rgb.endswith("FFC7CE")
    assert ws["C6"].value == "=コピー用紙" and ws["C6"].data_type == "s"  # still text, never a formula
    # the look of any error workbook, though the source's formatting could not be read:
    assert all(c.font.b for c in ws[3][:5]) and ws["A3"].fill.fgColor.rgb.endswith("DDEBF7")  # the headers
    assert ws["F3"].font.b and ws["F3"].fill.fgColor.rgb.endswith("FFC7CE")  # the エラー header
    assert ws["F5"].alignment.wrap_text and ws["F5"].fill.fgColor.rgb.endswith("FFC7CE")
    assert not ws["C5"].fill.fgColor.rgb.endswith("FFC7CE")  # only the cell at fault is marked
    assert ws["A6"].is_date and ws["A6"].value.date() == date(2025, 4, 20)  # a date, not 45767
    assert ws["A6"].number_format == "yyyy/m/d"
    assert ws["D4"].value == 30000 and not ws["D4"].is_date  # an amount stays a number
    assert ws.freeze_panes == "A4" and ws.column_dimensions["C"].width >= 14  # 「夏祭り =注文書」 fits
    # the fixed file imports again: the エラー column is not read, the rows are the same
    again = preview_ledger_import(db, out, FY)
    assert [(r.row_number, r.data.category_name, r.data.amount) for r in again.rows] == [
        (r.row_number, r.data.category_name, r.data.amount) for r in preview.rows]
