"""Time the report writers and the sheet reader.  Run: python benchmarks/bench_reports.py"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.importing import FieldSpec, read_sheet  # noqa: E402
from app.reports import Column, Report, SumOf, Table, write_pdf, write_xlsx  # noqa: E402

ROWS = 10_000


def yen_table() -> Table:
    t = Table("現金出納簿", [Column("date", "日付", "date", 12), Column("item", "摘要", "text", 30),
                          Column("in", "収入", "yen", 14), Column("out", "支出", "yen", 14)])
    for i in range(ROWS):
        t.add(date=dt.date(2025, 4, 1) + dt.timedelta(days=i % 365), item=f"消耗品 {i}",
              **{"in": i * 7, "out": i * 3}, id=f"r{i}")
    t.add(item="合計", style="total", formulas={k: SumOf(k, "r0", f"r{ROWS - 1}") for k in ("in", "out")})
    return t


def timed(label: str, fn) -> float:
    start = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - start
    print(f"{label:<52} {elapsed:6.2f} s")
    return elapsed


def plain_write_only(table: Table, path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(table.name)
    ws.append([c.header for c in table.columns])
    for row in table.rows:
        ws.append([row.values.get(c.key) for c in table.columns])
    wb.save(path)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        table = yen_table()
        report = Report("令和7年度 現金出納簿", [table], ["○○地域協働体"])
        timed(f"write_xlsx, {ROWS:,} rows (styles, formulas, print setup)", lambda: write_xlsx(report, d / "a.xlsx"))
        timed(f"plain openpyxl write_only, same {ROWS:,} rows", lambda: plain_write_only(table, d / "b.xlsx"))
        timed(f"write_pdf, {ROWS:,} rows", lambda: write_pdf(report, d / "a.pdf"))

        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("名簿")
        ws.append(["令和7年度 構成団体名簿"])
        ws.append(["団体名", "フリガナ", "加入日", "世帯数"] + [f"列{i}" for i in range(8)])
        for i in range(5000):
            ws.append([f"第{i}自治会", f"だい{i}", dt.date(2020, 1, 1), i] + [f"x{i}"] * 8)
        wb.save(d / "read.xlsx")
        fields = [FieldSpec("name", "団体名", ("名称",), True), FieldSpec("kana", "フリガナ"),
                  FieldSpec("joined", "加入日"), FieldSpec("hh", "世帯数")]
        timed("read_sheet, 5,000 rows x 12 columns", lambda: read_sheet(d / "read.xlsx", fields))


if __name__ == "__main__":
    main()
