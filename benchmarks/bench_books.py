"""Time the 会計・口座 paths at 50,000 entries over 3 口座 (issue 13's figures).
Run: python benchmarks/bench_books.py

- opening the book: the whole 会計 (every 口座, running total balance) as the window reads it (order and
  balances from one SQL query, then one screen of lines), as exports read it (every line), and one 口座's book;
- the settlement with 款・項 subtotals (statement_lines: budget, 流用, refunds netted, tree);
- the balance of each 口座 (財産目録, closing).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.domain.fiscal_year import FiscalYear  # noqa: E402
from app.services.accounts.analysis import statement_lines  # noqa: E402
from app.services.accounts.books import AccountInput, add_account, list_accounts  # noqa: E402
from app.services.accounts.categories import add_category, list_categories  # noqa: E402
from app.services.accounts.common import EXPENSE, REFUND  # noqa: E402
from app.services.accounts.ledger import EntryInput, account_balances_in, add_entries, ledger_rows  # noqa: E402
from app.services.accounts.ledger_window import BookScope, book_index, entries_by_id  # noqa: E402
from app.services.accounts.transfers import TransferInput, add_transfer  # noqa: E402
from app.services.reports import build_report  # noqa: E402
from app.storage.database import open_database  # noqa: E402

FY = FiscalYear(2025)
BLOCK = 200  # the rows the 出納簿 table reads at a time (app/ui/ledger_model.py)


def timed(label: str, fn, repeat: int = 3):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<62} {best:7.3f} s (best of {repeat})")
    return result


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        db = open_database(Path(d) / "books.sqlite")
        add_account(db, AccountInput("普通預金_ゆうちょ", "bank"))
        add_account(db, AccountInput("普通預金_A銀行", "bank"))
        kan = add_category(db, EXPENSE, "事業費", heading=True).value
        for k in range(3):
            kou = add_category(db, EXPENSE, f"事業{k}", heading=True, parent_id=kan.id).value
            for m in range(4):
                add_category(db, EXPENSE, f"事業{k}の目{m}", parent_id=kou.id)
        accounts = [a.id for a in list_accounts(db)]
        cats = [c for c in list_categories(db) if not c.is_carry_forward]
        rng = random.Random(13)
        inputs = []
        for i in range(49_900):
            c = rng.choice(cats)
            refund = c.kind == EXPENSE and rng.random() < 0.02
            inputs.append(EntryInput(FY.start + timedelta(days=rng.randint(0, 364)),
                                     ("income" if refund else c.kind), c.id, rng.randint(1, 50_000),
                                     f"摘要 {i}", kind=REFUND if refund else "", account_id=rng.choice(accounts)))
        start = time.perf_counter()
        add_entries(db, FY, inputs)
        for i in range(50):  # 100 more entries: 50 transfers, two halves each
            add_transfer(db, FY, TransferInput(FY.start + timedelta(days=i * 7), accounts[0], accounts[1 + i % 2],
                                               10_000))
        print(f"{'write 50,000 entries over 3 口座 (incl. 50 transfers)':<62} {time.perf_counter() - start:7.3f} s")
        timed("every line as objects: whole 会計 with balance (exports)", lambda: ledger_rows(db, FY))

        def open_in_window() -> None:  # what the 出納簿 tab reads: order and balances, then one screen
            scope = BookScope(FY)
            index = book_index(db, scope)
            entries_by_id(db, scope, index.ids[-BLOCK:])

        timed("open the book in the window: whole 会計 (50,000) (≤ 0.6 s)", open_in_window)
        timed("open one 口座's book (≈16,700)", lambda: ledger_rows(db, FY, account_id=accounts[1]))
        lines = timed("settlement with 款・項 subtotals (statement_lines)", lambda: statement_lines(db, FY))
        print(f"    → {len(lines)} lines, {sum(1 for x in lines if x.heading)} subtotals")
        timed("収支決算書 as exported (data + 繰越金の内訳 + 監査報告, shaped)",
              lambda: build_report(db, "settlement", FY))
        timed("財産目録 (each 口座 at the year end)", lambda: build_report(db, "assets", FY))

        def balances():
            with db.session() as session:
                return account_balances_in(session, FY, accounts)

        timed("balance of each 口座", balances)
        db.close()


if __name__ == "__main__":
    main()
