"""Issue 18's big book: 100,000 entries in one year, opened in the 現金出納簿 tab.
Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_big_book.py [entries]

Prints, best of 3 where repeated:
- the running-balance query alone (SQL window function: order and balance of every line);
- opening the tab on the book until the table has painted its last screen (target ≤ 0.5 s);
- a search typed into the 絞り込み field, until the table shows the matches (target ≤ 100 ms);
- the process's peak memory after all of that (target < 300 MB).
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.domain.fiscal_year import FiscalYear  # noqa: E402
from app.services.accounts.books import AccountInput, add_account  # noqa: E402
from app.services.accounts.categories import list_categories  # noqa: E402
from app.services.accounts.ledger import EntryInput, add_entries  # noqa: E402
from app.services.accounts.ledger_window import BookScope, book_index  # noqa: E402
from app.services.fiscal_years import ensure_current_year  # noqa: E402
from app.storage.database import open_database  # noqa: E402

FY = FiscalYear(2025)


def timed(label: str, fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<58} {best * 1000:8.1f} ms (best of {repeat})")
    return best


def fill(path: Path, count: int) -> None:
    db = open_database(path)
    ensure_current_year(db, FY.start)
    add_account(db, AccountInput("普通預金_ゆうちょ", "bank"))
    cats = [c for c in list_categories(db) if not c.is_carry_forward and not c.heading]
    rng = random.Random(18)
    words = ("電気料", "水道料", "会費", "使用料", "消耗品", "謝礼", "燃料費", "印刷代")
    inputs = [EntryInput(FY.start + timedelta(days=rng.randint(0, 364)), c.kind, c.id, rng.randint(100, 90_000),
                         f"{rng.choice(words)} {i}", counterparty=f"相手先{rng.randint(1, 400)}")
              for i, c in ((i, rng.choice(cats)) for i in range(count))]
    for start in range(0, count, 20_000):
        add_entries(db, FY, inputs[start:start + 20_000])
    db.close()


def search_time(tab, app, text: str, repeat: int = 3) -> None:
    """Typing the search until the table shows the matches; the search is cleared between runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        tab.search.setText(text)
        tab.view.viewport().repaint()
        app.processEvents()
        best = min(best, time.perf_counter() - start)
        found = tab.model.rowCount()
        tab.search.setText("")
        app.processEvents()
    print(f"{'search 「' + text + '」 (≤ 100 ms), ' + f'{found:,} lines':<58} {best * 1000:8.1f} ms (best of {repeat})")


def main() -> None:
    if sys.argv[1:2] == ["--fill"]:  # in a process of its own: writing the book is not what is measured
        fill(Path(sys.argv[2]), int(sys.argv[3]))
        return
    if sys.argv[1:2] == ["--db"]:  # a book filled before (--fill PATH COUNT): saves minutes per run
        run(Path(sys.argv[2]))
        return
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "big.sqlite"
        start = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--fill", str(path), str(count)], check=True)
        print(f"{count:,} entries written in {time.perf_counter() - start:.1f} s")
        run(path)


def run(path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from app.ui.accounts_ledger import LedgerTab
    from app.ui.context import AppContext

    app = QApplication([])
    db = open_database(path)
    count = len(book_index(db, BookScope(FY)))
    timed("running balance query (window function)", lambda: book_index(db, BookScope(FY)))
    ctx = AppContext(db, FY)
    tab = LedgerTab(ctx)
    tab.resize(1280, 700)
    tab.show()

    def open_book() -> None:
        tab.reload()
        tab.view.viewport().repaint()  # the last screen painted: its entries read
        app.processEvents()

    timed(f"open the 出納簿 tab on {count:,} entries (≤ 500 ms)", open_book)
    search_time(tab, app, "電気料 12")
    search_time(tab, app, "相手先37")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak memory of the window process (< 300 MB)':<58} {peak:8.0f} MB")
    db.close()


if __name__ == "__main__":
    main()
