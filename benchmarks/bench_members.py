"""Time the 名簿 import preview and the list view with 5,000 rows.  Run: python benchmarks/bench_members.py"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.importing import RowStatus  # noqa: E402
from app.services.members.importer import commit_member_import, preview_member_import  # noqa: E402
from app.storage.database import open_database  # noqa: E402

ROWS = 5_000
HEADERS = ["区分", "名称", "ふりがな", "代表者", "電話", "郵便番号", "住所", "世帯数", "会員数", "加入日", "退会日", "備考"]


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{label:<56} {time.perf_counter() - start:6.2f} s")
    return result


def write_roster(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["令和7年度 構成団体名簿"])
    ws.append([])
    ws.append(HEADERS)
    for i in range(ROWS):
        ws.append(["自治会" if i % 2 else "その他団体", f"第{i}番の会", f"ﾀﾞｲ{i}ﾊﾞﾝﾉｶｲ", f"代表 {i}",
                   f"0191-2{i % 10}-{i % 10000:04d}", f"029-{i % 10000:04d}", f"一関市見本町{i}番地",
                   (i % 300) if i % 2 else None, i % 50, "令和7年4月1日", None, ""])  # fmt: skip
    wb.save(path)


def list_view(db) -> None:
    from PySide6.QtWidgets import QApplication

    from app.services.fiscal_years import ensure_current_year
    from app.ui.context import AppContext
    from app.ui.members_page import MembersPage

    app = QApplication.instance() or QApplication([])
    ctx = AppContext(db, ensure_current_year(db))
    page = timed(f"名簿 page built and {ROWS:,} organisations loaded", lambda: MembersPage(ctx))
    page.resize(1200, 800)
    page.show()
    app.processEvents()
    table = page.organisations.table
    bar = table.verticalScrollBar()
    steps = 200
    start = time.perf_counter()
    for n in range(steps):
        bar.setValue(bar.maximum() * n // steps)
        table.viewport().repaint()  # paint synchronously, as a scroll does
    per_frame = (time.perf_counter() - start) / steps * 1000
    print(f"{'scrolling: one repaint of the visible rows':<56} {per_frame:6.2f} ms per frame")
    search = page.organisations.search
    timed("search 「ﾀﾞｲ12」 typed (filter over 5,000 rows)", lambda: search.setText("ﾀﾞｲ12"))
    print(f"  → {page.organisations.count.text()}")
    timed("reload after a change (data_changed)", page.reload)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        roster = folder / "roster.xlsx"
        timed(f"write a {ROWS:,}-row sheet (openpyxl, setup)", lambda: write_roster(roster))
        db = open_database(folder / "bench.sqlite")
        preview = timed(f"import preview of {ROWS:,} rows (empty database)", lambda: preview_member_import(db, roster))
        assert preview.counts[RowStatus.NEW] == ROWS, preview.summary_lines()[:5]
        timed(f"commit {ROWS:,} new rows (one transaction)", lambda: commit_member_import(db, preview))
        again = timed(f"import preview of {ROWS:,} rows (all 変更なし)", lambda: preview_member_import(db, roster))
        assert again.counts[RowStatus.UNCHANGED] == ROWS
        list_view(db)
        db.close()


if __name__ == "__main__":
    main()
