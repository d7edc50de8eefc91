"""The canonical content checksum: the same whether computed from the workbook being written,
from the saved file, or from the saved file read in read-only mode; any visible change alters it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from app.domain.submission_format import canonical_cell, content_checksum, workbook_checksum
from app.reports import Column, Report, SumOf, Table
from app.reports.xlsx_writer import write_xlsx_book


def _book(path: Path, amount: int = 90) -> str:
    table = Table(
        "収支決算書",
        [
            Column("item", "費目", "text", 20),
            Column("actual", "決算額", "yen"),
            Column("on", "日付", "date"),
            Column("rate", "率", "percent"),
        ],
    )
    table.section("収入の部")
    table.add(item="会費\r\n（年額）\t=1+2", actual=amount, on=dt.date(2025, 4, 1), rate=0.125, id="a")
    table.add(item=" 雑収入 ", actual=7, id="b")
    table.add(item="収入合計", style="total", formulas={"actual": SumOf("actual", "a", "b")})
    report = Report("令和7年度 収支決算書", [table], ["試験地域協働体"])
    sealed: dict[str, str] = {}

    def seal(wb) -> dict[str, str]:
        sealed["sum"] = workbook_checksum(wb)
        return {"content_sha256": sealed["sum"]}

    write_xlsx_book(
        [("収支決算書", report, table)], path, title="提出", metadata={"format_version": "1"}, seal=seal
    )
    return sealed["sum"]


def test_checksum_is_the_same_in_memory_on_disk_and_read_only(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    sealed = _book(path)
    assert workbook_checksum(load_workbook(path)) == sealed
    read_only = load_workbook(path, read_only=True)
    assert workbook_checksum(read_only) == sealed
    assert load_workbook(path)["_meta"].sheet_state == "hidden"
    meta = dict(load_workbook(path)["_meta"].iter_rows(values_only=True))
    assert meta["content_sha256"] == sealed


def test_checksum_changes_with_one_amount_and_ignores_hidden_sheets(tmp_path: Path) -> None:
    assert _book(tmp_path / "a.xlsx", 90) != _book(tmp_path / "b.xlsx", 91)
    wb = load_workbook(tmp_path / "a.xlsx")
    before = workbook_checksum(wb)
    wb["_meta"]["B1"] = "999"  # hidden sheets are not content
    assert workbook_checksum(wb) == before
    wb["収支決算書"]["A1"] = "令和7年度 収支決算書（改）"
    assert workbook_checksum(wb) != before


def test_canonical_text_of_cells() -> None:
    assert canonical_cell(3.0) == "3" and canonical_cell(11 / 9) == canonical_cell(1.222222222222222)
    assert canonical_cell(dt.datetime(2025, 4, 1)) == canonical_cell(dt.date(2025, 4, 1)) == "2025-04-01"
    assert canonical_cell("a\r\nb\tc\\") == "a\\nb\\tc\\\\"
    assert canonical_cell(None) == ""
    # a cell's text containing a tab is not the same as two cells
    assert content_checksum([("s", [["a\tb"]])]) != content_checksum([("s", [["a", "b"]])])
    # trailing empty cells and empty rows do not count
    assert content_checksum([("s", [["a", None], [None, None]])]) == content_checksum([("s", [["a"]])])
