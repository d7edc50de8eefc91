"""Time the 管理費 paths that grow with the cash book.  Run: python benchmarks/bench_accounts.py

- opening a 50,000-entry cash book: the service query + running balance, and the window's tab
  (table model load, offscreen) including a scroll to the bottom;
- exporting a 10,000-entry year to xlsx (formulas for every balance and subtotal), compared with
  openpyxl's write-only mode writing the same cells as plain values; and to PDF;
- importing that workbook back (preview of 10,000 rows).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.domain.fiscal_year import FiscalYear  # noqa: E402
from app.services.accounts.categories import list_categories  # noqa: E402
from app.services.accounts.ledger import EntryInput, add_entries, ledger_rows  # noqa: E402
from app.storage.database import Database, open_database  # noqa: E402

FY = FiscalYear(2025)


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{label:<58} {time.perf_counter() - start:7.2f} s")
    return result


def fill(db: Database, year: FiscalYear, n: int) -> None:
    rng = random.Random(n)
    cats = [c for c in list_categories(db) if not c.is_carry_forward]
    inputs = []
    for i in range(n):
        c = rng.choice(cats)
        inputs.append(EntryInput(year.start + timedelta(days=rng.randint(0, 364)), c.kind, c.id,
                                 rng.randint(1, 500_000), f"摘要 {i}", f"相手先{i % 300}"))
    add_entries(db, year, inputs)


def bench_open(tmp: Path) -> None:
    db = open_database(tmp / "big.sqlite")
    timed("write 50,000 entries (one transaction)", lambda: fill(db, FY, 50_000))
    timed("service: ledger_rows (50,000, with running balance)", lambda: ledger_rows(db, FY))
    from PySide6.QtWidgets import QApplication

    from app.ui.accounts_ledger import LedgerTab
    from app.ui.context import AppContext

    app = QApplication.instance() or QApplication([])
    tab = LedgerTab(AppContext(db, FY))
    tab.resize(1200, 700)
    tab.show()

    def open_tab() -> None:
        tab.reload()
        app.processEvents()

    timed("window: cash book tab reload + paint (50,000)", open_tab)

    def scroll() -> None:
        bar = tab.view.verticalScrollBar()
        for v in range(0, bar.maximum(), max(1, bar.maximum() // 200)):
            bar.setValue(v)
            tab.view.viewport().repaint()

    timed("window: scroll through in 200 steps, repainting each", scroll)
    db.close()


def bench_export(tmp: Path) -> None:
    from openpyxl import Workbook

    from app.services.reports import build_report, export_report

    db = open_database(tmp / "year.sqlite")
    fill(db, FY, 10_000)
    report = timed("build ledger report (10,000 entries)", lambda: build_report(db, "ledger", FY))
    out = timed("export ledger xlsx (formulas, styles)", lambda: export_report(db, "ledger", FY, "xlsx", tmp / "l.xlsx"))
    table = report.tables[0]

    def write_only() -> None:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("現金出納簿")
        ws.append([c.header for c in table.columns])
        for row in table.rows:
            ws.append([row.values.get(c.key) for c in table.columns])
        wb.save(tmp / "plain.xlsx")

    timed("openpyxl write-only, same cells as values", write_only)
    timed("export ledger pdf", lambda: export_report(db, "ledger", FY, "pdf", tmp / "l.pdf"))
    timed("export settlement xlsx + pdf",
          lambda: (export_report(db, "settlement", FY, "xlsx", tmp / "s.xlsx"),
                   export_report(db, "settlement", FY, "pdf", tmp / "s.pdf")))
    from app.services.accounts.ledger_import import preview_ledger_import

    preview = timed("import preview of the exported 10,000 rows", lambda: preview_ledger_import(db, out, FY))
    print(f"    → {preview.summary_lines()[0]}")
    db.close()


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as d:
        bench_open(Path(d))
        bench_export(Path(d))
